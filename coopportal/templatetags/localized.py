"""Template filters for dates and numbers in the reader's language (see coopportal.formatting).

Loaded as a builtin in every template (settings.TEMPLATES), PDFs included:
`{{ day|local_date }}`, `{{ moment|local_datetime }}`, `{{ moment|local_time }}`,
`{{ amount|num }}`, `{{ share|percent:1 }}`, `{{ year.label|digits }}`; and
`{% language_choices as choices %}` for the language switcher.
"""

from django import template
from django.utils.translation import get_language

from coopportal import formatting
from coopportal.users.languages import switcher_choices

register = template.Library()


@register.filter
def local_date(value):
    return formatting.format_date(value)


@register.filter
def local_datetime(value):
    return formatting.format_datetime(value)


@register.filter
def local_time(value):
    return formatting.format_time(value)


@register.filter
def local_value(value):
    return formatting.format_value(value)


@register.filter
def num(value, decimal_pos=None):
    """A number grouped with the locale's separators (Persian digits in Persian)."""
    return formatting.format_number(value, decimal_pos=None if decimal_pos in (None, "") else int(decimal_pos))


@register.filter
def percent(value, decimal_pos=1):
    return formatting.format_percent(value, decimal_pos=int(decimal_pos))


@register.filter(is_safe=True)
def digits(value):
    """Digits in the language's script, nothing else changed: years, ids, and sentences with a count
    (`{% filter digits %}{% blocktranslate count n=... %}...{% endfilter %}`, which Django writes in Latin)."""
    if value is None or value == "":
        return ""
    return formatting.localize_digits(value)


@register.simple_tag
def language_choices():
    """The switcher's languages, each named in itself, the page's own marked."""
    return switcher_choices(get_language())
