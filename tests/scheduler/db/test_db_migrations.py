"""The migrated schema is the models' schema (on the suite's database), and SQLite is set up the way
the app needs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from scheduler.db import Base
from scheduler.db.accounts import User
from scheduler.db.engine import alembic_config, make_engine, upgrade_database
from scheduler.settings import Settings
from tests.support.databases import empty_database_url, on_postgres
from tests.support.store import NOW, add_user, open_store


def test_migrations_at_head_create_exactly_the_schema_of_the_models(tmp_path: Path):
    url = empty_database_url(tmp_path)
    upgrade_database(url)
    with make_engine(url).connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_migrations_record_their_revision_and_can_run_again(tmp_path: Path):
    url = empty_database_url(tmp_path)
    upgrade_database(url)
    upgrade_database(url)
    with make_engine(url).connect() as connection:
        recorded = connection.execute(text("select version_num from alembic_version")).scalars().all()
        tables = set(inspect(connection).get_table_names())
    assert recorded == ScriptDirectory.from_config(alembic_config(url)).get_heads()
    assert {"users", "memberships", "visits", "sessions", "timetable_versions", "solve_jobs"} <= tables


def test_sqlite_connections_enforce_foreign_keys_and_use_write_ahead_logging(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    upgrade_database(url)
    with make_engine(url).connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_the_database_lives_in_the_instance_folder_unless_database_url_is_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert (
        Settings.from_environment().connect_url(tmp_path)
        == f"sqlite:///{tmp_path.resolve() / 'fieldwork.sqlite3'}"
    )
    monkeypatch.setenv("DATABASE_URL", "postgresql://fieldwork@db/fieldwork")
    assert Settings.from_environment().connect_url(tmp_path) == "postgresql://fieldwork@db/fieldwork"


def test_upgrading_creates_the_instance_folder_of_a_new_sqlite_file(tmp_path: Path):
    upgrade_database(f"sqlite:///{tmp_path / 'new' / 'instance' / 'db.sqlite3'}")
    assert (tmp_path / "new" / "instance" / "db.sqlite3").is_file()


def test_timestamps_are_stored_as_utc_and_read_back_aware(tmp_path: Path):
    factory = open_store(tmp_path)
    created = datetime(2026, 3, 1, 10, 30, tzinfo=timezone(timedelta(hours=1)))
    with factory() as db:
        user = add_user(db)
        user.created_at = created
        db.commit()
    with factory() as db:
        stored = db.get(User, user.id)
        assert stored is not None
        assert stored.created_at == datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
        assert stored.created_at.tzinfo is UTC
        raw = db.execute(text("select created_at from users")).scalar()
    # SQLite keeps the text; PostgreSQL a timestamp without a zone, read back naive.
    assert raw == (datetime(2026, 3, 1, 9, 30) if on_postgres() else "2026-03-01 09:30:00.000000")


def test_a_naive_timestamp_is_refused(tmp_path: Path):
    factory = open_store(tmp_path)
    with factory() as db:
        user = add_user(db)
        user.created_at = NOW.replace(tzinfo=None)
        with pytest.raises(Exception, match="naive datetime"):
            db.flush()
