"""Reliability: 200 people save the form at the same moment against the real server; none is lost.

The harness (bench/availability_burst.py) runs `fieldwork serve` (waitress) on a loopback port
over a file SQLite database, and again over a throw-away PostgreSQL when one is installed.
Every visitor opens the form for its own cookie and CSRF token, then all POST together.
Latency is measured by the bench script, not asserted here.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bench import availability_burst
from scheduler.db.availability import AvailabilityAnswer
from scheduler.db.engine import make_engine, make_session_factory
from scheduler.db.outbox import OutboxEmail
from scheduler.services.visits import load_visit


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest) -> Iterator[str | None]:
    """None: the SQLite default (a file); else a throw-away PostgreSQL on loopback."""
    if request.param == "sqlite":
        yield None
        return
    harness = availability_burst
    if not harness.PostgresServer.available():
        pytest.skip("PostgreSQL (initdb, pg_ctl) or psycopg is not installed (apt-get install -y postgresql)")
    postgres = harness.PostgresServer()
    try:
        yield postgres.url
    finally:
        postgres.stop()


def test_two_hundred_simultaneous_saves_are_each_stored_exactly_once_and_a_quick_resave_keeps_the_later(
    tmp_path: Path, database_url: str | None
):
    burst = availability_burst
    instance = burst.prepare_instance(tmp_path, 200, database_url)
    server = burst.Server(instance)
    try:
        result = burst.fire_burst(server.base, instance.tokens)
        double = burst.quick_double_save(server.base, instance.tokens["b7"])
    finally:
        server.stop()

    assert result.statuses == [302] * 200
    assert double == (302, 302)
    engine = make_engine(instance.database_url)
    try:
        with make_session_factory(engine)() as db:
            answers = {a.key: a for a in db.scalars(select(AvailabilityAnswer))}
            people = {p.id: p for p in load_visit(db, instance.visit_id).people}
            mailed = sorted(db.scalars(select(OutboxEmail.to_address)))
    finally:
        engine.dispose()

    assert sorted(answers) == sorted(instance.tokens)
    for index in range(200):
        key = f"b{index}"
        if key == "b7":
            continue
        assert answers[key].note == f"answer of {key}"
        assert answers[key].saves == 1
        [interval] = people[key].available or ()
        assert (interval.start, interval.end) == burst.expected_interval(index)
    # b7 saved three times: in the burst, then "first", then "second"; the last one stands
    assert (answers["b7"].note, answers["b7"].saves) == ("second", 3)
    [interval] = people["b7"].available or ()
    assert (interval.start, interval.end) == burst.expected_interval(5)
    assert mailed == sorted([f"burst{n}@example.org" for n in range(200)] + ["burst7@example.org"] * 2)
