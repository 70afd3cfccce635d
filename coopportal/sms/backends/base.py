from collections.abc import Sequence


class BaseSmsBackend:
    """A backend sends messages; it raises coopportal.sms.SmsError when the provider refuses them."""

    def __init__(self, **options):
        self.options = options

    def send_messages(self, messages: Sequence) -> int:
        raise NotImplementedError("an SMS backend implements send_messages()")
