"""Reads of accreditation, each in a fixed number of queries; scope is decided in access.py."""

import unicodedata
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from courses import selectors as course_selectors

from .access import attempts_examined_by, is_admin
from .models import (
    AttemptTask,
    Certificate,
    CommitteeMember,
    Document,
    ExamCandidate,
    ExamProtocol,
    ExamSession,
    ProtocolSignature,
    Specialty,
    SpecialtyAttempt,
    StatusList,
    TaskScore,
)
from .models.certificates import CODE_ALPHABET, CODE_LENGTH

# --- Public verification and registry ---------------------------------------------


def normalise_lookup(text: str) -> str:
    return "".join((text or "").split()).upper()


def looks_like_code(text: str) -> bool:
    return len(text) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in text)


def certificate_by_code(code: str) -> Certificate | None:
    """The certificate with this verification code (1 query), or None for a malformed or unknown code.
    A certificate of completion carries its exam protocol and `in_registry`: a specialty certificate
    built on it is listed in the public registry."""
    code = normalise_lookup(code)
    if not looks_like_code(code):
        return None
    listed = Certificate.objects.filter(
        specialty_attempt__completion_certificate=OuterRef("pk"), listed_in_registry=True
    )
    return (
        Certificate.objects.select_related("region", "specialty", "credential", "exam_protocol")
        .defer("credential__jws", "exam_protocol__snapshot")
        .annotate(in_registry=Exists(listed))
        .filter(verification_code=code)
        .first()
    )


def _name_key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text or "").casefold().split())


def surname_matches(holder_name: str, surname: str) -> bool:
    """Case- and space-insensitive: the surname is one or more consecutive words of the holder's name,
    whatever their order (Surname Name or Name Surname)."""
    typed = _name_key(surname)
    words = (holder_name or "").split()
    return bool(typed) and any(
        typed == _name_key("".join(words[start:end]))
        for start in range(len(words))
        for end in range(start + 1, len(words) + 1)
    )


def certificate_by_number_and_surname(number: str, surname: str) -> Certificate | None:
    """The certificate with this number whose holder has this surname (1 query); a wrong surname finds
    nothing, exactly like an unknown number, so numbers cannot be walked to list holders."""
    number = normalise_lookup(number)
    if not number or len(number) > 20:
        return None
    certificate = Certificate.objects.filter(number=number).only("verification_code", "holder_name").first()
    if certificate is None or not surname_matches(certificate.holder_name, surname):
        return None
    return certificate


def certificate_with_credential_by_code(code: str) -> Certificate | None:
    """The certificate and its credential, if any, for the verification page's offer (1 query)."""
    code = normalise_lookup(code)
    if not looks_like_code(code):
        return None
    return (
        Certificate.objects.select_related("credential")
        .only("number", "revoked_at", "credential__kid", "credential__jws", "credential__certificate_id")
        .filter(verification_code=code)
        .first()
    )


def status_list_by_number(number: int) -> StatusList | None:
    return StatusList.objects.only("jws").filter(number=number).first()


def registry(*, name: str = "", region_code: str = "", specialty_code: str = "") -> QuerySet[Certificate]:
    """Specialty certificates whose holders consented to be listed, filtered as asked."""
    rows = Certificate.objects.filter(kind=Certificate.Kind.SPECIALTY, listed_in_registry=True).select_related(
        "region", "specialty"
    )
    if name.strip():
        rows = rows.filter(holder_name__icontains=name.strip())
    if region_code:
        rows = rows.filter(region__code=region_code)
    if specialty_code:
        rows = rows.filter(specialty__code=specialty_code)
    return rows.order_by("holder_name", "number")


def specialties() -> list[Specialty]:
    return list(Specialty.objects.all())


# --- Documents ---------------------------------------------------------------------


def documents_for_owner(user) -> list[Document]:
    return list(Document.objects.filter(owner=user).order_by("-created_at", "-id"))


def certificates_of(user) -> list[Certificate]:
    return list(
        Certificate.objects.filter(holder=user)
        .select_related("specialty", "credential")
        .defer("credential__jws")
        .order_by("-issued_on", "-id")
    )


# --- Exam sessions -------------------------------------------------------------------


def session_members(session: ExamSession) -> list[CommitteeMember]:
    return list(session.members.select_related("user"))


def session_candidates(session: ExamSession) -> list[ExamCandidate]:
    """Candidates with their protocol, its signatures and certificate (3 queries)."""
    return list(
        session.candidates.select_related("enrolment__student", "protocol", "protocol__certificate").prefetch_related(
            Prefetch("protocol__signatures", queryset=ProtocolSignature.objects.select_related("member"))
        )
    )


