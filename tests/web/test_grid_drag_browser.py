"""In a real Chromium, Morgan Mover reads the day grid on a true time scale and drags a session to a
free slot: a drop on a slot that breaks a rule says why and saves nothing; a drop on a free slot
saves the move as a new draft, through the same move service as the move form."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from flask import Flask

from scheduler.files.timetable_file import load_timetable
from scheduler.services.accounts import find_user_by_email
from scheduler.services.timetables import save_version
from tests.support.web import EXAMPLES, add_user, add_visit, logged_in_page, make_app, served
from web.database import session_factory

pytestmark = pytest.mark.browser

MORGAN = "morgan.mover@example.org"
REVIEWING = "Focus group: Reviewing practitioners"  # 12:30-14:00 in Meeting Room 2.01
OPENING = "Opening presentation: Director and senior leadership team"  # 09:15-10:15


@pytest.fixture
def live(tmp_path) -> Iterator[tuple[Flask, str, int]]:  # type: ignore[no-untyped-def]
    app = make_app(tmp_path, WTF_CSRF_ENABLED=True, TESTING=False, CLOCK=lambda: datetime.now(UTC))
    add_user(app, MORGAN, "Morgan Mover")
    visit_id = add_visit(app, MORGAN)
    with session_factory(app)() as db:
        user = find_user_by_email(db, MORGAN)
        save_version(db, user, visit_id, load_timetable(EXAMPLES / "small.planted.json"), datetime.now(UTC))
        db.commit()
    with served(app) as base_url:
        yield app, base_url, visit_id


@pytest.fixture
def page(browser: object, live: tuple[Flask, str, int]) -> Iterator[object]:
    yield from logged_in_page(browser, live[1], MORGAN)


def block_height(page, title: str) -> float:  # type: ignore[no-untyped-def]
    return float(page.locator("td.block", has_text=title).bounding_box()["height"])


def test_the_grid_draws_time_to_scale(page, live) -> None:  # type: ignore[no-untyped-def]
    _app, base, visit_id = live
    page.goto(f"{base}/visits/{visit_id}/timetable")
    rows = page.locator("table.timegrid tbody tr")
    heights = {round(rows.nth(i).bounding_box()["height"]) for i in range(rows.count())}
    assert len(heights) == 1  # every 15 minutes as tall as every other
    # 90 minutes is half as tall again as 60 minutes, however much text each block holds.
    assert block_height(page, REVIEWING) / block_height(page, OPENING) == pytest.approx(1.5, rel=0.05)


def test_dragging_a_session_to_a_clash_says_why_and_to_a_free_slot_moves_it(page, live) -> None:  # type: ignore[no-untyped-def]
    _app, base, visit_id = live
    page.goto(f"{base}/visits/{visit_id}/timetable")
    block = page.locator(".block-body", has_text=REVIEWING)

    # Room 3.12 at 12:30 is empty, but the 90-minute focus group would run into the 13:00 case tracking there.
    block.drag_to(page.locator("td.empty[data-room='r1'][data-start='12:30']"))
    page.wait_for_selector("#drag-status.flash-error")
    refused = page.inner_text("#drag-status")
    assert f"'{REVIEWING}' cannot move to Room 3.12 (inspection team base) at 12:30" in refused
    assert "Room double-booked" in refused
    assert "version 2" not in page.inner_text("main")

    # A free slot, as the move page's own check says: the drop saves the move as version 2.
    free = None
    for cell in page.locator("td.empty[data-room]").all():
        start, room = cell.get_attribute("data-start"), cell.get_attribute("data-room")
        check = f"{base}/visits/{visit_id}/timetable/versions/1/sessions/s5/check.json"
        if page.request.get(check, params={"day": "2026-03-10", "start": start, "room": room}).json()["ok"]:
            free = (start, room, cell.get_attribute("data-where"))
            break
    assert free is not None, "the small visit has a free slot for the focus group"
    start, room, where = free
    block.drag_to(page.locator(f"td.empty[data-room='{room}'][data-start='{start}']"))
    page.wait_for_selector(f"text=Moved '{REVIEWING}': the timetable is now draft version 2.")
    assert f"{start}–" in page.locator("td.block", has_text=REVIEWING).inner_text()
    row = page.locator("table.timegrid tbody tr", has=page.locator(f"th:text-is('{start}')"))
    assert REVIEWING in row.inner_text()
    assert where in page.locator("table.timegrid thead").inner_text()
