"""A real SMTP server for the fault tests (aiosmtpd, in a thread of the test process) that accepts,
refuses every recipient with 451 (try again later), or holds each connection before the message."""

import asyncio
import threading
from contextlib import contextmanager
from email import message_from_bytes
from email.message import Message

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self):
        self.messages: list[Message] = []
        self.refusals = 0
        self.refusing = threading.Event()
        self.holding = threading.Event()
        self.held = 0  # connections waiting before their message

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refusing.is_set():
            self.refusals += 1
            return "451 4.3.0 Mail server busy, try again later"
        if self.holding.is_set():
            self.held += 1
            while self.holding.is_set():
                await asyncio.sleep(0.05)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.original_content))
        return "250 Message accepted for delivery"

    def message_ids(self) -> list[str]:
        return [message["Message-ID"] for message in self.messages]


@contextmanager
def smtp_sink(port: int):
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield sink
    finally:
        sink.holding.clear()
        controller.stop()
