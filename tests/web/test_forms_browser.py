"""In a real Chromium, the coordinator's forms speak in names: Morgan adds a session by picking
Joel Moore and Laila Martin by name (searching by name, then by team); removes Zoe Graham only
after a page says which session loses her; moves the Reviewing focus group to a free slot with
one click; and moves the NHS meeting to 14:00 on Ryan Parker's and Sana Bailey's word, which
Ryan Parker's page then shows."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from flask import Flask

from scheduler.files.timetable_file import load_timetable
from scheduler.services.accounts import find_user_by_email
from scheduler.services.timetables import save_version
from scheduler.services.visits import load_visit
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
MORGAN = "morgan.ellis@example.org"
REVIEWING = "Focus group: Reviewing practitioners"
NHS = "Meeting: NHS Westmere Integrated Care Board"


@pytest.fixture
def live(tmp_path) -> Iterator[tuple[Flask, str, int]]:  # type: ignore[no-untyped-def]
    app = make_app(tmp_path, WTF_CSRF_ENABLED=True, TESTING=False, CLOCK=lambda: datetime.now(UTC))
    add_user(app, MORGAN, "Morgan Ellis")
    visit_id = add_visit(app, MORGAN)
    with session_factory(app)() as db:
        user = find_user_by_email(db, MORGAN)
        planted = load_timetable(EXAMPLES / "small.planted.json")
        save_version(db, user, visit_id, planted, datetime.now(UTC), note="planned")
        db.commit()
    with served(app) as base_url:
        yield app, base_url, visit_id


@pytest.fixture
def page(browser, live) -> Iterator[object]:  # type: ignore[no-untyped-def]
    yield from logged_in_page(browser, live[1], MORGAN)


def _visit(app: Flask, visit_id: int):  # type: ignore[no-untyped-def]
    with session_factory(app)() as db:
        return load_visit(db, visit_id)


def _shown(picker) -> list[str]:  # type: ignore[no-untyped-def]
    return [" ".join(text.split()) for text in picker.locator("label.choice:visible").all_inner_texts()]


def test_a_session_is_added_by_picking_people_by_name(page, live) -> None:  # type: ignore[no-untyped-def]
    app, url, visit_id = live
    page.goto(f"{url}/visits/{visit_id}/sessions")
    page.click("a:has-text('Add a session')")
    page.fill("input[name=title]", "Interview: Joel Moore and Laila Martin")
    required = page.locator("#picker-required_people")
    required.get_by_role("searchbox").fill("joel")
    assert _shown(required) == ["Joel Moore Reviewing · Team manager"]
    required.get_by_label("Joel Moore").check()
    required.get_by_role("searchbox").fill("extra care housing support")  # by team and role
    shown = _shown(required)
    assert "Laila Martin Extra Care Housing · Housing support officer" in shown
    assert not any("Bernadette Ward" in text for text in shown)  # a senior practitioner
    required.get_by_label("Laila Martin").check()
    assert "2 chosen" in required.locator(".picker-count").inner_text()
    page.locator("#picker-room_features").get_by_label("Hearing loop").check()
    page.screenshot(path=str(SCREENSHOTS / "session-form-picker.png"), full_page=True)
    page.click("button:has-text('Save session')")
    page.wait_for_selector("text=Saved session Interview: Joel Moore and Laila Martin.")

    row = page.locator("tr", has_text="Interview: Joel Moore and Laila Martin")
    assert "Laila Martin, Joel Moore" in row.inner_text() or "Joel Moore, Laila Martin" in row.inner_text()
    assert "p13" not in page.inner_text("table.list")
    added = next(s for s in _visit(app, visit_id).sessions if s.title.startswith("Interview: Joel Moore"))
    assert added.id == "interview-joel-moore-and-laila-martin"
    assert set(added.required_people) == {"p13", "p9"} and added.room_features == ("hearing_loop",)


def test_removing_a_person_asks_first_and_says_which_session_loses_them(page, live) -> None:  # type: ignore[no-untyped-def]
    app, url, visit_id = live
    page.goto(f"{url}/visits/{visit_id}/people")
    page.click("button[aria-label='Remove person Zoe Graham']")
    page.wait_for_selector("h1:has-text('Remove person Zoe Graham?')")
    changes = page.inner_text("#removal-changes")
    assert (
        "'Opening presentation: Director and senior leadership team' loses Zoe Graham (a required attendee)."
        in changes
    )
    assert "Timetable version 1 uses them" in page.inner_text("#removal-versions")
    page.click("a:has-text('Keep it')")
    page.wait_for_selector("h1:has-text('People')")
    assert any(p.name == "Zoe Graham" for p in _visit(app, visit_id).people)

    page.click("button[aria-label='Remove person Zoe Graham']")
    page.click("button:has-text('Remove person Zoe Graham')")
    page.wait_for_selector("text=Removed person Zoe Graham.")
    visit = _visit(app, visit_id)
    assert all(p.name != "Zoe Graham" for p in visit.people)
    assert "p1" not in next(s for s in visit.sessions if s.id == "s1").required_people


def test_a_session_moves_to_a_free_slot_with_one_click(page, live) -> None:  # type: ignore[no-untyped-def]
    _app, url, visit_id = live
    page.goto(f"{url}/visits/{visit_id}/timetable")
    page.click(f"a[aria-label='Move {REVIEWING}']")
    page.wait_for_selector("#free-slots")
    first = page.locator("button.free-slot").first
    label = first.inner_text()
    assert label.startswith("Move to Tue 10 Mar ")
    page.click(f"button.free-slot >> text={label}")
    page.wait_for_selector(f"text=Moved '{REVIEWING}': the timetable is now draft version 2.")
    when = label.removeprefix("Move to Tue 10 Mar ").split(",")[0].replace("-", "–")
    assert when in page.locator("td.block", has_text=REVIEWING).inner_text()


def test_a_move_on_peoples_word_is_noted_on_their_page(page, live) -> None:  # type: ignore[no-untyped-def]
    _app, url, visit_id = live
    page.goto(f"{url}/visits/{visit_id}/timetable/versions/1/sessions/s3/move")
    page.select_option("select[name=start]", "14:00")
    page.select_option("select[name=room]", "r1")
    page.click("button:has-text('Save as new draft')")
    refused = page.inner_text("#move-refused")
    assert "Ryan Parker is not available for the whole session" in refused

    page.select_option("select[name=start]", "14:00")
    page.select_option("select[name=room]", "r1")
    confirmed = page.locator("#picker-confirmed")
    confirmed.get_by_label("Ryan Parker").check()
    confirmed.get_by_label("Sana Bailey").check()
    page.fill("input[name=note]", "confirmed by phone")
    page.click("button:has-text('Save as new draft')")
    page.wait_for_selector(f"text=Moved '{NHS}': the timetable is now draft version 2.")

    page.goto(f"{url}/visits/{visit_id}/people/p22/edit")
    note = page.inner_text("#confirmed-availability")
    assert f"Tue 10 Mar 14:00-15:00 for '{NHS}': confirmed by phone (Morgan Ellis," in note
    page.goto(f"{url}/visits/{visit_id}/audit")
    assert "Ryan Parker can come Tue 10 Mar 14:00-15:00" in page.inner_text("main")
