"""An email backend for tests with a real worker process: each message to its own file, readable from
the test process; and, while a "hold" file exists, sending stops once that many messages are written,
so the test can kill the worker in the middle of sending."""

import os
import time
import uuid
from email import message_from_bytes
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend

HOLD_FILE = "HOLD"  # its content: how many messages to let through before holding
HOLDING_FILE = "HOLDING"  # written when a send is held


class EmailBackend(BaseEmailBackend):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.folder = Path(os.environ["EMAIL_FILE_PATH"])

    def send_messages(self, messages) -> int:
        for message in messages:
            self._hold_if_asked()
            name = f"{time.time_ns()}-{os.getpid()}-{uuid.uuid4().hex}.eml"
            (self.folder / name).write_bytes(message.message().as_bytes())
        return len(messages)

    def _hold_if_asked(self) -> None:
        hold = self.folder / HOLD_FILE
        if hold.exists() and len(sent_messages(self.folder)) >= int(hold.read_text()):
            (self.folder / HOLDING_FILE).write_text(str(os.getpid()))
            while hold.exists():
                time.sleep(0.1)


def sent_messages(folder: Path) -> list:
    return [message_from_bytes(path.read_bytes()) for path in sorted(Path(folder).glob("*.eml"))]
