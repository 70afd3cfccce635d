"""Bad input on KPI documents and trial presentations: a clear refusal and nothing stored."""

import pytest
from django.db import IntegrityError, transaction
from django.test import override_settings

from courses import services
from courses.exceptions import EnrolmentConflict, InvalidSubmission, LevelLocked, NotAllowed
from courses.models import Enrolment, KpiSubmission
from tests.courses.factories import (
    PNG_BYTES,
    CohortFactory,
    association_admin,
    at_level,
    enrolled_student,
    level,
    pdf_upload,
    student,
    teacher,
    trial,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrolment():
    return enrolled_student(CohortFactory(teachers=[teacher()]))


def requirement():
    return level("private").requirements.first()


def submit(enrolment, **kwargs):
    return services.submit_kpi_document(
        enrolment=enrolment, requirement=requirement(), student=enrolment.student, **kwargs
    )


def test_empty_submission_is_refused(enrolment):
    with pytest.raises(InvalidSubmission, match="Write the text or attach a file"):
        submit(enrolment, text="   ")
    assert not KpiSubmission.objects.exists()


def test_empty_file_is_refused(enrolment):
    with pytest.raises(InvalidSubmission, match="empty"):
        submit(enrolment, upload=pdf_upload(content=b""))
    assert not KpiSubmission.objects.exists()


@override_settings(MAX_UPLOAD_BYTES=1024)
def test_oversized_file_is_refused(enrolment):
    with pytest.raises(InvalidSubmission, match="limit"):
        submit(enrolment, upload=pdf_upload(content=b"%PDF-1.4\n" + b"0" * 2000))
    assert not KpiSubmission.objects.exists()


def test_exe_renamed_pdf_is_refused(enrolment):
    with pytest.raises(InvalidSubmission, match="not an accepted type"):
        submit(enrolment, upload=pdf_upload("plan.pdf", b"MZ\x90\x00\x03" + b"\x00" * 300))
    assert not KpiSubmission.objects.exists()


def test_png_is_accepted_and_stored_under_its_real_type(enrolment):
    submission = submit(enrolment, upload=pdf_upload("scan.pdf", PNG_BYTES))
    assert submission.file.name.endswith(".png")
    assert submission.file_name == "scan.pdf"


def test_a_second_version_waits_until_the_first_is_reviewed(enrolment):
    first = submit(enrolment, text="v1")
    with pytest.raises(InvalidSubmission, match="still waiting"):
        submit(enrolment, text="v2")
    services.review_submission(
        submission=first, reviewer=enrolment.cohort.teachers.first(), approve=False, comment="Shorter, please."
    )
    submit(enrolment, text="v2")
    assert KpiSubmission.objects.filter(enrolment=enrolment).count() == 2


def test_submitting_to_a_locked_level_is_refused(enrolment):
    with pytest.raises(LevelLocked):
        services.submit_kpi_document(
            enrolment=enrolment,
            requirement=level("close").requirements.filter(kind="document").first(),
            student=enrolment.student,
            text="Too early",
        )
    assert not KpiSubmission.objects.exists()


def test_a_student_cannot_submit_for_someone_else(enrolment):
    with pytest.raises(NotAllowed):
        services.submit_kpi_document(enrolment=enrolment, requirement=requirement(), student=student(), text="x")


def test_teacher_of_another_cohort_cannot_review(enrolment):
    submission = submit(enrolment, text="v1")
    with pytest.raises(NotAllowed):
        services.review_submission(submission=submission, reviewer=teacher(), approve=True)
    submission.refresh_from_db()
    assert submission.status == KpiSubmission.Status.PENDING


def test_a_student_cannot_vote_on_their_own_presentation():
    cohort = CohortFactory(teachers=[teacher()])
    presenter, classmate = at_level(cohort, "associates"), at_level(cohort, "associates")
    presentation = trial(presenter, attended_by=[classmate])
    with pytest.raises(NotAllowed, match="own presentation"):
        services.cast_peer_vote(presentation=presentation, voter=presenter.student, vote="approve")
    with pytest.raises(NotAllowed, match="attended"):
        services.cast_peer_vote(presentation=presentation, voter=student(), vote="approve")
    assert not presentation.attendees.exclude(vote="pending").exists()


def test_one_active_cohort_per_course_per_student():
    user = student()
    first, second = CohortFactory(teachers=[teacher()]), CohortFactory(teachers=[teacher()])
    enrolled_student(first, user=user)
    with pytest.raises(EnrolmentConflict):
        services.enrol_student(cohort=second, student=user, actor=association_admin())
    # The database refuses it too, whatever the code path.
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.create(cohort=second, course=second.course, student=user, status="active")
    assert Enrolment.objects.filter(student=user, status="active").count() == 1


def test_join_request_needs_an_open_cohort_and_a_teacher_to_accept():
    closed = CohortFactory(teachers=[teacher()], open_for_requests=False)
    with pytest.raises(EnrolmentConflict):
        services.request_to_join(cohort=closed, student=student())
    cohort = CohortFactory(teachers=[teacher()], open_for_requests=True)
    request = services.request_to_join(cohort=cohort, student=student())
    assert request.status == Enrolment.Status.REQUESTED
    with pytest.raises(NotAllowed):
        services.accept_join_request(enrolment=request, actor=teacher())
    services.accept_join_request(enrolment=request, actor=cohort.teachers.first())
    request.refresh_from_db()
    assert request.status == Enrolment.Status.ACTIVE
