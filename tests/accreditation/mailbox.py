"""An email backend for real-worker tests: each message becomes a .eml file in $TEST_MAILBOX_DIR.

The worker runs in another process, so `mail.outbox` cannot see what it sends; the test
reads the directory instead.
"""

import os
import uuid
from email import message_from_bytes
from email.message import Message
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class DirectoryBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        directory = Path(os.environ["TEST_MAILBOX_DIR"])
        directory.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            (directory / f"{uuid.uuid4().hex}.eml").write_bytes(message.message().as_bytes())
        return len(email_messages)


def read_mailbox(directory: Path) -> list[Message]:
    return [message_from_bytes(path.read_bytes()) for path in sorted(Path(directory).glob("*.eml"))]
