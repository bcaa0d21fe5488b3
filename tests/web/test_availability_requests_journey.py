"""In a real Chromium: the coordinator sends availability requests from the small visit, the
request email arrives at a real SMTP server, and its link opens the person's form; an assessor's
email also links to their page to ask for a session, and the heatmap shows counts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

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

pytestmark = pytest.mark.browser

SCREENSHOTS = screenshot_folder()
COORDINATOR = "asking@example.org"
LINK = r"http://127\.0\.0\.1:\d+/availability/[A-Za-z0-9_-]{43}"


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[Flask, str, SmtpCatcher]]:
    smtp = SmtpCatcher().start()
    app = make_app(
        tmp_path,
        WTF_CSRF_ENABLED=True,
        TESTING=False,
        CLOCK=fixed_clock,  # before the visit, so its links are live
        SMTP_URL=smtp.url,
        MAIL_SEND_SECONDS=0.3,
    )
    add_user(app, COORDINATOR, "Asha Asking")
    with served(app) as base_url:
        yield app, base_url, smtp
    smtp.stop()


@pytest.fixture
def page(browser: object, live: tuple[Flask, str, SmtpCatcher]) -> Iterator[object]:
    yield from logged_in_page(browser, live[1], COORDINATOR)


def test_coordinator_sends_requests_and_the_emailed_link_opens_the_form(page, live) -> None:  # type: ignore[no-untyped-def]
    app, url, smtp = live
    visit_id = add_visit(app, COORDINATOR)
    page.goto(f"{url}/visits/{visit_id}")
    page.click("nav.visitnav a:has-text('Availability')")
    page.wait_for_selector("h1:has-text('Asking for availability')")
    page.fill("input[name=day]", "2026-03-05")
    page.fill("input[name=time]", "12:00")
    page.click("button:has-text('Set the deadline')")
    page.wait_for_selector("#deadline-shown:has-text('Thu 5 Mar 12:00 (Europe/London)')")

    page.click("button:has-text('Send requests')")
    page.wait_for_selector(
        "p.flash:has-text('28 availability requests queued; they go to the mail server within a minute')"
    )
    received = {m.recipients[0]: m for m in smtp.wait_for(28, timeout=20)}
    assert len(received) == 28
    mail = next(m for m in received.values() if "Dear Dan Allen," in m.text())
    assert mail.subject == "When are you free for Local authority assessment: on-site visit?"
    assert "Please answer by Thu 5 Mar 12:00 (Europe/London)." in mail.text()
    [link] = re.findall(LINK, mail.text())

    page.goto(link)
    page.wait_for_selector("h1:has-text('When are you free, Dan Allen?')")
    assert "Thu 5 Mar" in page.inner_text("p.deadline")

    assessor_mail = next(m for m in received.values() if "/session-request" in m.text())
    [ask] = re.findall(LINK + "/session-request", assessor_mail.text())
    page.goto(ask)
    page.wait_for_selector("h1:has-text('Ask for a session')")

    page.goto(f"{url}/visits/{visit_id}/sessions/s6/heatmap")
    page.wait_for_selector("table.heatmap")
    assert page.locator("table.heatmap td").count() > 20
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "heatmap.png"), full_page=True)
