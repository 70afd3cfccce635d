from .. import outbox
from .base import BaseSmsBackend


class SmsBackend(BaseSmsBackend):
    """Keeps messages in coopportal.sms.outbox (tests; the live server thread shares the process)."""

    def send_messages(self, messages) -> int:
        outbox.extend(messages)
        return len(messages)
