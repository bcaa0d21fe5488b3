"""In a real Chromium: Grace Okafor, the visit's owner, adds Tom Hughes as coordinator on the
Team page; the invitation reaches a real SMTP server; Tom opens its link, sets his password and
plans the visit."""

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
GRACE = "grace.okafor@example.org"
LINK = r"http://127\.0\.0\.1:\d+/password/[A-Za-z0-9_-]{43}"
WAIT_MS = 60_000


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[Flask, str, SmtpCatcher]]:
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
    with served(app) as base_url:
        yield app, base_url, smtp
    smtp.stop()


@pytest.fixture
def page(browser: object, live: tuple[Flask, str, SmtpCatcher]) -> Iterator[object]:
    yield from logged_in_page(browser, live[1], GRACE)


def test_the_owner_adds_a_coordinator_who_sets_a_password_and_plans(page, live, browser) -> None:  # type: ignore[no-untyped-def]
    app, url, smtp = live
    visit_id = add_visit(app, GRACE)
    page.goto(f"{url}/visits/{visit_id}")
    page.click("nav.visitnav a:text-is('Team')")
    page.wait_for_selector("h1:has-text('Team')")
    page.fill("input[name=email]", "tom.hughes@example.org")
    page.fill("input[name=name]", "Tom Hughes")
    page.select_option("select[name=role]", "coordinator")
    page.click("button:has-text('Add to the team')")
    page.wait_for_selector(
        "p.flash:has-text('Tom Hughes (tom.hughes@example.org) is in the team as coordinator.')"
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "team.png"), full_page=True)

    [mail] = smtp.wait_for(1, timeout=20)
    [link] = re.findall(LINK, mail.text())

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(20_000)
    tom = context.new_page()
    tom.goto(link)
    tom.wait_for_selector("text=Welcome, Tom Hughes.")
    tom.fill("input[name=new]", "Kestrel-Meadow-42")
    tom.fill("input[name=again]", "Kestrel-Meadow-42")
    tom.click("button:has-text('Set password')")
    tom.wait_for_selector("p.flash:has-text('Your password is set, and you are logged in.')")
    tom.click("text=Local authority assessment: on-site visit")
    assert tom.locator("nav.visitnav a:has-text('Audit log')").count() == 1
    tom.click("nav.visitnav a:has-text('Plan')")
    tom.fill("input[name=time_limit]", "5")
    tom.click("button:has-text('Start planning')")
    tom.wait_for_selector("h1:has-text('Planning the timetable')")
    tom.wait_for_function(
        "() => document.getElementById('job-state').textContent === 'succeeded'", timeout=WAIT_MS
    )
    assert tom.inner_text("#job-placed") == "8"
    context.close()
