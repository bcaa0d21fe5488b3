"""In a real Chromium: enter a change request, see ranked placements with their impact, accept
one as a new draft; then make a must session unplaceable and apply an offered relaxation."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from flask import Flask

from scheduler.files.timetable_file import load_timetable
from scheduler.services.timetables import save_version
from tests.support.web import (
    EXAMPLES,
    add_user,
    add_visit,
    logged_in_page,
    make_app,
    screenshot_folder,
    served,
)
from web.database import session_factory

pytestmark = pytest.mark.browser

SCREENSHOTS = screenshot_folder()
COORDINATOR = "changes@example.org"


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Flask, str]]:
    app = make_app(
        tmp_path_factory.mktemp("changes"),
        WTF_CSRF_ENABLED=True,
        TESTING=False,
        CLOCK=lambda: datetime.now(UTC),
        CHANGE_REQUEST_SECONDS=2.0,
    )
    add_user(app, COORDINATOR, "Chris Changes")
    with served(app) as base_url:
        yield app, base_url


@pytest.fixture
def page(browser: object, live: tuple[Flask, str]) -> Iterator[object]:
    yield from logged_in_page(browser, live[1], COORDINATOR)


def planned_small_visit(app: Flask) -> int:
    """The small example with its planted timetable as version 1."""
    visit_id = add_visit(app, COORDINATOR)
    with session_factory(app)() as db:
        save_version(db, None, visit_id, load_timetable(EXAMPLES / "small.planted.json"), datetime.now(UTC))
        db.commit()
    return visit_id


def test_coordinator_previews_a_change_request_and_accepts_a_placement(page, live) -> None:  # type: ignore[no-untyped-def]
    app, url = live
    visit_id = planned_small_visit(app)
    page.goto(f"{url}/visits/{visit_id}")
    page.click("nav.visitnav a:has-text('Changes')")
    page.wait_for_selector("h1:has-text('Change requests')")

    page.select_option("select[name=kind]", "replace")
    page.select_option("select[name=replaces]", "s3")
    page.fill("input[name=title]", "Meeting: learning disability team")
    page.select_option("select[name=session_kind]", "interview")
    page.fill("input[name=minutes]", "60")
    page.select_option("select[name=mode]", "in_person")
    required = page.locator("#picker-required_people")
    for name in ("Joel Moore", "Laila Martin"):
        required.get_by_role("searchbox").fill(name)
        required.get_by_label(name).check()
    page.fill("input[name=assessor_count]", "1")
    page.click("button:has-text('Save the request')")
    page.wait_for_selector("h1:has-text('Change request 1')")
    assert "Replace 'Meeting: NHS Westmere Integrated Care Board' with" in page.inner_text("p.lead")

    page.click("button:has-text('Find placements')")
    page.wait_for_selector("article.placement")
    placements = page.locator("article.placement")
    assert placements.count() == 3
    first = placements.nth(0)
    assert first.locator("h3").inner_text().startswith("Placement 1: Tue 10 Mar ")
    told = first.locator("dd.renotify").inner_text()
    for name in ("Joel Moore", "Laila Martin", "Ryan Parker", "Sana Bailey"):
        assert name in told
    assert first.locator("dd.moved").count() == 1 and first.locator("dd.rooms").count() == 1
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "change-request.png"), full_page=True)

    page.click("button[aria-label='Accept placement 1']")
    page.wait_for_selector("h1:has-text('Timetable versions')")
    assert "Placement 1 accepted: the timetable is now draft version 2." in page.inner_text("main")
    rows = page.inner_text("table.list")
    assert "Version 2" in rows and "change request 1: Meeting: learning disability team" in rows


def test_coordinator_applies_a_relaxation_to_a_must_session_that_cannot_be_placed(page, live) -> None:  # type: ignore[no-untyped-def]
    app, url = live
    visit_id = planned_small_visit(app)
    # Dan Allen, who must attend the case-tracking conversation s6, now says he is never free.
    page.goto(f"{url}/visits/{visit_id}/people/p24/edit")
    page.fill("textarea[name=available]", "never")
    page.click("button:has-text('Save person')")
    page.wait_for_selector("p.flash:text-is('Saved person.')")  # he uses services: unnamed

    page.goto(f"{url}/visits/{visit_id}/changes")
    stuck = page.locator("article.stuck[data-session=s6]")
    assert "Case tracking: conversation with person A and their carer" in stuck.locator("h3").inner_text()
    offer = "treat Dan Allen's unavailable time on Tue 10 Mar (09:00-17:00) as 'if needed'"
    assert (
        "Treat Dan Allen's unavailable time on Tue 10 Mar (09:00-17:00) as 'if needed'" in stuck.inner_text()
    )
    page.screenshot(path=str(SCREENSHOTS / "relaxations.png"), full_page=True)

    page.click(f'button[aria-label="Apply: {offer}"]')
    page.wait_for_selector(f"text=Applied: {offer}.")
    assert page.locator("article.stuck[data-session=s6]").count() == 0
    page.goto(f"{url}/visits/{visit_id}/people/p24/edit")
    assert page.input_value("textarea[name=available]").strip() == "2026-03-10 09:00-17:00 if_needed"
