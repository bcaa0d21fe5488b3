"""In a real Chromium, on Tue 10 March 2026 at 10:30 in Westmere: Grace Okafor keeps the control
page open while Tom Hughes (escort lead) marks sessions from his phone; her board catches up by
itself, but not while she is half way through saying a session runs late."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from scheduler.services import on_the_day
from scheduler.services.accounts import find_user_by_email
from tests.support.onsite import ON_THE_DAY, join_visit, publish_for
from tests.support.web import add_user, logged_in_page, make_app, served
from web.database import session_factory

pytestmark = pytest.mark.browser

GRACE = "grace.okafor@example.org"
TOM = "tom.hughes@example.org"
OPENING = "li#session-s1"  # Opening presentation, 09:15-10:15: over, not marked yet
CASE_B = "li#session-s8"  # Case tracking: conversation with person B, 11:30


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[Flask, str, int]]:
    app = make_app(
        tmp_path, WTF_CSRF_ENABLED=True, TESTING=False, CLOCK=lambda: ON_THE_DAY, BOARD_REFRESH_SECONDS=1
    )
    add_user(app, GRACE, "Grace Okafor")
    visit_id = publish_for(app, GRACE)
    join_visit(app, visit_id, TOM, "Tom Hughes", "escort_lead")
    with served(app) as base_url:
        yield app, base_url, visit_id


def _tom_marks(app: Flask, visit_id: int, session: str, state: str) -> None:
    with session_factory(app)() as db:
        on_the_day.mark_session(db, find_user_by_email(db, TOM), visit_id, session, state, ON_THE_DAY)
        db.commit()


def test_the_open_board_catches_up_by_itself_but_keeps_a_half_filled_form(browser, live) -> None:  # type: ignore[no-untyped-def]
    app, url, visit_id = live
    for page in logged_in_page(browser, url, GRACE):
        page.goto(f"{url}/visits/{visit_id}/today")
        assert page.is_visible("#auto-refresh")
        assert page.inner_text(f"{OPENING} [data-status]") == "ended: mark it"

        _tom_marks(app, visit_id, "s1", "held")
        page.wait_for_selector(f"{OPENING} [data-status]:text-is('held')", timeout=10_000)

        page.fill(f"{CASE_B} input[name=minutes]", "15")  # typed, not saved yet
        _tom_marks(app, visit_id, "s1", "")  # Tom undoes it
        page.wait_for_timeout(3_000)  # three rounds
        assert page.input_value(f"{CASE_B} input[name=minutes]") == "15"
        assert page.inner_text(f"{OPENING} [data-status]") == "held"  # not swapped under her

        page.click(f"{CASE_B} button:has-text('Save')")
        page.wait_for_selector("p.flash:has-text('runs 15 minutes late')")
        assert page.inner_text(f"{OPENING} [data-status]") == "ended: mark it"
        _tom_marks(app, visit_id, "s8", "not_held")
        page.wait_for_selector(f"{CASE_B} [data-status]:text-is('not held')", timeout=10_000)
        assert "15 min late" in page.inner_text(CASE_B)
