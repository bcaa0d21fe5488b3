"""People who have not answered are treated as the coordinator chooses, only when planning."""

from __future__ import annotations

from tiny_visit import free, meeting, person, tiny_visit

from scheduler.planning import plan
from scheduler.services.unanswered import unanswered_people, visit_for_planning
from scheduler.to_solver import build_problem


def pool_visit():
    return tiny_visit(
        people=(
            person("p1", free("09:00", "11:00")),
            person("p2", answered=False),
            person("p3", free("09:00", "11:00")),
        ),
        sessions=(meeting("s1", required=("p1",), invited=("p2", "p3")),),
    )


def test_only_people_without_an_availability_list_have_not_answered():
    assert [p.id for p in unanswered_people(pool_visit())] == ["p2"]


def test_assumed_available_leaves_the_visit_as_it_is():
    visit = pool_visit()
    assert visit_for_planning(visit, "available") is visit


def test_unanswered_treated_as_not_available_removes_them_from_the_solver_problem():
    problem = build_problem(visit_for_planning(pool_visit(), "not_available"))
    available = {p.id: p.available for p in problem.people}
    assert available["p2"] == ()
    assert available["p1"] == ((9 * 60, 11 * 60),)
    timetable = plan(visit_for_planning(pool_visit(), "not_available"), time_limit=5).timetable
    assert [(a.session, a.attendees) for a in timetable.assignments] == [("s1", ("p1", "p3"))]


def test_unanswered_assumed_available_may_be_invited():
    timetable = plan(pool_visit(), time_limit=5).timetable
    assert [(a.session, sorted(a.attendees)) for a in timetable.assignments] == [("s1", ["p1", "p2", "p3"])]
