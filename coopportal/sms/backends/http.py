"""A generic SMS provider's JSON HTTP API: POST {"to", "text", "sender"} with a bearer token.

Settings: SMS_HTTP_URL, SMS_HTTP_TOKEN, SMS_SENDER (the name shown as the sender), SMS_HTTP_TIMEOUT.
"""

import json
import urllib.error
import urllib.request

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .. import SmsError
from .base import BaseSmsBackend


class SmsBackend(BaseSmsBackend):
    def __init__(self, **options):
        super().__init__(**options)
        self.url = options.get("url") or settings.SMS_HTTP_URL
        self.token = options.get("token") or settings.SMS_HTTP_TOKEN
        self.sender = options.get("sender") or settings.SMS_SENDER
        self.timeout = options.get("timeout") or settings.SMS_HTTP_TIMEOUT
        if not self.url.startswith("https://"):
            raise ImproperlyConfigured("SMS_HTTP_URL must be an https:// address of the SMS provider.")

    def _post(self, message) -> None:
        payload = json.dumps({"to": message.to, "text": message.body, "sender": self.sender}).encode()
        request = urllib.request.Request(  # noqa: S310 (the https scheme is checked in __init__)
            self.url,
            data=payload,
            method="POST",
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {self.token}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                answer = json.loads(response.read() or b"{}")
        except (urllib.error.URLError, TimeoutError, ValueError) as exc:
            raise SmsError(f"the SMS provider could not be reached: {exc}") from exc
        if answer.get("status") not in ("ok", "queued", "sent"):
            raise SmsError(f"the SMS provider refused the message: {answer.get('error') or answer}")

    def send_messages(self, messages) -> int:
        for message in messages:
            self._post(message)
        return len(messages)
