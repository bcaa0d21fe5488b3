"""Publishing from the browser: review the outbox, send, read the ledger and its CSV; RSVP links."""

from __future__ import annotations

import csv
import io
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from scheduler.db.outbox import OutboxEmail
from scheduler.files.timetable_file import load_timetable
from scheduler.services.timetables import save_version
from tests.support.web import EXAMPLES, add_user, fixed_clock, log_in, page_text
from web.database import session_factory


@pytest.fixture
def planned(app: Flask, coordinator: int) -> int:
    with session_factory(app)() as db:
        save_version(db, None, coordinator, load_timetable(EXAMPLES / "small.planted.json"), fixed_clock())
        db.commit()
    return coordinator


def queued(app: Flask) -> list[OutboxEmail]:
    with session_factory(app)() as db:
        return list(db.scalars(select(OutboxEmail).order_by(OutboxEmail.id)))


def test_the_review_shows_who_will_get_what_before_anything_is_queued(
    app: Flask, client: FlaskClient, planned: int
):
    page = page_text(client.get(f"/visits/{planned}/publish"))

    assert re.sub(r"\s+", " ", re.search(r'<p id="outbox-counts">(.*?)</p>', page, re.S).group(1)) == (  # type: ignore[union-attr]
        "<strong>36</strong> new invitations, <strong>0</strong> updates, <strong>0</strong> cancellations,"
        " to 25 people."
    )
    assert (
        "<tr><td>Connor Davies</td><td>connor.davies@inspectorate.example</td>"
        "<td>4</td><td>0</td><td>0</td></tr>" in page
    )
    assert "Publish version 1 and send 36 emails" in page
    assert queued(app) == []


def test_sending_queues_the_invites_publishes_and_shows_them_in_the_ledger(
    app: Flask, client: FlaskClient, planned: int
):
    response = client.post(f"/visits/{planned}/publish", data={"version": "1"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/visits/{planned}/invites")

    rows = queued(app)
    assert len(rows) == 36 and {r.calendar_method for r in rows} == {"REQUEST"}
    ledger = page_text(client.get(f"/visits/{planned}/invites"))
    assert ledger.count("<td>invitation</td>") == 36
    again = page_text(client.get(f"/visits/{planned}/publish"))
    assert "Everyone already has this version: there is nothing to send." in again

    download = client.get(f"/visits/{planned}/invites.csv")
    assert download.mimetype == "text/csv"
    table = list(csv.DictReader(io.StringIO(download.get_data(as_text=True))))
    assert len(table) == 36
    assert {(r["version"], r["kind"], r["method"], r["delivery"], r["sequence"]) for r in table} == {
        ("1", "invitation", "REQUEST", "queued", "0")
    }


def test_a_decline_through_the_link_shows_on_the_ledger_as_a_session_to_replan(
    app: Flask, client: FlaskClient, planned: int
):
    client.post(f"/visits/{planned}/publish", data={"version": "1"})
    to_patrick = next(r for r in queued(app) if r.to_address == "patrick.brown@westmere.gov.example")
    decline = re.search(r"Decline: http://localhost(/rsvp/\S+/decline)", to_patrick.text_body).group(1)  # type: ignore[union-attr]
    visitor = app.test_client()

    confirm = page_text(visitor.get(decline))
    assert "Decline this invitation?" in confirm  # a link scanner's GET records nothing
    assert "Thank you, Patrick Brown" in page_text(visitor.post(decline, data={"answer": "decline"}))

    ledger = page_text(client.get(f"/visits/{planned}/invites"))
    assert (
        "Opening presentation: Director and senior leadership team: declined by 1 (Patrick Brown): re-plan"
        in ledger
    )
    assert ledger.count("<td>declined</td>") == 1


def test_a_wrong_rsvp_token_is_a_plain_404(app: Flask, planned: int):
    visitor = app.test_client()
    assert visitor.post("/rsvp/not-a-token/accept", data={"answer": "accept"}).status_code == 404
    assert visitor.get("/rsvp/whatever/maybe").status_code == 404


def test_another_coordinator_cannot_review_or_send(app: Flask, planned: int):
    add_user(app, "other@example.org", "Other")
    other = app.test_client()
    log_in(other, "other@example.org")
    assert other.get(f"/visits/{planned}/publish").status_code == 404
    assert other.post(f"/visits/{planned}/publish", data={"version": "1"}).status_code == 404
    assert other.get(f"/visits/{planned}/invites.csv").status_code == 404
    with session_factory(app)() as db:
        assert db.scalar(select(func.count()).select_from(OutboxEmail)) == 0


def test_a_declined_session_is_flagged_on_the_timetable_and_the_unscheduled_page(
    app: Flask, client: FlaskClient, planned: int
):
    assert 'id="invite-declines"' not in page_text(client.get(f"/visits/{planned}/timetable"))
    client.post(f"/visits/{planned}/publish", data={"version": "1"})
    for row in queued(app):
        if row.to_address in ("patrick.brown@westmere.gov.example", "zoe.graham@westmere.gov.example"):
            link = re.search(r"Decline: http://localhost(/rsvp/\S+/decline)", row.text_body).group(1)  # type: ignore[union-attr]
            app.test_client().post(link, data={"answer": "decline"})

    flag = "declined by 2 (Patrick Brown, Zoe Graham): re-plan"
    assert flag in page_text(client.get(f"/visits/{planned}/timetable"))
    assert flag in page_text(client.get(f"/visits/{planned}/timetable/unscheduled"))
    versions = page_text(client.get(f"/visits/{planned}/timetable/versions"))
    assert f'href="/visits/{planned}/publish?version=1"' in versions
    assert ">Review changes to send</a>" in versions
