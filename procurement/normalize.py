"""Comparison keys for fund separation and invoice uniqueness (rule 15), made by the portal's one
identity normaliser (coopportal/identity.py) so budgeting and the subscriber database agree."""

from coopportal import identity
from coopportal.identity import IdentityError, ascii_digits, text_key

__all__ = ["IdentityError", "ascii_digits", "invoice_key", "national_id_key", "phone_key", "text_key"]


def national_id_key(national_id: str) -> str:
    """Ten ASCII digits with a valid check digit, "" when blank; IdentityError otherwise."""
    return identity.national_code(national_id)


def phone_key(phone: str) -> str:
    """E.164 (`+989121234567`), "" when blank; IdentityError when it cannot be a phone number."""
    return identity.phone_number(phone, default_country="IR")


def invoice_key(*, vendor: str, number: str, amount: int, date) -> str:
    return "|".join([text_key(vendor), identity.invoice_number_key(number), str(int(amount)), date.isoformat()])
