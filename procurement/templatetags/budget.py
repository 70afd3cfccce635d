from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def rials(value):
    """Whole rials with the locale's thousands separator, grouped in every language (fa included)."""
    if value is None or value == "":
        return "—"
    return number_format(int(value), decimal_pos=0, force_grouping=True)
