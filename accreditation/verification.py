"""The public verification page's verdict, kept in the cache.

Anyone may check a certificate, and a QR code on paper gets scanned far more often than a
certificate changes, so the rendered verdict (valid or revoked, with the holder and the facts) is
kept per verification code and language. Every save or delete of a certificate forgets it, at once
and again after the commit (a reader between the two could have cached the old row); the timeout
bounds what a write outside the ORM could leave behind.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import get_language

from . import selectors

VERDICT_TIMEOUT = 600


def _key(code: str, language: str) -> str:
    return f"accreditation:verdict:{code}:{language}"


def verdict(request, code: str) -> tuple[int, str]:
    """The HTTP status and the rendered verdict for this code: 1 query on a cache miss, none on a hit.
    Unknown codes are not cached, so guessing cannot fill the cache."""
    code = selectors.normalise_lookup(code)
    key = _key(code, get_language())
    cached = cache.get(key) if selectors.looks_like_code(code) else None
    if cached is not None:
        return 200, cached
    certificate = selectors.certificate_by_code(code)
    html = render_to_string("accreditation/_verdict.html", {"certificate": certificate}, request)
    if certificate is None:
        return 404, html
    cache.set(key, html, VERDICT_TIMEOUT)
    return 200, html


def forget_verdict(certificate) -> None:
    keys = [_key(certificate.verification_code, language) for language, _name in settings.LANGUAGES]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def forget_on_change(sender, instance, **kwargs) -> None:
    """post_save / post_delete receiver for Certificate."""
    forget_verdict(instance)
