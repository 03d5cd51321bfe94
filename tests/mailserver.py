"""A real SMTP server for the tests: aiosmtpd on a free local port, keeping what it gets."""

import email
import socket
from email import policy

from aiosmtpd.controller import Controller


class MailSink:
    """
    aiosmtpd's handler: each message it accepts is parsed into ``messages``. Set
    ``refuse`` to an SMTP answer (e.g. "451 4.3.0 Try again later") to refuse every
    message until it is cleared, as a failing server would.
    """

    def __init__(self):
        self.messages = []
        self.refuse = ""
        self.refused = 0

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            self.refused += 1
            return self.refuse
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        message.recipients = list(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 2.0.0 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class MailServer:
    """Start and stop an aiosmtpd server; ``messages`` are what it accepted."""

    def __init__(self):
        self.sink = MailSink()
        self.port = free_port()
        self.controller = Controller(self.sink, hostname="127.0.0.1", port=self.port)

    @property
    def messages(self):
        return self.sink.messages

    def start(self):
        self.controller.start()
        return self

    def stop(self):
        self.controller.stop()
