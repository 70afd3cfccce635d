"""Forms check the shape of the input; the services enforce the rules."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coopportal.formatting import format_number, localize_digits
from coopportal.identity import is_ascii_digits

from .models import Contractor, FiscalYear, Fund, ProgramType, RequiredDocument, ServiceItem
from .models.programs import EDITABLE_FIELDS, TYPE_FIELDS, TYPE_ONLY_FIELDS, fields_for_type
from .normalize import ascii_digits
from .services.common import MAX_RIALS

_GROUPING = re.compile(r"[\s,،٬'’_]")


class RialField(forms.CharField):
    """Whole rials typed with ASCII, Persian or Arabic digits and any thousands separators
    (۸۰٬۰۰۰٬۰۰۰ → 80000000); negative, fractional and absurd amounts are refused."""

    def __init__(self, *, max_value: int = MAX_RIALS, **kwargs):
        self.max_value = max_value
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        text = _GROUPING.sub("", ascii_digits(text))
        if text.startswith(("-", "−")):
            raise ValidationError(_("An amount cannot be negative."), code="negative")
        if re.search(r"[.٫/]", text):
            raise ValidationError(_("Amounts are whole rials, without a fraction."), code="fraction")
        # ASCII digits only once folded: str.isdigit() also accepts ² and ①, which int() then refuses.
        if not is_ascii_digits(text):
            raise ValidationError(_("Enter the amount in digits, e.g. 80,000,000."), code="invalid")
        if len(text) > 30:  # int() refuses thousands of digits with a ValueError
            raise ValidationError(_("This amount is implausibly large."), code="too_large")
        amount = int(text)
        if amount > self.max_value:
            raise ValidationError(_("This amount is implausibly large."), code="too_large")
        return amount

    def prepare_value(self, value):
        return format_number(value) if isinstance(value, int) else value


class FiscalYearField(forms.ModelChoiceField):
    """Fiscal years named in the reader's digits (۱۴۰۵ on a Persian page)."""

    def label_from_instance(self, obj):
        return localize_digits(obj.label)


class CountField(forms.IntegerField):
    """A whole count typed in any script's digits; superscript or circled digits are a form error. A text
    box with a numeric keypad, not a number input, which takes no Persian digits, and shown in the
    reader's digits."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return localize_digits(str(value)) if isinstance(value, int) else value

    def to_python(self, value):
        if isinstance(value, str):
            value = ascii_digits(value).strip()
            if value and not is_ascii_digits(value.removeprefix("-")):
                raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class DateInput(forms.DateInput):
    """The browser's date picker reads and writes ISO dates whatever the page's language."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):  # noqa: A002 (Django's own argument name)
        super().__init__(attrs, format=format)


class OwnIds:
    """A form that shares the program page with others: its ids carry its own prefix (line-file,
    document-file), so that every control on the page has a unique id for its label."""

    id_prefix = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)


TYPE_FIELD_DEFAULTS = {
    "units": 1,
    "weekly_consultation_hours": 0,
    "seminars_recorded": 0,
    "printed_copies": 0,
    "electronic_copy": False,
    "audio_video": False,
}


def current_fiscal_year() -> FiscalYear | None:
    """The fiscal year that contains today, else the latest one (preselected on new programs)."""
    today = timezone.localdate()
    return FiscalYear.objects.filter(start__lte=today, end__gte=today).first() or FiscalYear.objects.first()


