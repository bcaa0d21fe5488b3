"""Calendar feeds and downloads over HTTP: a personal feed by token answers 200 and then 304 to
a conditional request, a wrong token is a 404, the coordinator downloads the whole visit, and
an escort's run-sheet prints their duties."""

from __future__ import annotations

import subprocess
from pathlib import Path

import icalendar
import pytest
from flask import Flask
from flask.testing import FlaskClient

from scheduler.invites.identity import issue_feed_token
from scheduler.services.accounts import find_user_by_email
from scheduler.services.timetables import publish_version, save_version
from scheduler.services.visits import import_visit

# The invite fixture visit is shared with the builder tests in tests/scheduler/invites.
from tests.support.invites import ICS_CHECK, TIMETABLE, assert_ics_check_passes, ics_check_ready, invite_visit
from tests.support.web import add_user, fixed_clock, log_in, page_text, served
from web.database import session_factory

COORDINATOR = "visit-coordinator@council.example"


@pytest.fixture
def published(app: Flask, client: FlaskClient) -> int:
    """The Riverside visit with its timetable published, and its coordinator logged in."""
    add_user(app, COORDINATOR, "Casey Coordinator")
    with session_factory(app)() as db:
        user = find_user_by_email(db, COORDINATOR)
        assert user is not None
        visit_id = import_visit(db, user, invite_visit(), fixed_clock())
        number = save_version(db, user, visit_id, TIMETABLE, fixed_clock())
        publish_version(db, user, visit_id, number, fixed_clock())
        db.commit()
    log_in(client, COORDINATOR)
    return visit_id


def feed_token(app: Flask, visit_id: int, who_kind: str, key: str) -> str:
    with session_factory(app)() as db:
        token = issue_feed_token(db, visit_id, who_kind, key, fixed_clock())
        db.commit()
        return token


