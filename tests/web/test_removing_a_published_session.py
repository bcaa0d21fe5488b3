"""Removing a session that is already published: the coordinator confirms it, calendars and
feeds carry on without it, and its people get a cancellation at the next publish."""

from __future__ import annotations

import dataclasses

import icalendar
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from scheduler.db.outbox import OutboxEmail
from scheduler.files.timetable_file import load_timetable
from scheduler.invites.identity import issue_feed_token
from scheduler.services.timetables import save_version
from scheduler.services.visits import load_visit
from tests.support.web import EXAMPLES, fixed_clock, page_text
from web.database import session_factory

TITLE = "Focus group: Reviewing practitioners"  # s5: Tue 10 Mar 12:30, escorted by Colin Thompson
ATTENDEES = {
    "eleanor.watson@westmere.gov.example",
    "erin.gill@westmere.gov.example",
    "sam.williams@westmere.gov.example",
    "isla.begum@westmere.gov.example",
    "isla.jones@westmere.gov.example",
    "imran.wood@westmere.gov.example",
}
ASSESSOR = "connor.davies@inspectorate.example"
ESCORT = "colin.thompson@westmere.gov.example"


@pytest.fixture
def published(app: Flask, client: FlaskClient, coordinator: int) -> int:
    """The small Westmere visit planned, version 1 sent to everyone (so it is published)."""
    with session_factory(app)() as db:
        save_version(db, None, coordinator, load_timetable(EXAMPLES / "small.planted.json"), fixed_clock())
        db.commit()
    assert client.post(f"/visits/{coordinator}/publish", data={"version": "1"}).status_code == 302
    return coordinator


def _feed_token(app: Flask, visit_id: int, key: str) -> str:
    with session_factory(app)() as db:
        token = issue_feed_token(db, visit_id, "person", key, fixed_clock())
        db.commit()
        return token


def _summaries(data: bytes) -> list[str]:
    return [str(event["SUMMARY"]) for event in icalendar.Calendar.from_ical(data).walk("VEVENT")]


def _remove_s5(client: FlaskClient, visit_id: int) -> None:
    """Remove s5 as the confirmation page's button does."""
    response = client.post(f"/visits/{visit_id}/sessions/s5/delete", data={"confirmed": "y"})
    assert response.status_code == 302


def test_removing_a_published_session_asks_first_and_names_who_will_be_told(
    app: Flask, client: FlaskClient, published: int
) -> None:
    page = page_text(client.post(f"/visits/{published}/sessions/s5/delete"))
    assert "Remove a published session?" in page
    assert f"{TITLE} is in the published timetable (version 1): Tue 10 Mar, 12:30-14:00" in page
    for name in ("Eleanor Watson", "Erin Gill", "Imran Wood", "Connor Davies", "Colin Thompson (escort)"):
        assert name in page
    assert "Whoever was sent an invite for it will get a cancellation when you next send invites." in page
    with session_factory(app)() as db:  # nothing removed yet
        assert "s5" in {s.id for s in load_visit(db, published).sessions}

    client.post(f"/visits/{published}/sessions/s5/delete", data={"confirmed": "y"})
    with session_factory(app)() as db:
        assert "s5" not in {s.id for s in load_visit(db, published).sessions}


def test_feeds_and_the_visit_calendar_carry_on_without_a_removed_session(
    app: Flask, client: FlaskClient, published: int
) -> None:
    erin = _feed_token(app, published, "p15")  # Erin Gill: only in s5
    zoe = _feed_token(app, published, "p1")  # Zoe Graham: in s1 only
    assert _summaries(client.get(f"/feeds/{erin}.ics").data) == [TITLE]
    _remove_s5(client, published)

    erin_feed = client.get(f"/feeds/{erin}.ics")
    assert erin_feed.status_code == 200 and _summaries(erin_feed.data) == []
    zoe_feed = client.get(f"/feeds/{zoe}.ics")
    assert _summaries(zoe_feed.data) == ["Opening presentation: Director and senior leadership team"]
    whole = client.get(f"/visits/{published}/calendar.ics")
    assert whole.status_code == 200
    assert TITLE not in _summaries(whole.data) and len(_summaries(whole.data)) == 7


def test_sending_the_version_that_still_holds_the_removed_session_cancels_it_for_its_people(
    app: Flask, client: FlaskClient, published: int
) -> None:
    _remove_s5(client, published)
    review = page_text(client.get(f"/visits/{published}/publish?version=1"))
    assert (
        "<strong>0</strong> new invitations, <strong>0</strong> updates, <strong>8</strong> cancellations"
        in (" ".join(review.split()))
    )
    with session_factory(app)() as db:
        before = db.scalar(select(OutboxEmail.id).order_by(OutboxEmail.id.desc()).limit(1))
    response = client.post(f"/visits/{published}/publish", data={"version": "1"})
    assert response.status_code == 302, page_text(response)

    with session_factory(app)() as db:
        sent = list(db.scalars(select(OutboxEmail).where(OutboxEmail.id > before)))
    assert {m.to_address for m in sent} == ATTENDEES | {ASSESSOR, ESCORT}
    assert {m.calendar_method for m in sent} == {"CANCEL"}
    by_recipient = {m.to_address: m for m in sent}
    assert by_recipient["erin.gill@westmere.gov.example"].subject == f"Cancelled: {TITLE} (Tue 10 Mar 12:30)"
    assert by_recipient[ESCORT].subject == f"Cancelled: Escort: {TITLE} (Tue 10 Mar 12:15)"
    # Sending again tells nobody anything more.
    client.post(f"/visits/{published}/publish", data={"version": "1"})
    with session_factory(app)() as db:
        assert len(list(db.scalars(select(OutboxEmail).where(OutboxEmail.id > before)))) == len(sent)


def test_sending_a_new_version_without_the_removed_session_cancels_it_by_its_title(
    app: Flask, client: FlaskClient, published: int
) -> None:
    _remove_s5(client, published)
    planted = load_timetable(EXAMPLES / "small.planted.json")
    without = dataclasses.replace(
        planted, assignments=tuple(a for a in planted.assignments if a.session != "s5")
    )
    with session_factory(app)() as db:
        assert save_version(db, None, published, without, fixed_clock()) == 2
        db.commit()
        before = db.scalar(select(OutboxEmail.id).order_by(OutboxEmail.id.desc()).limit(1))
    response = client.post(f"/visits/{published}/publish", data={"version": "2"})
    assert response.status_code == 302, page_text(response)
    with session_factory(app)() as db:
        sent = list(db.scalars(select(OutboxEmail).where(OutboxEmail.id > before)))
    assert {m.to_address for m in sent} == ATTENDEES | {ASSESSOR, ESCORT}
    assert {m.subject for m in sent if m.to_address in ATTENDEES} == {
        f"Cancelled: {TITLE} (Tue 10 Mar 12:30)"
    }
