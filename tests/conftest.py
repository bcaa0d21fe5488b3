"""Fixtures shared by every test package: a real SMTP server on loopback; which database the suite uses."""

from __future__ import annotations

from collections.abc import Iterator

import databases
import pytest
from smtp_catcher import SmtpCatcher


@pytest.fixture
def smtp_server() -> Iterator[SmtpCatcher]:
    server = SmtpCatcher().start()
    yield server
    server.stop()


def pytest_configure() -> None:
    databases.check_choice()


def pytest_report_header() -> str:
    return databases.description()


def pytest_sessionfinish() -> None:
    databases.close()
