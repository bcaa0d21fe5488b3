"""In a real Chromium: Grace Okafor sets the Reviewing team's limit to half the team and marks it
frontline on the Staff teams page, then lists CQC's four themes on the Coverage page and sees
which the planted timetable leaves uncovered."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from scheduler.files.timetable_file import load_timetable
from scheduler.services.timetables import save_version
from tests.support.publishing import PLANTED
from tests.support.web import (
    add_user,
    add_visit,
    fixed_clock,
    logged_in_page,
    make_app,
    screenshot_folder,
    served,
)
from web.database import session_factory

pytestmark = pytest.mark.browser

SCREENSHOTS = screenshot_folder()
GRACE = "grace.okafor@example.org"


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[Flask, str]]:
    app = make_app(tmp_path, WTF_CSRF_ENABLED=True, TESTING=False, CLOCK=fixed_clock)
    add_user(app, GRACE, "Grace Okafor")
    with served(app) as base_url:
        yield app, base_url


@pytest.fixture
def page(browser: object, live: tuple[Flask, str]) -> Iterator[object]:
    yield from logged_in_page(browser, live[1], GRACE)


def test_grace_limits_a_team_and_checks_the_themes_the_plan_covers(page, live) -> None:  # type: ignore[no-untyped-def]
    app, url = live
    visit_id = add_visit(app, GRACE)
    with session_factory(app)() as db:
        save_version(db, None, visit_id, load_timetable(PLANTED), fixed_clock())
        db.commit()

    page.goto(f"{url}/visits/{visit_id}")
    page.click("nav.visitnav a:has-text('Staff teams')")
    page.wait_for_selector("h1:has-text('Staff teams')")
    page.click("a[aria-label='Edit Reviewing']")
    page.fill("input[name=max_away]", "half the team")
    page.check("input[name=frontline]")
    page.click("button:has-text('Save team')")
    page.wait_for_selector("p.flash:has-text('Saved team Reviewing: 50 % of the team, frontline.')")
    row = page.locator("table.teams tr", has_text="Reviewing")
    assert "50 % of the team: 3 at a time now" in row.inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "staff-teams.png"), full_page=True)

    page.click("nav.visitnav a:has-text('Coverage')")
    page.wait_for_selector("h1:has-text('Coverage')")
    page.fill("textarea[name=themes]", "Working with people\nProviding support\nEnsuring safety\nLeadership")
    page.click("button:has-text('Save themes')")
    page.wait_for_selector("p.flash:has-text('Saved 4 themes to cover.')")
    summary = page.locator(".uncovered-summary").inner_text()
    assert "Leadership (theme)" in summary and "Working with people (theme)" in summary
    uncovered = page.locator("table.coverage-theme tr.uncovered")
    assert uncovered.count() == 4
    assert "version 1" in page.locator("p.lead").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "coverage.png"), full_page=True)
