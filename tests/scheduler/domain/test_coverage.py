"""What a timetable covers: teams by their people attending, partners by organisation, themes by
session tags; supporters and unplaced sessions cover nothing."""

from __future__ import annotations

import dataclasses

from scheduler import domain
from scheduler.domain.coverage import coverage, unheard_frontline_teams
from scheduler.domain.privacy import SHARED
from scheduler.files.timetable_file import load_timetable
from tests.support.publishing import PLANTED
from tests.support.store import SMALL, example_visit


def _visit() -> domain.Visit:
    visit = example_visit(SMALL)
    sessions = tuple(
        dataclasses.replace(s, tags=("Working with people",)) if s.id in ("s4", "s6") else s
        for s in visit.sessions
    )
    return dataclasses.replace(
        visit,
        sessions=sessions,
        coverage_themes=("Working with people", "Leadership"),
        teams=(domain.Team("Business support", frontline=True), domain.Team("Reviewing", frontline=True)),
    )


def test_rows_name_the_sessions_covering_each_team_partner_and_theme() -> None:
    found = coverage(_visit(), load_timetable(PLANTED))
    rows = {(row.kind, row.name): row for row in found.rows}
    assert [s.title for s in rows[("team", "Reviewing")].sessions] == ["Focus group: Reviewing practitioners"]
    assert rows[("team", "Reviewing")].note == "frontline, 7 people"
    assert [s.session for s in rows[("partner", "NHS Westmere Integrated Care Board")].sessions] == ["s3"]
    assert [s.session for s in rows[("theme", "Working with people")].sessions] == ["s4", "s6"]
    assert {(row.kind, row.name) for row in found.uncovered} == {
        ("team", "Business support"),
        ("theme", "Leadership"),
    }
    assert unheard_frontline_teams(_visit(), load_timetable(PLANTED)) == ("Business support",)


def test_an_unplaced_session_and_a_supporter_cover_nothing() -> None:
    visit = _visit()
    colin = next(p for p in visit.people if p.id == "p21")  # Colin Thompson, Business support
    people = tuple(dataclasses.replace(p, supporters=("p21",)) if p.id == "p14" else p for p in visit.people)
    visit = dataclasses.replace(visit, people=people)
    planted = load_timetable(PLANTED)
    timetable = dataclasses.replace(
        planted,
        assignments=tuple(
            dataclasses.replace(a, support=(colin.id,)) if a.session == "s5" else a
            for a in planted.assignments
            if a.session != "s4"
        ),
    )
    rows = {(row.kind, row.name): row for row in coverage(visit, timetable).rows}
    assert rows[("team", "Business support")].covered is False
    assert [s.session for s in rows[("theme", "Working with people")].sessions] == ["s6"]


def test_a_shared_copy_gives_no_name_of_a_person_using_services_in_titles() -> None:
    visit = _visit()
    dan = next(p for p in visit.people if p.kind == "person_using_services")
    sessions = tuple(
        dataclasses.replace(s, title=f"Case tracking: conversation with {dan.name}") if s.id == "s6" else s
        for s in visit.sessions
    )
    visit = dataclasses.replace(visit, sessions=sessions)
    shared = coverage(visit, load_timetable(PLANTED), SHARED)
    titles = [s.title for row in shared.rows for s in row.sessions]
    assert all(dan.name not in title for title in titles)
    assert any("person using services" in title for title in titles)
