"""Upgrading a database from before roles: every member could do everything, so every member
becomes an owner of their visits and nobody loses a power they had."""

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
USER = (
    "INSERT INTO users (id, email, name, password_hash, created_at, session_nonce)"
    " VALUES (:id, :email, :name, 'scrypt:x', '2026-03-01 09:00:00', 'nonce')"
)


def test_members_from_before_roles_become_owners(tmp_path: Path) -> None:
    url = empty_database_url(tmp_path)
    command.upgrade(alembic_config(url), "0013")
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text(VISIT))
        connection.execute(text(USER), {"id": 1, "email": "grace.okafor@example.org", "name": "Grace Okafor"})
        connection.execute(text(USER), {"id": 2, "email": "tom.hughes@example.org", "name": "Tom Hughes"})
        connection.execute(
            text("INSERT INTO memberships (user_id, visit_id, role) VALUES (1, 1, 'coordinator')")
        )
        connection.execute(
            text("INSERT INTO memberships (user_id, visit_id, role) VALUES (2, 1, 'coordinator')")
        )

    upgrade_database(url)

    with engine.connect() as connection:
        roles = connection.execute(text("SELECT user_id, role FROM memberships ORDER BY user_id")).all()
        links = connection.execute(text("SELECT count(*) FROM password_links")).scalar()
    assert [tuple(row) for row in roles] == [(1, "owner"), (2, "owner")]
    assert links == 0
