"""In a real Chromium: Priya Singh, an assessor, opens her personal link, follows it to her pen
profile, rewrites it and saves; the readiness page then no longer lists her among the assessors
who have not written their own, and attendees' profile page reads her words."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from tests.support.availability import link_for
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
PRIYA = (
    "I am an occupational therapist and have inspected adult social care for CQC since 2019. "
    "I will ask how you assess people's needs and how carers are supported."
)


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[Flask, str, int]]:
    app = make_app(tmp_path, WTF_CSRF_ENABLED=True, TESTING=False, CLOCK=fixed_clock)
    add_user(app, GRACE, "Grace Okafor")
    visit_id = add_visit(app, GRACE)
    with served(app) as base_url:
        yield app, base_url, visit_id


@pytest.fixture
def page(browser: object, live: tuple[Flask, str, int]) -> Iterator[object]:
    yield from logged_in_page(browser, live[1], GRACE)


def test_an_assessor_writes_her_pen_profile_and_readiness_shows_it(page, live, browser) -> None:  # type: ignore[no-untyped-def]
    app, url, visit_id = live
    token = link_for(session_factory(app), visit_id, "a2", "assessor")

    page.goto(f"{url}/visits/{visit_id}/readiness")
    assert (
        page.inner_text("#summary-profiles-written")
        == "2 assessors who have not written their own pen profile"
    )
    assert "Priya Singh" in page.inner_text("#profiles-not-written")

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(20_000)
    priya = context.new_page()
    priya.goto(f"{url}/availability/{token}")
    priya.click("#pen-profile-link")
    priya.wait_for_selector("h1:has-text('Your pen profile')")
    assert "This is the profile the coordinator has for you." in priya.inner_text("#written")
    priya.fill("textarea[name=profile]", PRIYA)
    priya.click("button:has-text('Save my pen profile')")
    priya.wait_for_selector("p.flash:has-text('Your pen profile is saved.')")
    assert priya.input_value("textarea[name=profile]") == PRIYA
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    priya.screenshot(path=str(SCREENSHOTS / "pen-profile.png"), full_page=True)
    context.close()

    page.reload()
    assert (
        page.inner_text("#summary-profiles-written") == "1 assessor who has not written their own pen profile"
    )
    assert "Priya Singh" not in page.inner_text("#profiles-not-written")
    page.goto(f"{url}/visits/{visit_id}/timetable/profiles")
    assert PRIYA in page.inner_text("main")
