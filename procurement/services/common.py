import hashlib

from django.utils.translation import gettext as _

from ..exceptions import BudgetError

# Whole rials; no single amount in this instruction comes near 10^13 (ten trillion rials).
MAX_RIALS = 10**13


def check_amount(amount, *, label: str) -> int:
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise BudgetError(_("%(label)s must be a whole number of rials.") % {"label": label})
    if amount < 0:
        raise BudgetError(_("%(label)s cannot be negative.") % {"label": label})
    if amount > MAX_RIALS:
        raise BudgetError(_("%(label)s is implausibly large.") % {"label": label})
    return amount


def file_sha256(uploaded_file) -> str:
    digest = hashlib.sha256()
    uploaded_file.seek(0)
    for chunk in uploaded_file.chunks() if hasattr(uploaded_file, "chunks") else [uploaded_file.read()]:
        digest.update(chunk)
    uploaded_file.seek(0)
    return digest.hexdigest()
