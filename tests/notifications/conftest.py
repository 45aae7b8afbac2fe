"""A real SMTP server on localhost (aiosmtpd, started by the test) and the app's mail settings pointed at it."""

import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from crm_rollout.notifications.mail import mailer


class Inbox:
    """What the SMTP server received: (envelope recipients, parsed message)."""

    def __init__(self):
        self.received = []

    async def handle_DATA(self, _server, _session, envelope):
        self.received.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"


class SmtpServer:
    def __init__(self):
        self.inbox = Inbox()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self._controller = None

    def start(self):
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self):
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def received(self):
        return self.inbox.received


@pytest.fixture
def smtp():
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mail_to(app):
    """Point the app's mail at a port (a burst window of 0: mail is due at once); restore afterwards."""
    saved = dict(app.config)

    def configure(port: int, **more):
        app.config.update(
            MAIL_SERVER="127.0.0.1",
            MAIL_PORT=port,
            MAIL_SUPPRESS_SEND=False,
            MAIL_DEFAULT_SENDER="rollout@example.com",
            BASE_URL="https://crm.example.com",
            NOTIFY_BURST_SECONDS=0,
            **more,
        )
        mailer.init_app(app)

    yield configure
    app.config.clear()
    app.config.update(saved)
    mailer.init_app(app)
