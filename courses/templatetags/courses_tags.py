from django import template

from ..rendering import render_markdown
from ..selectors import teacher_worklist

register = template.Library()


@register.filter
def markdown(text):
    return render_markdown(text)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag(takes_context=True)
def worklist(context):
    """The signed-in teacher's counts for the admin landing page (3 queries), or None."""
    return teacher_worklist(user=context["request"].user)
