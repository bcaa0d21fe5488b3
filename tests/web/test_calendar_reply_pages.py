"""The Invites sent page shows the new times people proposed from their calendar apps, without
moving anything."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from scheduler.db.calendar_replies import CalendarReply
from tests.support.web import fixed_clock, page_text
from web.database import session_factory


def test_a_counter_proposal_is_shown_on_the_invites_page(
    app: Flask, client: FlaskClient, coordinator: int
) -> None:
    with session_factory(app)() as db:
        db.add(
            CalendarReply(
                visit_id=coordinator,
                received_at=fixed_clock(),
                sender="bernadette.ward@westmere.gov.example",
                subject="New Time Proposed: Focus group: Extra Care Housing practitioners",
                method="COUNTER",
                uid="3f1c@fieldwork",
                sequence=0,
                partstat="TENTATIVE",
                session="s4",
                recipient_name="Bernadette Ward",
                proposed="2026-03-10 14:00 to 2026-03-10 15:00",
                comment="Could we meet after lunch?",
                outcome="counter",
                detail="Bernadette Ward proposes 2026-03-10 14:00 to 2026-03-10 15:00",
            )
        )
        db.commit()

    text = page_text(client.get(f"/visits/{coordinator}/invites"))

    assert "New times proposed from calendar apps" in text
    assert "Bernadette Ward proposes 2026-03-10 14:00 to 2026-03-10 15:00" in text
    assert "Could we meet after lunch?" in text
    assert "nothing is moved until you re-plan" in text
