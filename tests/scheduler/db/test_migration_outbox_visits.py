"""Upgrading a database whose outbox predates visits on emails: invites already queued find their
visit through the invite ledger, so they show on that visit's outbox page; other mail stays
without one, and no body is hidden that was not hidden before."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import text

from scheduler.db.engine import alembic_config, make_engine, upgrade_database
from tests.support.databases import empty_database_url

VISIT = (
    "INSERT INTO visits (id, name, organisation, timezone, days, day_start, day_end, slot_minutes,"
    " lunch_earliest, lunch_latest, lunch_minutes, escort_minutes, created_at, updated_at)"
    " VALUES (1, 'Westmere assessment', 'Westmere Metropolitan Borough Council', 'Europe/London',"
    " '[\"2026-03-10\"]', '09:00', '17:00', 15, '12:00', '14:00', 30, 15,"
    " '2026-03-01 09:00:00', '2026-03-01 09:00:00')"
)
OUTBOX = (
    "INSERT INTO outbox_emails (id, to_address, subject, text_body, attachments, state, attempts,"
    " last_error, queued_at, next_attempt_at)"
    " VALUES (:id, :to, :subject, 'Dear colleague', '[]', 'queued', 0, '', '2026-03-01 09:00:00',"
    " '2026-03-01 09:00:00')"
)
LEDGER = (
    "INSERT INTO invite_ledger (visit_id, version_number, recipient_kind, recipient_key, recipient_name,"
    " email, session, event, uid, sequence, kind, method, state, outbox_id, queued_at, rsvp)"
    " VALUES (1, 1, 'person', 'p1', 'Zoe Graham', 'zoe.graham@westmere.gov.example', 's1', 'session',"
    " 'uid-s1@fieldwork', 0, 'new', 'REQUEST', '{}', 1, '2026-03-01 09:00:00', '')"
)


def test_queued_invites_find_their_visit_and_other_mail_keeps_none(tmp_path: Path) -> None:
    url = empty_database_url(tmp_path)
    command.upgrade(alembic_config(url), "0016")
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text(VISIT))
        connection.execute(
            text(OUTBOX),
            {"id": 1, "to": "zoe.graham@westmere.gov.example", "subject": "Invitation: Opening presentation"},
        )
        connection.execute(
            text(OUTBOX), {"id": 2, "to": "anna.wright@westmere.gov.example", "subject": "Set your password"}
        )
        connection.execute(text(LEDGER))

    upgrade_database(url)

    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT id, visit_id, body_private FROM outbox_emails ORDER BY id")
        ).all()
    assert [(row[0], row[1], bool(row[2])) for row in rows] == [(1, 1, False), (2, None, False)]
