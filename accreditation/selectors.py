"""Reads of accreditation, each in a fixed number of queries; `get_*_for_user` decide scope."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from coopportal.users.roles import Role, has_role

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
)
from .models.certificates import CODE_ALPHABET, CODE_LENGTH


def is_admin(user) -> bool:
    return has_role(user, Role.ASSOCIATION_ADMIN)


# --- Public verification and registry ---------------------------------------------


def normalise_lookup(text: str) -> str:
    return "".join((text or "").split()).upper()


def looks_like_code(text: str) -> bool:
    return len(text) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in text)


def certificate_by_code(code: str) -> Certificate | None:
    """The certificate with this verification code (1 query), or None for a malformed or unknown code."""
    code = normalise_lookup(code)
    if not looks_like_code(code):
        return None
    return (
        Certificate.objects.select_related("region", "specialty", "credential")
        .defer("credential__jws")
        .filter(verification_code=code)
        .first()
    )


def certificate_by_number(number: str) -> Certificate | None:
    number = normalise_lookup(number)
    if not number or len(number) > 20:
        return None
    return Certificate.objects.filter(number=number).only("verification_code").first()


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


def get_document_for_user(user, pk: int) -> Document:
    """The owner's (or, for an admin, any) document; 404 for everyone else."""
    document = Document.objects.select_related("subject_type").filter(pk=pk).first()
    if document is None or not (document.owner_id == user.pk or is_admin(user)):
        raise Http404
    return document


def certificates_of(user) -> list[Certificate]:
    return list(
        Certificate.objects.filter(holder=user)
        .select_related("specialty", "credential")
        .defer("credential__jws")
        .order_by("-issued_on", "-id")
    )


def get_certificate_with_credential_for_user(user, pk: int) -> Certificate:
    """The holder's (or, for an admin, any) certificate with its credential (1 query); 404 otherwise."""
    certificate = Certificate.objects.select_related("credential").filter(pk=pk).first()
    if (
        certificate is None
        or not (certificate.holder_id == user.pk or is_admin(user))
        or getattr(certificate, "credential", None) is None
    ):
        raise Http404
    return certificate


def get_certificate_for_holder(user, pk: int) -> Certificate:
    certificate = Certificate.objects.filter(pk=pk, holder=user).first()
    if certificate is None:
        raise Http404
    return certificate


# --- Exam sessions -------------------------------------------------------------------


def sessions_for_user(user) -> QuerySet[ExamSession]:
    sessions = ExamSession.objects.select_related("cohort__course").annotate(candidate_count=Count("candidates"))
    if is_admin(user):
        return sessions
    return sessions.filter(members__user=user)


def get_session_for_user(user, pk: int) -> ExamSession:
    """A session the user sits on (or any, for an admin); 404 otherwise."""
    session = sessions_for_user(user).filter(pk=pk).first()
    if session is None:
        raise Http404
    return session


def session_members(session: ExamSession) -> list[CommitteeMember]:
    return list(session.members.select_related("user"))


def session_candidates(session: ExamSession) -> list[ExamCandidate]:
    """Candidates with their protocol, its signatures and certificate (3 queries)."""
    return list(
        session.candidates.select_related("enrolment__student", "protocol", "protocol__certificate").prefetch_related(
            Prefetch("protocol__signatures", queryset=ProtocolSignature.objects.select_related("member"))
        )
    )


def get_candidate_for_user(user, pk: int) -> ExamCandidate:
    candidate = (
        ExamCandidate.objects.select_related(
            "session__cohort__course", "enrolment__student", "enrolment__cohort", "protocol"
        )
        .filter(pk=pk)
        .first()
    )
    if candidate is None or not (
        is_admin(user) or CommitteeMember.objects.filter(session_id=candidate.session_id, user=user).exists()
    ):
        raise Http404
    return candidate


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


def open_attempts_for_examiner() -> list[SpecialtyAttempt]:
    return list(
        SpecialtyAttempt.objects.filter(state=SpecialtyAttempt.State.IN_PROGRESS)
        .select_related("candidate", "specialty")
        .annotate(scored=Count("tasks", filter=~Q(tasks__result="")))
        .order_by("created_at")
    )


def is_examiner(user) -> bool:
    return has_role(user, Role.EXAM_COMMITTEE) or is_admin(user)


def get_attempt_for_user(user, pk: int, *, write: bool = False) -> SpecialtyAttempt:
    """The candidate reads their attempt; examiners read and score; everyone else gets 404/403."""
    attempt = SpecialtyAttempt.objects.select_related("candidate", "specialty", "completion_certificate").filter(pk=pk)
    attempt = attempt.first()
    if attempt is None:
        raise Http404
    if write:
        if not is_examiner(user) or attempt.candidate_id == user.pk:
            raise PermissionDenied
    elif not (attempt.candidate_id == user.pk or is_examiner(user)):
        raise Http404
    return attempt


def attempt_tasks(attempt: SpecialtyAttempt) -> list[AttemptTask]:
    return list(attempt.tasks.select_related("task", "scored_by"))
