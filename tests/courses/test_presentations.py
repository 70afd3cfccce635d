"""Presentations at levels 3–7: records, evidence, confirmations, results, scope and the KPIs they fill."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from coopportal import sms
from coopportal.audit.models import AuditEntry
from coopportal.users.roles import Role
from coopportal.users.services import ensure_totp_secret
from courses import selectors, services
from courses.exceptions import InvalidSubmission, LevelLocked, NotAllowed, PresentationError
from courses.models import LevelProgress, Presentation, PresentationClassmate
from tests.accreditation import factories as exam_factories
from tests.courses.factories import (
    CohortFactory,
    add_subscribers,
    held_presentation,
    level,
    png_upload,
    student_at,
    teacher,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort():
    return CohortFactory(teachers=[teacher()])


def kpi(enrolment, code, kind):
    report = selectors.level_report(enrolment=enrolment, level_code=code)
    return next(k for k in report.kpis if k.kind == kind)


def member_judging(*enrolments):
    """A committee member of an exam session whose candidates are `enrolments`."""
    members = exam_factories.committee()
    exam_factories.session(cohort=enrolments[0].cohort, candidates=list(enrolments), members=members)
    return members[0]


def confirm(presentation, attendance, actor=None):
    services.report_attendance(
        presentation=presentation, presenter=presentation.presenter, attendance=attendance, evidence=png_upload()
    )
    actor = actor or presentation.enrolment.cohort.teachers.first()
    return services.confirm_attendance(presentation=presentation, actor=actor, attendance=attendance)


def test_recording_a_presentation_gives_it_an_unguessable_subscribe_link_open_around_it(cohort):
    enrolment = student_at(cohort, "close")
    held_at = timezone.now() + datetime.timedelta(days=2)
    presentation = services.record_presentation(enrolment=enrolment, presenter=enrolment.student, held_at=held_at)
    other = held_presentation(enrolment)
    assert presentation.audience == Presentation.Audience.RELATIVES
    assert len(presentation.subscribe_token) >= 12 and presentation.subscribe_token != other.subscribe_token
    assert presentation.subscribe_opens_at == held_at - datetime.timedelta(hours=1)
    assert presentation.subscribe_closes_at == held_at + datetime.timedelta(hours=24)
    assert AuditEntry.objects.filter(action="courses.record_presentation").count() == 2


def test_close_level_needs_one_presentation_that_has_taken_place(cohort):
    enrolment = student_at(cohort, "close")
    services.record_presentation(
        enrolment=enrolment, presenter=enrolment.student, held_at=timezone.now() + datetime.timedelta(days=1)
    )
    planned = kpi(enrolment, "close", "presentations_recorded")
    assert not planned.met and "counts once it has taken place" in planned.reason
    held_presentation(enrolment)
    assert kpi(enrolment, "close", "presentations_recorded").met


def test_a_student_records_presentations_only_at_their_open_level(cohort):
    enrolment = student_at(cohort, "associates")
    with pytest.raises(LevelLocked):
        held_presentation(enrolment)
    outsider = student_at(CohortFactory(teachers=[teacher()]), "close")
    with pytest.raises(NotAllowed):
        services.record_presentation(enrolment=outsider, presenter=enrolment.student, held_at=timezone.now())


def test_bad_presentation_input_is_refused_and_nothing_is_stored(cohort):
    enrolment = student_at(cohort, "teamwork")
    with pytest.raises(InvalidSubmission):
        held_presentation(enrolment, hours_ago=24 * 365)
    with pytest.raises(InvalidSubmission):
        held_presentation(enrolment, classmate_ids=[enrolment.student_id])
    stranger = UserFactory(roles=[Role.STUDENT])
    with pytest.raises(InvalidSubmission):
        held_presentation(enrolment, classmate_ids=[stranger.pk])
    with pytest.raises(InvalidSubmission):
        held_presentation(enrolment, hours_open_after=0)
    assert not Presentation.objects.exists()


def test_exam_presentation_needs_the_broadcast_link(cohort):
    enrolment = student_at(cohort, "exam")
    with pytest.raises(InvalidSubmission):
        held_presentation(enrolment)
    assert held_presentation(enrolment, broadcast_url="https://video.example.org/live/1").audience == "broadcast"


def test_attendance_counts_only_once_a_teacher_confirms_it(cohort):
    enrolment = student_at(cohort, "publication")
    presentation = held_presentation(enrolment)
    services.report_attendance(
        presentation=presentation, presenter=enrolment.student, attendance=60, evidence=png_upload()
    )
    waiting = kpi(enrolment, "publication", "attendance")
    assert (waiting.met, waiting.status) == (False, "pending")
    assert "60 attendees reported" in waiting.reason
    services.confirm_attendance(presentation=presentation, actor=cohort.teachers.first(), attendance=50)
    assert kpi(enrolment, "publication", "attendance").met


def test_publication_attendance_of_49_fails_and_50_passes(cohort):
    enrolment = student_at(cohort, "publication")
    confirm(held_presentation(enrolment), 49)
    result = kpi(enrolment, "publication", "attendance")
    assert not result.met
    assert result.reason == "49 attendees confirmed of 50 needed: 1 more needed"
    confirm(held_presentation(enrolment), 50)
    assert kpi(enrolment, "publication", "attendance").met


def test_subscriber_ratio_explains_how_many_more_are_needed(cohort):
    enrolment = student_at(cohort, "publication")
    presentation = held_presentation(enrolment)
    add_subscribers(presentation, 7)
    confirm(presentation, 50)
    result = kpi(enrolment, "publication", "subscriber_ratio")
    assert not result.met
    assert result.reason == "7 subscribers of 50 attendees (14.0 %; 15 % needed): 1 more needed"
    add_subscribers(presentation, 1, start=7)
    assert kpi(enrolment, "publication", "subscriber_ratio").met


def test_attendance_of_zero_gives_no_ratio_and_no_error(cohort):
    enrolment = student_at(cohort, "publication")
    presentation = held_presentation(enrolment)
    add_subscribers(presentation, 3)
    confirm(presentation, 0)
    result = kpi(enrolment, "publication", "subscriber_ratio")
    assert not result.met
    assert "attendance is not confirmed" in result.reason
    assert selectors.live_count(presentation_id=presentation.pk).ratio is None


def test_negative_or_absurd_counts_are_refused(cohort):
    enrolment = student_at(cohort, "publication")
    presentation = held_presentation(enrolment)
    for bad in (-1, 10**9, "many"):
        with pytest.raises(InvalidSubmission):
            services.report_attendance(
                presentation=presentation, presenter=enrolment.student, attendance=bad, evidence=png_upload()
            )
    presentation.refresh_from_db()
    assert presentation.attendance_reported is None and not presentation.attendance_evidence


def test_attendance_needs_evidence_and_only_the_teacher_or_committee_confirms(cohort):
    enrolment = student_at(cohort, "publication")
    presentation = held_presentation(enrolment)
    with pytest.raises(InvalidSubmission):
        services.report_attendance(presentation=presentation, presenter=enrolment.student, attendance=50, evidence=None)
    with pytest.raises(PresentationError):
        services.confirm_attendance(presentation=presentation, actor=cohort.teachers.first(), attendance=50)
    services.report_attendance(
        presentation=presentation, presenter=enrolment.student, attendance=50, evidence=png_upload()
    )
    for actor in (enrolment.student, teacher(), UserFactory(roles=[Role.EXAM_COMMITTEE])):
        with pytest.raises(NotAllowed):
            services.confirm_attendance(presentation=presentation, actor=actor, attendance=50)
    presentation.refresh_from_db()
    assert presentation.attendance_confirmed is None


def test_exam_attendance_and_likes_are_confirmed_by_the_exam_committee(cohort):
    enrolment = student_at(cohort, "exam")
    presentation = held_presentation(enrolment, broadcast_url="https://video.example.org/live/1")
    committee = member_judging(enrolment)
    with pytest.raises(NotAllowed):
        confirm(presentation, 50, actor=cohort.teachers.first())
    services.confirm_attendance(presentation=presentation, actor=committee, attendance=50)
    services.report_likes(
        presentation=presentation,
        presenter=enrolment.student,
        likes=99,
        url="https://social.example.org/post/1",
        screenshot=png_upload(),
    )
    with pytest.raises(NotAllowed):
        services.confirm_likes(presentation=presentation, actor=cohort.teachers.first(), likes=99)
    services.confirm_likes(presentation=presentation, actor=committee, likes=99)
    likes = kpi(enrolment, "exam", "likes")
    assert not likes.met and likes.reason == "99 likes confirmed of 100 needed: 1 more needed"
    assert kpi(enrolment, "exam", "attendance").met


def test_exam_likes_of_100_pass(cohort):
    enrolment = student_at(cohort, "exam")
    presentation = held_presentation(enrolment, broadcast_url="https://video.example.org/live/1")
    services.report_likes(
        presentation=presentation,
        presenter=enrolment.student,
        likes=100,
        url="https://social.example.org/post/1",
        screenshot=png_upload(),
    )
    services.confirm_likes(presentation=presentation, actor=member_judging(enrolment), likes=100)
    assert kpi(enrolment, "exam", "likes").met


def test_support_group_needs_a_classmate_who_confirms(cohort):
    enrolment = student_at(cohort, "teamwork")
    classmate = student_at(cohort, "teamwork")
    presentation = held_presentation(enrolment, classmate_ids=[classmate.student_id])
    assert not kpi(enrolment, "teamwork", "support_group").met
    named = PresentationClassmate.objects.get(presentation=presentation)
    assert named.role == "support"
    assert selectors.classmate_requests(student=classmate.student) == [named]
    services.respond_as_classmate(named=named, user=classmate.student, confirm=True)
    assert kpi(enrolment, "teamwork", "support_group").met


def test_a_student_cannot_confirm_their_own_support(cohort):
    enrolment = student_at(cohort, "teamwork")
    classmate = student_at(cohort, "teamwork")
    presentation = held_presentation(enrolment, classmate_ids=[classmate.student_id])
    named = PresentationClassmate.objects.get(presentation=presentation)
    with pytest.raises(NotAllowed, match="your own support group"):
        services.respond_as_classmate(named=named, user=enrolment.student, confirm=True)
    other = student_at(cohort, "teamwork")
    with pytest.raises(NotAllowed):
        services.respond_as_classmate(named=named, user=other.student, confirm=True)
    named.refresh_from_db()
    assert named.status == PresentationClassmate.Status.PENDING


def test_publication_observers_only_waits_for_the_named_observers(cohort):
    enrolment = student_at(cohort, "publication")
    observer = student_at(cohort, "publication")
    presentation = held_presentation(enrolment, classmate_ids=[observer.student_id])
    result = kpi(enrolment, "publication", "observers_only")
    assert (result.met, result.status) == (False, "pending")
    named = PresentationClassmate.objects.get(presentation=presentation)
    assert named.role == "observer"
    services.respond_as_classmate(named=named, user=observer.student, confirm=True)
    assert kpi(enrolment, "publication", "observers_only").met


def test_results_are_recorded_per_person_with_at_least_one_outcome(cohort):
    enrolment = student_at(cohort, "teamwork")
    presentation = held_presentation(enrolment)
    with pytest.raises(InvalidSubmission):
        services.record_result(presentation=presentation, presenter=enrolment.student, person_name="Guest")
    services.record_result(
        presentation=presentation, presenter=enrolment.student, person_name="Guest", bought_share=True
    )
    with pytest.raises(NotAllowed):
        services.record_result(
            presentation=presentation, presenter=cohort.teachers.first(), person_name="X", subscribed=True
        )
    assert kpi(enrolment, "teamwork", "results_recorded").met


def test_presentation_page_scope_presenter_classmate_teacher_outsider(client, cohort):
    enrolment = student_at(cohort, "publication")
    presentation = held_presentation(enrolment)
    add_subscribers(presentation, 2)
    url = reverse("courses:presentation", args=[presentation.pk])
    classmate = student_at(cohort, "publication")
    other_cohort = student_at(CohortFactory(teachers=[teacher()]), "publication")
    client.force_login(enrolment.student)
    page = client.get(url).content.decode()
    assert "Guest 0" in page and presentation.subscribe_token in page
    client.force_login(classmate.student)
    page = client.get(url)
    assert page.status_code == 200 and "Guest 0" not in page.content.decode()
    client.force_login(other_cohort.student)
    assert client.get(url).status_code == 404
    assert client.get(reverse("courses:presentation_live", args=[presentation.pk])).status_code == 404
    client.force_login(cohort.teachers.first())
    assert "Guest 0" in client.get(url).content.decode()
    # Another cohort's teacher neither.
    client.force_login(other_cohort.cohort.teachers.first())
    assert client.get(url).status_code == 404


def test_evidence_downloads_only_to_the_presenter_and_teachers(client, cohort):
    enrolment = student_at(cohort, "publication")
    presentation = held_presentation(enrolment)
    services.report_attendance(
        presentation=presentation, presenter=enrolment.student, attendance=50, evidence=png_upload()
    )
    url = reverse("courses:presentation_evidence", args=[presentation.pk, "attendance"])
    client.force_login(enrolment.student)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    client.force_login(student_at(cohort, "publication").student)
    assert client.get(url).status_code == 403
    client.force_login(UserFactory(roles=[Role.STUDENT]))
    assert client.get(url).status_code == 404


def test_presenter_cannot_post_on_another_students_presentation(client, cohort):
    presentation = held_presentation(student_at(cohort, "publication"))
    client.force_login(student_at(cohort, "publication").student)
    url = reverse("courses:presentation_act", args=[presentation.pk, "result"])
    assert client.post(url, {"result-person_name": "X", "result-subscribed": "on"}).status_code == 403
    assert not presentation.results.exists()


def test_live_counter_is_polled_with_htmx_and_shows_count_and_ratio(client, cohort):
    enrolment = student_at(cohort, "publication")
    presentation = held_presentation(enrolment)
    add_subscribers(presentation, 3)
    confirm(presentation, 20)
    client.force_login(enrolment.student)
    page = client.get(reverse("courses:presentation", args=[presentation.pk])).content.decode()
    assert 'hx-trigger="every 3s"' in page
    fragment = client.get(reverse("courses:presentation_live", args=[presentation.pk])).content.decode()
    assert re.search(r'class="stat">3<', fragment)
    assert "15.0\u00a0%" in fragment  # the percent filter: a no-break space before the sign


def test_presentation_page_runs_the_same_queries_with_1_and_300_subscribers(
    client, cohort, django_assert_max_num_queries
):
    enrolment = student_at(cohort, "publication")
    presentation = held_presentation(enrolment)
    add_subscribers(presentation, 1)
    client.force_login(enrolment.student)
    url = reverse("courses:presentation", args=[presentation.pk])
    # Queries: session (none when Redis caches it), user, the user's roles; the presentation in scope; the
    # presentation with its record counts, then its named classmates and its results (prefetches); the live
    # count; the subscriptions — 9 at most.
    with django_assert_max_num_queries(9) as one:
        assert client.get(url).status_code == 200
    add_subscribers(presentation, 299, start=1)
    with django_assert_max_num_queries(9) as three_hundred:
        assert client.get(url).status_code == 200
    assert len(three_hundred.captured_queries) == len(one.captured_queries)


def test_a_student_at_publication_passes_with_subscribers_through_the_public_page(client, cohort, settings):
    """Done when: the student records the presentation, the room subscribes on the public page, the teacher
    confirms the attendance in the admin, and publication is passed."""
    enrolment = student_at(cohort, "publication")
    teacher_user = cohort.teachers.first()
    student_client = client
    student_client.force_login(enrolment.student)
    held_at = timezone.localtime() - datetime.timedelta(minutes=30)
    response = student_client.post(
        reverse("courses:record_presentation", args=["publication"]),
        {"held_at": held_at.strftime("%Y-%m-%dT%H:%M"), "topic": "Consumer cooperative", "hours_open_after": 24},
    )
    assert response.status_code == 302
    presentation = Presentation.objects.get(enrolment=enrolment)
    page = student_client.get(response["Location"]).content.decode()
    public_url = reverse("courses:subscribe", args=[presentation.subscribe_token])
    assert public_url in page

    # Eight people subscribe from their phones, without an account, and confirm by the SMS code.
    for n in range(8):
        visitor = type(client)(enforce_csrf_checks=True)
        form = visitor.get(public_url)
        assert form.status_code == 200
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.content.decode()).group(1)
        done = visitor.post(
            public_url,
            {"name": f"Visitor {n}", "phone": f"+7701555{n:04d}", "consent": "on", "csrfmiddlewaretoken": token},
        )
        assert done.status_code == 302  # to the page where the code from the SMS is typed
        code_page = visitor.get(done["Location"])
        assert f"+7701555{n:04d}" in code_page.content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', code_page.content.decode()).group(1)
        code = re.search(r"\b(\d{6})\b", sms.outbox[-1].body).group(1)
        confirmed = visitor.post(done["Location"], {"code": code, "csrfmiddlewaretoken": token})
        assert confirmed.status_code == 201
        assert "unsubscribe" in sms.outbox[-1].body and "/learn/unsubscribe/" not in confirmed.content.decode()

    # The presenter reports 50 people with a photo of the room.
    response = student_client.post(
        reverse("courses:presentation_act", args=[presentation.pk, "attendance"]),
        {"attendance-count": 50, "attendance-evidence": png_upload()},
    )
    assert response.status_code == 302
    dashboard = student_client.get(reverse("courses:dashboard")).content.decode()
    assert "50 attendees reported" in dashboard

    # The teacher confirms the reported attendance in the admin.
    teacher_client = type(client)()
    teacher_client.force_login(teacher_user)
    changelist = reverse("admin:courses_presentation_changelist")
    listing = teacher_client.get(changelist, {"attendance": "awaiting"})
    assert list(listing.context["cl"].queryset) == [presentation]
    teacher_client.post(changelist, {"action": "confirm_reported_attendance", "_selected_action": [presentation.pk]})
    progress = LevelProgress.objects.get(enrolment=enrolment, level=level("publication"))
    assert progress.status == LevelProgress.Status.PASSED
    enrolment.refresh_from_db()
    assert enrolment.current_level == level("exam")


def test_exam_committee_lists_exam_broadcasts_with_the_same_queries_for_1_and_5(
    client, cohort, django_assert_max_num_queries
):
    first = student_at(cohort, "exam")
    held_presentation(first, broadcast_url="https://video.example.org/live/0")
    committee = member_judging(first)
    ensure_totp_secret(committee)
    held_presentation(student_at(cohort, "exam"), broadcast_url="https://video.example.org/live/other")  # no session
    client.force_login(committee)
    url = reverse("courses:exam_presentations")
    # Queries: session, user, roles, MFA check, the exam presentations with their counts (1), navigation.
    with django_assert_max_num_queries(12) as one:
        assert client.get(url).status_code == 200
    later = [student_at(cohort, "exam") for _ in range(4)]
    for n, enrolment in enumerate(later):
        held_presentation(enrolment, broadcast_url=f"https://video.example.org/live/{n + 1}")
    exam_factories.session(cohort=cohort, candidates=later, members=[committee, *exam_factories.committee(2)])
    with django_assert_max_num_queries(12) as five:
        page = client.get(url)
    assert page.content.decode().count("video.example.org") == 0  # links lead to each presentation's page
    assert page.content.decode().count("/learn/presentations/") == 5  # not the broadcast of no session of theirs
    assert len(five.captured_queries) == len(one.captured_queries)
    client.force_login(student_at(cohort, "exam").student)
    assert client.get(url).status_code == 403


def test_projector_view_shows_the_qr_code_full_screen_and_not_to_outsiders(client, cohort):
    enrolment = student_at(cohort, "publication")
    presentation = held_presentation(enrolment)
    url = reverse("courses:presentation_projector", args=[presentation.pk])
    client.force_login(enrolment.student)
    page = client.get(url).content.decode()
    assert "projector-page" in page
    assert reverse("courses:subscribe_qr", args=[presentation.subscribe_token, "svg"]) in page
    assert 'hx-trigger="every 3s"' in page
    client.force_login(UserFactory(roles=[Role.STUDENT]))
    assert client.get(url).status_code == 404


def test_the_exam_committee_confirms_on_the_presentation_page_and_bad_numbers_get_a_message(client, cohort):
    enrolment = student_at(cohort, "exam")
    presentation = held_presentation(enrolment, broadcast_url="https://video.example.org/live/1")
    services.report_attendance(
        presentation=presentation, presenter=enrolment.student, attendance=55, evidence=png_upload()
    )
    committee = member_judging(enrolment)
    ensure_totp_secret(committee)
    client.force_login(committee)
    url = reverse("courses:presentation_act", args=[presentation.pk, "confirm_attendance"])
    response = client.post(url, {"confirm_attendance-count": -3})
    assert response.status_code == 400
    assert "greater than or equal to 0" in response.content.decode()
    assert client.post(url, {"confirm_attendance-count": 52}).status_code == 302
    presentation.refresh_from_db()
    assert (presentation.attendance_confirmed, presentation.attendance_confirmed_by) == (52, committee)


def test_a_named_classmate_answers_from_the_dashboard(client, cohort):
    enrolment = student_at(cohort, "teamwork")
    classmate = student_at(cohort, "teamwork")
    presentation = held_presentation(enrolment, classmate_ids=[classmate.student_id])
    named = PresentationClassmate.objects.get(presentation=presentation)
    client.force_login(classmate.student)
    dashboard = client.get(reverse("courses:dashboard")).content.decode()
    assert reverse("courses:classmate_answer", args=[named.pk]) in dashboard
    client.post(reverse("courses:classmate_answer", args=[named.pk]), {"answer": "confirm"})
    named.refresh_from_db()
    assert named.status == PresentationClassmate.Status.CONFIRMED
    client.force_login(enrolment.student)
    response = client.post(reverse("courses:classmate_answer", args=[named.pk]), {"answer": "decline"}, follow=True)
    assert "cannot confirm your own support group" in response.content.decode()
    named.refresh_from_db()
    assert named.status == PresentationClassmate.Status.CONFIRMED
