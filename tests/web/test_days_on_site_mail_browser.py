"""In a real Chromium, with every email through a real SMTP server on loopback, on the visit's day:
Grace Okafor gives the NHS meeting its Teams link and only that meeting's people get an update
carrying it; Eleanor King presses Decline in Outlook, her reply reaches the inbound endpoint over
SMTP and shows on the Invites page, whose ways out Grace opens; and Grace emails everyone their
calendar link, which opens Eleanor's own calendar and nobody else's."""

from __future__ import annotations

import re
from collections.abc import Iterator

import icalendar
import pytest
from flask import Flask

from scheduler.invites.inbound import reply_endpoint
from tests.scheduler.invites.test_calendar_replies import outlook_reply, send
from tests.support.publishing import invite_of
from tests.support.smtp_catcher import SmtpCatcher, free_port
from tests.web.test_replanning_browser import live, on_the_day, page
from web.database import session_factory

pytestmark = pytest.mark.browser

__all__ = ["live", "page"]  # the fixtures: a published small visit on its day, Grace logged in

TEAMS = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_icb-westmere@thread.v2/0"
NHS_MEETING = "Meeting: NHS Westmere Integrated Care Board"
EXTRA_CARE = "Focus group: Extra Care Housing practitioners"
ELEANOR = ("Eleanor King", "eleanor.king@westmere.gov.example")  # in the Extra Care focus group only
NHS_PEOPLE = {
    "ryan.parker@nhs-westmere-integrated-care-board.example",
    "sana.bailey@nhs-westmere-integrated-care-board.example",
}


def _new_since(smtp: SmtpCatcher, before: int, count: int) -> list:  # type: ignore[type-arg]
    smtp.wait_for(before + count, timeout=30)
    return smtp.messages[before:]


def test_a_video_link_set_on_the_session_page_reaches_only_that_sessions_people(page, live) -> None:  # type: ignore[no-untyped-def]
    _app, url, smtp, visit_id = live
    before = len(smtp.messages)
    first_sent = invite_of(next(m for m in smtp.messages[:before] if "ryan.parker" in m.recipients[0]))
    assert "video link will follow" in first_sent.ics.decode().replace("\r\n ", "")

    page.goto(f"{url}/visits/{visit_id}/sessions/s3/edit")
    page.fill("input[name=video_link]", TEAMS)
    page.click("button[type=submit]:visible >> nth=-1")
    page.wait_for_selector("p.flash:has-text('Saved session Meeting: NHS Westmere Integrated Care Board')")

    page.goto(f"{url}/visits/{visit_id}/publish?version=1")
    people = page.inner_text("#outbox-people")
    assert "Ryan Parker" in people and "Sana Bailey" in people and "Eleanor King" not in people
    page.click("#send-invites button[type=submit]")
    page.wait_for_selector("p.flash:has-text('Version 1 published')")

    updates = _new_since(smtp, before, 3)
    recipients = {r for m in updates for r in m.recipients}
    assert recipients == NHS_PEOPLE | {"connor.davies@inspectorate.example"}  # the meeting's assessor
    for message in updates:
        invite = invite_of(message)
        assert invite.summary.startswith(NHS_MEETING) and invite.method == "REQUEST"
        event = next(iter(icalendar.Calendar.from_ical(invite.ics).walk("VEVENT")))
        assert str(event["URL"]) == TEAMS
        assert TEAMS in str(event["LOCATION"]) and TEAMS in str(event["DESCRIPTION"])
        assert invite.sequence > first_sent.sequence
        assert TEAMS in message.text()


@pytest.fixture
def reply_port(live: tuple[Flask, str, SmtpCatcher, int]) -> Iterator[int]:
    """The inbound endpoint `fieldwork mail receive` runs, on loopback, over the app's database."""
    port = free_port()
    endpoint = reply_endpoint(session_factory(live[0]), on_the_day, "127.0.0.1", port)
    endpoint.start()
    yield port
    endpoint.stop()


def test_a_decline_pressed_in_outlook_shows_on_the_invites_page_and_opens_its_ways_out(  # type: ignore[no-untyped-def]
    page, live, reply_port
) -> None:
    _app, url, smtp, visit_id = live
    invite = invite_of(
        next(m for m in smtp.messages if m.recipients == [ELEANOR[1]] and EXTRA_CARE in m.subject)
    )
    send(reply_port, outlook_reply(invite, ELEANOR, "DECLINED"), ELEANOR[1])  # over SMTP, as relayed

    page.goto(f"{url}/visits/{visit_id}/invites")
    declined = page.inner_text("#declines")
    assert f"{EXTRA_CARE}: declined by 1 (Eleanor King)" in declined
    answers = [
        row
        for row in page.locator("#ledger tbody tr").all_inner_texts()
        if "Eleanor King" in row and EXTRA_CARE in row
    ]
    assert answers and all("declined" in row for row in answers)

    page.click("#resolve-declines")
    page.click("a:has-text('Ways out')")
    page.wait_for_selector("h1:has-text('Eleanor King declined')")
    ways = page.inner_text("#ways-out")
    assert "Go ahead without Eleanor King" in ways
    assert "Drop the session (should)" in page.locator("#ways-out > li").last.inner_text()


def test_everyone_is_emailed_their_calendar_link_and_it_opens_their_own_calendar(page, live, browser) -> None:  # type: ignore[no-untyped-def]
    _app, url, smtp, visit_id = live
    before = len(smtp.messages)
    page.goto(f"{url}/visits/{visit_id}/feeds")
    page.click("button:has-text('Email everyone their calendar link')")
    page.wait_for_selector("p.flash:has-text('calendar links')")
    queued = int(
        re.search(r"(\d+) calendar links", page.inner_text("p.flash:has-text('calendar links')")).group(1)
    )  # type: ignore[union-attr]
    assert queued > 20

    emails = _new_since(smtp, before, queued)
    assert len(emails) == queued
    assert len({r for m in emails for r in m.recipients}) == queued  # one each
    eleanors = next(m for m in emails if m.recipients == [ELEANOR[1]])
    assert eleanors.subject.startswith("Your calendar for")
    [link] = set(re.findall(rf"{re.escape(url)}/feeds/[A-Za-z0-9_-]+\.ics", eleanors.text()))

    stranger = browser.new_context()  # the link works without an account
    response = stranger.request.get(link)
    assert response.status == 200 and response.headers["content-type"].startswith("text/calendar")
    feed = icalendar.Calendar.from_ical(response.body())
    titles = {str(event["SUMMARY"]) for event in feed.walk("VEVENT")}
    stranger.close()
    assert any(title.startswith(EXTRA_CARE) for title in titles)
    assert not any(title.startswith(("Opening presentation", NHS_MEETING)) for title in titles)
