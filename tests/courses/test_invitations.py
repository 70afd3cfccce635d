"""Invitee lists: added by hand or imported from CSV (all rows or none), carried from familiar into teamwork."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from courses import selectors, services
from courses.exceptions import InvalidSubmission, InvitationImportError, NotAllowed
from courses.models import Invitee
from courses.services.progress import open_level
from tests.courses.factories import CohortFactory, level, student_at, teacher

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort():
    return CohortFactory(teachers=[teacher()])


def csv_file(text: str):
    return SimpleUploadedFile("invitees.csv", text.encode(), content_type="text/csv")


def test_a_csv_import_stores_every_row_normalised(cohort):
    enrolment = student_at(cohort, "familiar")
    count = services.import_invitees(
        enrolment=enrolment,
        student=enrolment.student,
        for_level=level("teamwork"),
        csv_file=csv_file(
            "name,contact,channel,status\nAsel,8 701 123 45 67,call,invited\nBolat,B@Example.org,social\n"
        ),
    )
    assert count == 2
    rows = {i.name: i for i in Invitee.objects.all()}
    assert rows["Asel"].contact == "+77011234567" and rows["Asel"].status == "invited"
    assert rows["Bolat"].contact == "b@example.org" and rows["Bolat"].status == "planned"


def test_a_csv_with_bad_rows_stores_nothing_and_names_each_bad_row(cohort):
    enrolment = student_at(cohort, "familiar")
    text = (
        "Asel,+77011234567,call\n"
        ",+77011234568,call\n"
        "Cyrus,123,call\n"
        "Dana,d@example.org,fax\n"
        "Asel again,+77011234567,call\n"
    )
    with pytest.raises(InvitationImportError) as caught:
        services.import_invitees(
            enrolment=enrolment, student=enrolment.student, for_level=level("teamwork"), csv_file=csv_file(text)
        )
    errors = caught.value.row_errors
    assert [e.split(":")[0] for e in errors] == ["Row 2", "Row 3", "Row 4", "Row 5"]
    assert "channel" in errors[2] and "already on the list" in errors[3]
    assert not Invitee.objects.exists()


def test_the_familiar_list_carries_into_teamwork_and_counts_invitations_there(cohort):
    enrolment = student_at(cohort, "familiar")
    services.add_invitee(
        enrolment=enrolment,
        student=enrolment.student,
        for_level=level("teamwork"),
        name="Asel",
        contact="+77011234567",
        channel="call",
        status="planned",
    )
    # The student reaches teamwork: the list made at familiar is there.
    open_level(enrolment=enrolment, level=level("teamwork"), actor=cohort.teachers.first(), reason="test")
    enrolment.refresh_from_db()
    lists = selectors.invitees(enrolment=enrolment, levels=[level("teamwork")])
    assert [i.name for i in lists[level("teamwork").pk]] == ["Asel"]
    report = selectors.level_report(enrolment=enrolment, level_code="teamwork")
    assert not next(k for k in report.kpis if k.kind == "invitations_sent").met
    services.set_invitee_status(invitee=Invitee.objects.get(), student=enrolment.student, status="invited")
    report = selectors.level_report(enrolment=enrolment, level_code="teamwork")
    assert next(k for k in report.kpis if k.kind == "invitations_sent").met


def test_invitees_are_only_for_the_current_or_next_level_and_only_by_the_student(cohort):
    enrolment = student_at(cohort, "familiar")
    with pytest.raises(InvalidSubmission):
        services.add_invitee(
            enrolment=enrolment,
            student=enrolment.student,
            for_level=level("exam"),
            name="A",
            contact="a@example.org",
            channel="call",
        )
    classmate = student_at(cohort, "familiar")
    with pytest.raises(NotAllowed):
        services.add_invitee(
            enrolment=enrolment,
            student=classmate.student,
            for_level=level("teamwork"),
            name="A",
            contact="a@example.org",
            channel="call",
        )
    with pytest.raises(InvalidSubmission, match="valid phone"):
        services.add_invitee(
            enrolment=enrolment,
            student=enrolment.student,
            for_level=level("teamwork"),
            name="A",
            contact="x",
            channel="call",
        )
    assert not Invitee.objects.exists()


def test_invitations_page_shows_row_errors_and_another_student_cannot_change_a_status(client, cohort):
    enrolment = student_at(cohort, "familiar")
    client.force_login(enrolment.student)
    response = client.post(
        reverse("courses:invitations"),
        {"import-for_level": level("teamwork").pk, "import-file": csv_file("Asel,123,call\n")},
    )
    assert response.status_code == 400
    assert "Row 1" in response.content.decode()
    invitee = services.add_invitee(
        enrolment=enrolment,
        student=enrolment.student,
        for_level=level("teamwork"),
        name="Asel",
        contact="+77011234567",
        channel="call",
    )
    client.force_login(student_at(cohort, "familiar").student)
    assert client.post(reverse("courses:invitee_status", args=[invitee.pk]), {"status": "invited"}).status_code == 404
    invitee.refresh_from_db()
    assert invitee.status == "planned"


def test_invitations_page_runs_the_same_queries_with_1_and_50_invitees(client, cohort, django_assert_max_num_queries):
    enrolment = student_at(cohort, "familiar")
    teamwork = level("teamwork")

    def add(n):
        services.add_invitee(
            enrolment=enrolment,
            student=enrolment.student,
            for_level=teamwork,
            name=f"Guest {n}",
            contact=f"guest{n}@example.org",
            channel="social",
        )

    add(0)
    client.force_login(enrolment.student)
    url = reverse("courses:invitations")
    # Queries: session (none with Redis), user, roles; the enrolment; the current and next level; the invitees;
    # the level choices the two forms render (3) — 10 at most.
    with django_assert_max_num_queries(10) as one:
        assert client.get(url).status_code == 200
    for n in range(1, 50):
        add(n)
    with django_assert_max_num_queries(10) as fifty:
        page = client.get(url)
    assert page.content.decode().count("guest") == 50
    assert len(fifty.captured_queries) == len(one.captured_queries)


def test_a_csv_with_a_nul_byte_is_refused_and_stores_nothing(cohort):
    enrolment = student_at(cohort, "familiar")
    with pytest.raises(InvalidSubmission, match="not a readable CSV"):
        services.import_invitees(
            enrolment=enrolment,
            student=enrolment.student,
            for_level=level("teamwork"),
            csv_file=csv_file("As\x00el,+77011234567,call\n"),
        )
    assert not Invitee.objects.exists()
