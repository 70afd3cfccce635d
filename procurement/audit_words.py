"""The audit trail in plain words: “X changed planned cost from 8,000,000 to 9,000,000”. Pure: the
entries come with their actor (one query, coopportal.audit.selectors), nothing more is read."""

import re

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coopportal.formatting import format_date, format_number
from coopportal.users.models import CommitteeSeat

from .models import Program

SIMPLE = {
    "procurement.program_created": gettext_lazy("%(who)s created the program."),
    "procurement.participant_added": gettext_lazy("%(who)s added a participant."),
    "procurement.participant_removed": gettext_lazy("%(who)s removed a participant."),
    "procurement.host_added": gettext_lazy("%(who)s added a host cooperative."),
    "procurement.host_removed": gettext_lazy("%(who)s removed a host cooperative."),
    "procurement.document_uploaded": gettext_lazy("%(who)s uploaded a document."),
    "procurement.document_removed": gettext_lazy("%(who)s removed a document."),
    "procurement.program_submitted": gettext_lazy("%(who)s submitted the program."),
    "procurement.approved": gettext_lazy("The program was approved (the third seat signed)."),
    "procurement.reported": gettext_lazy("%(who)s sent the report to HQ."),
    "procurement.returned_to_draft": gettext_lazy(
        "%(who)s changed the program after submission; it went back to draft and its signatures were voided."
    ),
}
AMOUNT_FIELDS = {"planned_cost", "actual_cost"}
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _value(name: str, value) -> str:
    """As the page writes it: amounts grouped, dates (recorded as ISO text) in the reader's style."""
    if value in (None, "", "None"):
        return "—"
    if name in AMOUNT_FIELDS and str(value).isascii() and str(value).isdigit():
        return format_number(int(value))
    if ISO_DATE.fullmatch(str(value)):
        return format_date(str(value))
    return str(value)


def _label(name: str) -> str:
    try:
        return str(Program._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def describe(entry) -> list[str]:
    """One or more sentences for one audit entry."""
    who = str(entry.actor) if entry.actor_id else _("Someone")
    details = entry.details or {}
    action = entry.action
    if action == "procurement.program_changed":
        old, new = details.get("old", {}), details.get("new", {})
        return [
            _("%(who)s changed %(field)s from %(old)s to %(new)s.")
            % {"who": who, "field": _label(name), "old": _value(name, old.get(name)), "new": _value(name, value)}
            for name, value in new.items()
        ]
    if action == "procurement.expense_added":
        return [
            _("%(who)s added an expense line of %(amount)s rials.")
            % {"who": who, "amount": _value("planned_cost", details.get("amount"))}
        ]
    if action == "procurement.expense_removed":
        return [
            _("%(who)s removed an expense line of %(amount)s rials.")
            % {"who": who, "amount": _value("planned_cost", details.get("amount"))}
        ]
    if action == "procurement.signed":
        seat = details.get("seat")
        label = CommitteeSeat.Kind(seat).label if seat in CommitteeSeat.Kind.values else seat
        return [_("%(who)s signed as %(seat)s.") % {"who": who, "seat": label}]
    if action == "procurement.hq_override":
        return [_("%(who)s granted HQ permission: %(reason)s") % {"who": who, "reason": details.get("reason", "")}]
    if action == "procurement.hq_refused":
        return [_("%(who)s refused HQ permission: %(reason)s") % {"who": who, "reason": details.get("reason", "")}]
    if action == "procurement.reopened_for_amendment":
        return [
            _("%(who)s reopened the approved program for amendment: %(reason)s")
            % {"who": who, "reason": details.get("reason", "")}
        ]
    if action == "procurement.executed":
        return [
            _("%(who)s recorded the execution at %(amount)s rials.")
            % {"who": who, "amount": _value("actual_cost", details.get("actual_cost"))}
        ]
    if action == "procurement.reviewed":
        note = details.get("note")
        return [
            _("%(who)s reviewed the report: %(note)s") % {"who": who, "note": note}
            if note
            else _("%(who)s reviewed the report.") % {"who": who}
        ]
    if action in SIMPLE:
        return [str(SIMPLE[action]) % {"who": who}]
    return [_("%(who)s: %(action)s.") % {"who": who, "action": action.removeprefix("procurement.").replace("_", " ")}]


def plain_trail(entries) -> list[tuple]:
    """(when, sentence) for each sentence of each entry, newest first as the entries come."""
    return [(entry.created_at, sentence) for entry in entries for sentence in describe(entry)]
