"""Django's SMTP backend, telling apart "not sent" from "sent, but the server's answer was lost".

A connection that drops (or times out) after the message body went out may or may not have
delivered it; the outbox retries such a message at most once (with the same Message-ID).
"""

import smtplib

from django.core.mail.backends import smtp


class DeliveryUncertain(Exception):
    """The whole message was sent but the server's answer to it never came."""


class _BodyTracking:
    """Marks `body_sent` once `data()` has written the message itself (after the server's 354)."""

    body_sent = False
    _writes_in_data = None

    def data(self, msg):
        self.body_sent = False
        self._writes_in_data = 0
        try:
            return super().data(msg)
        finally:
            self._writes_in_data = None

    def send(self, s):
        super().send(s)
        if self._writes_in_data is not None:
            self._writes_in_data += 1
            # The first write is the DATA command; the second, the message and its final dot.
            self.body_sent = self._writes_in_data >= 2


class TrackedSMTP(_BodyTracking, smtplib.SMTP):
    pass


class TrackedSMTPSSL(_BodyTracking, smtplib.SMTP_SSL):
    pass


class EmailBackend(smtp.EmailBackend):
    @property
    def connection_class(self):
        return TrackedSMTPSSL if self.use_ssl else TrackedSMTP

    def _send(self, email_message):
        try:
            return super()._send(email_message)
        except (smtplib.SMTPServerDisconnected, TimeoutError, ConnectionError) as exc:
            if self.connection is not None and self.connection.body_sent:
                raise DeliveryUncertain(f"{type(exc).__name__}: {exc}") from exc
            raise
