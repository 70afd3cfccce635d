from django import template

from coopportal.formatting import format_number

register = template.Library()


@register.filter
def rials(value):
    """Whole rials with the locale's separators, grouped in every language (Persian digits in fa)."""
    if value is None or value == "":
        return "—"
    return format_number(int(value) if isinstance(value, str) else round(value), decimal_pos=0)
