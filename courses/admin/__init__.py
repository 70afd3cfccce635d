"""Teachers and admins work here. Every queryset is scoped through `courses.access`."""

from . import cohorts, content, review  # noqa: F401 -- registers the model admins
