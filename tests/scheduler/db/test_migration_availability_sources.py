"""Upgrading a database whose people have already answered: their availability is marked as
their own answer, so the new guard protects answers given before the upgrade too."""

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
PERSON = (
    "INSERT INTO people (visit_id, key, position, name, email, organisation, team, role, kind, needs,"
    " can_escort, available) VALUES (1, :key, :position, :name, '', '', '', '', 'staff', '[]', false,"
    ' \'[{"day": "2026-03-10", "start": "13:00", "end": "16:00", "level": "yes"}]\')'
)
ANSWER = (
    "INSERT INTO availability_answers (visit_id, who_kind, key, cells, needs, can_escort, note,"
    " submitted_at, saves) VALUES (1, 'person', 'p8', '{}', '[]', false, '', '2026-03-03 10:30:00', 1)"
)


def test_answers_given_before_the_upgrade_are_marked_as_answers(tmp_path: Path):
    url = empty_database_url(tmp_path)
    command.upgrade(alembic_config(url), "0008")
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text(VISIT))
        connection.execute(text(PERSON), {"key": "p8", "position": 0, "name": "Fatima Bennett"})
        connection.execute(text(PERSON), {"key": "p15", "position": 1, "name": "Erin Gill"})
        connection.execute(text(ANSWER))
    upgrade_database(url)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT key, available_source, available_set_at FROM people ORDER BY position")
        ).all()
    assert [(key, source, str(at)[:16] if at else None) for key, source, at in rows] == [
        ("p8", "answer", "2026-03-03 10:30"),
        ("p15", "file", None),
    ]
