"""Participants imported from XLSX or CSV: a template, per-row errors with row numbers, all or nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from coopportal.identity import with_check_digit
from procurement.models import Participant
from tests.procurement.factories import new_program, officer

pytestmark = pytest.mark.django_db


def xlsx(rows) -> SimpleUploadedFile:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("list.xlsx", buffer.getvalue())


def csv_file(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("list.csv", ("\ufeff" + text).encode())


def post(client, program, upload):
    return client.post(reverse("procurement:participant_import", args=[program.pk]), {"file": upload})


def test_template_downloads_and_imports_back(login):
    filer = officer()
    program = new_program(filer, headcount=2)
    client = login(filer)
    template = client.get(reverse("procurement:participant_template", args=[program.pk]))
    workbook = load_workbook(io.BytesIO(template.content))
    sheet = workbook.active
    assert [c.value for c in sheet[1]] == ["Full name", "National ID", "Phone"]
    sheet.append(["First", "0012345679", ""])
    sheet.append(["Second", "", "09121234567"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = post(client, program, SimpleUploadedFile("t.xlsx", buffer.getvalue()))
    assert response.status_code == 302
    assert Participant.objects.filter(program=program).count() == 2


def test_one_wrong_row_imports_nothing_and_errors_name_their_rows(login):
    filer = officer()
    program = new_program(filer, headcount=3)
    upload = xlsx(
        [
            ["Full name", "National ID", "Phone"],
            ["Good", with_check_digit("123456789"), ""],
            ["Bad code", "0012345678", ""],
            ["", "", ""],  # blank rows are skipped
            ["No contact", "", ""],
            ["Twice", with_check_digit("123456789"), ""],
        ]
    )
    response = post(login(filer), program, upload)
    assert response.status_code == 200
    errors = " ".join(response.context["import_form"].non_field_errors())
    assert "Row 3:" in errors and "check digit" in errors
    assert "Row 5:" in errors and "national ID or a phone" in errors
    assert "Row 6:" in errors and "already on the list" in errors
    assert "Row 2:" not in errors
    assert not Participant.objects.filter(program=program).exists()


def test_csv_with_persian_headers_and_digits_imports():
    from django.utils import translation

    from procurement import services
    from procurement.participant_import import read_participants

    filer = officer()
    program = new_program(filer, headcount=1)
    with translation.override("fa"):
        from django.utils.translation import gettext

        header = ",".join(gettext(h) for h in ("Full name", "National ID", "Phone"))
        entries = read_participants(csv_file(f"{header}\nعلی,۰۰۱۲۳۴۵۶۷۹,\n"))
    services.import_participants(actor=filer, program=program, entries=entries)
    assert Participant.objects.get(program=program).national_id_key == "0012345679"


def test_spreadsheet_number_keeps_the_leading_zeros_of_a_national_id():
    from procurement.participant_import import read_participants

    entries = read_participants(xlsx([["Full name", "National ID", "Phone"], ["A", 12345679, 9121234567]]))
    assert entries == [(2, {"full_name": "A", "national_id": "0012345679", "phone": "09121234567"})]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"PK\x03\x04broken", "readable XLSX"),
        ("\ufeffname,phone\n".encode(), "name the columns"),
        (b"\xff\xfe\x00bad", "UTF-8"),
    ],
)
def test_unreadable_files_are_refused_with_a_message(content, message, login):
    filer = officer()
    program = new_program(filer)
    response = post(login(filer), program, SimpleUploadedFile("x.csv", content))
    assert response.status_code == 200
    assert message in " ".join(response.context["import_form"].errors.get("__all__", [])) or message in str(
        response.context["import_form"].errors
    )


def test_officer_of_another_province_cannot_import(login):
    program = new_program(officer("ir-tehran"))
    response = post(login(officer("ir-isfahan")), program, csv_file("Full name,National ID,Phone\nA,0012345679,\n"))
    assert response.status_code in (403, 404)
    assert not Participant.objects.exists()
