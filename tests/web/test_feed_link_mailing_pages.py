"""The Calendars page's "Email everyone their calendar link" button queues one email per person
and assessor with an address, each with their own working link."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from scheduler.db.outbox import OutboxEmail
from scheduler.invites.identity import resolve_feed_token
from tests.support.web import fixed_clock, page_text
from web.database import session_factory


def test_the_calendars_page_emails_everyone_their_own_link(
    app: Flask, client: FlaskClient, coordinator: int
) -> None:
    page = page_text(client.get(f"/visits/{coordinator}/feeds"))
    assert "Email everyone their calendar link" in page

    response = client.post(f"/visits/{coordinator}/feeds/send", follow_redirects=True)

    assert "calendar links queued but not sent: no mail server is set up" in page_text(response)
    with session_factory(app)() as db:
        emails = list(db.scalars(select(OutboxEmail).where(OutboxEmail.subject.like("Your calendar for %"))))
        assert len(emails) > 20
        for email in emails:
            token = re.search(r"/feeds/([A-Za-z0-9_-]+)\.ics", email.text_body)
            assert token and resolve_feed_token(db, token.group(1), fixed_clock()) is not None
