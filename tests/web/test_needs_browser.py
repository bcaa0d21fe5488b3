"""In a real Chromium: Sean Palmer, a person using services, says on his availability form that he
needs a hearing loop and leaves a note; Grace Okafor, the visit's owner, sees on the readiness
page that no room has one and which session that stops, and reads his note on his page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from tests.support.availability import link_for
from tests.support.needs import write_visit_without_hearing_loops
from tests.support.smtp_catcher import SmtpCatcher
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
GRACE = "grace.okafor@westmere.gov.example"


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[Flask, str, int]]:
    smtp = SmtpCatcher().start()
    app = make_app(
        tmp_path,
        WTF_CSRF_ENABLED=True,
        TESTING=False,
        CLOCK=fixed_clock,
        SMTP_URL=smtp.url,
        MAIL_SEND_SECONDS=0.3,
    )
    add_user(app, GRACE, "Grace Okafor")
    visit_id = add_visit(app, GRACE, write_visit_without_hearing_loops(tmp_path))
    with served(app) as base_url:
        yield app, base_url, visit_id
    smtp.stop()


@pytest.fixture
def page(browser: object, live: tuple[Flask, str, int]) -> Iterator[object]:
    yield from logged_in_page(browser, live[1], GRACE)


def test_the_coordinator_sees_a_need_no_room_meets_and_the_persons_note(page, live, browser) -> None:  # type: ignore[no-untyped-def]
    app, url, visit_id = live
    token = link_for(session_factory(app), visit_id, "p26")

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(20_000)
    sean = context.new_page()
    sean.goto(f"{url}/availability/{token}")
    sean.check("input[name=hearing_loop]")
    sean.fill("textarea[name=note]", "Please face me when you speak; I lip-read.")
    sean.click("button:has-text('Save my availability')")
    sean.wait_for_selector("h1:has-text('your availability is saved')")
    context.close()

    page.goto(f"{url}/visits/{visit_id}/readiness")
    page.wait_for_selector("h1:has-text('Ready to plan?')")
    assert page.inner_text("#summary-needs") == "1 person whose needs no room meets"
    unmet = page.inner_text("#needs li.unmet")
    assert "Sean Palmer needs a hearing loop; no room has it" in unmet
    assert "Case tracking: conversation with person B — it cannot be placed" in unmet
    assert "no room has hearing_loop, which Sean Palmer needs" in page.inner_text("#musts tbody")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "readiness-needs.png"), full_page=True)

    page.click("#needs table a:has-text('Sean Palmer')")
    page.wait_for_selector("h1:has-text('Edit person Sean Palmer')")
    assert page.inner_text("#needs li") == (
        "needs a hearing loop (no room has a hearing loop); note: Please face me when you speak; I lip-read."
    )
