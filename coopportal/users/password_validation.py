"""Django's minimum-length rule, with its number in the reader's digits (Persian in Persian)."""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

from coopportal.formatting import localize_digits


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def validate(self, password, user=None):
        try:
            super().validate(password, user)
        except ValidationError as error:
            raise ValidationError(localize_digits(error.messages[0]), code=error.code) from None

    def get_help_text(self):
        return localize_digits(super().get_help_text())
