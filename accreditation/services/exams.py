"""Exam sessions, decisions, protocol signatures and finalisation."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coopportal.audit.services import record_action
from coopportal.translated import in_language, texts_by_language, texts_in_every_language
from coopportal.users.languages import in_language_of, language_or_default
from coopportal.users.roles import Role, has_role
from courses import selectors as course_selectors
from courses.models import KpiKind, LevelCode
from courses.services.progress import record_committee_outcome

from ..exceptions import CertificateRefused, DecisionInvalid, ProtocolFinal, SessionInvalid, SignatureRefused
from ..models import (
    Certificate,
    CommitteeMember,
    Document,
    ExamCandidate,
    ExamProtocol,
    ExamSession,
    ProtocolSignature,
)
from ..models.exams import default_max_attempts
from .certificates import issue_completion_certificate
from .documents import create_document
from .numbering import next_number

MIN_COMMITTEE = 3
# A session is recorded at most a year after it took place and planned at most two years ahead;
# other dates are typing errors (a year-1 date breaks every page that shows it).
SESSION_DAYS_BEFORE = 366
SESSION_DAYS_AHEAD = 2 * 366


def _clean_lines(text_or_lines) -> list[str]:
    if isinstance(text_or_lines, str):
        text_or_lines = text_or_lines.splitlines()
    return [line.strip() for line in text_or_lines or () if line and line.strip()]


def next_attempt(*, enrolment) -> int:
    """The attempt number of the enrolment's next exam; refuses when no attempt is possible."""
    previous = list(
        ExamCandidate.objects.filter(enrolment=enrolment).select_related("protocol").order_by("session__starts_at")
    )
    for candidacy in previous:
        protocol = getattr(candidacy, "protocol", None)
        if protocol is None or not protocol.is_final:
            raise SessionInvalid(
                _("%(student)s is already a candidate in a session without a final protocol.")
                % {"student": enrolment.student}
            )
        if protocol.outcome != ExamProtocol.Outcome.RE_EXAM:
            raise SessionInvalid(
                _("%(student)s already has a final decision: %(decision)s.")
                % {"student": enrolment.student, "decision": protocol.get_outcome_display()}
            )
    return len(previous) + 1


@transaction.atomic
def create_session(
    *,
    cohort,
    starts_at,
    broadcast_url: str,
    committee: list,
    chair,
    candidates: list,
    created_by,
    max_attempts: int | None = None,
) -> ExamSession:
    """A session with its committee (3+ members, one chair) and candidates who reached the exam level."""
    members = list({user.pk: user for user in committee}.values())
    if chair.pk not in {user.pk for user in members}:
        members.append(chair)
    if len(members) < MIN_COMMITTEE:
        raise SessionInvalid(_("A committee needs at least %(n)s members.") % {"n": MIN_COMMITTEE})
    outsiders = [str(user) for user in members if not has_role(user, Role.EXAM_COMMITTEE)]
    if outsiders:
        raise SessionInvalid(_("Not exam committee members: %(names)s.") % {"names": ", ".join(sorted(outsiders))})
    if not (has_role(created_by, Role.ASSOCIATION_ADMIN) or created_by.pk == chair.pk):
        raise SessionInvalid(_("Only an administrator or the session's chair can create a session."))
    now = timezone.now()
    earliest = now - datetime.timedelta(days=SESSION_DAYS_BEFORE)
    latest = now + datetime.timedelta(days=SESSION_DAYS_AHEAD)
    if not earliest <= starts_at <= latest:  # compared as moments: a year-1 date cannot be localised
        raise SessionInvalid(
            _("The session's date must be between %(earliest)s and %(latest)s.")
            % {
                "earliest": date_format(timezone.localdate(earliest), "SHORT_DATE_FORMAT"),
                "latest": date_format(timezone.localdate(latest), "SHORT_DATE_FORMAT"),
            },
            field="starts_at",
        )
    if not candidates:
        raise SessionInvalid(_("Choose at least one candidate."))
    eligible = {e.pk for e in course_selectors.exam_candidates(cohort=cohort)}
    strangers = [str(e.student) for e in candidates if e.pk not in eligible]
    if strangers:
        raise SessionInvalid(
            _("Not at the exam level of this cohort: %(names)s.") % {"names": ", ".join(sorted(strangers))}
        )
    max_attempts = max_attempts or default_max_attempts()
    attempts = {e.pk: next_attempt(enrolment=e) for e in candidates}
    too_many = [str(e.student) for e in candidates if attempts[e.pk] > max_attempts]
    if too_many:
        raise SessionInvalid(_("No exam attempts left for: %(names)s.") % {"names": ", ".join(sorted(too_many))})
    session = ExamSession.objects.create(
        cohort=cohort,
        starts_at=starts_at,
        broadcast_url=broadcast_url,
        created_by=created_by,
        max_attempts=max_attempts,
    )
    CommitteeMember.objects.bulk_create(
        CommitteeMember(session=session, user=user, is_chair=user.pk == chair.pk) for user in members
    )
    ExamCandidate.objects.bulk_create(
        ExamCandidate(session=session, enrolment=e, attempt=attempts[e.pk]) for e in candidates
    )
    record_action(
        actor=created_by,
        action="accreditation.session_created",
        target=session,
        details={"committee": [u.pk for u in members], "chair": chair.pk, "candidates": [e.pk for e in candidates]},
    )
    return session


