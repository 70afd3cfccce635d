from django.contrib import messages

from coopportal.users.access import role_required
from coopportal.users.roles import Role

# Students and teachers see nothing of grant budgeting (403); anonymous users are sent to log in.
budget_roles = role_required(Role.PROVINCIAL_OFFICER, Role.PROVINCIAL_COMMITTEE, Role.HQ_OFFICER)


def form_errors_to_messages(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)
