"""In a real Chromium, the content security policy blocks nothing the app itself needs: its pages
and their scripts (availability grid, move check, print buttons) work with no violation."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask

from scheduler.files.timetable_file import load_timetable
from scheduler.services.accounts import find_user_by_email
from scheduler.services.availability_links import issue_link
from scheduler.services.timetables import publish_version, save_version
from tests.support.web import EXAMPLES, PASSWORD, add_user, add_visit, make_app, served
from web.database import session_factory

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
OWNER = "owner@example.org"
# Runs before the page's own scripts and outside its policy: records violations and print calls.
WATCH = """
window.__violations = [];
window.__printed = 0;
document.addEventListener("securitypolicyviolation",
    (event) => window.__violations.push(event.violatedDirective + " " + event.blockedURI));
window.print = () => { window.__printed += 1; };
"""


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[str, int, str]]:
    app: Flask = make_app(tmp_path, WTF_CSRF_ENABLED=True, TESTING=False, CLOCK=lambda: datetime.now(UTC))
    add_user(app, OWNER, "Olive Owner")
    visit_id = add_visit(app, OWNER)
    now = datetime(2026, 2, 1, 9, 0, tzinfo=UTC)
    with session_factory(app)() as db:
        owner = find_user_by_email(db, OWNER)
        number = save_version(db, owner, visit_id, load_timetable(EXAMPLES / "small.planted.json"), now)
        publish_version(db, owner, visit_id, number, now)
        token = issue_link(db, None, visit_id, "person", "p8", now)
        db.commit()
    with served(app) as url:
        yield url, visit_id, token


@pytest.fixture
def page() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context()
        context.set_default_timeout(15_000)
        context.add_init_script(WATCH)
        yield context.new_page()
        browser.close()


def test_the_apps_pages_and_scripts_run_under_the_policy_without_a_violation(
    page: object, live: tuple[str, int, str]
) -> None:
    url, visit_id, token = live
    page.goto(f"{url}/login")  # type: ignore[attr-defined]
    page.fill("input[name=email]", OWNER)  # type: ignore[attr-defined]
    page.fill("input[name=password]", PASSWORD)  # type: ignore[attr-defined]
    page.click("button:has-text('Log in')")  # type: ignore[attr-defined]
    page.wait_for_selector("h1:has-text('Your visits')")  # type: ignore[attr-defined]
    violations = {}
    for path in [
        f"/visits/{visit_id}",
        f"/visits/{visit_id}/timetable",
        f"/visits/{visit_id}/timetable/versions/1/sessions/s1/move",
        f"/visits/{visit_id}/plan",
        f"/availability/{token}",
    ]:
        page.goto(f"{url}{path}")  # type: ignore[attr-defined]
        page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
        violations[path] = page.evaluate("window.__violations")  # type: ignore[attr-defined]
    assert violations == {path: [] for path in violations}


def test_the_print_button_prints_from_its_static_script(page: object, live: tuple[str, int, str]) -> None:
    url, visit_id, _token = live
    page.goto(f"{url}/login")  # type: ignore[attr-defined]
    page.fill("input[name=email]", OWNER)  # type: ignore[attr-defined]
    page.fill("input[name=password]", PASSWORD)  # type: ignore[attr-defined]
    page.click("button:has-text('Log in')")  # type: ignore[attr-defined]
    page.wait_for_selector("h1:has-text('Your visits')")  # type: ignore[attr-defined]
    page.goto(f"{url}/visits/{visit_id}/timetable/print")  # type: ignore[attr-defined]
    page.click("button:has-text('Print')")  # type: ignore[attr-defined]
    assert page.evaluate("window.__printed") == 1  # type: ignore[attr-defined]
    assert page.evaluate("window.__violations") == []  # type: ignore[attr-defined]
