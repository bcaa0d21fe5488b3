"""Helpers for the web tests: a real app over a temporary database (SQLite or PostgreSQL, see
tests/support/databases.py), real accounts."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.serving import make_server

from scheduler.files.visit_file import load_visit
from scheduler.services.accounts import create_user
from scheduler.services.visits import import_visit
from tests.support.databases import fresh_database_url
from tests.support.passwords import HELPERS_PASSWORD
from tests.support.workers import WorkerBackedRunner, jobs_on_workers, shared_redis
from web import create_app
from web.database import session_factory

EXAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "examples"
SMALL_VISIT = EXAMPLES / "small.json"
PASSWORD = HELPERS_PASSWORD
CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium keeps dialling out of this closed network.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def fixed_clock() -> datetime:
    return datetime(2026, 2, 1, 9, 0, tzinfo=UTC)


def make_app(tmp_path: Path, **overrides: object) -> Flask:
    config: dict[str, object] = {
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "DATABASE_URL": fresh_database_url(tmp_path, "web.sqlite3"),
        "SECRET_KEY": "tests-only",
        "TESTING": True,
        "WTF_CSRF_ENABLED": False,
        "CLOCK": fixed_clock,
    }
    config.update(overrides)
    app = create_app(config)
    if jobs_on_workers() and not {"JOB_RUNNER", "BROKER_URL"} & overrides.keys():
        # FIELDWORK_TEST_JOBS=celery: every solve a page starts runs on a real Celery worker.
        app.extensions["fieldwork.jobs"] = WorkerBackedRunner(
            session_factory(app), app.config["CLOCK"], shared_redis().url, tmp_path / "worker"
        )
    return app


def add_user(app: Flask, email: str, name: str = "Coordinator") -> int:
    with session_factory(app)() as db:
        user = create_user(db, email, PASSWORD, name, fixed_clock())
        db.commit()
        return user.id


def add_visit(app: Flask, email: str, path: Path = SMALL_VISIT) -> int:
    """Import a visit file as the coordinator with this email; returns the new visit's id."""
    from scheduler.services.accounts import find_user_by_email

    with session_factory(app)() as db:
        user = find_user_by_email(db, email)
        assert user is not None
        visit_id = import_visit(db, user, load_visit(path), fixed_clock())
        db.commit()
        return visit_id


def log_in(client: FlaskClient, email: str, password: str = PASSWORD) -> None:
    response = client.post("/login", data={"email": email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)


def page_text(response: object) -> str:
    return response.get_data(as_text=True)  # type: ignore[attr-defined,no-any-return]


def screenshot_folder() -> Path:
    """Where browser tests leave their screenshots: docs/screenshots only when asked
    (FIELDWORK_SCREENSHOTS=docs/screenshots, as `make screenshots` does), so that a test run
    does not rewrite the README's pictures."""
    import os
    import tempfile

    chosen = os.environ.get("FIELDWORK_SCREENSHOTS")
    folder = Path(chosen) if chosen else Path(tempfile.gettempdir()) / "fieldwork-screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def logged_in_page(browser: Any, base_url: str, email: str, password: str = PASSWORD) -> Iterator[Any]:
    """A fresh browser context logged in as `email` on the live app; closed when the caller is done.

    Meant to be yielded from a `page` fixture: `yield from logged_in_page(browser, url, email)`.
    """
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.goto(f"{base_url}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("button:has-text('Log in')")
    page.wait_for_selector("h1:has-text('Your visits')")
    yield page
    context.close()


@contextmanager
def served(app: Flask) -> Iterator[str]:
    """The app on a real server on loopback, as its base URL; afterwards the server, the app's mail
    sender and its job runner stop, so no thread outlives the test."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        stop_app(app)


def stop_app(app: Flask) -> None:
    """Stop what the app started: its mail sender, its job runner, and its database connections.

    The connections are closed here rather than by the garbage collector: a PostgreSQL connection
    whose server went away (the fault tests) would otherwise be reported as left open during
    whichever later test the collector happens to run in.
    """
    sender = app.extensions.get("fieldwork.mail_sender")
    if sender is not None:
        sender.shutdown()
    app.extensions["fieldwork.jobs"].shutdown()
    session_factory(app).kw["bind"].dispose()
