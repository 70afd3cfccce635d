"""Certificates: the PDF's content, downloads by their owner only, revocation, public verification."""

import pytest
from django.conf import settings
from django.urls import reverse
from pypdf import PdfReader

from accreditation.exceptions import CertificateRefused
from accreditation.models import Certificate, Document
from accreditation.services.certificates import issue_completion_certificate, revoke_certificate, set_registry_listing
from coopportal.audit.models import AuditEntry
from coopportal.users.roles import Role
from tests.accreditation.factories import association_admin
from tests.accreditation.factories import course as the_course
from tests.factories import UserFactory, region

pytestmark = pytest.mark.django_db


def _issue(full_name="Aigerim Demo-Student", **kwargs):
    holder = UserFactory(roles=[Role.STUDENT], full_name=full_name, region=region("kz-almaty"))
    return issue_completion_certificate(holder=holder, course=the_course(), issued_by=None, **kwargs)


def test_certificate_pdf_holds_name_number_and_verification_link(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        certificate = _issue(full_name="زهرا احمدی")
    document = Document.objects.get(subject_id=certificate.pk, kind=Document.Kind.COMPLETION_CERTIFICATE)
    assert document.state == Document.State.READY
    with document.file.open("rb") as handle:
        text = PdfReader(handle).pages[0].extract_text()
    assert "زهرا احمدی" in text
    assert certificate.number in text
    assert f"{settings.SITE_URL}/verify/{certificate.verification_code}/" in text


def test_certificate_numbers_and_codes_are_unique_and_unguessable():
    first, second = _issue(), _issue()
    assert first.number != second.number
    assert first.number.startswith("CC-") and first.number.endswith("00001")
    assert len(first.verification_code) == 20 and first.verification_code != second.verification_code


def test_issuing_is_audited():
    certificate = _issue()
    assert AuditEntry.objects.filter(action="accreditation.certificate_issued", target_id=str(certificate.pk)).exists()


def test_owner_downloads_own_certificate_and_nobody_else_does(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        certificate = _issue()
    document = Document.objects.get(subject_id=certificate.pk, kind=Document.Kind.COMPLETION_CERTIFICATE)
    url = reverse("accreditation:document_download", args=[document.pk])
    client.force_login(certificate.holder)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    classmate = UserFactory(roles=[Role.STUDENT])
    client.force_login(classmate)
    assert client.get(url).status_code == 404
    assert client.get(reverse("accreditation:document_state", args=[document.pk])).status_code == 404


def test_a_revoked_certificate_cannot_be_downloaded(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        certificate = _issue()
    revoke_certificate(certificate=certificate, revoked_by=association_admin(), reason="Issued by mistake")
    document = Document.objects.get(subject_id=certificate.pk, kind=Document.Kind.COMPLETION_CERTIFICATE)
    client.force_login(certificate.holder)
    assert client.get(reverse("accreditation:document_download", args=[document.pk])).status_code == 403


def test_pending_document_state_is_shown_to_its_owner(client):
    certificate = _issue()  # on-commit callbacks not run: the PDF is still pending
    client.force_login(certificate.holder)
    page = client.get(reverse("accreditation:my_documents")).content.decode()
    assert certificate.number in page
    assert "being made" in page
    assert "hx-trigger" in page


def test_revocation_needs_a_reason_and_happens_once():
    certificate = _issue()
    with pytest.raises(CertificateRefused):
        revoke_certificate(certificate=certificate, revoked_by=association_admin(), reason="   ")
    revoke_certificate(certificate=certificate, revoked_by=association_admin(), reason="Fraudulent KPI evidence")
    with pytest.raises(CertificateRefused):
        revoke_certificate(certificate=certificate, revoked_by=association_admin(), reason="Again")
    assert AuditEntry.objects.filter(action="accreditation.certificate_revoked").count() == 1


def test_admin_revokes_in_the_admin_and_the_verify_page_shows_it_at_once(client):
    certificate = _issue()
    from coopportal.users.services import ensure_totp_secret

    admin = UserFactory(roles=[Role.ASSOCIATION_ADMIN], is_staff=True, is_superuser=True)
    ensure_totp_secret(admin)
    verify_url = reverse("verify", args=[certificate.verification_code])
    assert "Valid" in client.get(verify_url).content.decode()
    client.force_login(admin)
    url = reverse("admin:accreditation_certificate_change", args=[certificate.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"revoke": "1", "reason": "Holder was not the presenter"}).status_code == 302
    client.logout()
    page = client.get(verify_url).content.decode()
    assert "Revoked" in page
    assert "Holder was not the presenter" in page


# --- Public verification ---------------------------------------------------------------------


def test_verify_page_shows_a_valid_certificate_in_at_most_3_queries(client, django_assert_max_num_queries):
    certificate = _issue(full_name="Әлихан Нұрғали")
    _issue()
    # Queries: the certificate with its region and specialty (1); an anonymous visitor loads no session.
    with django_assert_max_num_queries(3):
        response = client.get(reverse("verify", args=[certificate.verification_code]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Valid" in page and "Әлихан Нұрғали" in page and certificate.number in page
    assert settings.ACCREDITATION_ISSUER in page


def test_verify_page_shows_every_change_to_the_certificate_on_the_next_visit(client, django_assert_num_queries):
    certificate = _issue(full_name="Certificate Holder")
    url = reverse("verify", args=[certificate.verification_code])
    # Queries: the certificate with its region and specialty.
    with django_assert_num_queries(1):
        assert "Certificate Holder" in client.get(url).content.decode()
    certificate.holder_name = "Renamed Holder"
    certificate.save(update_fields=["holder_name"])
    assert "Renamed Holder" in client.get(url).content.decode()
    revoke_certificate(certificate=certificate, revoked_by=association_admin(), reason="Issued in error")
    assert "Issued in error" in client.get(url, headers={"accept-language": "ru"}).content.decode()


def test_verify_page_stays_within_3_queries_with_many_certificates(client, django_assert_max_num_queries):
    certificates = [_issue() for _ in range(8)]
    with django_assert_max_num_queries(3):
        assert client.get(reverse("verify", args=[certificates[-1].verification_code])).status_code == 200


def test_verify_page_shows_revocation_date_and_reason(client):
    certificate = revoke_certificate(
        certificate=_issue(), revoked_by=association_admin(), reason="KPI evidence was forged"
    )
    page = client.get(reverse("verify", args=[certificate.verification_code])).content.decode()
    assert "Revoked" in page and "KPI evidence was forged" in page
    assert "Valid" not in page


@pytest.mark.parametrize(
    "code", ["ZZZZZZZZZZZZZZZZZZZZ", "short", "%3Cscript%3Ealert(1)%3C%5Cscript%3E", "a" * 300, "0O1IL", "%00"]
)
def test_unknown_forged_or_malformed_codes_get_a_clear_404(client, code):
    _issue()
    response = client.get(f"/verify/{code}/")
    assert response.status_code == 404
    assert "No certificate has this verification code" in response.content.decode()


def test_lookup_by_code_or_by_number_with_surname_redirects_to_the_certificate(client):
    certificate = _issue()
    by_number = client.get(reverse("verify_lookup"), {"q": certificate.number.lower(), "surname": "demo-student"})
    assert by_number.url == reverse("verify", args=[certificate.verification_code])
    by_code = client.get(reverse("verify_lookup"), {"q": f" {certificate.verification_code.lower()} "})
    assert by_code.url == reverse("verify", args=[certificate.verification_code])
    unknown = client.get(reverse("verify_lookup"), {"q": "CC-1999-00001", "surname": "Demo-Student"})
    assert unknown.status_code == 200 and "No certificate matches what you typed" in unknown.content.decode()


def test_home_page_links_to_verification(client):
    page = client.get(reverse("home")).content.decode()
    assert reverse("verify_lookup") in page


# --- Registry -------------------------------------------------------------------------------------


def _specialty_certificate(name, region_code, specialty_code, listed=True):
    from accreditation.models import Specialty

    holder = UserFactory(roles=[Role.STUDENT], full_name=name, region=region(region_code))
    certificate = Certificate.objects.create(
        kind=Certificate.Kind.SPECIALTY,
        number=f"SC-2026-{Certificate.objects.count() + 1:05d}",
        holder=holder,
        holder_name=name,
        title="x",
        region=holder.region,
        specialty=Specialty.objects.get(code=specialty_code),
        issued_on="2026-05-01",
        issuer="NAC",
    )
    if listed:
        set_registry_listing(certificate=certificate, holder=holder, listed=True)
    return certificate


def test_registry_lists_only_consenting_specialists_and_searches(client):
    _specialty_certificate("Aigerim Agent", "kz-almaty", "agent")
    _specialty_certificate("Berik Chairman", "kz-astana", "chairman")
    _specialty_certificate("Hidden Person", "kz-almaty", "agent", listed=False)
    page = client.get(reverse("specialist_registry")).content.decode()
    assert "Aigerim Agent" in page and "Berik Chairman" in page and "Hidden Person" not in page
    page = client.get(reverse("specialist_registry"), {"region": "kz-astana"}).content.decode()
    assert "Berik Chairman" in page and "Aigerim Agent" not in page
    page = client.get(reverse("specialist_registry"), {"specialty": "agent", "name": "aig"}).content.decode()
    assert "Aigerim Agent" in page and "Berik Chairman" not in page


def test_registry_is_paginated_with_bounded_queries(client, django_assert_max_num_queries):
    for i in range(30):
        _specialty_certificate(f"Specialist {i:02d}", "kz-almaty", "supplier")
    # Queries: count, page rows with region and specialty, regions and specialties for the form (4).
    with django_assert_max_num_queries(5):
        first = client.get(reverse("specialist_registry")).content.decode()
    assert "Specialist 00" in first and "Specialist 29" not in first
    second = client.get(reverse("specialist_registry"), {"page": 2}).content.decode()
    assert "Specialist 29" in second


def test_only_the_holder_can_list_a_specialty_certificate():
    certificate = _specialty_certificate("Dana Supplier", "kz-almaty", "supplier", listed=False)
    with pytest.raises(CertificateRefused):
        set_registry_listing(certificate=certificate, holder=UserFactory(), listed=True)


def test_the_qr_code_in_the_pdf_encodes_the_verification_url(django_capture_on_commit_callbacks):
    import segno

    with django_capture_on_commit_callbacks(execute=True):
        certificate = _issue()
    document = Document.objects.get(subject_id=certificate.pk, kind=Document.Kind.COMPLETION_CERTIFICATE)
    with document.file.open("rb") as handle:
        (embedded,) = PdfReader(handle).pages[0].images
    image = embedded.image.convert("L")
    # One pixel per module and a 2-module quiet zone: read the modules back and compare them with a fresh
    # encoding of the verification URL (same error level and mask).
    expected = segno.make(certificate.verification_url(), error="m", micro=False, mask=2).matrix
    size = len(expected)
    assert image.size == (size + 4, size + 4)
    modules = [[image.getpixel((x + 2, y + 2)) < 128 for x in range(size)] for y in range(size)]
    assert modules == [[bool(bit) for bit in row] for row in expected]
