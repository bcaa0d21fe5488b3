"""Revoking personal links from the People and Assessors pages, and what a dead link shows: the
person following it is told it no longer works and to ask the coordinator, with 410 Gone."""

from __future__ import annotations

import html
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from scheduler.invites.identity import issue_feed_token
from scheduler.services.availability_links import issue_link
from tests.support.web import add_user, add_visit, fixed_clock, log_in, make_app, page_text
from web.database import session_factory

GONE = "This link no longer works"


def text_of(response: object) -> str:
    return html.unescape(page_text(response))


ASK = "please ask the visit's coordinator (who sent you the link) for a new one"


def _links_for(app: Flask, visit_id: int, who_kind: str, key: str) -> tuple[str, str]:
    with session_factory(app)() as db:
        availability = issue_link(db, None, visit_id, who_kind, key, fixed_clock())
        feed = issue_feed_token(db, visit_id, who_kind, key, fixed_clock())
        db.commit()
    return availability, feed


def test_the_people_page_revokes_a_persons_links_by_name_and_their_links_say_they_no_longer_work(
    app: Flask, client: FlaskClient, coordinator: int
) -> None:
    availability, feed = _links_for(app, coordinator, "person", "p1")
    stranger = app.test_client()
    assert stranger.get(f"/availability/{availability}").status_code == 200
    assert stranger.get(f"/feeds/{feed}.ics").status_code == 200

    people = text_of(client.get(f"/visits/{coordinator}/people"))
    assert "1 availability link and 1 calendar feed" in people
    assert "Revoke Zoe Graham's links" in people
    response = client.post(f"/visits/{coordinator}/people/p1/revoke-links", follow_redirects=True)
    text = text_of(response)
    assert "Revoked Zoe Graham's links (1 availability link and 1 calendar feed)" in text
    assert "Revoke Zoe Graham's links" not in text

    for url in (f"/availability/{availability}", f"/availability/{availability}/session-request"):
        gone = stranger.get(url)
        assert gone.status_code == 410
        assert GONE in text_of(gone) and ASK in text_of(gone)
        assert "Zoe Graham" not in page_text(gone)
    assert stranger.post(f"/availability/{availability}", data={}).status_code == 410
    assert stranger.get(f"/feeds/{feed}.ics").status_code == 410
    assert stranger.get(f"/feeds/{feed}/download.ics").status_code == 410
    assert stranger.get("/feeds/never-one-of-ours.ics").status_code == 404


def test_the_assessors_page_revokes_an_assessors_links(
    app: Flask, client: FlaskClient, coordinator: int
) -> None:
    availability, _feed = _links_for(app, coordinator, "assessor", "a2")
    page = text_of(client.get(f"/visits/{coordinator}/assessors"))
    assert "Revoke Priya Singh's links" in page
    client.post(f"/visits/{coordinator}/assessors/a2/revoke-links")
    assert app.test_client().get(f"/availability/{availability}/session-request").status_code == 410
    assert client.post(f"/visits/{coordinator}/rooms/r1/revoke-links").status_code == 404
    assert client.post(f"/visits/{coordinator}/people/p99/revoke-links").status_code == 404


def test_a_re_added_persons_old_feed_and_availability_links_stay_dead(
    app: Flask, client: FlaskClient, coordinator: int
) -> None:
    kieran = {
        "id": "p40",
        "name": "Kieran Gill",
        "kind": "staff",
        "email": "kieran.gill@westmere.gov.example",
    }
    assert client.post(f"/visits/{coordinator}/people/new", data=kieran).status_code == 302
    made = page_text(client.post(f"/visits/{coordinator}/feeds?who=person&key=p40"))
    old_feed = made.split('<code class="feed-url">', 1)[1].split("</code>", 1)[0].rsplit("/", 1)[1]
    old_availability, _ = _links_for(app, coordinator, "person", "p40")
    stranger = app.test_client()
    assert stranger.get(f"/feeds/{old_feed}").status_code == 200

    assert client.post(f"/visits/{coordinator}/people/p40/delete", data={"confirmed": "y"}).status_code == 302
    assert client.post(f"/visits/{coordinator}/people/new", data=kieran).status_code == 302
    assert "Kieran Gill" in page_text(client.get(f"/visits/{coordinator}/people"))

    assert stranger.get(f"/feeds/{old_feed}").status_code == 410
    gone = stranger.get(f"/availability/{old_availability}")
    assert gone.status_code == 410 and GONE in page_text(gone)
    remade = page_text(client.post(f"/visits/{coordinator}/feeds?who=person&key=p40"))
    new_feed = remade.split('<code class="feed-url">', 1)[1].split("</code>", 1)[0].rsplit("/", 1)[1]
    assert stranger.get(f"/feeds/{new_feed}").status_code == 200


def test_feeds_stop_the_configured_number_of_days_after_the_visit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    moments = [fixed_clock()]
    monkeypatch.setenv("FIELDWORK_FEED_DAYS_AFTER_VISIT", "7")
    app = make_app(tmp_path, CLOCK=lambda: moments[-1])
    try:
        assert app.config["FEED_DAYS_AFTER_VISIT"] == 7
        add_user(app, "aisha.rahman@example.org", "Aisha Rahman")
        visit_id = add_visit(app, "aisha.rahman@example.org")  # one day, 10 March 2026, London
        _, feed = _links_for(app, visit_id, "person", "p1")
        moments.append(datetime(2026, 3, 17, 23, 59, tzinfo=UTC))
        assert app.test_client().get(f"/feeds/{feed}.ics").status_code == 200
        coordinator = app.test_client()
        log_in(coordinator, "aisha.rahman@example.org")
        # The availability link ended with the visit; the feed runs on for the days set.
        people = text_of(coordinator.get(f"/visits/{visit_id}/people"))
        assert "1 calendar feed" in people and "availability link" not in people
        moments.append(datetime(2026, 3, 18, 0, 0, tzinfo=UTC))
        assert app.test_client().get(f"/feeds/{feed}.ics").status_code == 410
        assert "calendar feed" not in text_of(coordinator.get(f"/visits/{visit_id}/people"))
    finally:
        app.extensions["fieldwork.jobs"].shutdown()