def _is_member(session_id: int, user) -> bool:
    return CommitteeMember.objects.filter(session_id=session_id, user_id=user.pk).exists()


def _is_chair(session_id: int, user) -> bool:
    return CommitteeMember.objects.filter(session_id=session_id, user_id=user.pk, is_chair=True).exists()


def build_snapshot(*, candidate: ExamCandidate, reports, deadlines) -> dict:
    """The exam KPI figures (`reports`, by language), the deadline record and the committee, as they stand
    now. Every name and reason is kept in every language ({language: text}), so the protocol PDF is written
    in its reader's (`accreditation.rendering`); 1 query."""
    enrolment = candidate.enrolment
    session = candidate.session
    by_language = {code: report.kpis for code, report in reports.items()}
    english = by_language[settings.MODELTRANSLATION_DEFAULT_LANGUAGE]
    return {
        "student": enrolment.student.full_name or enrolment.student.email,
        "cohort": str(enrolment.cohort),
        "course": texts_by_language(enrolment.cohort.course, "title"),
        "session_starts_at": timezone.localtime(session.starts_at).strftime("%Y-%m-%d %H:%M"),
        "broadcast_url": session.broadcast_url,
        "attempt": candidate.attempt,
        "max_attempts": session.max_attempts,
        "kpis_met": reports[settings.MODELTRANSLATION_DEFAULT_LANGUAGE].passed,
        "kpis": [
            {
                "label": {code: kpis[index].label for code, kpis in by_language.items()},
                "met": kpi.met,
                "reason": {code: kpis[index].reason for code, kpis in by_language.items()},
                "figure": {code: kpis[index].figure for code, kpis in by_language.items()},
                "comment": kpi.comment,
            }
            for index, kpi in enumerate(english)
        ],
        "deadlines": [
            {
                "level": dict(row.level_names),
                "deadline": row.deadline.isoformat() if row.deadline else "",
                "passed_at": timezone.localtime(row.passed_at).strftime("%Y-%m-%d") if row.passed_at else "",
                "overdue": row.overdue,
            }
            for row in deadlines
        ],
        "committee": [
            {"name": m.user.full_name or m.user.email, "chair": m.is_chair}
            for m in session.members.select_related("user")
        ],
    }


def accreditation_blockers(*, enrolment) -> list[str]:
    """Why "Accredited" cannot be recorded for the student now; empty when the records earn it."""
    return blockers_of(
        report=course_selectors.level_report(enrolment=enrolment, level_code=LevelCode.EXAM),
        deadlines=course_selectors.deadline_record(enrolment=enrolment),
    )


def blockers_of(*, report, deadlines) -> list[str]:
    """Every exam-level KPI but the committee's own decision must be met from records (confirmed
    attendance, confirmed likes, confirmed subscribers), and every earlier level passed (a level a
    teacher closed counts for the students who moved on with it). No queries."""
    blockers = [
        _("%(kpi)s: %(reason)s") % {"kpi": kpi.label, "reason": kpi.reason}
        for kpi in report.kpis
        if not kpi.met and kpi.kind != KpiKind.COMMITTEE_DECISION
    ]
    blockers += [
        _("The level %(level)s is not passed.") % {"level": row.level_name}
        for row in deadlines
        if row.level_code != LevelCode.EXAM and row.passed_at is None
    ]
    return blockers


