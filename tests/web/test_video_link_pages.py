"""Video links through the pages: a session's own link on its form (an https address, or a message
naming the session) and the visit's default link on the Calendars page."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from scheduler.invites.video_links import default_video_link
from scheduler.services.visits import load_visit
from tests.support.web import page_text
from web.database import session_factory

FOCUS_GROUP = {
    "id": "s4",
    "title": "Focus group: Hospital discharge team",
    "kind": "focus_group",
    "minutes": "60",
    "mode": "either",
    "priority": "must",
    "invited_people": "p5, p6, p7",
    "assessor_count": "1",
    "fixed_mode": "",
}


def _session_link(app: Flask, visit_id: int, session_id: str) -> str | None:
    with session_factory(app)() as db:
        return next(s.video_link for s in load_visit(db, visit_id).sessions if s.id == session_id)


def test_a_session_link_that_is_not_https_is_refused_naming_the_session(
    app: Flask, client: FlaskClient, coordinator: int
) -> None:
    before = _session_link(app, coordinator, "s4")
    data = {**FOCUS_GROUP, "video_link": "http://meet.westmere.gov.example/discharge"}
    response = client.post(f"/visits/{coordinator}/sessions/s4/edit", data=data)
    text = page_text(response)
    assert (
        "The video link of session &#39;Focus group: Hospital discharge team&#39; must be an https://" in text
    )
    assert _session_link(app, coordinator, "s4") == before


def test_a_session_link_is_saved_from_its_page(app: Flask, client: FlaskClient, coordinator: int) -> None:
    link = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_discharge@thread.v2/0"
    response = client.post(
        f"/visits/{coordinator}/sessions/s4/edit", data={**FOCUS_GROUP, "video_link": link}
    )
    assert response.status_code == 302, page_text(response)
    assert _session_link(app, coordinator, "s4") == link


def test_the_visit_default_link_is_set_on_the_calendars_page(
    app: Flask, client: FlaskClient, coordinator: int
) -> None:
    link = "https://meet.westmere.gov.example/assessment-room"
    response = client.post(f"/visits/{coordinator}/feeds/video-link", data={"default_video_link": link})
    assert response.status_code == 302, page_text(response)
    assert link in page_text(client.get(f"/visits/{coordinator}/feeds"))
    bad = client.post(f"/visits/{coordinator}/feeds/video-link", data={"default_video_link": "zoom.us/j/1"})
    assert bad.status_code == 400
    assert "The visit&#39;s default video link must be an https://" in page_text(bad)
    with session_factory(app)() as db:
        assert default_video_link(db, coordinator) == link
