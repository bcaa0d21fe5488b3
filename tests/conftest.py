"""Fixtures shared by every test package (a real SMTP server on loopback, which database the suite
uses) and the markers `make test-fast` leaves out: browser, postgres, redis and slow."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

from tests.support import databases, passwords, workers
from tests.support.skip_summary import pytest_terminal_summary  # noqa: F401 (a hook: says which tests did not run)
from tests.support.slow_tests import is_slow
from tests.support.smtp_catcher import SmtpCatcher


@pytest.fixture
def smtp_server() -> Iterator[SmtpCatcher]:
    server = SmtpCatcher().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def redis_server() -> workers.RedisServer:
    """One throw-away Redis on loopback for every Celery test of the session."""
    return workers.shared_redis()


# A test that uses one of these fixtures needs what the marker names (`make test-fast` skips them).
MARKER_OF_FIXTURE = {
    "browser": "browser",
    "redis_server": "redis",
    "postgres": "postgres",  # a PostgreSQL server of the test's own (tests/web/test_database_restart.py)
    "postgres_url": "postgres",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        path = item.nodeid.split("::", 1)[0]  # relative to the repository, as the list names it
        if is_slow(path, getattr(item, "originalname", item.name)):
            item.add_marker("slow")  # the list in tests/support/slow_tests.py
        fixtures = set(getattr(item, "fixturenames", ()))
        for fixture, marker in MARKER_OF_FIXTURE.items():
            if fixture in fixtures:
                item.add_marker(marker)
        params = getattr(getattr(item, "callspec", None), "params", {})
        if "postgresql" in params.values():  # a test run once per database, here on PostgreSQL
            item.add_marker("postgres")


def pytest_configure() -> None:
    passwords.hash_once_per_process()  # the helpers' one password: scrypt once, not in every test
    databases.check_choice()
    workers.jobs_on_workers()  # refuses an unknown FIELDWORK_TEST_JOBS before any test runs


def pytest_report_header() -> list[str]:
    jobs = "Celery workers on Redis" if workers.jobs_on_workers() else "the in-process runner"
    return [databases.description(), f"solves started by the web tests run on {jobs}"]


def pytest_sessionfinish() -> None:
    workers.stop_all_workers()
    workers.stop_shared_redis()
    databases.close()


# Every engine a test connected through, so that its idle connections are closed when the test
# ends rather than by the garbage collector in a later one (psycopg warns of an open connection).
# Held strongly: an engine a command dropped would otherwise leave its pool to the collector.
_ENGINES_USED: set[Engine] = set()


@event.listens_for(Engine, "engine_connect")
def _remember_the_engine(connection: Connection) -> None:
    _ENGINES_USED.add(connection.engine)


@pytest.fixture(autouse=True)
def _close_idle_database_connections() -> Iterator[None]:
    yield
    for engine in list(_ENGINES_USED):
        engine.dispose()
    _ENGINES_USED.clear()