def missed_deadline_reasons(deadlines) -> list[dict[str, str]]:
    """The deadlines the student missed (rows of `deadline_record`), as reasons of a not-accredited
    decision, each in every language ({language: text}) for the student's protocol."""
    return [
        texts_in_every_language(
            lambda row=row: (
                _("Missed the deadline of the level %(level)s (%(date)s).")
                % {
                    "level": in_language(row.level_names, translation.get_language()) or row.level_name,
                    "date": date_format(row.deadline, "SHORT_DATE_FORMAT"),
                }
            )
        )
        for row in deadlines
        if row.overdue
    ]


@transaction.atomic
def record_decision(*, candidate: ExamCandidate, outcome: str, recorded_by, errors=(), reasons=()) -> ExamProtocol:
    """Record (or change, before it is final) the committee's decision; a change voids signatures."""
    candidate = ExamCandidate.objects.select_related("session", "enrolment__student", "enrolment__cohort__course").get(
        pk=candidate.pk
    )
    if not _is_member(candidate.session_id, recorded_by):
        raise DecisionInvalid(_("Only members of this session's committee record decisions."))
    errors, reasons = _clean_lines(errors), _clean_lines(reasons)
    enrolment = candidate.enrolment
    reports = course_selectors.level_report_in_every_language(enrolment=enrolment, level_code=LevelCode.EXAM)
    report = reports[language_or_default(translation.get_language())]
    deadlines = course_selectors.deadline_record(enrolment=enrolment)
    if outcome not in ExamProtocol.Outcome.values:
        raise DecisionInvalid(_("Choose a decision."))
    if outcome == ExamProtocol.Outcome.RE_EXAM:
        if not errors:
            raise DecisionInvalid(_("A re-exam decision must list at least one error."))
        if candidate.attempt >= candidate.session.max_attempts:
            raise DecisionInvalid(
                _("This was the candidate's last allowed attempt (%(n)s); decide accredited or not accredited.")
                % {"n": candidate.session.max_attempts}
            )
        reasons = []
    elif outcome == ExamProtocol.Outcome.NOT_ACCREDITED:
        missed = missed_deadline_reasons(deadlines)
        # A decision edited again lists the missed deadlines in its recorder's words: kept once, translated.
        missed_texts = {text for reason in missed for text in reason.values()}
        reasons = [reason for reason in reasons if reason not in missed_texts] + missed
        if not reasons:
            raise DecisionInvalid(_("A not-accredited decision must give its reasons."))
        errors = []
    else:
        blockers = blockers_of(report=report, deadlines=deadlines)
        if blockers:
            raise DecisionInvalid(
                _("Accredited cannot be recorded: %(blockers)s Choose a re-exam or not accredited.")
                % {"blockers": " ".join(blocker.rstrip(".") + "." for blocker in blockers)}
            )
        errors, reasons = [], []
    protocol = ExamProtocol.objects.select_for_update().filter(candidate=candidate).first()
    if protocol is not None and protocol.is_final:
        raise ProtocolFinal(_("The protocol is final and cannot be changed."))
    values = {
        "outcome": outcome,
        "errors": errors,
        "reasons": reasons,
        "snapshot": build_snapshot(candidate=candidate, reports=reports, deadlines=deadlines),
        "recorded_by": recorded_by,
        "recorded_at": timezone.now(),
    }
    if protocol is None:
        protocol = ExamProtocol.objects.create(candidate=candidate, **values)
    else:
        for field, value in values.items():
            setattr(protocol, field, value)
        protocol.save()
        protocol.signatures.all().delete()
    record_action(
        actor=recorded_by,
        action="accreditation.decision_recorded",
        target=protocol,
        details={"outcome": outcome, "errors": errors, "reasons": reasons},
    )
    return protocol


def protocol_is_complete(*, signer_ids: set[int], chair_id: int, member_count: int) -> bool:
    """Final when the chair and a majority of the committee have signed."""
    return chair_id in signer_ids and len(signer_ids) * 2 > member_count


