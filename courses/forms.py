"""Shapes of input; the rules themselves live in services."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from coopportal.uploads import validate_upload

from .models import PresentationAttendee


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


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Message"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4}))


class TrialPresentationForm(forms.Form):
    held_at = forms.DateTimeField(
        label=_("When did you present?"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    topic = forms.CharField(label=_("Topic"), max_length=200, required=False)
    classmates = forms.ModelMultipleChoiceField(
        label=_("Classmates who attended"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, classmates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["classmates"].queryset = classmates


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
