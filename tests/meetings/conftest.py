import email
import functools
import socket

import pytest

from tests.support.factories import meeting_people


@pytest.fixture(autouse=True, scope="session")
def _hash_each_test_password_once():
    """The matrix tests create seven accounts per test; hashing the same test password with scrypt
    (~0.3 s) each time would dominate the run. The hash stays real, it is just computed once."""
    import app.models.user as user_module

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(
            user_module, "generate_password_hash", functools.lru_cache(maxsize=8)(user_module.generate_password_hash)
        )
        yield


@pytest.fixture
def people(app):
    """secretariat, chair, secretary, member, observer, outsider, archivist."""
    return meeting_people()


class Sink:
    """An SMTP server (aiosmtpd) that keeps what it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append((envelope.rcpt_tos, email.message_from_bytes(envelope.content)))
        return "250 OK"


@pytest.fixture
def smtp_sink(app):
    from aiosmtpd.controller import Controller

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    old = {k: app.config.get(k) for k in ("SMTP_HOST", "SMTP_PORT", "SMTP_FROM")}
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_FROM="vanphong@caolanh.gov.vn")
    yield sink
    app.config.update(old)
    controller.stop()
