"""A coordinator sets video links and sends everyone their calendar link, in a real Chromium."""

from __future__ import annotations

import pytest

from tests.web import test_browser_journeys as journeys
from tests.web.test_browser_journeys import OWNER, LiveServer, import_small_visit, log_in

page = journeys.page
server = journeys.server

pytestmark = pytest.mark.browser

TEAMS = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_extra-care@thread.v2/0"


def test_coordinator_sets_video_links_and_emails_everyone_their_calendar(
    page: object, server: LiveServer
) -> None:
    log_in(page, server, OWNER)
    visit_id = import_small_visit(page, server)

    page.goto(f"{server.url}/visits/{visit_id}/sessions/s4/edit")  # type: ignore[attr-defined]
    page.fill("input[name=video_link]", "http://teams.example.org/extra-care")  # type: ignore[attr-defined]
    page.click("button[type=submit]:visible >> nth=-1")  # type: ignore[attr-defined]
    page.wait_for_selector("text=The video link of session 'Focus group: Extra Care Housing practitioners'")  # type: ignore[attr-defined]
    page.fill("input[name=video_link]", TEAMS)  # type: ignore[attr-defined]
    page.click("button[type=submit]:visible >> nth=-1")  # type: ignore[attr-defined]
    page.goto(f"{server.url}/visits/{visit_id}/sessions/s4/edit")  # type: ignore[attr-defined]
    assert page.input_value("input[name=video_link]") == TEAMS  # type: ignore[attr-defined]

    page.goto(f"{server.url}/visits/{visit_id}/feeds")  # type: ignore[attr-defined]
    page.fill("input[name=default_video_link]", "meet.westmere.gov.example/room")  # type: ignore[attr-defined]
    page.click("button:has-text('Save the default link')")  # type: ignore[attr-defined]
    page.wait_for_selector("text=The visit's default video link must be an https://")  # type: ignore[attr-defined]
    page.fill("input[name=default_video_link]", "https://meet.westmere.gov.example/room")  # type: ignore[attr-defined]
    page.click("button:has-text('Save the default link')")  # type: ignore[attr-defined]
    page.wait_for_selector("text=Default video link saved")  # type: ignore[attr-defined]
    assert page.input_value("input[name=default_video_link]") == "https://meet.westmere.gov.example/room"  # type: ignore[attr-defined]

    page.click("button:has-text('Email everyone their calendar link')")  # type: ignore[attr-defined]
    page.wait_for_selector("text=calendar links queued")  # type: ignore[attr-defined]
