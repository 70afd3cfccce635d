"""Text messages (SMS) through a pluggable backend, in the style of django.core.mail.

`SMS_BACKEND` names the backend class by dotted path; `send_sms(to=..., body=...)` sends one message.
The console backend prints (the embedded default and the tests), the locmem backend keeps messages in
`coopportal.sms.outbox`, and `coopportal.sms.backends.http.SmsBackend` posts to a provider's JSON API.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_BACKEND = "coopportal.sms.backends.console.SmsBackend"
# Messages sent through the locmem backend (tests read them like django.core.mail.outbox).
outbox: list["SmsMessage"] = []


class SmsError(OSError):
    """The provider refused the message or could not be reached."""


@dataclass(frozen=True)
class SmsMessage:
    to: str  # E.164
    body: str


def get_connection(backend: str | None = None, **options):
    backend_class = import_string(backend or getattr(settings, "SMS_BACKEND", DEFAULT_BACKEND))
    return backend_class(**options)


def send_sms(*, to: str, body: str, backend: str | None = None) -> None:
    get_connection(backend).send_messages([SmsMessage(to=to, body=body)])
