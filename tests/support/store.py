"""Helpers for the persistence and service tests: a real migrated database (SQLite or PostgreSQL, see
tests/support/databases.py), a user, a clock."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from scheduler import domain
from scheduler.db.accounts import User
from scheduler.db.engine import make_engine, make_session_factory
from scheduler.files.visit_file import load_visit as load_visit_file
from scheduler.services.accounts import create_user
from scheduler.services.visits import import_visit
from tests.support.databases import migrated_database_url
from tests.support.passwords import HELPERS_PASSWORD

SHARED = Path(__file__).resolve().parents[3] / "shared"
EXAMPLES = SHARED / "examples"
MEDIUM = EXAMPLES / "medium.json"
SMALL = EXAMPLES / "small.json"
NOW = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


def open_store(tmp_path: Path) -> sessionmaker[Session]:
    url = migrated_database_url(tmp_path)
    return make_session_factory(make_engine(url))


def example_visit(path: Path = MEDIUM) -> domain.Visit:
    return load_visit_file(path)


def example_json(path: Path = MEDIUM) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def add_user(db: Session, email: str = "coordinator@example.org", name: str = "Cora Ordinator") -> User:
    return create_user(db, email, HELPERS_PASSWORD, name, NOW)


def add_visit(db: Session, user: User, path: Path = MEDIUM) -> int:
    return import_visit(db, user, example_visit(path), NOW)
