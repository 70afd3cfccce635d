"""Certificates as signed Open Badges 3.0 credentials that verify without the portal's code.

`SpecVerifier` below is a third party's verifier written from the specifications (did:web, VC-JOSE-COSE,
Bitstring Status List): it reads only what the portal publishes over HTTP and checks it with jwcrypto,
gzip and base64. It must not import the portal's signing or verifying modules.
"""

import base64
import datetime
import gzip
import json
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from jwcrypto import jwk, jws
from jwcrypto.common import JWException

from accreditation.models import Certificate, Credential, Document, StatusList
from accreditation.services import exams as exam_services
from accreditation.services.certificates import issue_completion_certificate, revoke_certificate
from accreditation.tasks import render_document
from coopportal.users.roles import Role
from tests.accreditation.factories import course as the_course
from tests.factories import UserFactory

from . import factories as f

pytestmark = pytest.mark.django_db

SITE = "https://portal.example.org:8443"


@pytest.fixture(autouse=True)
def _site_with_a_port(settings):
    settings.SITE_URL = SITE


# --- A verifier from the specifications ------------------------------------------------


def b64url(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


class SpecVerifier:
    """Resolves did:web, checks the compact JWS with the key its kid names, reads the status bit."""

    def __init__(self, client):
        self.client = client

    def get(self, url: str):
        parts = urlsplit(url)
        assert f"{parts.scheme}://{parts.netloc}" == SITE, url
        return self.client.get(parts.path)

    def resolve_did(self, did: str) -> dict:
        # did:web:<host, port as %3A>[:<path segments>] -> https://host/.well-known/did.json or /path/did.json
        method, name, *rest = did.split(":", 2)
        assert (method, name) == ("did", "web")
        host, *path = rest[0].split(":")
        url = f"https://{unquote(host)}" + ("/" + "/".join(map(unquote, path)) + "/did.json" if path else "")
        url = url if path else url + "/.well-known/did.json"
        response = self.get(url)
        assert response.status_code == 200
        document = response.json()
        assert document["id"] == did
        return document

    def check(self, token: str) -> dict:
        """The payload of a token whose signature and issuer key hold; raises otherwise."""
        header = json.loads(b64url(token.split(".")[0]))
        assert header["alg"] == "EdDSA" and header["typ"] == "vc+jwt" and header["cty"] == "vc"
        did = header["kid"].split("#")[0]
        document = self.resolve_did(did)
        assert header["kid"] in document["assertionMethod"]
        method = next(item for item in document["verificationMethod"] if item["id"] == header["kid"])
        assert method["controller"] == did
        token_object = jws.JWS()
        token_object.deserialize(token)
        token_object.verify(jwk.JWK(**method["publicKeyJwk"]), alg="EdDSA")
        payload = json.loads(token_object.payload)
        issuer = payload["issuer"]["id"] if isinstance(payload["issuer"], dict) else payload["issuer"]
        assert issuer == did
        return payload

    def status_bits(self, url: str) -> bytes:
        response = self.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/vc+jwt"
        status_list = self.check(response.content.decode())
        assert "BitstringStatusListCredential" in status_list["type"]
        subject = status_list["credentialSubject"]
        assert subject["type"] == "BitstringStatusList" and subject["statusPurpose"] == "revocation"
        assert subject["encodedList"].startswith("u")  # multibase base64url, no padding
        return gzip.decompress(b64url(subject["encodedList"][1:]))

    def is_revoked(self, credential: dict) -> bool:
        entry = credential["credentialStatus"]
        assert entry["type"] == "BitstringStatusListEntry" and entry["statusPurpose"] == "revocation"
        bits = self.status_bits(entry["statusListCredential"])
        index = int(entry["statusListIndex"])
        return bool(bits[index // 8] & (0x80 >> (index % 8)))  # index 0 is the left-most bit


# --- Helpers ---------------------------------------------------------------------------


def _issued_with_credential(django_capture_on_commit_callbacks, full_name="Aigerim Demo-Student") -> Certificate:
    holder = UserFactory(roles=[Role.STUDENT], full_name=full_name, email="aigerim.private@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        certificate = issue_completion_certificate(holder=holder, course=the_course(), issued_by=None)
    return Certificate.objects.select_related("credential").get(pk=certificate.pk)


@pytest.fixture
def quick_credential(monkeypatch):
    """Make a certificate's credential through the render task, with a stand-in PDF (the PDF is not tested here)."""
    monkeypatch.setattr("accreditation.services.documents.document_pdf", lambda document: b"%PDF-1.7 stand-in")

    def make(full_name="Student") -> Credential:
        holder = UserFactory(roles=[Role.STUDENT], full_name=full_name)
        certificate = issue_completion_certificate(holder=holder, course=the_course(), issued_by=None)
        document = Document.objects.get(kind=Document.Kind.COMPLETION_CERTIFICATE, subject_id=certificate.pk)
        assert render_document.apply(args=[document.pk]).get() == "ready"
        return Credential.objects.select_related("certificate", "status_list").get(certificate=certificate)

    return make


def _tampered(token: str) -> str:
    header, payload, signature = token.split(".")
    middle = len(payload) // 2
    changed = "B" if payload[middle] != "B" else "C"
    return ".".join([header, payload[:middle] + changed + payload[middle + 1 :], signature])


def _pem(key: jwk.JWK) -> str:
    return key.export_to_pem(private_key=True, password=None).decode()


def _foreign_token(kid: str, key: jwk.JWK | None = None) -> str:
    key = key or jwk.JWK.generate(kty="OKP", crv="Ed25519")
    did = kid.split("#")[0]
    payload = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": did, "name": "Pyramid Academy"},
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"name": "Someone", "achievement": {"name": "Accredited specialist"}},
    }
    token = jws.JWS(json.dumps(payload).encode())
    token.add_signature(key, alg="EdDSA", protected=json.dumps({"alg": "EdDSA", "typ": "vc+jwt", "kid": kid}))
    return token.serialize(compact=True)


def _check(client, **data):
    response = client.post(reverse("credential_check"), data)
    assert response.status_code == 200
    return response.content.decode()


# --- Issuer identity -------------------------------------------------------------------


def test_the_did_document_is_public_encodes_the_port_and_lists_the_keys_as_assertion_methods(
    client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/.well-known/did.json")
    assert response.status_code == 200
    document = response.json()
    assert document["id"] == "did:web:portal.example.org%3A8443"
    [method] = document["verificationMethod"]
    assert method["type"] == "JsonWebKey" and method["id"].startswith(document["id"] + "#")
    assert method["publicKeyJwk"]["kty"] == "OKP" and method["publicKeyJwk"]["crv"] == "Ed25519"
    assert "d" not in method["publicKeyJwk"]  # never the private part
    assert document["assertionMethod"] == [method["id"]]


def test_the_embedded_default_generates_its_key_once_and_says_so(client, caplog, settings):
    client.get("/.well-known/did.json")
    client.get("/.well-known/did.json")
    generated = [record for record in caplog.records if "Generated a credential signing key" in record.message]
    assert len(generated) == 1
    assert Path(settings.CREDENTIAL_LOCAL_KEY_FILE).read_text().startswith("-----BEGIN PRIVATE KEY-----")


# --- The credential --------------------------------------------------------------------


def test_a_completion_credential_verifies_with_the_published_did_document_and_status_list(
    client, django_capture_on_commit_callbacks
):
    session, members = f.accredited_session(1)
    with django_capture_on_commit_callbacks(execute=True):
        exam_services.issue_session_certificates(session=session, issued_by=members[0])
    certificate = Certificate.objects.select_related("credential", "exam_protocol", "holder").get()
    token = certificate.credential.jws
    verifier = SpecVerifier(client)
    credential = verifier.check(token)

    assert credential["@context"][:2] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["issuer"]["name"] == settings.ACCREDITATION_ISSUER
    assert credential["validFrom"].endswith("Z")
    subject = credential["credentialSubject"]
    assert subject["name"] == certificate.holder_name
    assert subject["id"].startswith("urn:uuid:")
    assert certificate.holder.email not in json.dumps(credential)
    assert subject["achievement"]["name"] == "Cooperative Entrepreneurship"
    assert "seven practical levels" in subject["achievement"]["criteria"]["narrative"]
    [evidence] = credential["evidence"]
    assert certificate.exam_protocol.number in evidence["name"]
    assert credential["credentialStatus"]["statusListCredential"] == f"{SITE}/credentials/status/1/"
    assert verifier.is_revoked(credential) is False


def test_changing_one_byte_of_a_credential_makes_it_fail(client, django_capture_on_commit_callbacks):
    token = _issued_with_credential(django_capture_on_commit_callbacks).credential.jws
    with pytest.raises(JWException):
        SpecVerifier(client).check(_tampered(token))
    page = _check(client, credential=_tampered(token))
    assert "Not valid" in page and "The signature does not match the content" in page


def test_revoking_sets_the_status_bit_moves_validfrom_and_the_check_page_says_revoked(
    client, django_capture_on_commit_callbacks
):
    certificate = _issued_with_credential(django_capture_on_commit_callbacks)
    verifier = SpecVerifier(client)
    credential = verifier.check(certificate.credential.jws)
    before = StatusList.objects.get().valid_from
    assert "The credential is genuine and in force." in _check(client, credential=certificate.credential.jws)

    revoke_certificate(certificate=certificate, revoked_by=f.association_admin(), reason="Fraudulent KPI evidence")

    assert verifier.is_revoked(credential) is True
    assert StatusList.objects.get().valid_from > before
    page = _check(client, credential=certificate.credential.jws)
    assert "Revoked" in page and "the association has revoked it" in page


def test_a_credential_made_after_its_certificate_was_revoked_has_its_bit_set(client, monkeypatch):
    monkeypatch.setattr("accreditation.services.documents.document_pdf", lambda document: b"%PDF-1.7 stand-in")
    holder = UserFactory(roles=[Role.STUDENT])
    certificate = issue_completion_certificate(holder=holder, course=the_course(), issued_by=None)
    revoke_certificate(certificate=certificate, revoked_by=f.association_admin(), reason="Issued by mistake")
    document = Document.objects.get(kind=Document.Kind.COMPLETION_CERTIFICATE, subject_id=certificate.pk)
    render_document.apply(args=[document.pk])
    credential = Credential.objects.get(certificate=certificate)
    verifier = SpecVerifier(client)
    assert verifier.is_revoked(verifier.check(credential.jws)) is True


def test_a_rotated_key_still_verifies_old_credentials_and_signs_new_ones_with_its_kid(
    client, settings, quick_credential
):
    old_key, new_key = (jwk.JWK.generate(kty="OKP", crv="Ed25519") for _ in range(2))
    settings.CREDENTIAL_SIGNING_KEYS = _pem(old_key)
    old = quick_credential("Before rotation")
    settings.CREDENTIAL_SIGNING_KEYS = _pem(old_key) + _pem(new_key)  # the newest, listed last, signs
    new = quick_credential("After rotation")

    did = "did:web:portal.example.org%3A8443"
    assert old.kid == f"{did}#{old_key.thumbprint()}"
    assert new.kid == f"{did}#{new_key.thumbprint()}"
    verifier = SpecVerifier(client)
    assert verifier.check(old.jws)["credentialSubject"]["name"] == "Before rotation"
    assert verifier.check(new.jws)["credentialSubject"]["name"] == "After rotation"
    assert json.loads(b64url(new.jws.split(".")[0]))["kid"] == new.kid
    assert "in force" in _check(client, credential=old.jws)
    # The status list re-signed after the rotation verifies with the new key too.
    revoke_certificate(certificate=old.certificate, revoked_by=f.association_admin(), reason="Test of a rotated key")
    assert verifier.is_revoked(verifier.check(old.jws)) is True


def test_a_key_taken_out_of_the_did_document_no_longer_verifies_its_credentials(client, settings, quick_credential):
    withdrawn, current = (jwk.JWK.generate(kty="OKP", crv="Ed25519") for _ in range(2))
    settings.CREDENTIAL_SIGNING_KEYS = _pem(withdrawn)
    credential = quick_credential()
    settings.CREDENTIAL_SIGNING_KEYS = _pem(current)
    page = _check(client, credential=credential.jws)
    assert "is not one of the association&#x27;s keys" in page


def test_the_status_list_has_at_least_131072_bits_and_positions_are_not_sequential(client, quick_credential):
    credentials = [quick_credential(f"Student {i}") for i in range(20)]
    bits = SpecVerifier(client).status_bits(f"{SITE}/credentials/status/1/")
    assert len(bits) * 8 >= 131_072
    positions = [credential.status_index for credential in credentials]
    assert len(set(positions)) == 20
    steps = {later - earlier for earlier, later in zip(positions, positions[1:], strict=False)}
    assert steps != {1} and positions != sorted(positions)
    assert StatusList.objects.get().assigned == 20


def test_running_the_render_task_twice_gives_one_unchanged_credential(django_capture_on_commit_callbacks):
    certificate = _issued_with_credential(django_capture_on_commit_callbacks)
    first = Credential.objects.get()
    document = Document.objects.get(kind=Document.Kind.COMPLETION_CERTIFICATE, subject_id=certificate.pk)
    assert render_document.apply(args=[document.pk]).get() == "ready"
    assert Credential.objects.count() == 1
    again = Credential.objects.get()
    assert (again.jws, again.status_index, again.subject_id) == (first.jws, first.status_index, first.subject_id)
    assert StatusList.objects.get().assigned == 1


def test_bulk_issuance_makes_every_certificate_s_credential(client, django_capture_on_commit_callbacks):
    session, members = f.accredited_session(3)
    with django_capture_on_commit_callbacks(execute=True):
        assert exam_services.issue_session_certificates(session=session, issued_by=members[0]) == 3
    verifier = SpecVerifier(client)
    numbers = set()
    for certificate in Certificate.objects.select_related("credential", "exam_protocol"):
        credential = verifier.check(certificate.credential.jws)
        assert certificate.exam_protocol.number in credential["evidence"][0]["name"]
        numbers.add(certificate.exam_protocol.number)
    assert len(numbers) == 3


def test_a_specialty_credential_awards_the_specialty(client, django_capture_on_commit_callbacks):
    from accreditation.models import Specialty
    from accreditation.services.specialty import apply_for_specialty_exam
    from tests.accreditation.factories import answer_every_task, score_every_task, session_graduate

    holder, members = session_graduate(full_name="Нұрлан Сейітов")
    attempt = apply_for_specialty_exam(candidate=holder, specialty=Specialty.objects.get(code="supplier"))
    answer_every_task(attempt)
    with django_capture_on_commit_callbacks(execute=True):
        score_every_task(attempt, members[1:], comment="Clear, lawful answer")
    certificate = Certificate.objects.select_related("credential", "specialty").get(kind=Certificate.Kind.SPECIALTY)
    credential = SpecVerifier(client).check(certificate.credential.jws)
    achievement = credential["credentialSubject"]["achievement"]
    assert achievement["name"] == certificate.specialty.name
    assert "three situational tasks" in achievement["criteria"]["narrative"]
    assert credential["credentialSubject"]["name"] == "Нұрлан Сейітов"


# --- The status list's HTTP caching ----------------------------------------------------


def test_the_status_list_answers_304_to_a_current_etag_and_a_new_one_after_a_revocation(
    client, django_assert_num_queries, quick_credential
):
    credential = quick_credential()
    url = reverse("credential_status_list", args=[credential.status_list.number])
    with django_assert_num_queries(1):
        response = client.get(url)
    etag = response["ETag"]
    assert "max-age=300" in response["Cache-Control"] and "public" in response["Cache-Control"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    revoke_certificate(certificate=credential.certificate, revoked_by=f.association_admin(), reason="Issued by mistake")
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert client.get(reverse("credential_status_list", args=[99])).status_code == 404


# --- The public check page -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hello, this is not a credential", "This is not a credential that can be read"),
        ("a.b.c", "This is not a credential that can be read"),
        ("eyJhbGciOiJFZERTQSJ9.%%%%.!!!", "does not say which key signed it"),
        ('{"type": ["VerifiableCredential"], "issuer": "did:web:portal.example.org%3A8443"}', "without a signature"),
        ("{not json", "This is not a credential that can be read"),
    ],
)
def test_the_check_page_gives_garbage_a_clear_verdict(client, text, expected):
    page = _check(client, credential=text)
    assert "Not valid" in page and expected in page


def test_the_check_page_says_a_foreign_issuer_s_credential_is_not_the_association_s(client):
    page = _check(client, credential=_foreign_token("did:web:pyramid.example#key-1"))
    assert "This credential was not issued by the association" in page


def test_the_check_page_refuses_a_key_that_only_claims_to_be_ours(client):
    impostor = jwk.JWK.generate(kty="OKP", crv="Ed25519")
    page = _check(
        client, credential=_foreign_token(f"did:web:portal.example.org%3A8443#{impostor.thumbprint()}", impostor)
    )
    assert "is not one of the association&#x27;s keys" in page


def test_the_check_page_refuses_another_algorithm(client):
    key = jwk.JWK.generate(kty="oct", size=256)
    token = jws.JWS(b"{}")
    token.add_signature(key, alg="HS256", protected=json.dumps({"alg": "HS256", "kid": "did:web:x#1"}))
    page = _check(client, credential=token.serialize(compact=True))
    assert "the association signs only with EdDSA" in page


def test_the_check_page_reads_an_uploaded_file_and_says_what_it_proves(
    client, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    certificate = _issued_with_credential(django_capture_on_commit_callbacks, full_name="Әлихан Нұрғали")
    upload = SimpleUploadedFile("certificate.jwt", certificate.credential.jws.encode(), content_type="application/jwt")
    # Queries: the status list (1); an anonymous visitor has no session to read.
    with django_assert_max_num_queries(2):
        response = client.post(reverse("credential_check"), {"file": upload})
    page = response.content.decode()
    assert response.status_code == 200
    assert "The credential is genuine and in force." in page
    for fact in (
        "Әлихан Нұрғали",
        "Cooperative Entrepreneurship",
        settings.ACCREDITATION_ISSUER,
        certificate.credential.kid,
    ):
        assert fact in page


def test_the_check_page_refuses_an_oversized_or_binary_upload_with_a_form_error(client):
    big = SimpleUploadedFile("big.jwt", b"a" * (settings.CREDENTIAL_CHECK_MAX_BYTES + 1))
    assert "bigger than 64 KB" in client.post(reverse("credential_check"), {"file": big}).content.decode()
    binary = SimpleUploadedFile("photo.jwt", b"\xff\xd8\xff\xe0" + bytes(100))
    response = client.post(reverse("credential_check"), {"file": binary})
    assert response.status_code == 200 and "it is not text" in response.content.decode()
    assert "Paste a credential or choose its file" in client.post(reverse("credential_check"), {}).content.decode()


def test_the_check_page_form_opens_without_login(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(0):
        response = client.get(reverse("credential_check"))
    assert response.status_code == 200 and 'enctype="multipart/form-data"' in response.content.decode()


# --- For the holder and on the verification page -----------------------------------------


def test_the_holder_downloads_the_jwt_and_reads_it_as_json_and_nobody_else_does(
    client, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    certificate = _issued_with_credential(django_capture_on_commit_callbacks)
    client.force_login(certificate.holder)
    page = client.get(reverse("accreditation:my_documents")).content.decode()
    assert reverse("accreditation:credential_download", args=[certificate.pk]) in page
    response = client.get(reverse("accreditation:credential_download", args=[certificate.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vc+jwt"
    assert response["Content-Disposition"] == f'attachment; filename="{certificate.number}.jwt"'
    assert response.content.decode() == certificate.credential.jws
    # Queries: session, user, the certificate with its credential, the admin check for the scope.
    with django_assert_max_num_queries(5):
        page = client.get(reverse("accreditation:credential_json", args=[certificate.pk])).content.decode()
    assert "OpenBadgeCredential" in page and "BitstringStatusListEntry" in page
    client.force_login(UserFactory(roles=[Role.STUDENT]))
    assert client.get(reverse("accreditation:credential_download", args=[certificate.pk])).status_code == 404
    assert client.get(reverse("accreditation:credential_json", args=[certificate.pk])).status_code == 404


def test_a_revoked_certificate_s_credential_is_no_longer_offered_for_download(
    client, django_capture_on_commit_callbacks
):
    certificate = _issued_with_credential(django_capture_on_commit_callbacks)
    revoke_certificate(certificate=certificate, revoked_by=f.association_admin(), reason="Issued by mistake")
    client.force_login(certificate.holder)
    assert client.get(reverse("accreditation:credential_download", args=[certificate.pk])).status_code == 403
    client.logout()
    public = reverse("verify_credential_download", args=[certificate.verification_code])
    assert client.get(public).status_code == 404


def test_the_verification_page_says_the_certificate_is_signed_by_which_key_and_offers_it(
    client, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    certificate = _issued_with_credential(django_capture_on_commit_callbacks)
    # Queries: the certificate with its region, specialty and credential (1).
    with django_assert_max_num_queries(1):
        page = client.get(reverse("verify", args=[certificate.verification_code])).content.decode()
    assert "Digitally signed credential" in page and certificate.credential.kid in page
    download = reverse("verify_credential_download", args=[certificate.verification_code])
    assert download in page
    response = client.get(download)
    assert response.status_code == 200 and response.content.decode() == certificate.credential.jws
    assert "attachment" in response["Content-Disposition"]


def test_the_sweeper_gives_a_certificate_rendered_before_credentials_its_credential(
    django_capture_on_commit_callbacks,
):
    from accreditation.services.documents import sweep_documents

    certificate = _issued_with_credential(django_capture_on_commit_callbacks)
    Credential.objects.all().delete()  # as for a certificate rendered before this release
    Document.objects.update(rendered_at=timezone.now() - datetime.timedelta(minutes=5))
    assert sweep_documents() == 1
    assert Credential.objects.filter(certificate=certificate).exists()
    assert sweep_documents() == 0


def test_an_admin_sees_credentials_and_status_lists_read_only(client, quick_credential):
    from coopportal.users.services import ensure_totp_secret

    credential = quick_credential()
    admin = UserFactory(roles=[Role.ASSOCIATION_ADMIN], is_staff=True, is_superuser=True)
    ensure_totp_secret(admin)
    client.force_login(admin)
    page = client.get(reverse("admin:accreditation_credential_changelist")).content.decode()
    assert credential.certificate.number in page
    assert client.get(reverse("admin:accreditation_statuslist_changelist")).status_code == 200
    assert client.get(reverse("admin:accreditation_credential_add")).status_code == 403
