"""The web tests' app runs on the database the suite was asked for (tests/support/databases.py)."""

from __future__ import annotations

from flask import Flask

from tests.support.databases import on_postgres
from web.database import session_factory


def test_the_app_is_on_the_database_the_suite_was_asked_for(app: Flask):
    with session_factory(app)() as db:
        assert db.get_bind().dialect.name == ("postgresql" if on_postgres() else "sqlite")
