"""The greedy start and ruin and recreate keep supporters, managers, team limits, daily caps
and the frozen past (H13-H17) on their own, before any checker sees their plans."""

from solver.best import BestPlan
from solver.candidates import all_options
from solver.checker import find_violations
from solver.construct import construct, improve
from solver.problem import Problem, Weights
from tests.support.factories import assessor, assignment, hm, person, problem, room, session, team


def greedy_then_improved(visit: Problem) -> list:
    lookup, options = all_options(visit)
    start = construct(visit, lookup, options, seed=0, max_rounds=20, checked=False)
    better = improve(visit, lookup, options, start, seed=0, rounds_per_session=20, checked=False)
    return [start, better]


def test_the_greedy_start_brings_a_supporter_for_whoever_needs_one():
    visit = problem(
        session("Interview: Kieran Gill", required=["kieran"], minutes=60),
        people=[person("kieran", supporters=["aisha"]), person("aisha")],
    )

    for plan in greedy_then_improved(visit):
        assert [(a.attendees, a.support) for a in plan] == [(("kieran",), ("aisha",))]
        assert find_violations(visit, plan) == []


def test_the_greedy_start_keeps_a_team_within_what_it_can_spare():
    # Two rooms and two assessors: without the team limit both interviews would often overlap.
    visit = problem(
        *(session(f"Interview: {who}", required=[who], minutes=60) for who in ("kieran", "aisha")),
        rooms=[room("r1"), room("r2")],
        assessors=[assessor("a1"), assessor("a2")],
        people=[person(p, team="Hospital discharge") for p in ("kieran", "aisha")],
        teams=[team("Hospital discharge", max_away=1)],
        day_end="11:00",
    )

    for plan in greedy_then_improved(visit):
        assert len(plan) == 2
        assert [v.rule for v in find_violations(visit, plan)] == []


def test_the_greedy_start_keeps_a_manager_out_of_their_staff_focus_group():
    visit = problem(
        session(
            "Focus group: hospital discharge",
            kind="focus_group",
            invited=["kieran", "priya", "ruth"],
            min_attendees=2,
            max_attendees=3,
        ),
        people=[person("kieran", manager="priya"), person("priya"), person("ruth")],
    )

    for plan in greedy_then_improved(visit):
        assert len(plan) == 1
        assert not {"kieran", "priya"} <= set(plan[0].attendees)
        assert find_violations(visit, plan) == []


def test_the_greedy_start_keeps_a_person_to_their_daily_cap():
    visit = problem(
        *(session(f"Interview {n}", required=["kieran"], minutes=60, priority="should") for n in (1, 2, 3)),
        people=[person("kieran", max_sessions_per_day=2)],
    )

    for plan in greedy_then_improved(visit):
        assert len(plan) == 2
        assert find_violations(visit, plan) == []


def test_the_best_plan_never_keeps_a_plan_that_breaks_a_hard_rule():
    visit = problem(
        session("Interview: Kieran Gill", required=["kieran"]),
        session("Interview: Aisha Rahman", required=["aisha"]),
        rooms=[room("r1"), room("r2")],
        assessors=[assessor("a1"), assessor("a2")],
        people=[person(p, team="Hospital discharge") for p in ("kieran", "aisha")],
        teams=[team("Hospital discharge", max_away=1)],
    )
    best = BestPlan(visit, Weights())
    one_at_a_time = [assignment("Interview: Kieran Gill", "09:00", attendees=["kieran"])]
    both_away_at_once = [
        assignment("Interview: Kieran Gill", "09:00", attendees=["kieran"]),
        assignment("Interview: Aisha Rahman", "09:00", room="r2", assessors=["a2"], attendees=["aisha"]),
    ]

    assert best.offer(one_at_a_time)
    assert not best.offer(both_away_at_once)
    assert best.plan == one_at_a_time


def test_ruin_and_recreate_keeps_the_frozen_past_exactly_and_starts_nothing_before_it():
    started = assignment("Interview: Kieran Gill", "09:00", attendees=["kieran"])
    visit = problem(
        # Ruth could join for points, but the interview had started without her.
        session("Interview: Kieran Gill", required=["kieran"], invited=["ruth"]),
        session("Interview: Aisha Rahman", required=["aisha"]),
        previous=[started],
        frozen_before=hm("09:30"),
    )
    lookup, options = all_options(visit)

    start = construct(visit, lookup, options, seed=0, max_rounds=20, keep=[started], checked=False)
    for seed in range(5):
        better = improve(visit, lookup, options, start, seed=seed, rounds_per_session=20, checked=False)
        assert started in better
        assert [v.rule for v in find_violations(visit, better)] == []
