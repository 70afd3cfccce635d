"""Translated course content in accreditation's documents: the protocol PDF names the course, its KPIs
and levels in the student's language, a certificate is awarded for the course in every language, and a
credential's achievement keeps one id whatever its holder's language."""

import datetime
import io

import pytest
from django.core import mail
from django.utils import translation
from pypdf import PdfReader

from accreditation.credentials.issuing import _achievement
from accreditation.models import Certificate, SituationalTask, Specialty
from accreditation.rendering import localized_snapshot
from accreditation.services import exams as exam_services
from accreditation.services.certificates import issue_completion_certificate
from coopportal.users.roles import Role
from courses.models import CohortLevelDeadline, KpiRequirement, Level
from tests.factories import UserFactory

from . import factories as f

pytestmark = pytest.mark.django_db

COURSE_RU = "Кооперативное предпринимательство"
COURSE_KK = "Кооперативтік кәсіпкерлік"
RU_NO_EXAM_PRESENTATION = "презентация не записана"


def _protocol_for(language: str, members=None):
    cohort = f.cohort()
    enrolment = f.exam_enrolment(cohort=cohort, full_name="Әлихан Нұрғали")
    enrolment.student.language = language
    enrolment.student.save(update_fields=["language"])
    members = members or f.committee(3)
    session = f.session(cohort=cohort, candidates=[enrolment], members=members)
    with translation.override("en"):  # the committee reads English
        protocol = exam_services.record_decision(
            candidate=session.candidates.get(), outcome="accredited", recorded_by=members[0]
        )
    return protocol, members


def test_the_protocol_snapshot_keeps_the_course_kpis_and_levels_in_every_language():
    protocol, _members = _protocol_for("ru")
    snapshot = protocol.snapshot
    assert snapshot["course"]["en"] == "Cooperative Entrepreneurship"
    assert snapshot["course"]["ru"] == COURSE_RU and snapshot["course"]["kk"] == COURSE_KK
    assert snapshot["course"]["fa"] == "Cooperative Entrepreneurship"  # no Persian course text: English
    likes = KpiRequirement.objects.get(level__code="exam", kind="likes")
    (row,) = [k for k in localized_snapshot(snapshot, "kk")["kpis"] if k["label"] == likes.label_kk]
    assert row["label"] == "Әлеуметтік желілерде кемінде 100 лайк"
    levels = [row["level"] for row in localized_snapshot(snapshot, "ru")["deadlines"]]
    assert levels[0] == "Рядовой" and levels[-1] == "Экзамен"


def test_a_snapshot_recorded_before_translations_reads_as_it_was():
    old = {"course": "Cooperative Entrepreneurship", "kpis": [{"label": "Attendance"}], "deadlines": []}
    assert localized_snapshot(old, "kk") == old


def test_the_protocol_pdf_names_the_course_and_kpis_in_the_students_language(
    settings, django_capture_on_commit_callbacks
):
    settings.ASSOCIATION_LANGUAGE = "ru"
    with django_capture_on_commit_callbacks(execute=True):
        protocol, members = _protocol_for("ru")
        f.finalised(protocol, members)
    student = protocol.candidate.enrolment.student
    (message,) = [m for m in mail.outbox if student.email in m.to and m.attachments]
    pages = PdfReader(io.BytesIO(message.attachments[0][1])).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())  # table cells wrap their lines
    assert COURSE_RU in text
    assert "Не менее 100 лайков в социальных сетях" in text
    assert "Cooperative Entrepreneurship" not in text


def test_the_protocol_pdf_gives_kpi_and_deadline_reasons_in_the_students_language(
    settings, django_capture_on_commit_callbacks
):
    """The committee records in English; the Russian student reads why in Russian, and the committee's
    own line as it was typed."""
    settings.ASSOCIATION_LANGUAGE = "en"
    enrolment = f.exam_enrolment(cohort=f.cohort(), full_name="Әлихан Нұрғали", earned=False)
    enrolment.student.language = "ru"
    enrolment.student.save(update_fields=["language"])
    teamwork = Level.objects.get(course=enrolment.course, code="teamwork")
    CohortLevelDeadline.objects.create(cohort=enrolment.cohort, level=teamwork, due_on=datetime.date(2026, 3, 2))
    members = f.committee(3)
    session = f.session(cohort=enrolment.cohort, candidates=[enrolment], members=members)
    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        protocol = exam_services.record_decision(
            candidate=session.candidates.get(),
            outcome="not_accredited",
            reasons=["No support group."],
            recorded_by=members[0],
        )
        f.finalised(protocol, members)
    missed_ru = "Пропущен срок уровня «Командная работа» (02.03.2026)."
    assert protocol.reasons_in("ru") == ["No support group.", missed_ru]
    assert protocol.reasons_in("en")[1] == "Missed the deadline of the level Teamwork (03/02/2026)."
    likes = next(k for k in protocol.snapshot["kpis"] if k["label"]["en"].startswith("At least 100 likes"))
    assert likes["reason"]["en"] == "no presentation recorded"
    assert likes["reason"]["ru"] == RU_NO_EXAM_PRESENTATION
    (message,) = [m for m in mail.outbox if enrolment.student.email in m.to and m.attachments]
    pages = PdfReader(io.BytesIO(message.attachments[0][1])).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert missed_ru in text and RU_NO_EXAM_PRESENTATION in text and "No support group." in text
    assert "Missed the deadline" not in text and "no presentation recorded" not in text


def test_a_certificate_is_awarded_for_the_course_in_every_language():
    holder = UserFactory(roles=[Role.STUDENT], language="kk")
    with translation.override("en"):
        certificate = issue_completion_certificate(holder=holder, course=f.course(), issued_by=None)
    certificate = Certificate.objects.get(pk=certificate.pk)
    with translation.override("kk"):
        assert certificate.title == COURSE_KK
    with translation.override("ru"):
        assert certificate.title == COURSE_RU
    with translation.override("en"):
        assert certificate.title == "Cooperative Entrepreneurship"


def test_the_achievement_id_is_the_same_in_every_holders_language():
    course = f.course()
    ids, names = set(), set()
    for language in ("en", "ru", "kk"):
        holder = UserFactory(roles=[Role.STUDENT], language=language)
        certificate = issue_completion_certificate(holder=holder, course=course, issued_by=None)
        with translation.override(language):
            achievement = _achievement(Certificate.objects.select_related("course").get(pk=certificate.pk))
        ids.add(achievement["id"])
        names.add(achievement["name"])
    assert len(ids) == 1
    assert names == {"Cooperative Entrepreneurship", COURSE_RU, COURSE_KK}


def test_specialties_and_situational_tasks_read_in_russian_and_kazakh():
    agent = Specialty.objects.get(code="agent")
    task = SituationalTask.objects.get(code="agent-share-price")
    with translation.override("kk"):
        assert agent.name == "Кооператив агенті"
        assert "36 000 000 теңге" in task.situation
    with translation.override("ru"):
        assert agent.name == "Кооперативный агент"
        assert task.title == "Определение начальной стоимости пая"
    with translation.override("fa"):  # the course side has no Persian text: English, never empty
        assert agent.name == "Cooperative agent"
