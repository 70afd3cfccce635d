from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from coopportal.uploads import validate_upload
from coopportal.users.models import Region, User
from coopportal.users.roles import Role

from .models import AttemptTask, ExamProtocol, Specialty
from .models.certificates import CODE_ALPHABET, CODE_LENGTH

# datetime-local inputs read and write ISO moments whatever the page's language.
ISO_LOCAL_DATETIME = "%Y-%m-%dT%H:%M"


class LookupForm(forms.Form):
    """A verification code alone (printed under the QR code), or a certificate number with the holder's
    surname: a number alone would let anyone walk the numbers and list every holder."""

    q = forms.CharField(
        label=_("Verification code or certificate number"),
        max_length=40,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. CC-2026-00001"), "autocomplete": "off"}),
    )
    surname = forms.CharField(
        label=_("Holder's surname (needed with a certificate number)"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean(self):
        data = super().clean()
        q = "".join((data.get("q") or "").split()).upper()
        is_code = len(q) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in q)
        if q and not is_code and not (data.get("surname") or "").strip():
            self.add_error("surname", _("With a certificate number, give the holder's surname too."))
        data["is_code"] = is_code
        return data


class RegistrySearchForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, required=False)
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.filter(country=Region.Country.KAZAKHSTAN),
        to_field_name="code",
        required=False,
        empty_label=_("All regions"),
    )
    specialty = forms.ModelChoiceField(
        label=_("Specialty"),
        queryset=Specialty.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("All specialties"),
    )


def committee_users():
    return User.objects.filter(groups__name=Role.EXAM_COMMITTEE).order_by("full_name", "email")


class SessionForm(forms.Form):
    cohort = forms.ModelChoiceField(label=_("Cohort"), queryset=None)
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=ISO_LOCAL_DATETIME),
    )
    broadcast_url = forms.URLField(label=_("Broadcast link"), max_length=500, assume_scheme="https")
    chair = forms.ModelChoiceField(label=_("Chair"), queryset=None)
    committee = forms.ModelMultipleChoiceField(
        label=_("Committee members"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("At least three members including the chair."),
    )
    max_attempts = forms.IntegerField(label=_("Exam attempts allowed in all"), min_value=1, max_value=5, initial=2)

    def __init__(self, *args, cohorts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts
        self.fields["chair"].queryset = committee_users()
        self.fields["committee"].queryset = committee_users()


class CandidatesForm(forms.Form):
    candidates = forms.ModelMultipleChoiceField(
        label=_("Candidates at the exam level"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, enrolments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidates"].queryset = enrolments


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), choices=ExamProtocol.Outcome.choices, widget=forms.RadioSelect)

    def __init__(self, *args, last_attempt: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if last_attempt:  # no attempt is left to schedule
            self.fields["outcome"].choices = [
                choice for choice in ExamProtocol.Outcome.choices if choice[0] != ExamProtocol.Outcome.RE_EXAM
            ]

    errors = forms.CharField(
        label=_("Errors (one per line; required for a re-exam)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    reasons = forms.CharField(
        label=_("Reasons (one per line; required when not accredited)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class SpecialtyApplicationForm(forms.Form):
    specialty = forms.ModelChoiceField(label=_("Specialty"), queryset=Specialty.objects.all(), empty_label=None)


class AnswerForm(forms.Form):
    text = forms.CharField(label=_("Your answer"), max_length=20000, widget=forms.Textarea(attrs={"rows": 10}))
    file = forms.FileField(
        label=_("Attach a file (optional)"),
        required=False,
        help_text=_("PDF, DOCX, ODT, JPEG or PNG; at most 10 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is not None:
            validate_upload(upload)
        return upload


class ScoreForm(forms.Form):
    result = forms.ChoiceField(label=_("Verdict"), choices=AttemptTask.Result.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Comment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class CredentialCheckForm(forms.Form):
    """A credential to check: pasted text or an uploaded .jwt file, never bigger than the limit."""

    credential = forms.CharField(
        label=_("Paste the credential"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false", "autocomplete": "off"}),
        help_text=_("The content of a .jwt file: three parts of letters and digits separated by dots."),
    )
    file = forms.FileField(label=_("or upload the .jwt file"), required=False)

    def clean(self):
        data = super().clean()
        limit = settings.CREDENTIAL_CHECK_MAX_BYTES
        text = (data.get("credential") or "").strip()
        upload = data.get("file")
        if upload is not None:
            if upload.size > limit:
                raise forms.ValidationError(
                    _("The file is bigger than %(limit)s KB; a credential is a few KB.") % {"limit": limit // 1024}
                )
            try:
                text = upload.read().decode("utf-8").strip()
            except UnicodeDecodeError:
                raise forms.ValidationError(_("This file is not a credential: it is not text.")) from None
        if not text:
            raise forms.ValidationError(_("Paste a credential or choose its file."))
        if len(text.encode()) > limit:
            raise forms.ValidationError(
                _("This text is bigger than %(limit)s KB; a credential is a few KB.") % {"limit": limit // 1024}
            )
        data["text"] = text
        return data
