"""Teachers in the Django admin: their own cohorts only, reviews through the services, bounded queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from courses import services
from courses.exceptions import NotAllowed
from courses.models import AdviceReply, CohortLevelDeadline, Enrolment, KpiSubmission, LevelProgress
from tests.courses.factories import (
    CohortFactory,
    association_admin,
    at_level,
    enrolled_student,
    level,
    student,
    teacher,
)
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:courses_kpisubmission_changelist"


def login(client, user):
    assert client.login(email=user.email, password=TEST_PASSWORD)


def pending_submission(cohort, text="My abstract."):
    enrolment = enrolled_student(cohort)
    requirement = level("private").requirements.first()
    return services.submit_kpi_document(
        enrolment=enrolment, requirement=requirement, student=enrolment.student, text=text
    )


def superuser():
    """The association admin as the demo has one: a superuser with MFA set up."""
    user = association_admin()
    user.is_superuser = True
    user.save(update_fields=["is_superuser"])
    return user


@pytest.fixture
def two_cohorts():
    mine, other = CohortFactory(teachers=[teacher()]), CohortFactory(teachers=[teacher()])
    return mine, other


def test_review_queue_lists_only_the_teachers_own_cohorts(client, two_cohorts):
    mine, other = two_cohorts
    own = pending_submission(mine, "Own cohort abstract")
    pending_submission(other, "Other cohort abstract")
    login(client, mine.teachers.first())
    response = client.get(reverse(CHANGELIST))
    assert response.status_code == 200
    assert list(response.context["cl"].queryset) == [own]


def test_teacher_opening_another_cohorts_submission_by_url_gets_404(client, two_cohorts):
    mine, other = two_cohorts
    foreign = pending_submission(other)
    login(client, mine.teachers.first())
    assert client.get(reverse("admin:courses_kpisubmission_change", args=[foreign.pk])).status_code == 404
    assert client.get(reverse("courses:submission_file", args=[foreign.pk])).status_code == 404
    foreign_enrolment = foreign.enrolment
    assert client.get(reverse("admin:courses_enrolment_change", args=[foreign_enrolment.pk])).status_code == 404
    assert client.get(reverse("admin:courses_cohort_change", args=[other.pk])).status_code == 404
    assert client.get(reverse("admin:courses_cohort_close_level", args=[other.pk])).status_code == 404


def test_teacher_cannot_review_outside_their_cohorts_even_by_post(client, two_cohorts):
    mine, other = two_cohorts
    foreign = pending_submission(other)
    login(client, mine.teachers.first())
    response = client.post(
        reverse("admin:courses_kpisubmission_change", args=[foreign.pk]), {"decision": "approve", "comment": ""}
    )
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == KpiSubmission.Status.PENDING


def test_teacher_approves_in_the_admin_and_the_student_sees_the_comment(client, two_cohorts):
    mine, _ = two_cohorts
    submission = pending_submission(mine)
    login(client, mine.teachers.first())
    response = client.post(
        reverse("admin:courses_kpisubmission_change", args=[submission.pk]),
        {"decision": "approve", "comment": "Clear and regional."},
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert (submission.status, submission.comment) == ("approved", "Clear and regional.")
    assert submission.reviewed_by == mine.teachers.first()


def test_returning_without_a_comment_is_refused(client, two_cohorts):
    mine, _ = two_cohorts
    submission = pending_submission(mine)
    login(client, mine.teachers.first())
    response = client.post(
        reverse("admin:courses_kpisubmission_change", args=[submission.pk]), {"decision": "return", "comment": ""}
    )
    assert response.status_code == 200
    assert "Say what needs rework" in response.content.decode()
    submission.refresh_from_db()
    assert submission.status == KpiSubmission.Status.PENDING


def test_bulk_approve_and_bulk_return_with_a_comment(client, two_cohorts):
    mine, _ = two_cohorts
    first, second = pending_submission(mine), pending_submission(mine)
    login(client, mine.teachers.first())
    url = reverse(CHANGELIST)
    client.post(url, {"action": "approve_selected", "_selected_action": [first.pk]})
    first.refresh_from_db()
    assert first.status == KpiSubmission.Status.APPROVED

    ask = client.post(url, {"action": "return_selected", "_selected_action": [second.pk]})
    assert ask.status_code == 200 and "Comment for the students" in ask.content.decode()
    second.refresh_from_db()
    assert second.status == KpiSubmission.Status.PENDING
    client.post(
        url, {"action": "return_selected", "_selected_action": [second.pk], "apply": "1", "comment": "Add your region."}
    )
    second.refresh_from_db()
    assert (second.status, second.comment) == ("returned", "Add your region.")


def test_teacher_answers_a_question_in_the_admin_and_the_student_is_emailed(
    client, two_cohorts, mailoutbox, django_capture_on_commit_callbacks
):
    mine, _ = two_cohorts
    enrolment = enrolled_student(mine)
    with django_capture_on_commit_callbacks(execute=True):
        question = services.ask_question(
            enrolment=enrolment, student=enrolment.student, subject="Share size", body="How big should a share be?"
        )
    assert mailoutbox[-1].to == [mine.teachers.first().email]
    login(client, mine.teachers.first())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:courses_advicequestion_change", args=[question.pk]),
            {"answer": "Start from the capital the plan needs."},
        )
    assert response.status_code == 302
    assert AdviceReply.objects.get(question=question).body == "Start from the capital the plan needs."
    assert mailoutbox[-1].to == [enrolment.student.email]
    question.refresh_from_db()
    assert question.status == "answered"


def test_teacher_closes_a_cohort_level_in_the_admin_recording_who_is_held_back(client):
    cohort = CohortFactory(teachers=[teacher()])
    a, b = at_level(cohort, "associates"), at_level(cohort, "associates")
    login(client, cohort.teachers.first())
    url = reverse("admin:courses_cohort_close_level", args=[cohort.pk])
    page = client.get(url, {"level": level("associates").pk})
    assert page.status_code == 200 and str(a.student) in page.content.decode()
    refused = client.post(url, {"level": level("associates").pk, f"reason_{a.pk}": "Absent."})
    assert refused.status_code == 200  # b has no reason
    assert not LevelProgress.objects.filter(status=LevelProgress.Status.HELD_BACK).exists()
    done = client.post(
        url, {"level": level("associates").pk, f"reason_{a.pk}": "Absent.", f"reason_{b.pk}": "No trial yet."}
    )
    assert done.status_code == 302
    assert set(
        LevelProgress.objects.filter(level=level("associates"), status="held_back").values_list(
            "held_back_reason", flat=True
        )
    ) == {"Absent.", "No trial yet."}


def test_teacher_accepts_a_join_request_in_the_admin(client):
    cohort = CohortFactory(teachers=[teacher()], open_for_requests=True)
    user = student()
    request = services.request_to_join(cohort=cohort, student=user)
    login(client, cohort.teachers.first())
    client.post(
        reverse("admin:courses_enrolment_changelist"), {"action": "accept_requests", "_selected_action": [request.pk]}
    )
    request.refresh_from_db()
    assert request.status == Enrolment.Status.ACTIVE


def test_teacher_enrols_a_student_who_asked_to_join_through_the_admin_add_form(client):
    cohort = CohortFactory(teachers=[teacher()], open_for_requests=True)
    user = student()
    services.request_to_join(cohort=cohort, student=user)
    login(client, cohort.teachers.first())
    response = client.post(reverse("admin:courses_enrolment_add"), {"cohort": cohort.pk, "student": user.pk})
    assert response.status_code == 302
    assert Enrolment.objects.get(student=user).status == Enrolment.Status.ACTIVE


def test_teacher_add_enrolment_form_offers_only_students_who_asked_to_join_their_cohorts(client, two_cohorts):
    mine, other = two_cohorts
    mine.open_for_requests = other.open_for_requests = True
    mine.save()
    other.save()
    asked_mine, asked_other, never_asked = student(), student(), student()
    services.request_to_join(cohort=mine, student=asked_mine)
    services.request_to_join(cohort=other, student=asked_other)
    login(client, mine.teachers.first())
    offered = client.get(reverse("admin:courses_enrolment_add")).context["adminform"].form.fields["student"]
    assert list(offered.queryset) == [asked_mine]
    response = client.post(reverse("admin:courses_enrolment_add"), {"cohort": mine.pk, "student": never_asked.pk})
    assert response.status_code == 200 and "successfully" not in response.content.decode()
    assert not Enrolment.objects.filter(student=never_asked).exists()


def test_teacher_cannot_enrol_a_student_who_never_asked_to_join():
    cohort = CohortFactory(teachers=[teacher()])
    user = student()
    with pytest.raises(NotAllowed, match="has not asked to join"):
        services.enrol_student(cohort=cohort, student=user, actor=cohort.teachers.first())
    assert not Enrolment.objects.filter(student=user).exists()


def test_association_admin_enrols_any_student():
    cohort = CohortFactory(teachers=[teacher()])
    enrolment = services.enrol_student(cohort=cohort, student=student(), actor=association_admin())
    assert enrolment.status == Enrolment.Status.ACTIVE


def test_a_refused_join_request_decision_shows_only_the_refusal(client):
    cohort = CohortFactory(teachers=[teacher()], open_for_requests=True)
    first, second = CohortFactory(teachers=[teacher()]), student()
    request = services.request_to_join(cohort=cohort, student=second)
    enrolled_student(first, user=second)  # now studying elsewhere: accepting is refused
    login(client, cohort.teachers.first())
    response = client.post(
        reverse("admin:courses_enrolment_changelist"),
        {"action": "accept_requests", "_selected_action": [request.pk]},
        follow=True,
    )
    shown = [str(m) for m in response.context["messages"]]
    assert len(shown) == 1 and "already studying this course" in shown[0]
    request.refresh_from_db()
    assert request.status == Enrolment.Status.REQUESTED


def test_a_refused_admin_enrolment_shows_the_refusal_on_the_form_and_stores_nothing(client):
    cohort = CohortFactory(teachers=[teacher()])
    enrolment = enrolled_student(cohort)
    client.force_login(superuser())  # an admin is offered every student, so the service refuses
    response = client.post(
        reverse("admin:courses_enrolment_add"), {"cohort": cohort.pk, "student": enrolment.student.pk}
    )
    assert response.status_code == 200  # the form again, not a redirect
    page = response.content.decode()
    assert escape(f"{enrolment.student} is already in this cohort.") in page
    assert "successfully" not in page
    assert Enrolment.objects.filter(student=enrolment.student).count() == 1


def test_review_queue_runs_the_same_queries_with_1_and_50_submissions(client, django_assert_max_num_queries):
    cohort = CohortFactory(teachers=[teacher()])
    pending_submission(cohort)
    login(client, cohort.teachers.first())
    # Session (none when Redis caches it), user, the user's groups with MFA state (role check), the user's
    # and the groups' permissions, the cohort filter's cohorts, the level filter's levels, the count, the
    # page of submissions with student, cohort, level, deadline and level status; 9 at most.
    with django_assert_max_num_queries(9) as one:
        response = client.get(reverse(CHANGELIST))
    assert response.context["cl"].result_count == 1
    for _ in range(49):
        pending_submission(cohort)
    with django_assert_max_num_queries(9) as fifty:
        response = client.get(reverse(CHANGELIST))
    assert response.context["cl"].result_count == 50
    assert len(fifty.captured_queries) == len(one.captured_queries)


def test_review_page_shows_the_students_previous_submissions(client, two_cohorts):
    mine, _ = two_cohorts
    first = pending_submission(mine, "First version")
    services.review_submission(
        submission=first, reviewer=mine.teachers.first(), approve=False, comment="Name your region."
    )
    second = services.submit_kpi_document(
        enrolment=first.enrolment, requirement=first.requirement, student=first.enrolment.student, text="Second"
    )
    login(client, mine.teachers.first())
    page = client.get(reverse("admin:courses_kpisubmission_change", args=[second.pk])).content.decode()
    assert "Previous submissions of this student" in page
    assert "Name your region." in page
    assert "Returned for rework" in page


@pytest.mark.parametrize(
    "changelist", ["admin:courses_enrolment_changelist", "admin:courses_advicequestion_changelist"]
)
def test_enrolments_and_questions_lists_run_the_same_queries_with_1_and_50_students(
    client, django_assert_max_num_queries, changelist
):
    cohort = CohortFactory(teachers=[teacher()])

    def add_student():
        enrolment = enrolled_student(cohort, theory=False)
        services.ask_question(enrolment=enrolment, student=enrolment.student, subject="Fees", body="When?")

    add_student()
    login(client, cohort.teachers.first())
    # Queries: session, user, groups, permissions, the filters' choices (cohorts, levels), the counts and
    # the page with student, cohort and level joined (overdue annotated for enrolments); 12 at most.
    with django_assert_max_num_queries(12) as one:
        assert client.get(reverse(changelist)).status_code == 200
    for _ in range(49):
        add_student()
    with django_assert_max_num_queries(12) as fifty:
        response = client.get(reverse(changelist))
    assert response.context["cl"].result_count == 50
    assert len(fifty.captured_queries) == len(one.captured_queries)


def test_every_course_admin_page_opens_for_an_admin_and_a_teacher(client, two_cohorts):
    from django.contrib import admin as django_admin

    from coopportal.users.roles import Role
    from coopportal.users.services import ensure_totp_secret
    from tests.factories import UserFactory

    mine, _ = two_cohorts
    submission = pending_submission(mine)
    services.ask_question(enrolment=submission.enrolment, student=submission.enrolment.student, subject="S", body="B")
    admin_user = UserFactory(roles=[Role.ASSOCIATION_ADMIN], is_staff=True, is_superuser=True)
    ensure_totp_secret(admin_user)
    models = [m for m in django_admin.site._registry if m._meta.app_label == "courses"]
    for user in (admin_user, mine.teachers.first()):
        client.force_login(user)
        for model in models:
            name = f"admin:courses_{model._meta.model_name}"
            listing = client.get(reverse(f"{name}_changelist"))
            if not user.has_perm(f"courses.view_{model._meta.model_name}"):
                assert listing.status_code == 403, (user, name)  # e.g. quiz answers stay with the admins
                continue
            assert listing.status_code == 200, (user, name)
            first = listing.context["cl"].result_list[:1]
            if first:
                assert client.get(reverse(f"{name}_change", args=[first[0].pk])).status_code == 200, (user, name)
    assert client.get(reverse("admin:courses_cohort_close_level", args=[mine.pk])).status_code == 200


def test_a_submission_is_overdue_when_the_level_deadline_passed_and_the_student_has_not_passed_the_level(client):
    cohort = CohortFactory(teachers=[teacher()])
    passed = at_level(cohort, "associates")  # passed the first level, its documents approved
    waiting = pending_submission(cohort)
    CohortLevelDeadline.objects.create(
        cohort=cohort, level=level("private"), due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    login(client, cohort.teachers.first())
    overdue = client.get(reverse(CHANGELIST), {"overdue": "yes"}).context["cl"].result_list
    assert list(overdue) == [waiting]
    on_time = client.get(reverse(CHANGELIST), {"overdue": "no"}).context["cl"].result_list
    assert {s.enrolment_id for s in on_time} == {passed.pk}


@pytest.mark.parametrize(
    "path, query",
    [
        ("admin:courses_enrolment_changelist", {"cohort": "1"}),
        ("admin:courses_enrolment_changelist", {"cohort": "x"}),
        ("admin:courses_enrolment_changelist", {"cohort": "²³"}),
        ("admin:courses_enrolment_changelist", {"cohort": str(2**70)}),
        ("admin:courses_kpisubmission_changelist", {"level": "abc", "cohort": "-1"}),
        ("admin:courses_presentation_changelist", {"cohort": "١"}),
        ("admin:courses_subscriber_changelist", {"presentation": "1 OR 1=1"}),
        ("admin:courses_advicequestion_changelist", {"cohort": "0x1"}),
    ],
)
def test_admin_filters_ignore_values_that_are_not_ids(client, path, query):
    cohort = CohortFactory(teachers=[teacher()])
    enrolled_student(cohort)
    client.force_login(superuser())
    response = client.get(reverse(path), query)
    assert response.status_code == 200


def test_enrolment_cohort_filter_lists_that_cohorts_enrolments(client, two_cohorts):
    mine, other = two_cohorts
    own, _other = enrolled_student(mine), enrolled_student(other)
    login(client, mine.teachers.first())
    response = client.get(reverse("admin:courses_enrolment_changelist"), {"cohort": mine.pk})
    assert list(response.context["cl"].queryset) == [own]
