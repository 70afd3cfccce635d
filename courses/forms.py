"""Shapes of input; the rules themselves live in services."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from coopportal.mail.services import single_line_subject
from coopportal.uploads import validate_upload

from .models import Invitee, PresentationAttendee
from .models.presentations import MAX_COUNT
from .services.presentations import EVIDENCE_TYPES
from .services.subscribers import CONSENT_TEXT

# datetime-local inputs read and write ISO moments whatever the page's language.
ISO_LOCAL_DATETIME = "%Y-%m-%dT%H:%M"


class KpiDocumentForm(forms.Form):
    text = forms.CharField(label=_("Text"), required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 8}))
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("PDF, DOCX, ODT, JPEG or PNG; at most 10 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is not None:
            validate_upload(upload)
        return upload

    def clean(self):
        data = super().clean()
        if not self.errors and not (data.get("text") or "").strip() and not data.get("file"):
            raise ValidationError(_("Write the text or attach a file."))
        return data


class QuestionForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Your question"), max_length=10000, widget=forms.Textarea)

    def clean_subject(self):
        subject = single_line_subject(self.cleaned_data["subject"])  # it becomes the email's subject
        if not subject:
            raise ValidationError(_("Write the subject."))
        return subject


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Message"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4}))


class TrialPresentationForm(forms.Form):
    held_at = forms.DateTimeField(
        label=_("When did you present?"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=ISO_LOCAL_DATETIME),
    )
    topic = forms.CharField(label=_("Topic"), max_length=200, required=False)


class PeerVoteForm(forms.Form):
    vote = forms.ChoiceField(
        label=_("Your vote"),
        choices=[
            (PresentationAttendee.Vote.APPROVE, _("Approve")),
            (PresentationAttendee.Vote.REWORK, _("Needs rework")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class PresentationForm(forms.Form):
    held_at = forms.DateTimeField(
        label=_("When is (or was) the presentation?"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=ISO_LOCAL_DATETIME),
    )
    topic = forms.CharField(label=_("Topic"), max_length=200, required=False)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    broadcast_url = forms.URLField(label=_("Broadcast link"), required=False, assume_scheme="https")
    notes = forms.CharField(label=_("Notes"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    hours_open_after = forms.IntegerField(
        label=_("Keep the subscribe page open for how many hours after the start?"),
        min_value=1,
        max_value=168,
        initial=24,
    )
    classmates = forms.ModelMultipleChoiceField(
        label=_("Classmates"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, classmates=None, classmates_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if classmates is None:
            del self.fields["classmates"]
        else:
            self.fields["classmates"].queryset = classmates
            self.fields["classmates"].label = classmates_label


class EvidenceCountForm(forms.Form):
    """A count with its evidence: attendance with a photo or sign-in sheet, likes with a screenshot and link."""

    count = forms.IntegerField(label=_("How many"), min_value=0, max_value=MAX_COUNT * 100)
    url = forms.URLField(label=_("Link to the broadcast post"), required=False, assume_scheme="https")
    evidence = forms.FileField(label=_("Evidence"), help_text=_("JPEG, PNG or PDF; at most 10 MB."))

    def __init__(self, *args, count_label, evidence_label, with_url=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["count"].label = count_label
        self.fields["evidence"].label = evidence_label
        if with_url:
            self.fields["url"].required = True
        else:
            del self.fields["url"]

    def clean_evidence(self):
        upload = self.cleaned_data["evidence"]
        validate_upload(upload, allowed=EVIDENCE_TYPES)
        return upload


class ConfirmCountForm(forms.Form):
    count = forms.IntegerField(label=_("Confirmed number"), min_value=0, max_value=MAX_COUNT * 100)


class ResultForm(forms.Form):
    person_name = forms.CharField(label=_("Name"), max_length=200)
    contact = forms.CharField(label=_("Phone or email"), max_length=254, required=False)
    subscribed = forms.BooleanField(label=_("Subscriber"), required=False)
    bought_share = forms.BooleanField(label=_("Share buyer"), required=False)
    recommended = forms.BooleanField(label=_("Recommendation"), required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class SubscribeForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.CharField(
        label=_("or email"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    consent = forms.BooleanField(label=CONSENT_TEXT, required=False)


class SignUpCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the SMS"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]*"}),
    )


class InviteeForm(forms.Form):
    for_level = forms.ModelChoiceField(label=_("For the presentation at"), queryset=None, empty_label=None)
    name = forms.CharField(label=_("Name"), max_length=200)
    contact = forms.CharField(label=_("Phone or email"), max_length=254)
    channel = forms.ChoiceField(label=_("Channel"), choices=Invitee.Channel.choices)
    status = forms.ChoiceField(label=_("Status"), choices=Invitee.Status.choices)

    def __init__(self, *args, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["for_level"].queryset = levels


class InviteeImportForm(forms.Form):
    for_level = forms.ModelChoiceField(label=_("For the presentation at"), queryset=None, empty_label=None)
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: name, contact (phone or email), channel (social, call, personal), optional status "
            "(planned, invited, confirmed, attended). A header row is optional."
        ),
    )

    def __init__(self, *args, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["for_level"].queryset = levels


class InviteeStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Invitee.Status.choices)
