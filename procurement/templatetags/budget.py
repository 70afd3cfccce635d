from django import template
from django.template.defaultfilters import date as date_filter
from django.utils.formats import number_format
from django.utils.translation import get_language

from ..jalali import jalali_label

register = template.Library()


@register.filter
def rials(value):
    """Whole rials with the locale's thousands separator, grouped in every language (fa included)."""
    if value is None or value == "":
        return "—"
    return number_format(int(value) if isinstance(value, str) else round(value), decimal_pos=0, force_grouping=True)


@register.filter
def budget_date(value):
    """Solar hijri (Jalali) in Persian, the locale's short date otherwise."""
    if not value:
        return "—"
    if (get_language() or "").startswith("fa"):
        return jalali_label(value)
    return date_filter(value, "SHORT_DATE_FORMAT")
