"""From the coordinator's visit to the solver's minute timeline, and the solution back."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from scheduler import domain
from scheduler.files.timetable_file import load_timetable
from scheduler.files.visit_file import load_visit
from scheduler.planning.to_solver import build_problem, timetable_from_solution
from solver import problem as sp

EXAMPLES = Path(__file__).resolve().parents[4] / "shared" / "examples"


def a_visit(**changes: object) -> domain.Visit:
    visit = domain.Visit(
        name="Test visit",
        organisation="Test Council",
        timezone="Europe/London",
        days=("2026-03-10", "2026-03-11"),
        sites=(domain.Site("hq", "Head office"), domain.Site("annex", "Annex")),
        travel=(domain.Travel("hq", "annex", 20),),
        rooms=(
            domain.Room("r1", "Room 1", "hq", 8, ("step_free",)),
            domain.Room(
                "r2", "Room 2", "annex", 4, available=(domain.Interval("2026-03-11", "09:00", "12:00"),)
            ),
        ),
        assessors=(domain.Assessor("a1", "Ann Assessor"), domain.Assessor("a2", "Bob Assessor")),
        people=(
            domain.Person(
                "p1",
                "Pat One",
                needs=("step_free",),
                available=(
                    domain.Interval("2026-03-10", "09:00", "12:00"),
                    domain.Interval("2026-03-10", "12:00", "13:00", "if_needed"),
                    domain.Interval("2026-03-11", "14:00", "16:00"),
                ),
            ),
            domain.Person("p2", "Sam Two", can_escort=True),
        ),
        sessions=(
            domain.Session(
                "s1",
                "Interview",
                minutes=60,
                required_people=("p1",),
                min_attendees=1,
                max_attendees=1,
                assessors=domain.AssessorNeed("all", ("a1", "a2")),
                days=("2026-03-11",),
                not_before="10:00",
                not_after="15:30",
                fixed=domain.Pin("2026-03-11", "10:15", room="r1"),
            ),
            domain.Session(
                "s2", "Team wash-up", minutes=30, mode="either", priority="reserve", after=("s1",)
            ),
        ),
    )
    return dataclasses.replace(visit, **changes)  # type: ignore[arg-type]


def test_clock_times_become_minutes_and_days_become_indexes() -> None:
    problem = build_problem(a_visit())

    assert (problem.day_count, problem.day_start, problem.day_end, problem.slot_minutes) == (2, 540, 1020, 15)
    assert (problem.lunch_earliest, problem.lunch_latest, problem.lunch_minutes) == (720, 840, 30)
    assert problem.escort_minutes == 15
    assert problem.sessions[0] == sp.Session(
        id="s1",
        minutes=60,
        mode="in_person",
        priority="must",
        required_people=("p1",),
        invited_people=(),
        min_attendees=1,
        max_attendees=1,
        assessor_count=2,
        assessors_from=("a1", "a2"),
        room_features=frozenset(),
        days=(1,),
        not_before=600,
        not_after=930,
        after=(),
        needs_escort=True,
        fixed=sp.Pin(day=1, start=615, room="r1", mode=None),
        title="Interview",
    )


def test_availability_lies_on_one_timeline_with_touching_spans_joined() -> None:
    problem = build_problem(a_visit())

    assert problem.people[0] == sp.Person(
        id="p1",
        needs=frozenset({"step_free"}),
        can_escort=False,
        available=((540, 780), (1440 + 840, 1440 + 960)),
        if_needed=((720, 780),),
    )
    assert problem.rooms[1].available == ((1440 + 540, 1440 + 720),)


def test_whole_visit_availability_stays_none() -> None:
    problem = build_problem(a_visit())

    assert problem.rooms[0].available is None
    assert problem.assessors[0].available is None
    assert problem.people[1] == sp.Person(id="p2", can_escort=True, available=None, if_needed=())


def test_all_assessors_without_a_list_means_every_assessor_of_the_visit() -> None:
    visit = a_visit()
    session = dataclasses.replace(visit.sessions[1], assessors=domain.AssessorNeed("all"))
    problem = build_problem(dataclasses.replace(visit, sessions=(session,)))

    assert (problem.sessions[0].assessor_count, problem.sessions[0].assessors_from) == (2, None)


def test_labels_travel_and_names_are_carried_for_explanations() -> None:
    problem = build_problem(a_visit())

    assert problem.day_labels == ("Tue 10 Mar", "Wed 11 Mar")
    assert problem.travel == (("hq", "annex", 20),)
    assert dict(problem.names) == {
        "p1": "Pat One",
        "p2": "Sam Two",
        "a1": "Ann Assessor",
        "a2": "Bob Assessor",
        "r1": "Room 1",
        "r2": "Room 2",
    }


def test_previous_plan_keeps_only_sessions_that_still_exist() -> None:
    previous = domain.Timetable(
        assignments=(
            domain.PlacedSession(
                "s1", "2026-03-11", "10:15", "11:15", "in_person", "r1", ("a1", "a2"), "p2", ("p1",)
            ),
            domain.PlacedSession("s9", "2026-03-10", "09:00", "10:00", "virtual", None, ("a1",), None, ()),
        )
    )
    problem = build_problem(a_visit(), previous)

    assert problem.previous == (
        sp.Assignment("s1", 1, 615, 675, "in_person", "r1", ("a1", "a2"), "p2", ("p1",)),
    )


def test_teams_managers_supporters_and_the_frozen_moment_reach_the_solver() -> None:
    people = (
        domain.Person("p1", "Kieran Gill", team="Hospital discharge", manager="p2", max_sessions_per_day=2),
        domain.Person("p2", "Sarah Okafor", supporters=("p1",)),
    )
    visit = a_visit(people=people, teams=(domain.Team("Hospital discharge", 3, True),))
    problem = build_problem(visit, domain.Timetable(()), ("2026-03-11", "11:00"))
    assert problem.people[0] == sp.Person(
        "p1", team="Hospital discharge", manager="p2", max_sessions_per_day=2
    )
    assert problem.people[1].supporters == ("p1",)
    assert problem.teams == (sp.Team("Hospital discharge", 3, True),)
    assert problem.frozen_before == 1440 + 11 * 60
    assert problem.sessions[0].kind == "other"
    assert build_problem(visit, None, ("2026-03-12", "09:00")).frozen_before == 2 * 1440
    assert build_problem(visit, None, ("2026-03-01", "09:00")).frozen_before == 0


def test_solution_becomes_a_timetable_with_reasons_joined() -> None:
    solution = sp.Solution(
        status="FEASIBLE",
        assignments=(sp.Assignment("s1", 1, 615, 675, "in_person", "r1", ("a1", "a2"), "p2", ("p1",)),),
        unplaced=(sp.Unplaced("s2", ("no room is free then", "Ann Assessor is busy")),),
        score=300,
        solve_seconds=2.34567,
    )

    assert timetable_from_solution(a_visit(), solution) == domain.Timetable(
        assignments=(
            domain.PlacedSession(
                "s1", "2026-03-11", "10:15", "11:15", "in_person", "r1", ("a1", "a2"), "p2", ("p1",)
            ),
        ),
        unscheduled=(domain.UnscheduledSession("s2", "no room is free then; Ann Assessor is busy"),),
        status="FEASIBLE",
        objective=300,
        solve_seconds=2.346,
    )


def test_a_session_the_solver_leaves_out_silently_is_still_listed_as_unscheduled() -> None:
    solution = sp.Solution(status="FEASIBLE", assignments=())

    timetable = timetable_from_solution(a_visit(), solution)

    assert [u.session for u in timetable.unscheduled] == ["s1", "s2"]


def test_example_previous_timetable_maps_every_assignment() -> None:
    visit = load_visit(EXAMPLES / "medium.json")
    planted = load_timetable(EXAMPLES / "medium.planted.json")

    problem = build_problem(visit, planted)

    assert len(problem.previous) == len(planted.assignments)
    assert len(problem.sessions) == len(visit.sessions)