def events_of(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def test_a_personal_feed_answers_200_then_304_to_if_none_match_and_if_modified_since(
    app: Flask, client: FlaskClient, published: int, tmp_path: Path
):
    token = feed_token(app, published, "person", "p1")
    client.get("/logout")
    first = client.get(f"/feeds/{token}.ics")
    assert first.status_code == 200
    assert first.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert first.headers["Cache-Control"] == "private, no-cache"
    etag, last_modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert etag.startswith('"') and last_modified == "Sun, 01 Feb 2026 09:00:00 GMT"
    assert [str(e["SUMMARY"]) for e in events_of(first.data)] == [
        "Interview: Director of Adult Social Care",
        "Focus group: partners (reserve)",
    ]
    assert b"METHOD" not in first.data

    again = client.get(f"/feeds/{token}.ics")
    assert again.data == first.data  # the same published state gives the same bytes (UIDs stored)
    assert client.get(f"/feeds/{token}.ics", headers={"If-None-Match": etag}).status_code == 304
    assert client.get(f"/feeds/{token}.ics", headers={"If-Modified-Since": last_modified}).status_code == 304
    assert client.get(f"/feeds/{token}.ics", headers={"If-None-Match": '"stale"'}).status_code == 200

    feed = tmp_path / "feed.ics"
    feed.write_bytes(first.data)
    assert_ics_check_passes(feed)


def test_a_wrong_or_made_up_token_is_a_404(client: FlaskClient, published: int):
    assert client.get("/feeds/not-a-real-token.ics").status_code == 404
    assert client.get("/feeds/not-a-real-token/download.ics").status_code == 404
    assert client.get("/feeds/" + "x" * 500 + ".ics").status_code == 404


def test_the_download_is_the_feed_as_an_attachment(app: Flask, client: FlaskClient, published: int):
    token = feed_token(app, published, "person", "p3")
    response = client.get(f"/feeds/{token}/download.ics")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="sam-porter.ics"'
    summaries = [str(e["SUMMARY"]) for e in events_of(response.data)]
    assert summaries == [
        "Escort: Interview: Director of Adult Social Care",
        "Escort: Focus group: partners",
        "Escort: Case tracking: home care",
    ]


def test_an_escort_feed_never_names_the_person_using_services(
    app: Flask, client: FlaskClient, published: int
):
    token = feed_token(app, published, "person", "p3")
    assert b"Rose" not in client.get(f"/feeds/{token}.ics").data


def test_an_assessor_feed_is_their_full_agenda_with_rooms_and_escorts(
    app: Flask, client: FlaskClient, published: int
):
    token = feed_token(app, published, "assessor", "a1")
    events = events_of(client.get(f"/feeds/{token}.ics").data)
    assert [str(e["SUMMARY"]) for e in events] == [
        "Assessors' briefing",
        "Interview: Director of Adult Social Care",
        "Drop-in for partners",
        "Case tracking: home care",
    ]
    interview = str(events[1]["DESCRIPTION"])
    assert "Where: Room 2.01, Loxley House, 1 Station St, Exampletown" in interview
    assert "Escort: Sam Porter meets the assessors 15 minutes before the start." in interview


def test_the_coordinator_downloads_the_whole_visit_and_others_cannot(
    app: Flask, client: FlaskClient, published: int
):
    response = client.get(f"/visits/{published}/calendar.ics")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f'attachment; filename="visit-{published}.ics"'
    assert len(events_of(response.data)) == 5
    # The file leaves the coordinators' pages (into a shared calendar, say), so it names her as
    # every shared copy does; her name is on the coordinator's pages.
    assert b"Rose" not in response.data and b"rose@home.example" not in response.data
    assert b"Who attends: case-tracking conversation" in response.data
    client.post("/logout")
    add_user(app, "other@example.org", "Other")
    log_in(client, "other@example.org")
    assert client.get(f"/visits/{published}/calendar.ics").status_code == 404


def test_making_a_feed_link_shows_the_webcal_and_https_addresses_once(
    app: Flask, client: FlaskClient, published: int
):
    response = client.post(f"/visits/{published}/feeds?who=person&key=p2")
    text = page_text(response)
    assert response.status_code == 200
    assert "webcal://localhost/feeds/" in text and "http://localhost/feeds/" in text
    https = text.split('<code class="feed-url">', 1)[1].split("</code>", 1)[0]
    token = https.rsplit("/", 1)[1].removesuffix(".ics")
    assert client.get(f"/feeds/{token}.ics").status_code == 200
    assert "webcal://" not in page_text(client.get(f"/visits/{published}/feeds"))


def test_a_feed_link_for_someone_not_in_the_visit_is_refused(client: FlaskClient, published: int):
    response = client.post(f"/visits/{published}/feeds?who=person&key=nobody")
    assert response.status_code == 400
    assert "has no person &#39;nobody&#39;" in page_text(response)


def test_an_escort_run_sheet_lists_each_duty_of_the_day(client: FlaskClient, published: int):
    text = page_text(client.get(f"/visits/{published}/escorts/p3/2026-03-30"))
    rows = text.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert rows.index("09:45") < rows.index("13:45")
    assert "Focus group: partners" in rows and "Case tracking: home care" in rows
    assert "reception, Loxley House" in rows
    assert client.get(f"/visits/{published}/escorts/p3/2026-03-31").status_code == 404


def test_the_independent_checker_fetches_the_served_feed_and_gets_304_on_both_validators(
    app: Flask, published: int
):
    if not ics_check_ready():
        pytest.skip("the invite checker is not installed: run /work/shared/tools/ics_check_setup.sh")
    token = feed_token(app, published, "assessor", "a1")
    with served(app) as base_url:
        url = base_url.replace("http://", "webcal://", 1) + f"/feeds/{token}.ics"
        result = subprocess.run(
            [str(ICS_CHECK), "--url", url, "--uid-pattern", "[0-9a-f-]{36}@fieldwork"],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ETag and Last-Modified honoured with 304" in result.stdout
