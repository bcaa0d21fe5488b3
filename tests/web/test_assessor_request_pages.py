"""Sending requests from the availability page, and an assessor asking for a session by their link."""

from __future__ import annotations

import json
import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from scheduler.db.outbox import OutboxEmail
from scheduler.services.availability_links import issue_link
from scheduler.services.change_requests import list_change_requests, requested_session
from tests.support.web import SMALL_VISIT, fixed_clock, page_text
from web.database import session_factory

VISIT_NAME = json.loads(SMALL_VISIT.read_text())["visit"]["name"]


def outbox(app: Flask) -> list[OutboxEmail]:
    with session_factory(app)() as db:
        return list(db.scalars(select(OutboxEmail).order_by(OutboxEmail.id)))


def assessor_token(app: Flask, visit_id: int, key: str = "a1", who_kind: str = "assessor") -> str:
    with session_factory(app)() as db:
        token = issue_link(db, None, visit_id, who_kind, key, fixed_clock())
        db.commit()
        return token


def test_send_requests_queues_one_email_each_with_its_personal_link(
    app: Flask, client: FlaskClient, coordinator: int
):
    response = client.post(f"/visits/{coordinator}/availability/send", follow_redirects=True)
    assert (  # 26 people and 2 assessors; no mail server in these tests
        "28 availability requests queued but not sent: no mail server is set up" in page_text(response)
    )
    emails = outbox(app)
    assert len({e.to_address for e in emails}) == 28
    assert re.search(r"http://localhost/availability/[A-Za-z0-9_-]{43}\n", emails[0].text_body)
    assessor_mail = next(
        e for e in emails if e.to_address.endswith("@cqc.example") or "session-request" in e.text_body
    )
    assert re.search(
        r"http://localhost/availability/[A-Za-z0-9_-]{43}/session-request", assessor_mail.text_body
    )
    again = client.post(f"/visits/{coordinator}/availability/send", follow_redirects=True)
    assert "No availability requests to send." in page_text(again)
    reminders = client.post(f"/visits/{coordinator}/availability/remind", follow_redirects=True)
    # Only p6 and p21 of the people have no availability list yet; both assessors have none.
    assert "4 reminders queued but not sent" in page_text(reminders)


def test_an_assessor_asks_for_a_session_and_it_joins_the_coordinators_queue(
    app: Flask, client: FlaskClient, coordinator: int
):
    token = assessor_token(app, coordinator)
    form = page_text(client.get(f"/availability/{token}"))
    assert f'href="/availability/{token}/session-request"' in form
    assert "session-request" not in page_text(
        client.get(f"/availability/{assessor_token(app, coordinator, 'p1', 'person')}")
    )
    page = client.get(f"/availability/{token}/session-request")
    assert page.status_code == 200
    assert "Ask for a session" in page_text(page)
    response = client.post(
        f"/availability/{token}/session-request",
        data={
            "kind": "add",
            "title": "<script>alert(1)</script> Talk",
            "people": ["p1", "p2"],
            "minutes": "45",
            "mode": "virtual",
            "note": "<b>soon</b>",
        },
    )
    assert response.status_code == 200
    assert "Request sent" in page_text(response)
    with session_factory(app)() as db:
        [request] = list_change_requests(db, coordinator)
        session = requested_session(request)
    assert (session.title, session.required_people, session.minutes, session.mode) == (
        "<script>alert(1)</script> Talk",
        ("p1", "p2"),
        45,
        "virtual",
    )
    again = page_text(client.get(f"/availability/{token}/session-request"))
    assert "<script>alert(1)</script>" not in again
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Talk: open" in again
    shown = client.get(f"/visits/{coordinator}/changes/{request.id}")
    assert shown.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Talk" in page_text(shown)
    queue = page_text(client.get(f"/visits/{coordinator}/changes"))
    assert "<script>alert(1)</script>" not in queue
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Talk" in queue


def test_a_bad_request_is_shown_again_with_its_problems(app: Flask, client: FlaskClient, coordinator: int):
    token = assessor_token(app, coordinator)
    response = client.post(
        f"/availability/{token}/session-request",
        data={"kind": "add", "title": "", "minutes": "25", "mode": "either"},
    )
    assert response.status_code == 400
    text = page_text(response)
    assert "give the new session a title" in text
    assert "pick whom you want to see: people or a team" in text


def test_a_persons_link_or_a_tampered_token_gets_a_plain_404(
    app: Flask, client: FlaskClient, coordinator: int
):
    person_token = assessor_token(app, coordinator, "p1", "person")
    token = assessor_token(app, coordinator)
    for wrong in (person_token, token[:-2] + "xx", "nothing"):
        response = client.get(f"/availability/{wrong}/session-request")
        assert response.status_code == 404
        assert VISIT_NAME not in page_text(response)
