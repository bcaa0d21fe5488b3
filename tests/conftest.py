"""Fixtures shared by every test package: a real SMTP server on loopback; which database the suite uses."""

from __future__ import annotations

from collections.abc import Iterator

import celery_support
import databases
import pytest
from skip_summary import pytest_terminal_summary  # noqa: F401 (a hook: says which tests did not run)
from smtp_catcher import SmtpCatcher


@pytest.fixture
def smtp_server() -> Iterator[SmtpCatcher]:
    server = SmtpCatcher().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def redis_server() -> celery_support.RedisServer:
    """One throw-away Redis on loopback for every Celery test of the session."""
    return celery_support.shared_redis()


def pytest_configure() -> None:
    databases.check_choice()
    celery_support.jobs_on_workers()  # refuses an unknown FIELDWORK_TEST_JOBS before any test runs


def pytest_report_header() -> list[str]:
    jobs = "Celery workers on Redis" if celery_support.jobs_on_workers() else "the in-process runner"
    return [databases.description(), f"solves started by the web tests run on {jobs}"]


def pytest_sessionfinish() -> None:
    celery_support.stop_all_workers()
    celery_support.stop_shared_redis()
    databases.close()
