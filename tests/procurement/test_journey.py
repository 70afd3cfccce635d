"""Done when: an officer files a tour with its documents in the browser, the three seats sign,
HQ sees it in the national report and exports it."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from coopportal.identity import with_check_digit
from coopportal.users.totp import unused_totp_code
from procurement.models import Program
from tests.procurement.factories import allocate, fund, hq, officer, ptype, seats, year

pytestmark = pytest.mark.django_db


def upload(label: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("scan.pdf", f"%PDF-1.4\n% {label}\n%%EOF\n".encode(), content_type="application/pdf")


def test_officer_files_a_tour_seats_sign_and_hq_exports_it(client, login):
    allocate(500_000_000)
    filer = officer()
    signers = seats()
    boss = hq()
    start = year().start + datetime.timedelta(days=45)

    login(filer)
    response = client.post(
        reverse("procurement:contractors"), {"name": "Safar Coop Tours", "registration_number": "۴۴۵۵"}
    )
    contractor_url = response["Location"]
    client.post(contractor_url, {"title": "Registration certificate", "file": upload("registration")})
    response = client.post(
        reverse("procurement:program_create"),
        {
            "program_type": ptype("tour").pk,
            "fund": fund().pk,
            "year": year().pk,
            "title": "Tour to the Varamin dairy cooperative",
            "start_date": start.isoformat(),
            "end_date": start.isoformat(),
            "place": "Varamin",
            "executor": filer.region.contractors.get().pk,
            "planned_cost": "۸٬۰۰۰٬۰۰۰",
            "headcount": "12",
            "units": "1",
            "weekly_consultation_hours": "0",
            "seminars_recorded": "0",
            "printed_copies": "0",
        },
    )
    program = Program.objects.get(title="Tour to the Varamin dairy cooperative")
    assert response["Location"] == reverse("procurement:program", args=[program.pk])
    assert program.planned_cost == 8_000_000

    for i in range(12):
        client.post(
            reverse("procurement:participant_add", args=[program.pk]),
            {
                "full_name": f"Visitor {i}",
                "national_id": with_check_digit(f"01{i:07d}"),
                "phone": "",
                "signature": upload(f"sig {i}"),
            },
        )
    client.post(
        reverse("procurement:host_add", args=[program.pk]), {"name": "Varamin Dairy Coop", "registration_number": "881"}
    )
    client.post(
        reverse("procurement:line_add", args=[program.pk]),
        {
            "item": program.program_type.service_items.get(code="item-3").pk,
            "amount": "3,500,000",
            "vendor": "Tehran Bus Co",
            "invoice_number": "B-17",
            "invoice_date": start.isoformat(),
            "file": upload("invoice"),
        },
    )
    page = client.get(reverse("procurement:program", args=[program.pk])).content.decode()
    assert "documents are missing before submission" in page
    for requirement in program.program_type.required_documents.filter(stage="submission"):
        client.post(
            reverse("procurement:document_add", args=[program.pk]),
            {"requirement": requirement.pk, "file": upload(requirement.code)},
        )
    client.post(reverse("procurement:program_submit", args=[program.pk]))
    program.refresh_from_db()
    assert program.state == Program.State.SIGN_OFF, [str(m) for m in client.get("/").context["messages"]]

    for seat in signers:
        login(seat)
        with unused_totp_code(seat) as code:
            response = client.post(reverse("procurement:program_sign", args=[program.pk]), {"code": code})
        assert response.status_code == 302
    program.refresh_from_db()
    assert program.state == Program.State.APPROVED

    login(boss)
    report = client.get(reverse("procurement:national"), {"year": year().pk}).content.decode()
    assert "Tour to the Varamin dairy cooperative" in report
    assert "8,000,000" in report
    response = client.get(reverse("procurement:national_export", args=["programs", "xlsx"]), {"year": year().pk})
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    exported = next(row for row in rows if row[4] == "Tour to the Varamin dairy cooperative")
    assert exported[1] == "Tehran" and exported[7] == 12 and exported[8] == 8_000_000 and exported[10] == "Approved"
