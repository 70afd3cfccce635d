"""Which language a person reads the portal in.

A signed-in user's pages, emails and PDFs use their preferred language (`User.language`); a new
account's preference defaults to its region's language. Anonymous visitors choose with the
switcher (a cookie) or their browser's Accept-Language. Any code the portal does not offer falls
back to the default language.
"""

from django.conf import settings
from django.db import transaction
from django.utils import translation

from .models import Region, User

# Each language named in itself, so a reader finds theirs whatever the page's language.
NATIVE_NAMES = {"en": "English", "ru": "Русский", "kk": "Қазақша", "fa": "فارسی"}

REGION_LANGUAGES = {Region.Country.KAZAKHSTAN: "ru", Region.Country.IRAN: "fa"}


def offered_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def supported_language(code) -> str | None:
    """The offered language `code` names ("fa-IR" → "fa"), or None for anything else."""
    if not isinstance(code, str) or not code or len(code) > 20:
        return None
    try:
        language = translation.get_supported_language_variant(code.strip())
    except LookupError:
        return None
    return language if language in offered_codes() else None


def language_or_default(code) -> str:
    return supported_language(code) or settings.LANGUAGE_CODE


def default_language_for_region(region: Region | None) -> str:
    """Kazakhstan reads Russian first, Iran Persian; without a region, the site's default."""
    if region is None:
        return settings.LANGUAGE_CODE
    return REGION_LANGUAGES.get(region.country, settings.LANGUAGE_CODE)


def preferred_language(user) -> str:
    """The language to write to `user` in (emails, PDFs): their choice, else their region's."""
    chosen = supported_language(getattr(user, "language", ""))
    if chosen:
        return chosen
    return default_language_for_region(user.region if getattr(user, "region_id", None) else None)


def in_language_of(user):
    """`with in_language_of(user):` text made inside is in the user's language (an email, a title)."""
    return translation.override(preferred_language(user))


def switcher_choices(current: str) -> list[dict]:
    """The switcher's options: code, the name in that language itself, whether it is the page's."""
    return [
        {
            "code": code,
            "name": NATIVE_NAMES.get(code, code),
            "current": code == current,
            "bidi": translation.get_language_info(code)["bidi"],
        }
        for code in offered_codes()
    ]


@transaction.atomic
def set_preferred_language(*, user: User, language: str) -> str:
    """Record the user's own choice; an unknown code stores the default. Returns what was stored."""
    language = language_or_default(language)
    if user.language != language:
        user.language = language
        User.objects.filter(pk=user.pk).update(language=language)
    return language
