"""Fixtures shared by every test package: a real SMTP server on loopback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from smtp_catcher import SmtpCatcher


@pytest.fixture
def smtp_server() -> Iterator[SmtpCatcher]:
    server = SmtpCatcher().start()
    yield server
    server.stop()
