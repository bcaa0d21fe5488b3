"""No secret reaches a log: not a password (right or wrong), a personal link's token, the
SECRET_KEY or the SMTP password, with every logger at DEBUG (SQL and its parameters included)
while a real server handles a login, an availability save by token link and the mail thread
sends the confirmation through an SMTP server that wants a password."""

from __future__ import annotations

import logging
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.support.availability_pages import day_cells, visit_with_link
from tests.support.smtp_catcher import free_port
from tests.support.web import PASSWORD, make_app, served

SECRET_KEY = "secret-key-that-must-stay-out-of-logs-7f3a"
SMTP_PASSWORD = "smtp-password-that-must-stay-out-of-logs-91c2"
WRONG_PASSWORD = "a-wrong-guess-that-must-stay-out-of-logs"


class _AuthenticatedInbox:
    """An SMTP server on loopback that accepts mail only after AUTH with the right password."""

    def __init__(self) -> None:
        self.received: list[bytes] = []
        self.port = free_port()
        self.controller = Controller(
            self, hostname="127.0.0.1", port=self.port, authenticator=self._check, auth_require_tls=False
        )

    def _check(self, _server: Any, _session: Any, _envelope: Any, _mechanism: str, data: Any) -> AuthResult:
        ok = isinstance(data, LoginPassword) and data.password == SMTP_PASSWORD.encode()
        return AuthResult(success=ok)

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:
        self.received.append(envelope.content)
        return "250 Message accepted for delivery"


@pytest.fixture
def inbox() -> Iterator[_AuthenticatedInbox]:
    server = _AuthenticatedInbox()
    server.controller.start()
    yield server
    server.controller.stop()


def _post(opener: urllib.request.OpenerDirector, url: str, data: dict[str, str]) -> int:
    try:
        with opener.open(url, data=urllib.parse.urlencode(data).encode()) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def test_no_password_token_or_key_is_logged_during_login_a_token_save_and_a_mail_send(
    tmp_path: Path,
    inbox: _AuthenticatedInbox,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")  # SQL with its bound parameters
    app = make_app(
        tmp_path,
        SECRET_KEY=SECRET_KEY,
        SMTP_URL=f"smtp://mailer:{SMTP_PASSWORD}@127.0.0.1:{inbox.port}",
        MAIL_SEND_SECONDS=0.1,
    )
    _visit_id, token = visit_with_link(app)
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    with served(app) as base:  # afterwards the mail thread and the job runner have stopped too
        assert (
            _post(opener, f"{base}/login", {"email": "owner@example.org", "password": WRONG_PASSWORD}) == 200
        )
        assert _post(opener, f"{base}/login", {"email": "owner@example.org", "password": PASSWORD}) == 200
        assert _post(opener, f"{base}/availability/{token}", day_cells("14:00", "15:00")) == 200
        for _ in range(200):  # the mail thread sends within a few ticks; wait for it, up to 10 s
            if inbox.received:
                break
            time.sleep(0.05)

    assert len(inbox.received) == 1
    captured = capfd.readouterr()
    # The development server colours its access log; the colour codes are not what is searched for.
    # aiosmtpd's "mail.log" is the test's SMTP server talking, the far end of the wire, not Fieldwork.
    ours = [caplog.handler.format(r) for r in caplog.records if not r.name.startswith("mail.log")]
    logged = re.sub(r"\x1b\[[0-9;]*m", "", "\n".join([*ours, captured.out, captured.err]))
    assert "POST /availability/<token> HTTP/1.1" in logged  # the access log was captured, redacted
    assert "GET /availability/<token>/saved HTTP/1.1" in logged
    assert "INSERT INTO login_failures" in logged  # so was the SQL (its bound values are hidden)
    secrets_found = [
        name
        for name, secret in [
            ("the password", PASSWORD),
            ("the wrong password", WRONG_PASSWORD),
            ("the availability token", token),
            ("the SECRET_KEY", SECRET_KEY),
            ("the SMTP password", SMTP_PASSWORD),
        ]
        if secret in logged
    ]
    assert secrets_found == []
