"""In a real Chromium, on a server with no mail server set up: Kieran Gill sees the banner saying
email is not being sent, reviews version 1 and publishes it in one action, then opens the outbox
from the banner and reads the invitation Zoe Graham would get."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from scheduler.files.timetable_file import load_timetable
from scheduler.services.timetables import save_version
from tests.support.web import (
    EXAMPLES,
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
KIERAN = "kieran.gill@westmere.gov.example"


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[Flask, str, int]]:
    app = make_app(tmp_path, WTF_CSRF_ENABLED=True, TESTING=False, CLOCK=fixed_clock, SMTP_URL="")
    add_user(app, KIERAN, "Kieran Gill")
    visit_id = add_visit(app, KIERAN)
    with session_factory(app)() as db:
        save_version(db, None, visit_id, load_timetable(EXAMPLES / "small.planted.json"), fixed_clock())
        db.commit()
    with served(app) as base_url:
        yield app, base_url, visit_id


@pytest.fixture
def page(browser: object, live: tuple[Flask, str, int]) -> Iterator[object]:
    yield from logged_in_page(browser, live[1], KIERAN)


def _words(text: str) -> str:
    return " ".join(text.split())


def test_the_coordinator_reviews_publishes_and_reads_the_waiting_invites(page, live) -> None:  # type: ignore[no-untyped-def]
    _app, url, visit_id = live
    page.goto(f"{url}/visits/{visit_id}")
    assert _words(page.inner_text("#mail-banner")).startswith("Email is not being sent.")

    page.click("nav.visitnav a:has-text('Versions')")
    assert page.locator("button:has-text('Publish')").count() == 0  # only the review publishes
    page.click("a[aria-label='Review and publish version 1']")
    page.wait_for_selector("h1:has-text('Review and publish version 1')")
    assert "nobody gets them until FIELDWORK_SMTP_URL is set" in _words(page.inner_text("#mail-not-sent"))
    page.click("button:has-text('Publish version 1 and send 36 emails')")
    page.wait_for_selector("h1:has-text('Invites queued')")
    assert "36 emails queued but not sent: no mail server is set up" in _words(page.inner_text("main"))

    page.click("#mail-banner a:has-text('See what is waiting')")
    page.wait_for_selector("h1:has-text('Outbox')")
    assert page.locator("#outbox tbody tr").count() == 36
    assert _words(page.inner_text("#delivery-summary")) == (
        "36 emails to 25 people: sent to 0 people, waiting for 25 (no mail server is set up)."
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "outbox.png"), full_page=True)

    page.locator("#outbox tbody tr", has_text="zoe.graham@westmere.gov.example").first.locator("a").click()
    page.wait_for_selector("#message-body")
    facts = _words(page.inner_text("#message-facts"))
    assert "To zoe.graham@westmere.gov.example" in facts
    assert "waiting to be sent: no mail server is set up" in facts
    assert "Accept: http://127.0.0.1:" in page.inner_text("#message-body")

    page.goto(f"{url}/visits/{visit_id}/timetable/versions")
    assert page.inner_text(".badge.published") == "published"
    assert page.locator("a[aria-label='Review changes to send for version 1']").count() == 1