@transaction.atomic
def sign_protocol(*, protocol: ExamProtocol, member) -> ExamProtocol:
    protocol = ExamProtocol.objects.select_for_update().select_related("candidate__session").get(pk=protocol.pk)
    session = protocol.candidate.session
    members = {m.user_id: m.is_chair for m in CommitteeMember.objects.filter(session=session)}
    if member.pk is None or member.pk not in members:
        raise SignatureRefused(_("Only members of this session's committee sign its protocols."))
    if protocol.is_final:
        raise ProtocolFinal(_("The protocol is already final."))
    if ProtocolSignature.objects.filter(protocol=protocol, member=member).exists():
        raise SignatureRefused(_("You have already signed this protocol."))
    ProtocolSignature.objects.create(protocol=protocol, member=member)
    record_action(actor=member, action="accreditation.protocol_signed", target=protocol)
    signers = set(ProtocolSignature.objects.filter(protocol=protocol).values_list("member_id", flat=True))
    chair_id = next(user_id for user_id, is_chair in members.items() if is_chair)
    if protocol_is_complete(signer_ids=signers, chair_id=chair_id, member_count=len(members)):
        _finalise(protocol=protocol, actor=member)
    return protocol


def _finalise(*, protocol: ExamProtocol, actor) -> None:
    now = timezone.now()
    protocol.number = next_number(prefix="EP", year=timezone.localdate(now).year)
    protocol.finalised_at = now
    protocol.save(update_fields=["number", "finalised_at"])
    student = protocol.candidate.enrolment.student
    with in_language_of(student):
        title = _("Exam protocol %(number)s") % {"number": protocol.number}
    create_document(
        subject=protocol,
        kind=Document.Kind.EXAM_PROTOCOL,
        owner=student,
        title=title,
        email_due=True,
    )
    record_action(
        actor=actor, action="accreditation.protocol_finalised", target=protocol, details={"number": protocol.number}
    )
    # The decision is the exam level's last KPI: the course moves on with the protocol, in its transaction.
    record_committee_outcome(
        enrolment=protocol.candidate.enrolment, outcome=protocol.outcome, decided_at=now, actor=actor
    )


@transaction.atomic
def issue_certificate(*, protocol: ExamProtocol, issued_by) -> Certificate:
    """The certificate of completion for a final accredited decision (once)."""
    protocol = (
        ExamProtocol.objects.select_for_update()
        .select_related("candidate__enrolment__student", "candidate__enrolment__cohort__course")
        .get(pk=protocol.pk)
    )
    if not (has_role(issued_by, Role.ASSOCIATION_ADMIN) or _is_chair(protocol.candidate.session_id, issued_by)):
        raise CertificateRefused(_("Only the chair or an administrator issues the session's certificates."))
    if not protocol.is_final or protocol.outcome != ExamProtocol.Outcome.ACCREDITED:
        raise CertificateRefused(_("A certificate of completion needs a final protocol with an accredited decision."))
    if Certificate.objects.filter(exam_protocol=protocol).exists():
        raise CertificateRefused(_("The certificate for this protocol has already been issued."))
    enrolment = protocol.candidate.enrolment
    return issue_completion_certificate(
        holder=enrolment.student,
        course=enrolment.cohort.course,
        issued_by=issued_by,
        exam_protocol=protocol,
    )


def issue_session_certificates(*, session: ExamSession, issued_by) -> int:
    """Bulk issuance: a certificate for every final accredited protocol of the session that has none yet."""
    if not (has_role(issued_by, Role.ASSOCIATION_ADMIN) or _is_chair(session.pk, issued_by)):
        raise CertificateRefused(_("Only the chair or an administrator issues the session's certificates."))
    protocols = ExamProtocol.objects.filter(
        candidate__session=session,
        outcome=ExamProtocol.Outcome.ACCREDITED,
        finalised_at__isnull=False,
        certificate__isnull=True,
    ).order_by("pk")
    issued = 0
    for protocol in protocols:
        try:
            issue_certificate(protocol=protocol, issued_by=issued_by)
        except CertificateRefused:
            continue  # issued meanwhile by someone else
        issued += 1
    return issued
