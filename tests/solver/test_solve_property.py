"""Property: every timetable the solver returns for a random small visit passes both checkers.

The visits are small (1-2 days, 2-6 sessions, 1-3 rooms on 1-2 sites, 1-3 assessors, 2-8
people) but mix every feature: part-time availability with if_needed time, pins, `after`,
modes, needs, escorts, travel, daily maximums, and teams with limits, line managers,
supporters and people's daily caps. Each solve is relaxed, so an infeasible visit
still returns what fits; then the only violations allowed are the unplaced must sessions.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solver.candidates import all_options
from solver.checker import find_violations
from solver.construct import construct, improve
from solver.problem import Assessor, Person, Pin, Problem, Room, Session, Team
from solver.score import canonical_score
from solver.solve import solve
from tests.support.factories import hm
from tests.support.visit_json import CHECK_TIMETABLE, shared_check

FEATURES = ("step_free", "video")
TEAMS = ("Hospital discharge", "Carers support")
SITES = ("hq", "annex")


@st.composite
def day_spans(draw: st.DrawFn, day_count: int, earliest: int = 8 * 60, latest: int = 18 * 60) -> list:
    """0-2 non-touching spans on each of some days, on a 15-minute grid."""
    out = []
    for day in range(day_count):
        cuts = sorted(draw(st.sets(st.integers(earliest // 15, latest // 15), max_size=4)))
        for start, end in zip(cuts[::2], cuts[1::2], strict=False):
            if end > start:
                out.append((day * 1440 + start * 15, day * 1440 + end * 15))
    return out


@st.composite
def availability(draw: st.DrawFn, day_count: int, whole_visit_odds: int = 2) -> tuple | None:
    """Mostly the whole visit, as in real visits; else a few spans (possibly none at all)."""
    if draw(st.integers(0, whole_visit_odds)):
        return None
    return tuple(draw(day_spans(day_count)))


@st.composite
def people(draw: st.DrawFn, day_count: int) -> list[Person]:
    out = []
    for i in range(draw(st.integers(2, 8))):
        needs = (
            frozenset(draw(st.sets(st.sampled_from(FEATURES), max_size=1)))
            if draw(st.integers(0, 4)) == 0
            else frozenset()
        )
        available = draw(availability(day_count))
        if_needed: tuple = ()
        if available is not None and available and draw(st.booleans()):
            # One of the spans is given as "if needed".
            if_needed = (draw(st.sampled_from(available)),)
        out.append(Person(f"p{i}", needs, draw(st.booleans()), available, if_needed))
    return [_with_team_rules(draw, person, [p.id for p in out]) for person in out]


def _with_team_rules(draw: st.DrawFn, person: Person, everyone: list[str]) -> Person:
    """Sometimes a team, a line manager, supporters and a daily cap (H13-H16)."""
    others = [p for p in everyone if p != person.id]
    return replace(
        person,
        team=draw(st.sampled_from((None, *TEAMS))),
        manager=draw(st.sampled_from((None, None, *others))),
        supporters=tuple(draw(st.sets(st.sampled_from(others), max_size=1)))
        if draw(st.integers(0, 3)) == 0
        else (),
        max_sessions_per_day=draw(st.sampled_from((None, None, 1, 2))),
    )


@st.composite
def sessions(
    draw: st.DrawFn,
    day_end: int,
    day_count: int,
    slot: int,
    people_ids: list[str],
    assessor_ids: list[str],
    room_ids: list[str],
) -> list[Session]:
    out: list[Session] = []
    for i in range(draw(st.integers(2, 6))):
        minutes = draw(st.sampled_from([m for m in (30, 45, 60, 90, 120) if m % slot == 0]))
        chosen = draw(st.permutations(people_ids))
        required = tuple(chosen[: draw(st.integers(0, 2))])
        invited = tuple(chosen[len(required) : len(required) + draw(st.integers(0, 3))])
        total = len(required) + len(invited)
        low = draw(st.integers(len(required), total)) if draw(st.booleans()) else len(required)
        high = draw(st.integers(low, total)) if draw(st.booleans()) else total
        count = draw(st.integers(1, min(2, len(assessor_ids))))
        pool = None
        if draw(st.booleans()):
            pool = tuple(sorted(draw(st.sets(st.sampled_from(assessor_ids), min_size=count))))
        fixed = None
        if draw(st.integers(0, 5)) == 0:
            start = hm("09:00") + slot * draw(st.integers(0, (day_end - hm("09:00") - minutes) // slot))
            room = draw(st.sampled_from((None, *room_ids)))
            mode = draw(st.sampled_from((None, "in_person", "virtual")))
            fixed = Pin(draw(st.integers(0, day_count - 1)), start, room, mode)
        not_before = draw(st.sampled_from((None, hm("10:00"), hm("13:00"))))
        not_after = draw(st.sampled_from((None, hm("15:00"), hm("17:00"))))
        out.append(
            Session(
                id=f"s{i}",
                minutes=minutes,
                mode=draw(st.sampled_from(("in_person", "in_person", "virtual", "either"))),
                priority=draw(st.sampled_from(("must", "must", "should", "reserve"))),
                required_people=required,
                invited_people=invited,
                min_attendees=low,
                max_attendees=high,
                assessor_count=count,
                assessors_from=pool,
                room_features=frozenset(draw(st.sets(st.sampled_from(FEATURES), max_size=1)))
                if draw(st.integers(0, 3)) == 0
                else frozenset(),
                days=tuple(sorted(draw(st.sets(st.integers(0, day_count - 1), max_size=1)))),
                not_before=not_before,
                not_after=not_after,
                after=tuple(sorted(draw(st.sets(st.sampled_from([s.id for s in out]), max_size=2))))
                if out
                else (),
                needs_escort=draw(st.booleans()),
                fixed=fixed,
                title=f"Session {i}",
                kind=draw(st.sampled_from(("focus_group", "interview", "case_tracking"))),
            )
        )
    return out


@st.composite
def small_visits(draw: st.DrawFn) -> Problem:
    day_count = draw(st.integers(1, 2))
    slot = draw(st.sampled_from((15, 30)))
    sites = SITES[: draw(st.integers(1, 2))]
    rooms = [
        Room(
            f"r{i}",
            draw(st.sampled_from(sites)),
            draw(st.integers(2, 8)),
            frozenset(draw(st.sets(st.sampled_from(FEATURES)))),
            draw(availability(day_count, whole_visit_odds=4)),
        )
        for i in range(draw(st.integers(1, 3)))
    ]
    assessors = [
        Assessor(
            f"a{i}", draw(availability(day_count, whole_visit_odds=4)), draw(st.sampled_from((None, 2, 3)))
        )
        for i in range(draw(st.integers(1, 3)))
    ]
    crowd = draw(people(day_count))
    day_end = draw(st.sampled_from((hm("16:00"), hm("17:00"))))
    return Problem(
        day_count=day_count,
        day_start=hm("09:00"),
        day_end=day_end,
        slot_minutes=slot,
        lunch_earliest=hm("12:00"),
        lunch_latest=hm("14:00"),
        lunch_minutes=draw(st.sampled_from((30, 60))),
        escort_minutes=draw(st.sampled_from((10, 15))),
        rooms=tuple(rooms),
        assessors=tuple(assessors),
        people=tuple(crowd),
        sessions=tuple(
            draw(
                sessions(
                    day_end,
                    day_count,
                    slot,
                    [p.id for p in crowd],
                    [a.id for a in assessors],
                    [r.id for r in rooms],
                )
            )
        ),
        travel=(("hq", "annex", draw(st.sampled_from((0, 15, 30, 45)))),) if len(sites) == 2 else (),
        day_labels=tuple(f"Day {d + 1}" for d in range(day_count)),
        teams=tuple(
            Team(name, draw(st.sampled_from((None, 1, 2))), draw(st.booleans()))
            for name in TEAMS
            if any(p.team == name for p in crowd)
        ),
    )


@pytest.mark.skipif(not CHECK_TIMETABLE.exists(), reason=f"the shared checker is not at {CHECK_TIMETABLE}")
@settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(visit=small_visits())
def test_every_returned_timetable_passes_both_checkers(visit: Problem):
    solution = solve(visit, time_limit=3.0, workers=1, seed=0, relax=True)
    musts = {s.id for s in visit.sessions if s.priority == "must"}
    allowed = sorted(("H1", (u.session,)) for u in solution.unplaced if u.session in musts)

    ours = sorted((v.rule, v.sessions) for v in find_violations(visit, solution.assignments))
    assert ours == allowed

    with tempfile.TemporaryDirectory() as folder:
        report = shared_check(visit, solution.assignments, Path(folder))
    assert sorted((v["rule"], tuple(v["sessions"])) for v in report["violations"]) == allowed
    assert solution.score == report["score"] == canonical_score(visit, solution.assignments)[0]


@pytest.mark.skipif(not CHECK_TIMETABLE.exists(), reason=f"the shared checker is not at {CHECK_TIMETABLE}")
@settings(
    max_examples=10,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(visit=small_visits(), moment=st.integers(0, 2 * 1440))
def test_a_replan_keeps_its_frozen_past_by_both_checkers(visit: Problem, moment: int):
    first = solve(visit, time_limit=2.0, workers=1, seed=0, relax=True)
    replan = replace(visit, previous=first.assignments, frozen_before=moment)
    solution = solve(replan, time_limit=2.0, workers=1, seed=0, relax=True)
    musts = {s.id for s in visit.sessions if s.priority == "must"}
    allowed = sorted(("H1", (u.session,)) for u in solution.unplaced if u.session in musts)

    assert sorted((v.rule, v.sessions) for v in find_violations(replan, solution.assignments)) == allowed
    with tempfile.TemporaryDirectory() as folder:
        report = shared_check(replan, solution.assignments, Path(folder))
    assert sorted((v["rule"], tuple(v["sessions"])) for v in report["violations"]) == allowed


@settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(visit=small_visits())
def test_the_greedy_start_and_ruin_and_recreate_keep_every_hard_rule(visit: Problem):
    lookup, options = all_options(visit)
    musts = {s.id for s in visit.sessions if s.priority == "must"}

    start = construct(visit, lookup, options, seed=0, max_rounds=20, checked=False)
    better = improve(visit, lookup, options, start, seed=0, rounds_per_session=20, checked=False)

    for plan in (start, better):
        placed = {a.session for a in plan}
        assert [
            v.rule
            for v in find_violations(visit, plan)
            if not (v.rule == "H1" and set(v.sessions) <= musts - placed)
        ] == []
    assert len(musts & {a.session for a in better}) >= len(musts & {a.session for a in start})
