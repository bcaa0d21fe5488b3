"""The suite's own databases (tests/support/databases.py): on the backend asked for, one per test folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect, select

from scheduler.db.accounts import User
from scheduler.db.engine import make_engine
from tests.support.databases import backend, empty_database_url, on_postgres
from tests.support.store import add_user, open_store


def test_the_store_is_on_the_database_the_suite_was_asked_for(tmp_path: Path):
    engine = open_store(tmp_path).kw["bind"]
    assert engine.dialect.name == ("postgresql" if on_postgres() else "sqlite")


def test_each_test_folder_gets_a_database_of_its_own(tmp_path: Path):
    first = open_store(tmp_path / "first")
    with first() as db:
        add_user(db)
        db.commit()
    with open_store(tmp_path / "second")() as db:
        assert db.scalars(select(User.email)).all() == []


def test_opening_the_same_folder_again_gives_back_the_same_database(tmp_path: Path):
    with open_store(tmp_path)() as db:
        add_user(db, "ann@example.org")
        db.commit()
    with open_store(tmp_path)() as db:
        assert db.scalars(select(User.email)).all() == ["ann@example.org"]


def test_an_empty_database_has_no_tables_until_migrated(tmp_path: Path):
    engine = make_engine(empty_database_url(tmp_path))
    try:
        with engine.connect() as connection:
            assert inspect(connection).get_table_names() == []
    finally:
        engine.dispose()


def test_an_unknown_database_choice_is_refused_by_name(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("FIELDWORK_TEST_DATABASE", "mysql")
    with pytest.raises(pytest.UsageError, match=r"FIELDWORK_TEST_DATABASE='mysql': choose one of sqlite"):
        backend()
