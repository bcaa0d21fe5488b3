"""In a real Chromium, on the visit's day: Grace Okafor says the day runs 20 minutes late from
12:00, reviews who the re-plan affects and publishes it, and only those people get an email; the
escort's run-sheet follows. Then Bernadette Ward declines her invite through the link in her email,
and Grace resolves it from the ways out with one click, which only that session's people hear of."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask

from scheduler.files.timetable_file import load_timetable
from scheduler.invites.publishing import send_publication
from scheduler.services.timetables import get_timetable, save_version
from tests.support.smtp_catcher import SmtpCatcher
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
GRACE = "grace.okafor@westmere.gov.example"
WAIT_MS = 60_000


def on_the_day() -> datetime:
    return datetime(2026, 3, 10, 10, 0, tzinfo=UTC)  # 10:00 in London on the visit's only day


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[Flask, str, SmtpCatcher, int]]:
    smtp = SmtpCatcher().start()
    app = make_app(
        tmp_path,
        WTF_CSRF_ENABLED=True,
        TESTING=False,
        CLOCK=on_the_day,
        SMTP_URL=smtp.url,
        MAIL_SEND_SECONDS=0.3,
    )
    add_user(app, GRACE, "Grace Okafor")
    visit_id = add_visit(app, GRACE)
    with served(app) as base_url:
        with app.app_context(), session_factory(app)() as db:
            save_version(db, None, visit_id, load_timetable(EXAMPLES / "small.planted.json"), on_the_day())
            sent = send_publication(
                db, None, visit_id, 1, on_the_day(), lambda token, answer: f"{base_url}/rsvp/{token}/{answer}"
            )
            db.commit()
        smtp.wait_for(len(sent.publication.messages), timeout=30)
        yield app, base_url, smtp, visit_id
    smtp.stop()


@pytest.fixture
def page(browser: object, live: tuple[Flask, str, SmtpCatcher, int]) -> Iterator[object]:
    yield from logged_in_page(browser, live[1], GRACE)


def _recipients_after(smtp: SmtpCatcher, before: int, people: int) -> set[str]:
    """Everyone written to since `before` messages, once `people` of them have mail (or after 30 s)."""
    deadline = time.monotonic() + 30
    while True:
        found = {r for message in smtp.messages[before:] for r in message.recipients}
        if len(found) >= people or time.monotonic() > deadline:
            time.sleep(1)  # anyone beyond them would be a leak: give them a moment to show
            return {r for message in smtp.messages[before:] for r in message.recipients}
        time.sleep(0.1)


def test_a_day_running_late_is_shifted_reviewed_and_sent_only_to_the_people_affected(page, live) -> None:  # type: ignore[no-untyped-def]
    app, url, smtp, visit_id = live
    before = len(smtp.messages)
    page.goto(f"{url}/visits/{visit_id}/plan")
    page.wait_for_selector("#frozen-past:has-text('3 sessions before Tue 10 Mar 12:00 stay as they are')")
    page.click("#running-late-link")
    page.select_option("select[name=day]", "1")
    page.select_option("select[name=start]", "12:00")
    page.fill("input[name=minutes]", "20")
    page.fill("input[name=time_limit]", "8")
    page.click("button:has-text('Re-plan the rest of the day')")
    page.wait_for_selector("a#job-result[href*='/replan/']", timeout=WAIT_MS)
    page.click("#job-result")
    page.wait_for_selector("h1:has-text('Re-planned: version 2')")
    summary = page.inner_text("#replan-summary")
    changes = page.inner_text("#replan-changes")
    assert "Focus group: Reviewing practitioners" in changes
    assert "Opening presentation" not in changes  # 09:15: before the delay, as it was
    people = page.inner_text("#replan-people")
    assert "Eleanor Watson" in people and "Zoe Graham" not in people
    told = int(re.search(r"(\d+)\s+people to notify", summary).group(1))  # type: ignore[union-attr]
    page.screenshot(path=str(SCREENSHOTS / "running-late.png"), full_page=True)

    page.click("#send-updates button")
    page.wait_for_selector("p.flash:has-text('nobody else was written to')")

    recipients = _recipients_after(smtp, before, told)
    assert len(recipients) == told
    assert "eleanor.watson@westmere.gov.example" in recipients
    assert "zoe.graham@westmere.gov.example" not in recipients

    # The escort's run-sheet reads the published version: it shows the focus group's new time.
    with session_factory(app)() as db:
        focus_group = next(a for a in get_timetable(db, visit_id, 2)[1].assignments if a.session == "s5")
    assert focus_group.start == "13:00" and focus_group.escort is not None
    page.goto(f"{url}/visits/{visit_id}/escorts/{focus_group.escort}/2026-03-10")
    assert "13:00" in page.inner_text("table.run-sheet")


def test_a_decline_from_the_email_link_is_resolved_with_one_click(page, live, browser) -> None:  # type: ignore[no-untyped-def]
    _app, url, smtp, visit_id = live
    invite = next(
        m
        for m in smtp.messages
        if "bernadette.ward@westmere.gov.example" in m.recipients and "Extra Care Housing" in m.text()
    )
    [decline_link] = re.findall(rf"{re.escape(url)}/rsvp/[A-Za-z0-9_-]+/decline", invite.text())
    context = browser.new_context()
    bernadette = context.new_page()
    bernadette.goto(decline_link)
    bernadette.click("button:has-text('I cannot attend')")
    bernadette.wait_for_selector("#rsvp-done:has-text('Thank you, Bernadette Ward')")
    context.close()

    before = len(smtp.messages)
    page.goto(f"{url}/visits/{visit_id}/timetable")
    page.click("#resolve-declines")
    page.click("#open-declines a:has-text('Ways out')")
    page.wait_for_selector("h1:has-text('Bernadette Ward declined')")
    ways = page.locator("#ways-out > li")
    assert "Go ahead without Bernadette Ward" in page.inner_text("#ways-out")
    assert "Drop the session (should)" in ways.last.inner_text()
    without = page.locator("#ways-out > li.way-without")
    told = int(re.search(r"Tells (\d+)", without.inner_text()).group(1))  # type: ignore[union-attr]
    page.screenshot(path=str(SCREENSHOTS / "decline-ways-out.png"), full_page=True)

    without.locator("button").click()
    page.wait_for_selector("p.flash:has-text('nobody else was written to')")
    page.wait_for_selector("#no-declines")

    recipients = _recipients_after(smtp, before, told)
    assert len(recipients) == told and "bernadette.ward@westmere.gov.example" in recipients
    assert recipients <= {
        f"{name}@westmere.gov.example"
        for name in (
            "bernadette.ward",
            "eleanor.king",
            "sana.kaur",
            "fatima.bennett",
            "laila.martin",
            "priya.hussain",
            "amir.singh",
            "jasmine.walker",
        )
    } | {a for a in recipients if not a.endswith("westmere.gov.example")}  # the assessor
