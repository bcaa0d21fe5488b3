"""Which database the suite runs on, and a database of its own for every test that needs one.

SQLite files by default. With ``FIELDWORK_TEST_DATABASE=postgresql`` (``make test-postgres``)
every test gets a brand-new PostgreSQL database instead, on one server per pytest session:
the server at ``FIELDWORK_TEST_POSTGRES_URL`` when given (its user must be allowed to CREATE
DATABASE), else a throw-away cluster on a loopback port (bench/postgres.py). On either, the
schema is migrated once per test process into a template, and each test's database is a copy of
it, because running the migrations takes most of a small test's time. The tests of the
migrations themselves start from an empty database (`empty_database_url`).
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from pathlib import Path
from typing import LiteralString

import pytest
from sqlalchemy.engine import URL, make_url

from bench.postgres import PostgresServer
from scheduler.db.engine import upgrade_database

CHOICE = "FIELDWORK_TEST_DATABASE"
SERVER = "FIELDWORK_TEST_POSTGRES_URL"
BACKENDS = ("sqlite", "postgresql")


def backend() -> str:
    """ "sqlite" (the default) or "postgresql", from FIELDWORK_TEST_DATABASE."""
    chosen = os.environ.get(CHOICE, "").strip().lower() or "sqlite"
    if chosen not in BACKENDS:
        raise pytest.UsageError(f"{CHOICE}={chosen!r}: choose one of {', '.join(BACKENDS)}")
    return chosen


def check_choice() -> None:
    """Refuse, before any test runs, a choice of database this machine cannot provide."""
    if on_postgres() and not os.environ.get(SERVER, "").strip() and not PostgresServer.available():
        raise pytest.UsageError(
            f"{CHOICE}=postgresql needs PostgreSQL's initdb and pg_ctl (apt-get install postgresql)"
            f" and psycopg, or a server in {SERVER}"
        )


def on_postgres() -> bool:
    return backend() == "postgresql"


def fresh_database_url(tmp_path: Path, filename: str = "fieldwork.sqlite3") -> str:
    """The database of one test, already at the newest migration (upgrading it again, as the
    app does when it starts, is a no-op): a copy of the migrated SQLite template in tmp_path, or
    a new PostgreSQL database made from the migrated template. Asking again for the same folder
    and file name gives the same database, as a file would."""
    if not on_postgres():
        database = tmp_path / filename
        if not database.exists():
            database.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(_sqlite_template(), database)
        return f"sqlite:///{database}"
    server = _server()
    return server.database_for(tmp_path / filename, template=server.template())


def migrated_database_url(tmp_path: Path, filename: str = "fieldwork.sqlite3") -> str:
    """fresh_database_url, for tests that open the store themselves (the name says what they need)."""
    return fresh_database_url(tmp_path, filename)


_SQLITE_TEMPLATE: Path | None = None


def _sqlite_template() -> Path:
    """A SQLite file at the newest migration, made on first use in this process (each xdist
    worker makes its own) and removed when the session ends."""
    global _SQLITE_TEMPLATE
    if _SQLITE_TEMPLATE is None:
        template = Path(tempfile.mkdtemp(prefix="fieldwork-template-")) / "migrated.sqlite3"
        upgrade_database(f"sqlite:///{template}")
        _SQLITE_TEMPLATE = template
    return _SQLITE_TEMPLATE


def empty_database_url(tmp_path: Path, filename: str = "fieldwork.sqlite3") -> str:
    """A database without any table yet, for the tests of the migrations themselves."""
    if not on_postgres():
        return f"sqlite:///{tmp_path / filename}"
    return _server().database_for(tmp_path / filename, template="template0")


def empty_postgres_database_url(place: Path) -> str:
    """A PostgreSQL database without any table, whichever backend the suite runs on, for the
    tests that need PostgreSQL itself (the caller skips when PostgresServer.available() is false)."""
    return _server().database_for(place / "postgres", template="template0")


def use_fresh_database(monkeypatch: pytest.MonkeyPatch, instance: Path) -> None:
    """For the command-line tests: the instance's own SQLite file (no DATABASE_URL), or on
    PostgreSQL a fresh database named by DATABASE_URL, as a deployment would set it."""
    if on_postgres():
        monkeypatch.setenv("DATABASE_URL", fresh_database_url(instance))
    else:
        monkeypatch.delenv("DATABASE_URL", raising=False)


def description() -> str:
    """One line for the pytest header: which database the suite runs on."""
    if not on_postgres():
        return f"database: SQLite files (set {CHOICE}=postgresql for PostgreSQL)"
    given = os.environ.get(SERVER, "").strip()
    if given:
        return f"database: PostgreSQL at {make_url(given).render_as_string(hide_password=True)}"
    return "database: PostgreSQL, a throw-away cluster on loopback started for this run"


def close() -> None:
    """Drop this session's databases, or stop the throw-away cluster (which deletes them all)."""
    global _SESSION_SERVER, _SQLITE_TEMPLATE
    if _SQLITE_TEMPLATE is not None:
        shutil.rmtree(_SQLITE_TEMPLATE.parent, ignore_errors=True)
        _SQLITE_TEMPLATE = None
    if _SESSION_SERVER is not None:
        _SESSION_SERVER.close()
        _SESSION_SERVER = None


