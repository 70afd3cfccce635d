from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .languages import NATIVE_NAMES, language_or_default, offered_codes


def language_field(*, required: bool = True) -> forms.ChoiceField:
    """The preferred language, each option named in itself; an unknown code is a form error."""
    return forms.ChoiceField(
        label=_("Language"),
        required=required,
        choices=[(code, NATIVE_NAMES.get(code, code)) for code in offered_codes()],
        help_text=_("Your pages, emails and documents are in this language."),
    )


class SignupForm(forms.Form):
    """Extra sign-up fields: the name printed on protocols and certificates, and the language."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        help_text=_("As it should appear on your certificates."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    # Left out, the account takes the language the sign-up page was read in.
    language = language_field(required=False)
    field_order = ["full_name", "email", "password1", "password2", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = language_or_default(get_language())

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if len(name) < 2:
            raise forms.ValidationError(_("Enter your full name."))
        return name

    def signup(self, request, user):
        user.full_name = self.cleaned_data["full_name"]
        user.language = self.cleaned_data["language"] or language_or_default(get_language())
        user.save(update_fields=["full_name", "language"])


class LanguageForm(forms.Form):
    """The account page's choice of preferred language."""

    language = language_field()
