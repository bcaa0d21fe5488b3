"""Fixtures for the web tests: an app over a temporary database, a test client, a coordinator."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.support.web import CHROMIUM, CHROMIUM_ARGS, add_user, add_visit, log_in, make_app, stop_app


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    application = make_app(tmp_path)
    yield application
    stop_app(application)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def coordinator(app: Flask, client: FlaskClient) -> int:
    """A logged-in coordinator with the small example visit; returns the visit id."""
    add_user(app, "coordinator@example.org", "Casey Coordinator")
    visit_id = add_visit(app, "coordinator@example.org")
    log_in(client, "coordinator@example.org")
    return visit_id


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """One headless Chromium per test module (Debian's, at /usr/bin/chromium)."""
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()
