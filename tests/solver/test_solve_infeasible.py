"""A must session that cannot be placed: the solver says so, names who is in the way, places the rest."""

from __future__ import annotations

from solver.checker import find_violations
from solver.problem import Problem
from tests.support.factories import assessor, person, problem, room, session, span
from tests.support.solving import solved


def visit_with_an_impossible_interview() -> Problem:
    """Pat is in only from 09:00 to 10:00, but the interview needing Pat takes two hours."""
    return problem(
        session("interview", minutes=120, required=["p1"]),
        session("briefing"),
        session("focus", priority="should"),
        people=[person("p1", available=(span(0, "09:00", "10:00"),))],
        names={"p1": "Pat Jones"},
    )


def test_an_impossible_must_session_makes_the_visit_infeasible_with_a_reason_naming_the_person():
    solution = solved(visit_with_an_impossible_interview())
    assert solution.status == "INFEASIBLE"
    assert [u.session for u in solution.unplaced] == ["interview"]
    assert any("Pat Jones" in reason for reason in solution.unplaced[0].reasons), solution.unplaced[0].reasons


def test_without_relax_an_infeasible_visit_gets_no_timetable():
    assert solved(visit_with_an_impossible_interview()).assignments == ()


def test_with_relax_everything_else_is_placed():
    visit = visit_with_an_impossible_interview()
    solution = solved(visit, relax=True)
    assert solution.status == "INFEASIBLE"
    assert sorted(a.session for a in solution.assignments) == ["briefing", "focus"]
    assert [v.rule for v in find_violations(visit, solution.assignments)] == ["H1"]
    assert [u.session for u in solution.unplaced] == ["interview"]


def test_an_assessor_who_is_never_available_is_named_as_the_reason():
    visit = problem(
        session("s1", assessors_from=["a2"]),
        assessors=[assessor("a1"), assessor("a2", available=())],
        names={"a2": "Alex Reed"},
    )
    solution = solved(visit)
    assert solution.status == "INFEASIBLE"
    assert [u.session for u in solution.unplaced] == ["s1"]
    assert any("Alex Reed" in reason for reason in solution.unplaced[0].reasons), solution.unplaced[0].reasons


def test_two_musts_competing_for_one_persons_only_hour_leave_one_unplaced_with_relax():
    visit = problem(
        session("s1", required=["p1"]),
        session("s2", required=["p1"]),
        session("s3"),
        people=[person("p1", available=(span(0, "09:00", "10:00"),))],
        rooms=[room("r1"), room("r2")],
        assessors=[assessor("a1"), assessor("a2")],
        names={"p1": "Pat Jones"},
    )
    solution = solved(visit, relax=True)
    assert solution.status == "INFEASIBLE"
    assert len(solution.unplaced) == 1
    assert {a.session for a in solution.assignments} == {"s1", "s2", "s3"} - {solution.unplaced[0].session}
    assert any("Pat Jones" in reason for reason in solution.unplaced[0].reasons), solution.unplaced[0].reasons
