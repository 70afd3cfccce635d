"""How a credential takes its status list position: at random, once, never a taken one, never past a
list's capacity, also when several workers issue at once."""

import base64
import json
import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from accreditation.credentials import status
from accreditation.credentials.issuing import ensure_credential
from accreditation.models import Certificate, Credential, StatusList
from accreditation.services.certificates import issue_completion_certificate, revoke_certificate
from coopportal.users.roles import Role
from tests.conftest import requires_postgres
from tests.factories import UserFactory

from . import factories as f


@pytest.fixture
def certificates(monkeypatch):
    """Certificates without their render task (so no credential is made before the test makes it)."""
    monkeypatch.setattr("accreditation.services.documents.enqueue_on_commit", lambda *args, **kwargs: None)

    def make(count: int) -> list[int]:
        ids = []
        for i in range(count):
            with transaction.atomic():
                holder = UserFactory(roles=[Role.STUDENT], full_name=f"Student {i}")
                certificate = issue_completion_certificate(holder=holder, course=f.course(), issued_by=None)
            ids.append(certificate.pk)
        return ids

    return make


def _almost_full_list(free: int) -> StatusList:
    size = 131_072
    return StatusList.objects.create(
        number=1, size=size, assigned=size // 2 - free, bits=bytes(size // 8), valid_from=timezone.now(), jws="-"
    )


@pytest.mark.django_db
def test_a_drawn_position_already_taken_is_drawn_again(certificates, monkeypatch):
    first, second = certificates(2)
    taken = ensure_credential(certificate_id=first)
    draws = iter([taken.status_index, taken.status_index, 4242])
    monkeypatch.setattr(status, "random_index", lambda status_list: next(draws))
    credential = ensure_credential(certificate_id=second)
    assert credential.status_index == 4242
    # The token was signed again for the position it got.
    assert _payload(credential.jws)["credentialStatus"]["statusListIndex"] == "4242"
    assert StatusList.objects.get().assigned == 2
    assert Credential.objects.count() == 2


def _payload(token: str) -> dict:
    part = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


@pytest.mark.django_db
def test_a_full_list_takes_no_more_entries_and_the_next_list_is_made(certificates):
    ids = certificates(3)
    _almost_full_list(free=1)
    made = [ensure_credential(certificate_id=pk) for pk in ids]
    assert [credential.status_list.number for credential in made] == [1, 2, 2]
    assert dict(StatusList.objects.values_list("number", "assigned")) == {1: 65_536, 2: 2}


@pytest.mark.django_db
def test_making_a_credential_takes_eight_statements_and_finding_it_one_query(certificates, django_assert_num_queries):
    (pk,) = certificates(1)
    _almost_full_list(free=10)
    # The certificate with its holder (locked), the newest list, its counted entry, the INSERT in a
    # savepoint (and the transaction's own savepoint: the test runs inside one).
    with django_assert_num_queries(8):
        made = ensure_credential(certificate_id=pk)
    with django_assert_num_queries(3):  # the certificate with its credential, in the savepoint
        assert ensure_credential(certificate_id=pk) == made


@pytest.mark.django_db
def test_the_exam_protocol_cited_as_evidence_is_read_with_the_certificate(certificates, django_assert_num_queries):
    certificates(0)  # the render task stays out, so the credential is made below
    holder, _members = f.session_graduate()
    certificate = Certificate.objects.select_related("exam_protocol").get(holder=holder)
    _almost_full_list(free=10)
    # The same eight statements as a certificate without a protocol: no query of its own for the protocol.
    with django_assert_num_queries(8):
        made = ensure_credential(certificate_id=certificate.pk)
    [evidence] = _payload(made.jws)["evidence"]
    assert certificate.exam_protocol.number in evidence["name"]
    assert str(timezone.localtime(certificate.exam_protocol.finalised_at).year) in evidence["description"]


@requires_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_issuers_never_share_a_position_nor_overfill_a_list(certificates):
    ids = certificates(8)
    _almost_full_list(free=3)
    barrier = threading.Barrier(len(ids))
    errors = []

    def issue(pk):
        try:
            barrier.wait(timeout=10)
            ensure_credential(certificate_id=pk)
        except Exception as exc:  # reported below: a thread cannot fail the test itself
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(pk,)) for pk in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    positions = list(Credential.objects.values_list("status_list__number", "status_index"))
    assert len(positions) == 8 and len(set(positions)) == 8
    assert dict(StatusList.objects.values_list("number", "assigned")) == {1: 65_536, 2: 5}
    assert sorted(number for number, _index in positions) == [1, 1, 1, 2, 2, 2, 2, 2]


@pytest.mark.django_db
def test_the_entry_of_a_certificate_revoked_before_its_credential_is_set_and_counted_once(certificates):
    (pk,) = certificates(1)
    revoke_certificate(certificate=Certificate.objects.get(pk=pk), revoked_by=f.association_admin(), reason="Mistake")
    credential = ensure_credential(certificate_id=pk)
    status_list = StatusList.objects.get()
    assert status.bit_is_set(bytes(status_list.bits), credential.status_index)
    assert status_list.assigned == 1
