"""Certificates and their emails go out in the holder's language, whoever issued them."""

import io
import re

import pytest
from django.core import mail
from django.test import TestCase
from django.utils import timezone, translation
from pypdf import PdfReader

from accreditation.models import Document
from accreditation.services import documents as outbox
from accreditation.services.certificates import issue_completion_certificate
from coopportal import pdf
from coopportal.formatting import format_date
from coopportal.users.roles import Role
from tests.accreditation.factories import course as the_course
from tests.factories import UserFactory, region

pytestmark = pytest.mark.django_db


def _issue_to(holder):
    with translation.override("en"):  # the issuer reads English
        issue_completion_certificate(holder=holder, course=the_course(), issued_by=None)
    document = Document.objects.get(kind=Document.Kind.COMPLETION_CERTIFICATE)
    with TestCase.captureOnCommitCallbacks(execute=True):  # the outbox sends the email after commit
        assert outbox.produce_document(document_id=document.pk) == "ready"
    return document


def test_a_persian_holders_certificate_is_dated_in_solar_hijri_with_persian_digits(monkeypatch):
    holder = UserFactory(roles=[Role.STUDENT], full_name="Zahra Demo-Holder", language="fa")
    pages = []
    real = pdf.render_to_string

    def recording(*args, **kwargs):
        pages.append(real(*args, **kwargs))
        return pages[-1]

    monkeypatch.setattr(pdf, "render_to_string", recording)
    _issue_to(holder)
    with translation.override("fa"):
        issued_on = format_date(timezone.localdate())
    assert issued_on.startswith("۱۴")
    assert '<html lang="fa" dir="rtl">' in pages[0] and issued_on in pages[0]
    # The PDF itself carries the Persian digits (text extraction reorders right-to-left runs).
    text = PdfReader(io.BytesIO(mail.outbox[0].attachments[0][1])).pages[0].extract_text()
    assert re.search("[۰-۹]{4}/[۰-۹]{2}/[۰-۹]{2}", text)


def test_a_holder_who_chose_no_language_gets_their_regions(monkeypatch):
    holder = UserFactory(roles=[Role.STUDENT], language="", region=region("kz-almaty"))
    rendered_in = []
    real = outbox.render_to_string

    def recording(*args, **kwargs):
        rendered_in.append(translation.get_language())
        return real(*args, **kwargs)

    monkeypatch.setattr(outbox, "render_to_string", recording)
    _issue_to(holder)
    assert set(rendered_in) == {"ru"}  # the email's subject and body
