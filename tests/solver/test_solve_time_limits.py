"""Whatever the time limit, the best plan found so far comes back, and it says whether time ran out."""

from __future__ import annotations

import threading

from solver.best import BestPlan
from solver.checker import find_violations
from solver.problem import Problem, Progress, Weights
from solver.solve import OUT_OF_TIME, solve
from tests.support.factories import assignment, problem, session
from tests.support.solving import solved


def day_of_eight_interviews_in_a_strict_order() -> Problem:
    """Eight one-hour interviews, each after the one before, with one assessor on one 8-hour day.

    They fit only back to back from 09:00: the greedy start, placing each at a random free
    start, always leaves some out (whatever its number of rounds); CP-SAT places them all in
    well under a second.
    """
    first = session("s1")
    rest = [session(f"s{i}", after=[f"s{i - 1}"]) for i in range(2, 9)]
    return problem(first, *rest)


def placed_ids(assignments) -> set[str]:
    return {a.session for a in assignments}


def test_a_limit_too_short_for_any_search_returns_the_plan_so_far_as_out_of_time():
    visit = day_of_eight_interviews_in_a_strict_order()

    solution = solved(visit, time_limit=0.01)

    assert solution.status == "UNKNOWN"
    assert solution.assignments, "the greedy start's sessions are kept"
    assert placed_ids(solution.assignments) | {u.session for u in solution.unplaced} == {
        f"s{i}" for i in range(1, 9)
    }
    assert all(u.reasons[0] == OUT_OF_TIME for u in solution.unplaced)
    assert {v.rule for v in find_violations(visit, solution.assignments)} == {"H1"}  # only sessions left out


def test_the_same_visit_with_time_to_search_is_planned_whole():
    solution = solved(day_of_eight_interviews_in_a_strict_order(), time_limit=10)

    assert solution.status == "OPTIMAL"
    assert placed_ids(solution.assignments) == {f"s{i}" for i in range(1, 9)}


def test_must_sessions_placed_by_the_first_phase_are_kept_when_the_second_gets_no_time():
    visit = day_of_eight_interviews_in_a_strict_order()
    stop = threading.Event()

    def stop_once_every_must_is_placed(progress: Progress) -> None:
        if progress.placed == 8:
            stop.set()

    solution = solve(visit, time_limit=10, workers=1, on_progress=stop_once_every_must_is_placed, stop=stop)

    assert solution.status == "FEASIBLE"
    assert placed_ids(solution.assignments) == {f"s{i}" for i in range(1, 9)}
    assert find_violations(visit, solution.assignments) == []


def test_a_stop_before_the_search_starts_still_returns_the_greedy_plan():
    visit = problem(session("briefing"), session("focus group", priority="should"))
    stop = threading.Event()
    stop.set()

    solution = solve(visit, time_limit=10, workers=1, stop=stop)

    assert solution.status == "FEASIBLE"
    assert placed_ids(solution.assignments) == {"briefing", "focus group"}


def test_the_best_plan_places_more_must_sessions_before_it_scores_more():
    visit = problem(
        session("interview"), session("briefing"), session("focus group", priority="should", minutes=60)
    )
    best = BestPlan(visit, Weights())
    both_musts = [assignment("interview", "09:00"), assignment("briefing", "10:00")]
    one_must_and_the_should = [assignment("interview", "09:00"), assignment("focus group", "10:00")]

    best.offer(both_musts)
    best.offer(one_must_and_the_should)

    assert best.plan == both_musts
