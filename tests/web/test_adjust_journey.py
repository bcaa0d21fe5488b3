"""In a real Chromium: move a session to a clashing slot and see the warning, move it to a free slot
and save, pin it, re-plan keeping the pin, and compare versions 1 and 2 to see who is affected."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from flask import Flask

from scheduler.files.timetable_file import load_timetable
from scheduler.services.accounts import find_user_by_email
from scheduler.services.timetables import save_version
from tests.support.web import (
    EXAMPLES,
    SMALL_VISIT,
    add_user,
    logged_in_page,
    make_app,
    screenshot_folder,
    served,
)
from web.database import session_factory

pytestmark = pytest.mark.browser

SCREENSHOTS = screenshot_folder()
COORDINATOR = "mover@example.org"
REVIEWING = "Focus group: Reviewing practitioners"
CASE_A = "Case tracking: conversation with person A and their carer"
WAIT_MS = 60_000


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Flask, str]]:
    app = make_app(
        tmp_path_factory.mktemp("adjust"),
        WTF_CSRF_ENABLED=True,
        TESTING=False,
        CLOCK=lambda: datetime.now(UTC),
    )
    add_user(app, COORDINATOR, "Morgan Mover")
    with served(app) as base_url:
        yield app, base_url


@pytest.fixture
def page(browser: object, live: tuple[Flask, str]) -> Iterator[object]:
    yield from logged_in_page(browser, live[1], COORDINATOR)


def import_small_visit_with_its_plan(page: object, app: Flask, base: str) -> int:
    """Import the small example through the page; its planted (checked) plan stands in for a solve."""
    page.goto(f"{base}/visits/import")  # type: ignore[attr-defined]
    page.set_input_files("input[name=file]", str(SMALL_VISIT))  # type: ignore[attr-defined]
    page.click("button:has-text('Import visit')")  # type: ignore[attr-defined]
    page.wait_for_selector("text=Imported 'Local authority assessment: on-site visit'.")  # type: ignore[attr-defined]
    visit_id = int(page.url.rstrip("/").rsplit("/", 1)[1])  # type: ignore[attr-defined]
    with session_factory(app)() as db:
        user = find_user_by_email(db, COORDINATOR)
        planted = load_timetable(EXAMPLES / "small.planted.json")
        save_version(db, user, visit_id, planted, datetime.now(UTC), note="planned")
        db.commit()
    return visit_id


def test_coordinator_moves_pins_replans_and_compares(page: object, live: tuple[Flask, str]) -> None:
    app, base = live
    visit_id = import_small_visit_with_its_plan(page, app, base)

    page.goto(f"{base}/visits/{visit_id}/timetable")  # type: ignore[attr-defined]
    page.click(f"a[aria-label='Move {REVIEWING}']")  # type: ignore[attr-defined]
    page.wait_for_selector(f"h1:has-text('Move “{REVIEWING}”')")  # type: ignore[attr-defined]

    # A clashing slot: the warning appears as soon as the selects change, before any button.
    page.select_option("select[name=start]", "13:00")  # type: ignore[attr-defined]
    page.select_option("select[name=room]", "r1")  # type: ignore[attr-defined]
    page.wait_for_selector("#move-check .breaks li")  # type: ignore[attr-defined]
    warning = page.inner_text("#move-check")  # type: ignore[attr-defined]
    assert "This move would break 1 rule:" in warning
    assert "Room double-booked: Room 3.12 (inspection team base) is double-booked" in warning
    assert CASE_A in warning
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "move-warning.png"), full_page=True)  # type: ignore[attr-defined]

    # Saving it anyway is refused, with the same warning.
    page.click("button:has-text('Save as new draft')")  # type: ignore[attr-defined]
    refused = page.inner_text("#move-refused")  # type: ignore[attr-defined]
    assert f"Nothing was saved: '{REVIEWING}' was not moved: the move would break 1 rule:" in refused
    assert CASE_A in refused

    # A free slot: no warning, and saving makes version 2.
    page.select_option("select[name=start]", "13:15")  # type: ignore[attr-defined]
    page.select_option("select[name=room]", "r3")  # type: ignore[attr-defined]
    page.wait_for_selector("#move-check:has-text('This move breaks no rule.')")  # type: ignore[attr-defined]
    page.click("button:has-text('Save as new draft')")  # type: ignore[attr-defined]
    page.wait_for_selector(  # type: ignore[attr-defined]
        f"text=Moved '{REVIEWING}': the timetable is now draft version 2."
    )
    block = page.locator("td.block", has_text=REVIEWING)  # type: ignore[attr-defined]
    assert "13:15–14:45" in block.inner_text()

    # Pin it where version 2 has it.
    block.locator("a:has-text('Move')").click()
    page.click("button:has-text('Pin')")  # type: ignore[attr-defined]
    page.wait_for_selector("text=Pinned: re-planning keeps it where it is")  # type: ignore[attr-defined]
    assert "Pinned to Tue 10 Mar 13:15, Meeting Room 2.01" in page.inner_text(".pin")  # type: ignore[attr-defined]

    # Re-plan: the pinned session stays put.
    page.goto(f"{base}/visits/{visit_id}/plan")  # type: ignore[attr-defined]
    page.fill("input[name=time_limit]", "5")  # type: ignore[attr-defined]
    page.click("button:has-text('Start planning')")  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => document.getElementById('job-state').textContent === 'succeeded'", timeout=WAIT_MS
    )
    page.click("#job-result")  # type: ignore[attr-defined]
    page.wait_for_selector("table.timegrid")  # type: ignore[attr-defined]
    assert "Version 3" in page.inner_text(".lead")  # type: ignore[attr-defined]
    replanned = page.locator("td.block", has_text=REVIEWING).inner_text()  # type: ignore[attr-defined]
    assert "13:15–14:45" in replanned and "pinned" in replanned

    # Compare versions 1 and 2: the move, and everyone it concerns.
    page.goto(f"{base}/visits/{visit_id}/timetable/versions")  # type: ignore[attr-defined]
    page.click("a:has-text('Compare versions')")  # type: ignore[attr-defined]
    page.select_option("select[name=a]", "1")  # type: ignore[attr-defined]
    page.select_option("select[name=b]", "2")  # type: ignore[attr-defined]
    page.click("button:has-text('Compare')")  # type: ignore[attr-defined]
    page.wait_for_selector("#compare-summary:has-text('From version 1 to version 2')")  # type: ignore[attr-defined]
    changes = page.inner_text("table.changes")  # type: ignore[attr-defined]
    assert REVIEWING in changes and "Moved" in changes
    assert "Tue 10 Mar 12:30-14:00, Meeting Room 2.01" in changes
    assert "Tue 10 Mar 13:15-14:45, Meeting Room 2.01" in changes
    affected = page.inner_text("table.affected-people")  # type: ignore[attr-defined]
    for name in ("Connor Davies", "Colin Thompson", "Erin Gill", "Imran Wood", "Sam Williams"):
        assert name in affected
    assert "Zoe Graham" not in affected  # she is only in sessions that did not change
    page.screenshot(path=str(SCREENSHOTS / "compare.png"), full_page=True)  # type: ignore[attr-defined]
