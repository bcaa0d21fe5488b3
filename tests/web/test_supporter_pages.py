"""Supporters planned end to end in the app: Kieran Gill needs his BSL interpreter Sam Reid. The
planner brings Sam to the focus group Kieran attends, Sam takes a seat in the room but not an
attendee's place, and the timetable says who is there for whom."""

from __future__ import annotations

import json
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from scheduler import domain
from scheduler.services.timetables import get_timetable
from tests.support.store import SMALL
from tests.support.web import add_user, add_visit, log_in, page_text
from web.database import session_factory

COORDINATOR = "coordinator@example.org"


def _visit_file(tmp_path: Path, seats: int = 7, most_attendees: int = 6) -> Path:
    data = json.loads(SMALL.read_text(encoding="utf-8"))
    for person in data["people"]:
        if person["id"] == "p14":
            person.update(name="Kieran Gill", email="kieran.gill@westmere.gov.example", supporters=["p27"])
    data["people"].append(
        {
            "id": "p27",
            "name": "Sam Reid",
            "email": "sam.reid@signhealth.example",
            "organisation": "SignHealth",
            "role": "BSL interpreter",
            "kind": "partner",
        }
    )
    for session in data["sessions"]:
        if session["id"] == "s5":
            session["required_people"] = ["p14"]
            session["invited_people"].remove("p14")
            session["max_attendees"] = most_attendees
    for room in data["rooms"]:
        room["capacity"] = min(room["capacity"], seats)
    path = tmp_path / "westmere-with-interpreter.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _planned(app: Flask, client: FlaskClient, path: Path) -> tuple[int, domain.Timetable]:
    add_user(app, COORDINATOR, "Casey Coordinator")
    visit_id = add_visit(app, COORDINATOR, path)
    log_in(client, COORDINATOR)
    response = client.post(f"/visits/{visit_id}/plan", data={"time_limit": "10"})
    assert response.status_code == 302, page_text(response)
    job_id = response.headers["Location"].rsplit("/", 1)[1]
    assert app.extensions["fieldwork.jobs"].wait(job_id, timeout=90)
    with session_factory(app)() as db:
        _version, timetable = get_timetable(db, visit_id, 1)
    return visit_id, timetable


def test_the_plan_brings_the_interpreter_who_takes_a_seat_but_no_attendee_place(
    app: Flask, client: FlaskClient, tmp_path: Path
) -> None:
    visit_id, timetable = _planned(app, client, _visit_file(tmp_path, seats=7))
    [focus_group] = [a for a in timetable.assignments if a.session == "s5"]
    assert "p14" in focus_group.attendees and focus_group.support == ("p27",)
    assert "p27" not in focus_group.attendees
    # Seven seats: the assessor and Sam leave room for five of the six asked, and five is
    # within the focus group's 4-6 attendees although seven people are in the room.
    assert len(focus_group.attendees) == 5
    assert all(a.support == () for a in timetable.assignments if a.session != "s5")

    grid = page_text(client.get(f"/visits/{visit_id}/timetable?version=1"))
    assert "Kieran Gill with BSL interpreter Sam Reid" in grid
    assert "5 attendees: " in grid and "+ 1 supporter" in grid
    agenda = page_text(client.get(f"/visits/{visit_id}/timetable/by/person/p27?version=1"))
    assert "Focus group: Reviewing practitioners" in agenda and "supporter" in agenda


def test_the_interpreter_is_not_one_of_the_attendees_a_session_allows(
    app: Flask, client: FlaskClient, tmp_path: Path
) -> None:
    _visit_id, timetable = _planned(app, client, _visit_file(tmp_path, seats=24, most_attendees=5))
    [focus_group] = [a for a in timetable.assignments if a.session == "s5"]
    # Five attendees, the most the focus group allows, and Sam besides them.
    assert (len(focus_group.attendees), focus_group.support) == (5, ("p27",))
