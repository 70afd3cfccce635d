"""Query helpers shared by the apps."""

from django.db.models import Count, IntegerField, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce


def count_of(queryset: QuerySet):
    """A subquery counting the rows of `queryset`, correlated (OuterRef) or not; 0 when none."""
    rows = queryset.order_by().annotate(one=Value(1)).values("one").annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)
