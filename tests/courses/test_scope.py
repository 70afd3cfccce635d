"""Personas: the owner, a classmate, an outsider, the cohort's teacher, another teacher, an admin."""

import pytest
from django.urls import reverse

from coopportal.users.roles import Role
from coopportal.users.services import ensure_totp_secret
from courses import services
from tests.courses.factories import CohortFactory, enrolled_student, level, pdf_upload, student, teacher
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    cohort = CohortFactory(teachers=[teacher()])
    owner = enrolled_student(cohort)
    classmate = enrolled_student(cohort)
    submission = services.submit_kpi_document(
        enrolment=owner, requirement=level("private").requirements.first(), student=owner.student, upload=pdf_upload()
    )
    question = services.ask_question(enrolment=owner, student=owner.student, subject="Charter", body="Which model?")
    admin = UserFactory(roles=[Role.ASSOCIATION_ADMIN], is_staff=True, is_superuser=True)
    ensure_totp_secret(admin)  # admins must have MFA before any page opens
    return {
        "cohort": cohort,
        "owner": owner.student,
        "classmate": classmate.student,
        "outsider": student(),
        "teacher": cohort.teachers.first(),
        "other_teacher": teacher(),
        "admin": admin,
        "submission": submission,
        "question": question,
    }


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("owner", 200),
        ("teacher", 200),
        ("admin", 200),
        ("classmate", 404),
        ("outsider", 404),
        ("other_teacher", 404),
    ],
)
def test_document_download_is_for_the_student_the_cohorts_teachers_and_admins(client, world, persona, status):
    client.force_login(world[persona])
    response = client.get(reverse("courses:submission_file", args=[world["submission"].pk]))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("persona", "status"),
    [("owner", 200), ("teacher", 200), ("classmate", 404), ("outsider", 404), ("other_teacher", 404)],
)
def test_question_thread_is_for_the_student_and_the_cohorts_teachers(client, world, persona, status):
    client.force_login(world[persona])
    assert client.get(reverse("courses:question", args=[world["question"].pk])).status_code == status


def test_outsider_cannot_write_in_a_question_thread(client, world):
    client.force_login(world["outsider"])
    response = client.post(reverse("courses:question", args=[world["question"].pk]), {"body": "Hello"})
    assert response.status_code == 404
    assert not world["question"].replies.exists()


def test_other_teacher_sees_nothing_of_the_cohort_in_the_admin(client, world):
    client.force_login(world["other_teacher"])
    for name in ("kpisubmission", "advicequestion", "enrolment", "cohort", "quizattempt", "presentation"):
        response = client.get(reverse(f"admin:courses_{name}_changelist"))
        assert response.status_code == 200
        assert response.context["cl"].result_count == 0, name
    response = client.get(reverse("admin:courses_advicequestion_change", args=[world["question"].pk]))
    assert response.status_code == 404


def test_a_student_cannot_open_the_admin(client, world):
    client.force_login(world["owner"])
    response = client.get(reverse("admin:courses_kpisubmission_changelist"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_teacher_pages_are_not_student_pages(client, world):
    client.force_login(world["other_teacher"])
    assert client.get(reverse("courses:dashboard")).status_code == 403
