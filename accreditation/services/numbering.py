from django.db import transaction

from ..models import NumberCounter


def next_number(*, prefix: str, year: int) -> str:
    """The next number of the series, e.g. `EP-2026-00042`; call inside the caller's transaction.

    The counter row is locked until the caller commits, so two finalisations at once get
    consecutive numbers and never the same one.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number must run inside a transaction")
    # Create the year's counter if missing without racing another transaction doing the same.
    NumberCounter.objects.bulk_create([NumberCounter(prefix=prefix, year=year)], ignore_conflicts=True)
    counter = NumberCounter.objects.select_for_update().get(prefix=prefix, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{prefix}-{year}-{counter.last:05d}"
