"""In a real Chromium: Eleanor King, who has never said when she is free, opens her personal link.
Nothing is marked, so saving the untouched form records nothing and says why; she marks the day
and saves. Without JavaScript the brushes (which need it) are not shown and the shortcuts still
work."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from scheduler.services.visits import load_visit
from tests.support.availability_pages import visit_with_link
from tests.support.web import fixed_clock, make_app, screenshot_folder, served
from web.database import session_factory

pytestmark = pytest.mark.browser

SCREENSHOTS = screenshot_folder()
ELEANOR = "p6"  # Eleanor King: the visit file gives her no availability


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[Flask, str, int, str]]:
    app = make_app(tmp_path, WTF_CSRF_ENABLED=True, TESTING=False, CLOCK=fixed_clock)
    visit_id, token = visit_with_link(app, ELEANOR)
    with served(app) as url:
        yield app, url, visit_id, token


def _availability(app: Flask, visit_id: int) -> object:
    with session_factory(app)() as db:
        return next(p for p in load_visit(db, visit_id).people if p.id == ELEANOR).available


def test_an_untouched_form_saves_nothing_and_a_marked_one_saves(browser, live) -> None:  # type: ignore[no-untyped-def]
    app, url, visit_id, token = live
    context = browser.new_context(viewport={"width": 1000, "height": 1400})
    page = context.new_page()
    page.goto(f"{url}/availability/{token}")
    page.wait_for_selector("h1:has-text('When are you free, Eleanor King?')")
    levels = page.eval_on_selector_all("td.cell select", "selects => selects.map(s => s.value)")
    assert levels and set(levels) == {""}  # nothing marked
    assert page.locator("#brushes").is_visible()  # the script runs: painting is offered
    page.screenshot(path=str(SCREENSHOTS / "availability-form-blank.png"), full_page=True)

    page.click("button:has-text('Save my availability')")
    page.wait_for_selector("text=You have not marked any time yet, so nothing was saved.")
    assert _availability(app, visit_id) is None

    page.click("button[aria-label='Whole day Tue 10 Mar: available']")
    page.select_option('td.cell[data-start="16:45"] select', "no")
    page.click("button:has-text('Save my availability')")
    page.wait_for_selector("h1:has-text('your availability is saved')")
    assert page.inner_text("ul.summary") == "Tue 10 Mar: available 09:00-16:45"
    context.close()


def test_without_javascript_the_brushes_are_hidden_and_the_shortcuts_work(browser, live) -> None:  # type: ignore[no-untyped-def]
    _app, url, _visit_id, token = live
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1000, "height": 1400})
    page = context.new_page()
    page.goto(f"{url}/availability/{token}")
    assert not page.locator("#brushes").is_visible()
    assert not page.locator(".brush-hint").is_visible()
    page.screenshot(path=str(SCREENSHOTS / "availability-form-no-script.png"), full_page=True)

    page.click("button[aria-label='Morning Tue 10 Mar: if needed']")  # filled by the server
    page.wait_for_selector('td.cell[data-start="09:00"].level-if_needed')
    assert page.locator('td.cell[data-start="13:00"] select').input_value() == ""
    page.click("button:has-text('Save my availability')")
    page.wait_for_selector("h1:has-text('your availability is saved')")
    assert page.inner_text("ul.summary") == "Tue 10 Mar: if needed 09:00-12:00"
    context.close()
