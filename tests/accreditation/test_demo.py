"""`seed_demo`: a session with all three decisions, final protocols and certificates; twice is once."""

import io

import pytest
from django.core.management import call_command

from accreditation.models import Certificate, Document, ExamProtocol, ExamSession, ProtocolSignature

pytestmark = pytest.mark.django_db


def _counts():
    return tuple(
        model.objects.count() for model in (ExamSession, ExamProtocol, ProtocolSignature, Certificate, Document)
    )


def test_seed_demo_has_every_decision_signed_protocols_and_certificates_and_is_idempotent(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=io.StringIO())
    counts = _counts()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == counts

    protocols = ExamProtocol.objects.all()
    assert {p.outcome for p in protocols} == {"accredited", "re_exam", "not_accredited"}
    assert all(p.is_final for p in protocols)
    completion = Certificate.objects.get(kind=Certificate.Kind.COMPLETION)
    specialty = Certificate.objects.get(kind=Certificate.Kind.SPECIALTY)
    assert completion.holder == specialty.holder and specialty.listed_in_registry
    assert set(Document.objects.values_list("state", flat=True)) == {Document.State.READY}
