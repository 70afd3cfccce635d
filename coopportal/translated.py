"""Reading translated content fields (django-modeltranslation) outside the active language: a snapshot
that must be rendered later in another language keeps the text of every language."""

from collections.abc import Callable, Mapping

from django.conf import settings
from django.db.models import F, TextField, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation
from modeltranslation.utils import get_language


def texts_by_language(obj, field: str) -> dict[str, str]:
    """{language: text} of a translated field for every portal language; a missing one is English."""
    english = getattr(obj, f"{field}_{settings.MODELTRANSLATION_DEFAULT_LANGUAGE}") or ""
    return {code: getattr(obj, f"{field}_{code}") or english for code, _name in settings.LANGUAGES}


def texts_in_every_language(make: Callable[[], str]) -> dict[str, str]:
    """{language: text} of a text made by `make` with each portal language active in turn (a message
    that must later be read in its reader's language)."""
    texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[code] = str(make())
    return texts


def in_language(value, language: str) -> str:
    """A stored text in `language`: from a {language: text} mapping (English when that language is
    missing), or a plain text as it was recorded before content was translated."""
    if isinstance(value, Mapping):
        return value.get(language) or value.get(settings.MODELTRANSLATION_DEFAULT_LANGUAGE) or ""
    return value


def localized(lookup: str) -> Coalesce:
    """An expression for a translated field across a relation (`section__title`) in the active language,
    English when that language's text is empty. modeltranslation rewrites a model's own fields in
    `values()` and `order_by()`, but not the fields of related models."""
    language = get_language()
    english = F(f"{lookup}_{settings.MODELTRANSLATION_DEFAULT_LANGUAGE}")
    # Each language's column is its own field class: the expression's type must be given.
    return Coalesce(NullIf(F(f"{lookup}_{language}"), Value("")), english, output_field=TextField())
