"""allauth forms the portal changes (kept apart from forms.py, which allauth imports while building its own)."""

from allauth.account.forms import ResetPasswordForm as BaseResetPasswordForm
from django.core.exceptions import ValidationError


class ResetPasswordForm(BaseResetPasswordForm):
    """A password reset answers the same whether or not the address has an account, so the form cannot be
    used to learn who is registered; an unknown address is emailed that it has no account."""

    def clean_email(self) -> str:
        try:
            return super().clean_email()
        except ValidationError as error:
            if error.code != "unknown_email":
                raise
            return self.cleaned_data["email"]  # `self.users` is empty: save() mails "no account here"