def new_session_candidates(*, cohort) -> QuerySet:
    """Students of the cohort at the exam level who may sit a new session: no final decision yet and not
    waiting in another session; a re-exam counts as no final decision (1 query when evaluated)."""
    taken = ExamCandidate.objects.filter(enrolment_id=OuterRef("pk")).filter(
        Q(protocol__isnull=True)
        | Q(protocol__finalised_at__isnull=True)
        | ~Q(protocol__outcome=ExamProtocol.Outcome.RE_EXAM)
    )
    return course_selectors.exam_candidates(cohort=cohort).exclude(Exists(taken))


def protocol_document(protocol: ExamProtocol) -> Document | None:
    """The protocol's latest PDF (1 query)."""
    return (
        Document.objects.filter(
            kind=Document.Kind.EXAM_PROTOCOL,
            subject_type=ContentType.objects.get_for_model(ExamProtocol),
            subject_id=protocol.pk,
        )
        .order_by("-version", "-id")
        .first()
    )


def get_protocol_for_member(user, pk: int) -> ExamProtocol:
    protocol = ExamProtocol.objects.select_related("candidate__session").filter(pk=pk).first()
    if protocol is None or not (
        is_admin(user) or CommitteeMember.objects.filter(session_id=protocol.candidate.session_id, user=user).exists()
    ):
        raise Http404
    return protocol


def is_member(user, session_id: int) -> bool:
    return CommitteeMember.objects.filter(session_id=session_id, user=user).exists()


def is_chair(user, session: ExamSession) -> bool:
    return CommitteeMember.objects.filter(session=session, user=user, is_chair=True).exists()


def protocols_of_student(user) -> list[ExamProtocol]:
    """The student's final protocols (drafts stay with the committee)."""
    return list(
        ExamProtocol.objects.filter(candidate__enrolment__student=user, finalised_at__isnull=False)
        .select_related("candidate__session__cohort")
        .order_by("-finalised_at")
    )


@dataclass(frozen=True)
class IssuanceProgress:
    accredited: int
    issued: int
    ready: int
    failed: int

    @property
    def done(self) -> bool:
        return self.issued == self.accredited and self.ready + self.failed == self.issued

    @property
    def percent(self) -> int:
        return round(100 * self.ready / self.accredited) if self.accredited else 100


def issuance_progress(session: ExamSession) -> IssuanceProgress:
    """Certificates of the session's accredited final protocols and their PDFs (2 queries)."""
    accredited = ExamProtocol.objects.filter(
        candidate__session=session, outcome=ExamProtocol.Outcome.ACCREDITED, finalised_at__isnull=False
    ).aggregate(total=Count("id"), issued=Count("certificate"))
    certificate_ids = Certificate.objects.filter(exam_protocol__candidate__session=session).values("pk")
    states = Document.objects.filter(
        kind=Document.Kind.COMPLETION_CERTIFICATE, subject_id__in=certificate_ids
    ).aggregate(
        ready=Count("id", filter=Q(state=Document.State.READY)),
        failed=Count("id", filter=Q(state=Document.State.FAILED)),
    )
    return IssuanceProgress(accredited["total"], accredited["issued"], states["ready"], states["failed"])


# --- Specialty exam -----------------------------------------------------------------


def attempts_of(user) -> list[SpecialtyAttempt]:
    return list(SpecialtyAttempt.objects.filter(candidate=user).select_related("specialty").order_by("-created_at"))


def open_attempts_for_examiner(user) -> list[SpecialtyAttempt]:
    """The open attempts `user` examines (an admin: every open attempt), with how many tasks are answered
    and how many they have scored (1 query)."""
    attempts = SpecialtyAttempt.objects.all() if is_admin(user) else attempts_examined_by(user)
    return list(
        attempts.filter(state=SpecialtyAttempt.State.IN_PROGRESS)
        .exclude(candidate=user)
        .select_related("candidate", "specialty")
        .annotate(
            answered=Count("tasks", filter=Q(tasks__answered_at__isnull=False), distinct=True),
            mine=Count("tasks__scores", filter=Q(tasks__scores__examiner=user), distinct=True),
        )
        .order_by("created_at", "pk")
    )


def attempt_tasks(attempt: SpecialtyAttempt) -> list[AttemptTask]:
    """The attempt's tasks with their scores and examiners (2 queries)."""
    return list(
        attempt.tasks.select_related("task").prefetch_related(
            Prefetch("scores", queryset=TaskScore.objects.select_related("examiner"))
        )
    )
