"""Scope for accreditation: who may see or act on which document, certificate, session, candidate
and specialty attempt. Every view and download goes through one of these; they answer 404 (or 403 for
a write by someone who may read) to everyone else."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import Http404

from coopportal.users.roles import Role, has_role

from .models import Certificate, CommitteeMember, Document, ExamCandidate, ExamSession, SpecialtyAttempt


def is_admin(user) -> bool:
    return has_role(user, Role.ASSOCIATION_ADMIN)


def sessions_for_user(user) -> QuerySet[ExamSession]:
    sessions = ExamSession.objects.select_related("cohort__course").annotate(candidate_count=Count("candidates"))
    if is_admin(user):
        return sessions
    return sessions.filter(members__user=user)


def get_document_for_user(user, pk: int) -> Document:
    """The owner's (or, for an admin, any) document; 404 for everyone else."""
    document = Document.objects.select_related("subject_type").filter(pk=pk).first()
    if document is None or not (document.owner_id == user.pk or is_admin(user)):
        raise Http404
    return document


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


def get_session_for_user(user, pk: int) -> ExamSession:
    """A session the user sits on (or any, for an admin); 404 otherwise."""
    session = sessions_for_user(user).filter(pk=pk).first()
    if session is None:
        raise Http404
    return session


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


def attempts_examined_by(user) -> QuerySet[SpecialtyAttempt]:
    """The specialty attempts `user` examines: those resting on a certificate of completion issued from a
    protocol of an exam session whose committee they sit on."""
    if not has_role(user, Role.EXAM_COMMITTEE):
        return SpecialtyAttempt.objects.none()
    return SpecialtyAttempt.objects.filter(
        completion_certificate__exam_protocol__candidate__session__members__user=user
    )


def examines(user, attempt: SpecialtyAttempt) -> bool:
    """A committee member of the session whose protocol gave the attempt's certificate of completion; never
    the candidate."""
    return attempt.candidate_id != user.pk and attempts_examined_by(user).filter(pk=attempt.pk).exists()


def get_attempt_for_user(user, pk: int, *, write: bool = False) -> SpecialtyAttempt:
    """Read: the candidate, the examiners of the attempt (see `examines`) and admins. Write (scoring): the
    examiners only. Everyone else gets 404, a reader who may not score 403."""
    attempt = SpecialtyAttempt.objects.select_related("candidate", "specialty", "completion_certificate").filter(pk=pk)
    attempt = attempt.first()
    if attempt is None:
        raise Http404
    examiner = examines(user, attempt)
    if not (attempt.candidate_id == user.pk or examiner or is_admin(user)):
        raise Http404
    if write and not examiner:
        raise PermissionDenied
    attempt.viewer_examines = examiner
    return attempt
