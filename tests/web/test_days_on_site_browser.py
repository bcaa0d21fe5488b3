"""In a real Chromium, on Tue 10 March 2026 at 10:30 in Westmere: Grace Okafor runs the day from
the control page, Tom Hughes (escort lead) follows on a 375px phone, the visit in numbers turns
from planned to held, and the milestones before the visit send their reminder by email."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask

from scheduler.invites.identity import issue_feed_token
from tests.support.onsite import ON_THE_DAY, join_visit, publish_for
from tests.support.smtp_catcher import SmtpCatcher
from tests.support.web import PASSWORD, add_user, logged_in_page, make_app, screenshot_folder, served
from web.database import session_factory

pytestmark = pytest.mark.browser

SCREENSHOTS = screenshot_folder()
GRACE = "grace.okafor@example.org"
TOM = "tom.hughes@example.org"
PHONE = {"width": 375, "height": 740}


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[Flask, str, int]]:
    app = make_app(tmp_path, WTF_CSRF_ENABLED=True, TESTING=False, CLOCK=lambda: ON_THE_DAY)
    add_user(app, GRACE, "Grace Okafor")
    visit_id = publish_for(app, GRACE)
    join_visit(app, visit_id, TOM, "Tom Hughes", "escort_lead")
    with served(app) as base_url:
        yield app, base_url, visit_id


@pytest.fixture
def page(browser: object, live: tuple[Flask, str, int]) -> Iterator[object]:
    yield from logged_in_page(browser, live[1], GRACE)


def _card(page, session: str):  # type: ignore[no-untyped-def]
    return page.locator(f"li#session-{session}")


def test_the_coordinator_marks_the_day_and_the_numbers_turn_from_planned_to_held(page, live) -> None:  # type: ignore[no-untyped-def]
    _app, url, visit_id = live
    page.goto(f"{url}/visits/{visit_id}/numbers")
    assert page.inner_text("#basis").count("Planned") == 1
    assert page.inner_text("[data-number=meetings]") == "8"

    page.click("nav.visitnav a:has-text('Today')")
    page.wait_for_selector("h1:has-text('On the day: Tue 10 Mar')")
    assert _card(page, "s1").locator("[data-status]").inner_text() == "ended: mark it"
    assert _card(page, "s4").locator("[data-status]").inner_text() == "in progress"

    _card(page, "s1").get_by_role("button", name="Held", exact=True).click()
    page.wait_for_selector(
        "p.flash:has-text(\"'Opening presentation: Director and senior leadership team' marked held.\")"
    )
    _card(page, "s1").locator("button[aria-label='No-show: Patrick Brown']").click()
    page.wait_for_selector("p.flash:has-text('Attendance of')")
    _card(page, "s8").locator("input[name=minutes]").fill("15")
    _card(page, "s8").locator("button:has-text('Save')").click()
    page.wait_for_selector("p.flash:has-text('runs 15 minutes late')")
    _card(page, "s1").locator("button:has-text('Room freed')").click()
    page.wait_for_selector("p.flash:has-text('is free again.')")

    assert _card(page, "s1").locator("[data-status]").inner_text() == "held"
    assert "no-show" in _card(page, "s1").locator("li.no-show").inner_text()
    assert "11:45–12:45" in _card(page, "s8").inner_text()
    assert "15 min late (planned 11:30)" in _card(page, "s8").inner_text()
    assert page.inner_text("#day-counts").startswith("6 upcoming · 1 in progress · 0 to mark · 1 held")
    page.screenshot(path=str(SCREENSHOTS / "on-the-day.png"), full_page=True)

    page.click("nav.visitnav a:has-text('In numbers')")
    page.wait_for_selector("h1:has-text('the visit in numbers')")
    assert "Held" in page.inner_text("#basis") and "1 of 8 sessions marked" in page.inner_text("#basis")
    assert [page.inner_text(f"[data-number={n}]") for n in ("meetings", "people", "person-hours")] == [
        "1",
        "2",
        "2",
    ]
    assert page.locator("svg.chart rect").count() == 1
    assert page.locator("svg.chart text").all_text_contents() == ["Senior leadership", "2"]
    page.emulate_media(media="print")
    page.screenshot(path=str(SCREENSHOTS / "visit-in-numbers.png"), full_page=True)
    page.emulate_media(media="screen")
    with page.expect_download() as download:
        page.click("a:has-text('Download CSV')")
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text())))
    assert rows[1] == ["Visit", "All sessions", "1", "2", "2.0", "held"]


def test_the_escort_lead_follows_the_day_on_a_phone(browser, live) -> None:  # type: ignore[no-untyped-def]
    _app, url, visit_id = live
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(20_000)
    phone = context.new_page()
    phone.goto(f"{url}/login")
    phone.fill("input[name=email]", TOM)
    phone.fill("input[name=password]", PASSWORD)
    phone.click("button:has-text('Log in')")
    phone.wait_for_selector("h1:has-text('Your visits')")

    phone.goto(f"{url}/visits/{visit_id}/today")
    _card(phone, "s5").locator("input[name=minutes]").fill("10")
    _card(phone, "s5").locator("button:has-text('Save')").click()
    phone.wait_for_selector("p.flash:has-text('runs 10 minutes late')")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    phone.goto(f"{url}/visits/{visit_id}/today/escorts/p21")
    phone.wait_for_selector("h1:has-text('Colin Thompson: escort duties')")
    duties = phone.locator("li.duty")
    assert duties.count() == 3
    assert "ended: mark it" in duties.nth(0).inner_text()
    assert "12:25" in duties.nth(1).inner_text() and "10 min late (was 12:15)" in duties.nth(1).inner_text()
    # A run-sheet leaves the coordinators' pages: the carer's conversation is not named.
    assert "Dan Allen" not in phone.content() and "Sean Atkinson" not in phone.content()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.screenshot(path=str(SCREENSHOTS / "escort-run-sheet-phone.png"), full_page=True)
    context.close()


def test_an_escort_opens_the_run_sheet_from_the_link_in_their_calendar_email(browser, live) -> None:  # type: ignore[no-untyped-def]
    app, url, visit_id = live
    with session_factory(app)() as db:
        token = issue_feed_token(db, visit_id, "person", "p21", ON_THE_DAY)
        db.commit()
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(20_000)
    phone = context.new_page()

    phone.goto(f"{url}/feeds/{token}/today")

    phone.wait_for_selector("h1:has-text('Colin Thompson: escort duties')")
    assert phone.locator("li.duty").count() == 3
    assert phone.locator("nav.visitnav").count() == 0  # no login, no way into the visit's pages
    assert "Dan Allen" not in phone.content()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert phone.goto(f"{url}/feeds/{token[:-2]}xx/today").status == 404
    context.close()


@pytest.fixture
def before_the_visit(tmp_path: Path) -> Iterator[tuple[Flask, str, SmtpCatcher]]:
    smtp = SmtpCatcher().start()
    app = make_app(
        tmp_path,
        WTF_CSRF_ENABLED=True,
        TESTING=False,
        CLOCK=lambda: datetime(2026, 2, 12, 9, 0, tzinfo=UTC),  # Thursday, four weeks before
        SMTP_URL=smtp.url,
        MAIL_SEND_SECONDS=0.3,
        MILESTONE_ROUND_SECONDS=0.3,
        BASE_URL="https://fieldwork.westmere.gov.example",
    )
    add_user(app, GRACE, "Grace Okafor")
    with served(app) as base_url:
        yield app, base_url, smtp
    smtp.stop()


def test_the_coordinator_moves_a_milestone_and_is_reminded_by_email(browser, before_the_visit) -> None:  # type: ignore[no-untyped-def]
    app, url, smtp = before_the_visit
    visit_id = publish_for(app, GRACE)
    pages = logged_in_page(browser, url, GRACE)
    page = next(pages)
    page.goto(f"{url}/visits/{visit_id}")
    timeline = page.locator("ol.milestones li")
    assert timeline.count() == 8
    assert timeline.nth(3).inner_text().startswith("Tue 17 Feb 2026\nInvites sent")

    page.click("nav.visitnav a:has-text('Milestones')")
    page.fill("input[name=case_list_due]", "2026-02-13")
    page.click("button:has-text('Save the dates')")
    page.wait_for_selector("p.flash:has-text('Milestones saved: Case-tracking list due: 2026-02-13.')")

    page.click("nav.visitnav a:has-text('Overview')")
    assert page.locator("li[data-milestone=case_list_due]").inner_text().startswith("Fri 13 Feb 2026")
    page.screenshot(path=str(SCREENSHOTS / "milestones.png"), full_page=True)

    [mail] = smtp.wait_for(1, timeout=20)
    assert mail.recipients == [GRACE]
    assert mail.subject == "Local authority assessment: on-site visit: Case-tracking list due on Fri 13 Feb"
    assert "- Case-tracking list due: Fri 13 Feb 2026 (tomorrow)" in mail.text()
    assert f"https://fieldwork.westmere.gov.example/visits/{visit_id}" in mail.text()
    pages.close()
