"""`fieldwork demo` shows the visit as a council's core team really runs it: teams that must keep
running, line managers kept out of their reports' focus groups, a Deaf carer with BSL
interpreters, daily caps, a home visit, and a team of four; its plan is published the one
proper way, with every invite recorded in the outbox."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from scheduler.db.outbox import OutboxEmail
from scheduler.db.publishing import InviteLedgerEntry
from scheduler.files.timetable_file import dump_timetable
from scheduler.files.visit_file import dump_visit, load_visit
from scheduler.services import members
from scheduler.services.timetables import get_timetable, published_version
from scheduler.services.visits import load_visit as stored_visit
from tests.support.visit_json import CHECK_TIMETABLE
from tests.support.web import log_in, make_app, page_text
from web.cli import DEMO_TEAM, DEMO_VISIT, prepare_demo
from web.database import session_factory

PASSWORD = "a long demo password"


def test_the_shipped_demo_visit_uses_teams_managers_an_interpreter_caps_and_a_home_visit() -> None:
    visit = load_visit(DEMO_VISIT)
    people = {p.id: p for p in visit.people}

    frontline = {t.name for t in visit.teams if t.frontline}
    assert "Approved Mental Health Professional Service" in frontline and len(frontline) == 5
    assert all(t.max_away is not None for t in visit.teams)

    managed = [p for p in visit.people if p.manager]
    assert people["p6"].name == "Noah Owen" and people["p6"].role == "Team manager"
    assert any(p.manager == "p6" for p in managed)  # his senior practitioners report to him

    [deaf_carer] = [p for p in visit.people if p.supporters]
    assert (deaf_carer.name, deaf_carer.kind) == ("Owen Rahman", "carer")
    assert {people[s].role for s in deaf_carer.supporters} == {"Registered BSL/English interpreter"}
    assert {people[s].name for s in deaf_carer.supporters} == {"Joanne Whitaker", "Martin Doyle"}

    assert people["p1"].max_sessions_per_day == 3  # the Director of Adult Social Care

    [home] = [s for s in visit.sessions if s.title == "Case tracking: conversation with person C at home"]
    assert home.needs_escort is False and home.fixed is not None
    [room] = [r for r in visit.rooms if r.id == home.fixed.room]
    assert [r.id for r in visit.rooms if r.site == room.site] == [room.id]  # the home: one room
    travel = {(t.from_site, t.minutes) for t in visit.travel if t.to_site == room.site}
    assert travel == {("hq", 25), ("civic", 30)}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Flask, int, int]]:
    app = make_app(tmp_path_factory.mktemp("demo"), SMTP_URL="")
    visit_id, number = prepare_demo(app, PASSWORD, time_limit=20)
    yield app, visit_id, number
    app.extensions["fieldwork.jobs"].shutdown()


@pytest.mark.slow
def test_the_demo_plan_places_every_must_session_within_every_rule(
    demo: tuple[Flask, int, int], tmp_path: Path
) -> None:
    app, visit_id, number = demo
    with session_factory(app)() as db:
        dump_visit(stored_visit(db, visit_id), tmp_path / "visit.json")
        dump_timetable(get_timetable(db, visit_id, number)[1], tmp_path / "timetable.json")
    done = subprocess.run(
        [str(CHECK_TIMETABLE), str(tmp_path / "visit.json"), str(tmp_path / "timetable.json"), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(done.stdout)
    assert report["valid"], report.get("violations")
    planned = json.loads((tmp_path / "timetable.json").read_text())
    assert not [u for u in planned["unscheduled"] if u["session"] in _musts(tmp_path / "visit.json")]
    home = next(a for a in planned["assignments"] if a["room"] == "home-c")
    assert home["escort"] is None
    with_carer = next(a for a in planned["assignments"] if "p108" in a["attendees"])
    assert set(with_carer.get("support", [])) & {"p140", "p141"}


def _musts(path: Path) -> set[str]:
    return {s["id"] for s in json.loads(path.read_text())["sessions"] if s.get("priority", "must") == "must"}


@pytest.mark.slow
def test_the_demo_is_published_with_its_invites_in_the_outbox_and_has_a_team_of_four(
    demo: tuple[Flask, int, int],
) -> None:
    app, visit_id, number = demo
    with session_factory(app)() as db:
        version = published_version(db, visit_id)
        assert version is not None and version.number == number
        ledger = db.scalar(select(func.count()).where(InviteLedgerEntry.visit_id == visit_id))
        waiting = db.scalar(
            select(func.count()).where(OutboxEmail.visit_id == visit_id, OutboxEmail.state == "queued")
        )
        assert ledger and waiting == ledger  # everyone told is invited, nobody yet reached
        team = {(m.email, m.role) for m in members.list_members(db, visit_id)}
    assert team == {(email, role) for email, _name, role in DEMO_TEAM}
    assert sorted(role for _e, _n, role in DEMO_TEAM) == ["coordinator", "coordinator", "owner", "viewer"]

    client = app.test_client()
    log_in(client, "kieran.gill@oakhaven.gov.example", PASSWORD)
    review = page_text(client.get(f"/visits/{visit_id}/publish"))
    assert "Everyone already has this version: there is nothing to send." in review
