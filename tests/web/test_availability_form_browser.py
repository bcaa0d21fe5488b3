"""In a real Chromium: a person opens their personal link, paints their availability by dragging,
saves, sees the confirmation page, and the confirmation email reaches a real SMTP server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from tests.support.availability_pages import visit_with_link
from tests.support.smtp_catcher import SmtpCatcher
from tests.support.web import CHROMIUM, CHROMIUM_ARGS, fixed_clock, make_app, screenshot_folder, served

pytestmark = pytest.mark.browser

SCREENSHOTS = screenshot_folder()


@pytest.fixture
def live(tmp_path: Path, smtp_server: SmtpCatcher) -> Iterator[tuple[Flask, str]]:
    app = make_app(
        tmp_path,
        WTF_CSRF_ENABLED=True,
        TESTING=False,
        CLOCK=fixed_clock,  # a month before the visit, so the link is live
        SMTP_URL=smtp_server.url,
        MAIL_SEND_SECONDS=0.3,
    )
    with served(app) as url:  # stops the mail sender and the job runner too
        yield app, url


@pytest.fixture
def page() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(
            viewport={"width": 1000, "height": 1400}, timezone_id="America/New_York"
        )
        context.set_default_timeout(20_000)
        yield context.new_page()
        context.close()
        browser.close()


def drag(page: object, from_start: str, to_start: str) -> None:
    """Press on one cell and drag down the day's column to another, as a person paints."""
    first = page.locator(f'td.cell[data-start="{from_start}"]').bounding_box()  # type: ignore[attr-defined]
    last = page.locator(f'td.cell[data-start="{to_start}"]').bounding_box()  # type: ignore[attr-defined]
    mouse = page.mouse  # type: ignore[attr-defined]
    mouse.move(first["x"] + first["width"] / 2, first["y"] + first["height"] / 2)
    mouse.down()
    mouse.move(last["x"] + last["width"] / 2, last["y"] + last["height"] / 2, steps=12)
    mouse.up()


def level_of(page: object, start: str) -> str:
    return page.locator(f'td.cell[data-start="{start}"] select').input_value()  # type: ignore[attr-defined,no-any-return]


def test_a_person_paints_their_availability_saves_and_gets_the_confirmation_email(
    page: object, live: tuple[Flask, str], smtp_server: SmtpCatcher
) -> None:
    app, url = live
    _visit_id, token = visit_with_link(app)  # Fatima Bennett: known free 09:30-14:45, if needed to 15:30

    page.goto(f"{url}/availability/{token}")  # type: ignore[attr-defined]
    # The browser is in New York; the grid still shows the visit's wall-clock times.
    assert "All times are local times in Europe/London" in page.inner_text("#zone")  # type: ignore[attr-defined]
    assert page.inner_text("tbody tr:first-child th") == "09:00–09:15"  # type: ignore[attr-defined]
    assert level_of(page, "09:30") == "yes" and level_of(page, "15:00") == "if_needed"

    page.check("input[name=brush][value=no]")  # type: ignore[attr-defined]
    drag(page, "09:30", "10:15")
    page.check("input[name=brush][value=yes]")  # type: ignore[attr-defined]
    drag(page, "15:30", "16:15")
    assert [level_of(page, s) for s in ("09:30", "10:15", "10:30", "15:30", "16:15", "16:30")] == [
        "no",
        "no",
        "yes",
        "yes",
        "yes",
        "no",
    ]
    page.check("input[name=hearing_loop]")  # type: ignore[attr-defined]
    page.fill("textarea[name=note]", "Not before 10:30, please.")  # type: ignore[attr-defined]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "availability-form.png"), full_page=True)  # type: ignore[attr-defined]
    page.click("button:has-text('Save my availability')")  # type: ignore[attr-defined]

    page.wait_for_selector("h1:has-text('your availability is saved')")  # type: ignore[attr-defined]
    summary = "Tue 10 Mar: available 10:30-14:45; if needed 14:45-15:30; available 15:30-16:30"
    assert page.inner_text("ul.summary") == summary  # type: ignore[attr-defined]
    [mail] = smtp_server.wait_for(1)
    assert mail.recipients == ["fatima.bennett@westmere.gov.example"]
    assert summary in mail.text()
    assert "Access needs: a hearing loop" in mail.text()
    assert "Not before 10:30, please." in mail.text()