class ProgramForm(forms.Form):
    program_type = forms.ModelChoiceField(ProgramType.objects.all(), label=_("Program type"))
    fund = forms.ModelChoiceField(Fund.objects.all(), label=_("Fund"))
    year = FiscalYearField(FiscalYear.objects.all(), label=_("Fiscal year"))
    title = forms.CharField(label=_("Title"), max_length=200)
    start_date = forms.DateField(label=_("Start date"), widget=DateInput)
    end_date = forms.DateField(label=_("End date"), widget=DateInput)
    place = forms.CharField(label=_("Place"), max_length=200)
    executor = forms.ModelChoiceField(Contractor.objects.none(), label=_("Executor (contractor)"), required=False)
    planned_cost = RialField(label=_("Planned cost (rials)"))
    headcount = CountField(label=_("Participants claimed"), min_value=0, max_value=100_000, initial=0)
    units = CountField(label=_("Units (chairs)"), min_value=1, max_value=100, initial=1)
    weekly_consultation_hours = CountField(
        label=_("Consultation hours a week (chairs)"), min_value=0, max_value=168, initial=0
    )
    seminars_recorded = CountField(label=_("Seminars recorded (chairs)"), min_value=0, max_value=1000, initial=0)
    printed_copies = CountField(label=_("Printed copies (stories)"), min_value=0, max_value=10_000, initial=0)
    electronic_copy = forms.BooleanField(label=_("Electronic copy (stories)"), required=False)
    audio_video = forms.BooleanField(label=_("Audio/video program (stories)"), required=False)

    EDITABLE = EDITABLE_FIELDS

    def __init__(self, *args, region, editing: bool = False, program_type_code: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["executor"].queryset = Contractor.objects.filter(region=region)
        for name in TYPE_ONLY_FIELDS:
            # Shown only for the types that use them (the page hides the others as the type changes).
            self.fields[name].required = False
            self.fields[name].type_codes = " ".join(code for code, names in TYPE_FIELDS.items() if name in names)
        if editing:
            for name in ("program_type", "fund", "year"):
                del self.fields[name]
            if program_type_code:
                for name in TYPE_ONLY_FIELDS - set(fields_for_type(program_type_code)):
                    del self.fields[name]
        elif not self.is_bound:
            self.fields["year"].initial = current_fiscal_year()

    def clean(self):
        data = super().clean()
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            self.add_error("end_date", _("The end date is before the start date."))
        program_type = data.get("program_type")
        if program_type is not None:
            own = set(fields_for_type(program_type.code))
            for name in TYPE_ONLY_FIELDS:
                if name not in own or data.get(name) is None:
                    data[name] = TYPE_FIELD_DEFAULTS[name]
        else:
            for name in TYPE_ONLY_FIELDS & set(self.fields):
                if data.get(name) is None:
                    data[name] = TYPE_FIELD_DEFAULTS[name]
        return data


class ParticipantForm(OwnIds, forms.Form):
    id_prefix = "participant"

    full_name = forms.CharField(label=_("Full name"), max_length=200)
    national_id = forms.CharField(label=_("National ID"), max_length=20, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    signature = forms.FileField(label=_("Signature scan"), required=False)

    def clean(self):
        data = super().clean()
        if not (data.get("national_id") or "").strip() and not (data.get("phone") or "").strip():
            raise ValidationError(_("A participant needs a national ID or a phone number."))
        return data


class ParticipantImportForm(OwnIds, forms.Form):
    id_prefix = "import"

    file = forms.FileField(
        label=_("Participant list (XLSX or CSV)"),
        help_text=_("Columns: Full name, National ID, Phone. Every row must be right, or nothing is added."),
    )


class HostForm(OwnIds, forms.Form):
    id_prefix = "host"

    name = forms.CharField(label=_("Cooperative"), max_length=200)
    registration_number = forms.CharField(label=_("Registration number"), max_length=40)


class ExpenseLineForm(OwnIds, forms.Form):
    id_prefix = "line"

    item = forms.ModelChoiceField(ServiceItem.objects.none(), label=_("Service item"))
    amount = RialField(label=_("Amount (rials)"))
    vendor = forms.CharField(label=_("Vendor"), max_length=200)
    invoice_number = forms.CharField(label=_("Invoice number"), max_length=60)
    invoice_date = forms.DateField(label=_("Invoice date"), widget=DateInput)
    file = forms.FileField(label=_("Invoice or receipt"))

    def __init__(self, *args, program_type, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = ServiceItem.objects.filter(program_type=program_type)


class DocumentForm(OwnIds, forms.Form):
    id_prefix = "document"

    requirement = forms.ModelChoiceField(RequiredDocument.objects.none(), label=_("Document"))
    file = forms.FileField(label=_("File"))

    def __init__(self, *args, program_type, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requirement"].queryset = RequiredDocument.objects.filter(program_type=program_type)


class ContractorForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    registration_number = forms.CharField(label=_("Registration number"), max_length=40)


class ContractorDocumentForm(forms.Form):
    title = forms.CharField(label=_("Document"), max_length=200)
    file = forms.FileField(label=_("File"))


class ReasonForm(OwnIds, forms.Form):
    id_prefix = "reason"

    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class SignForm(OwnIds, forms.Form):
    """Each signature is confirmed with a fresh code from the seat's authenticator app (step-up)."""

    id_prefix = "sign"

    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "size": 8}),
    )


class ReviewForm(OwnIds, forms.Form):
    """HQ's review note: optional; a NUL byte or other control character is refused with a message."""

    id_prefix = "review"

    reason = forms.CharField(
        label=_("Review note"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )

    def clean_reason(self):
        note = self.cleaned_data["reason"]
        if any(ord(ch) < 32 and ch not in "\n\r\t" for ch in note):
            raise ValidationError(_("The note contains control characters; remove them."), code="control")
        return note


class ExecutionForm(OwnIds, forms.Form):
    id_prefix = "execution"

    actual_cost = RialField(label=_("Actual cost (rials)"))


class SplitForm(forms.Form):
    fund = forms.ModelChoiceField(Fund.objects.all(), label=_("Fund"))
    year = FiscalYearField(FiscalYear.objects.all(), label=_("Fiscal year"))
    national_amount = RialField(label=_("National amount (rials)"))


class AllocationConfirmForm(forms.Form):
    """One amount per province, pre-filled with the suggested split."""

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.regions = list(regions)
        for region in self.regions:
            self.fields[f"region_{region.pk}"] = RialField(label=region.name)

    def amounts(self) -> dict[int, int]:
        return {region.pk: self.cleaned_data[f"region_{region.pk}"] for region in self.regions}


class CategoryPlanForm(forms.Form):
    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = list(categories)
        for category in self.categories:
            self.fields[f"category_{category.pk}"] = RialField(
                label=_("%(category)s (target %(target)s %%)")
                % {"category": category.name, "target": format_number(category.target_percent)}
            )

    def amounts(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"category_{c.pk}"] for c in self.categories}


class ReportFilterForm(forms.Form):
    year = FiscalYearField(FiscalYear.objects.all(), label=_("Fiscal year"), required=False)
    fund = forms.ModelChoiceField(Fund.objects.all(), label=_("Fund"), required=False, empty_label=_("All funds"))
