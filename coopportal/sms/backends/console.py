import logging
import sys

from .base import BaseSmsBackend

logger = logging.getLogger("coopportal.sms")


class SmsBackend(BaseSmsBackend):
    """Prints each message (and logs it) instead of sending it: the embedded default and development."""

    def send_messages(self, messages) -> int:
        for message in messages:
            sys.stdout.write(f"SMS to {message.to}:\n{message.body}\n{'-' * 40}\n")
            sys.stdout.flush()
            logger.info("SMS to %s: %s", message.to, message.body)
        return len(messages)
