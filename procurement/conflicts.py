"""Rule 15 across the portal: keys used in programs of both funds in the same fiscal year (three queries)."""

from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from .models import HostCooperative, Participant


@dataclass
class Conflict:
    kind: str
    key: str
    year: str
    entries: list = field(default_factory=list)  # (program, name)


KINDS = (
    (Participant, "national_id_key", "full_name", _("participant by national ID")),
    (Participant, "phone_key", "full_name", _("participant by phone")),
    (HostCooperative, "registration_key", "name", _("host cooperative")),
)


def all_conflicts(*, year_id: int | None = None) -> list[Conflict]:
    conflicts = []
    for model, key_field, name_field, label in KINDS:
        rows = model.objects.exclude(**{key_field: ""})
        if year_id:
            rows = rows.filter(program__year_id=year_id)
        clashing_keys = (
            rows.order_by()
            .values("program__year_id", key_field)
            .annotate(funds=Count("program__fund_id", distinct=True))
            .filter(funds__gt=1)
            .values(key_field)
        )
        groups: dict[tuple, list] = {}
        for row in (
            rows.filter(**{f"{key_field}__in": clashing_keys})
            .select_related("program__fund", "program__region", "program__year")
            .order_by("program_id")
        ):
            groups.setdefault((row.program.year_id, getattr(row, key_field)), []).append(row)
        for (_year, key), members in groups.items():
            if len({m.program.fund_id for m in members}) > 1:
                conflicts.append(
                    Conflict(
                        kind=str(label),
                        key=key,
                        year=members[0].program.year.label,
                        entries=[(m.program, getattr(m, name_field)) for m in members],
                    )
                )
    return conflicts
