"""In a real Chromium, Morgan Mover finds Isla Jones in the by-person list by typing: the list narrows
as she types, and the same search works from the server when JavaScript is off."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask

from scheduler.files.timetable_file import load_timetable
from scheduler.services.accounts import find_user_by_email
from scheduler.services.timetables import save_version
from tests.support.web import EXAMPLES, add_user, add_visit, logged_in_page, make_app, served
from web.database import session_factory

pytestmark = pytest.mark.browser

MORGAN = "morgan.mover@example.org"


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[str, int]]:
    app: Flask = make_app(tmp_path, WTF_CSRF_ENABLED=True, TESTING=False)
    add_user(app, MORGAN, "Morgan Mover")
    visit_id = add_visit(app, MORGAN)
    with session_factory(app)() as db:
        user = find_user_by_email(db, MORGAN)
        save_version(db, user, visit_id, load_timetable(EXAMPLES / "small.planted.json"), datetime.now(UTC))
        db.commit()
    with served(app) as base_url:
        yield base_url, visit_id


@pytest.fixture
def page(browser: object, live: tuple[str, int]) -> Iterator[object]:
    yield from logged_in_page(browser, live[0], MORGAN)


def visible_names(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.locator("table.agenda-list tbody tr:visible td:first-child").all_inner_texts()


def test_the_by_person_list_narrows_as_you_type(page, live) -> None:  # type: ignore[no-untyped-def]
    base, visit_id = live
    page.goto(f"{base}/visits/{visit_id}/timetable")
    page.click("a:has-text('By person')")
    assert visible_names(page)[:2] == ["Amir Singh", "Anna Wright"]
    assert len(visible_names(page)) == 26
    page.fill("#agenda-search", "isla")
    assert visible_names(page) == ["Isla Begum", "Isla Jones"]
    assert page.inner_text("#agenda-count") == "2 of 26 people match “isla”."
    page.fill("#agenda-search", "isla reviewing jo")
    assert visible_names(page) == ["Isla Jones"]
    page.click("a:has-text('Isla Jones')")
    page.wait_for_selector("h1:has-text('Isla Jones')")
