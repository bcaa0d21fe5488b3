"""In a real Chromium: the coordinator reviews a version's invites, sends them, the invites arrive
at a real SMTP server, a person declines through the emailed link, and the timetable flags it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from scheduler.files.timetable_file import load_timetable
from scheduler.services.timetables import save_version
from tests.support.smtp_catcher import SmtpCatcher
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
COORDINATOR = "publishing@example.org"
DECLINE = r"Decline: (http://127\.0\.0\.1:\d+/rsvp/[A-Za-z0-9_-]{43}/decline)"


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[Flask, str, SmtpCatcher, int]]:
    smtp = SmtpCatcher().start()
    app = make_app(
        tmp_path,
        WTF_CSRF_ENABLED=True,
        TESTING=False,
        CLOCK=fixed_clock,
        SMTP_URL=smtp.url,
        MAIL_SEND_SECONDS=0.3,
    )
    add_user(app, COORDINATOR, "Pat Publisher")
    visit_id = add_visit(app, COORDINATOR)
    with session_factory(app)() as db:
        save_version(db, None, visit_id, load_timetable(EXAMPLES / "small.planted.json"), fixed_clock())
        db.commit()
    with served(app) as base_url:
        yield app, base_url, smtp, visit_id
    smtp.stop()


@pytest.fixture
def page(browser: object, live: tuple[Flask, str, SmtpCatcher, int]) -> Iterator[object]:
    yield from logged_in_page(browser, live[1], COORDINATOR)


def test_coordinator_reviews_sends_and_sees_a_decline_come_back(page, live) -> None:  # type: ignore[no-untyped-def]
    _app, url, smtp, visit_id = live
    page.goto(f"{url}/visits/{visit_id}/timetable/versions")
    page.click("a:has-text('Review and publish')")
    page.wait_for_selector("h1:has-text('Review and publish version 1')")
    assert " ".join(page.inner_text("#outbox-counts").split()) == (
        "36 new invitations, 0 updates, 0 cancellations, to 25 people."
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "publish-review.png"), full_page=True)
    assert smtp.messages == []

    page.click("button:has-text('Publish version 1 and send 36 emails')")
    page.wait_for_selector("h1:has-text('Invites sent')")
    arrived = smtp.wait_for(36)
    assert len(arrived) == 36
    to_zoe = next(m for m in arrived if m.recipients == ["zoe.graham@westmere.gov.example"])
    decline = re.search(DECLINE, to_zoe.text())
    assert decline is not None

    page.goto(decline.group(1))
    page.click("button:has-text('I cannot attend')")
    page.wait_for_selector("#rsvp-done")
    page.goto(f"{url}/visits/{visit_id}/timetable")
    flag = page.inner_text("#invite-declines")
    assert "declined by 1 (Zoe Graham): re-plan" in flag
    page.goto(f"{url}/visits/{visit_id}/publish")
    assert (
        page.inner_text("#nothing-to-send") == "Everyone already has this version: there is nothing to send."
    )