class _TestServer:
    """The session's PostgreSQL server: makes uniquely named databases and remembers them."""

    def __init__(self) -> None:
        given = os.environ.get(SERVER, "").strip()
        self._cluster: PostgresServer | None = None
        if given:
            admin = make_url(given)
        else:
            # In memory when possible: copying the template on a disk takes several times longer.
            shm = Path("/dev/shm")
            under = shm if shm.is_dir() and os.access(shm, os.W_OK) else None
            # Engines the tests leave behind keep their pooled connections until collected.
            self._cluster = PostgresServer(max_connections=1000, under=under)
            admin = make_url(self._cluster.url)
        # psycopg (version 3) is the one driver installed; a plain postgresql:// URL means it too.
        self._admin: URL = admin.set(drivername="postgresql+psycopg")
        # Unique per session, so that two runs against one shared server never collide.
        self._prefix = f"fw_{secrets.token_hex(4)}"
        self._created: list[str] = []
        self._by_place: dict[Path, str] = {}
        self._template: str | None = None

    def template(self) -> str:
        """The migrated template, made on first use."""
        if self._template is None:
            name = self.new_database(template="template0")
            upgrade_database(self.url_of(name))
            self._template = name
        return self._template

    def new_database(self, template: str) -> str:
        name = f"{self._prefix}_{len(self._created)}"
        self._execute("CREATE DATABASE {} TEMPLATE {}", name, template)
        self._created.append(name)
        return name

    def database_for(self, place: Path, template: str) -> str:
        """The URL of the database standing in for the SQLite file at `place`."""
        if place not in self._by_place:
            self._by_place[place] = self.url_of(self.new_database(template))
        return self._by_place[place]

    def url_of(self, name: str) -> str:
        return self._admin.set(database=name).render_as_string(hide_password=False)

    def close(self) -> None:
        if self._cluster is not None:
            self._cluster.stop()
            return
        for name in reversed(self._created):
            self._execute("DROP DATABASE IF EXISTS {} WITH (FORCE)", name)

    def _execute(self, statement: LiteralString, *names: str) -> None:
        """Run one statement with database names quoted into its {} places, outside a transaction
        (CREATE and DROP DATABASE refuse to run inside one)."""
        import psycopg  # only PostgreSQL runs need it
        from psycopg import sql

        conninfo = self._admin.set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(conninfo, autocommit=True) as connection:
            connection.execute(sql.SQL(statement).format(*(sql.Identifier(n) for n in names)))


_SESSION_SERVER: _TestServer | None = None


def _server() -> _TestServer:
    global _SESSION_SERVER
    if _SESSION_SERVER is None:
        _SESSION_SERVER = _TestServer()
    return _SESSION_SERVER
