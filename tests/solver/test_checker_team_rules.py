"""find_violations on H13-H17: a hand-made timetable breaking each is reported, as check_timetable does."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from solver.checker import find_violations
from solver.problem import Assignment, Problem
from tests.support.factories import assessor, assignment, hm, person, problem, room, session, span, team
from tests.support.visit_json import CHECK_TIMETABLE, shared_check

NAMES = {"aisha": "Aisha Rahman", "nadia": "Nadia Hussain", "kieran": "Kieran Gill", "sarah": "Sarah Okafor"}


def rules(visit: Problem, timetable: list[Assignment]) -> list[str]:
    return [v.rule for v in find_violations(visit, timetable)]


def messages(visit: Problem, timetable: list[Assignment]) -> list[str]:
    return [v.message for v in find_violations(visit, timetable)]


def interpreted_interview(**nadia: object) -> Problem:
    return problem(
        session("interview", required=["aisha"]),
        people=[person("aisha", supporters=["nadia"]), person("nadia", **nadia)],  # type: ignore[arg-type]
        names=NAMES,
    )


# ---------------------------------------------------------------- H13 supporters


def test_an_attendee_with_their_supporter_is_valid():
    visit = interpreted_interview()
    assert rules(visit, [assignment("interview", attendees=["aisha"], support=["nadia"])]) == []


def test_an_attendee_without_any_of_their_supporters_breaks_h13():
    visit = interpreted_interview()
    assert messages(visit, [assignment("interview", attendees=["aisha"])]) == [
        "session 'Session interview' (Day 1 09:00-10:00): Aisha Rahman attends without any of their "
        "supporters (Nadia Hussain)"
    ]


def test_a_supporter_nobody_there_needs_breaks_h13():
    visit = problem(session("interview", required=["kieran"]), people=[person("kieran"), person("nadia")])
    assert rules(visit, [assignment("interview", attendees=["kieran"], support=["nadia"])]) == ["H13"]


def test_a_supporter_away_at_the_time_breaks_h13():
    visit = interpreted_interview(available=(span(0, "14:00", "15:00"),))
    assert rules(visit, [assignment("interview", attendees=["aisha"], support=["nadia"])]) == ["H13"]


def test_a_supporter_in_two_sessions_at_once_breaks_h13():
    visit = problem(
        session("interview", required=["aisha"]),
        session("case", required=["tomas"]),
        rooms=[room("r1"), room("r2")],
        assessors=[assessor("a1"), assessor("a2")],
        people=[person("aisha", supporters=["nadia"]), person("tomas", supporters=["nadia"])],
    )
    timetable = [
        assignment("interview", attendees=["aisha"], support=["nadia"]),
        assignment("case", room="r2", assessors=["a2"], attendees=["tomas"], support=["nadia"]),
    ]
    assert rules(visit, timetable) == ["H13"]


def test_room_capacity_counts_supporters():
    visit = problem(
        session("interview", required=["aisha"]),
        rooms=[room(capacity=2)],
        people=[person("aisha", supporters=["nadia"])],
    )
    assert rules(visit, [assignment("interview", attendees=["aisha"], support=["nadia"])]) == ["H5"]


def test_supporters_do_not_count_toward_the_attendee_bounds():
    visit = problem(
        session("interview", required=["aisha"], max_attendees=1),
        people=[person("aisha", supporters=["nadia"])],
    )
    assert rules(visit, [assignment("interview", attendees=["aisha"], support=["nadia"])]) == []


# ---------------------------------------------------------------- H14 managers


def staff_focus_group(kind: str) -> Problem:
    return problem(
        session("voices", kind=kind, invited=["kieran", "sarah"], min_attendees=1),
        people=[person("kieran", manager="sarah"), person("sarah")],
        names=NAMES,
    )


def test_a_manager_in_a_focus_group_with_their_staff_breaks_h14():
    assert messages(
        staff_focus_group("focus_group"), [assignment("voices", attendees=["kieran", "sarah"])]
    ) == [
        "focus group 'Session voices' (Day 1 09:00-10:00): "
        "Kieran Gill is there with their line manager Sarah Okafor"
    ]


def test_a_manager_in_an_interview_with_their_staff_is_valid():
    assert rules(staff_focus_group("interview"), [assignment("voices", attendees=["kieran", "sarah"])]) == []


# ---------------------------------------------------------------- H15 team away


def two_of_a_team(max_away: int) -> tuple[Problem, list[Assignment]]:
    visit = problem(
        session("s1", required=["kieran"]),
        session("s2", required=["aisha"]),
        rooms=[room("r1"), room("r2")],
        assessors=[assessor("a1"), assessor("a2")],
        people=[person("kieran", team="Hospital discharge"), person("aisha", team="Hospital discharge")],
        teams=[team("Hospital discharge", max_away=max_away)],
    )
    timetable = [
        assignment("s1", "09:00", attendees=["kieran"]),
        assignment("s2", "09:30", room="r2", assessors=["a2"], attendees=["aisha"]),
    ]
    return visit, timetable


def test_more_of_a_team_away_at_once_than_it_can_spare_breaks_h15():
    visit, timetable = two_of_a_team(max_away=1)
    violations = find_violations(visit, timetable)
    assert [(v.message, v.sessions) for v in violations] == [
        (
            "team Hospital discharge has 2 people in sessions at 09:30 on Day 1, but can spare at most 1",
            ("s1", "s2"),
        )
    ]


def test_back_to_back_sessions_of_one_team_do_not_overlap():
    visit, timetable = two_of_a_team(max_away=1)
    timetable[1] = assignment("s2", "10:00", room="r2", assessors=["a2"], attendees=["aisha"])
    assert "H15" not in rules(visit, timetable)


# ---------------------------------------------------------------- H16 person daily cap


def test_more_sessions_in_a_day_than_a_person_can_spare_breaks_h16():
    visit = problem(
        session("s1", required=["kieran"]),
        session("s2", required=["kieran"]),
        people=[person("kieran", max_sessions_per_day=1)],
        names=NAMES,
    )
    timetable = [
        assignment("s1", "09:00", attendees=["kieran"]),
        assignment("s2", "10:00", attendees=["kieran"]),
    ]
    assert messages(visit, timetable) == ["Kieran Gill is in 2 sessions on Day 1, at most 1 allowed"]


# ---------------------------------------------------------------- H17 frozen past


PLANNED = assignment("review", "09:00", attendees=["kieran"])


def replan(frozen_before: str) -> Problem:
    return problem(
        session("review", required=["kieran"]),
        session("new", priority="should"),
        rooms=[room("r1"), room("r2")],
        previous=[PLANNED],
        frozen_before=hm(frozen_before),
    )


def test_keeping_what_started_is_valid():
    assert rules(replan("09:30"), [PLANNED, assignment("new", "10:00")]) == []


def test_changing_what_had_started_breaks_h17():
    moved = assignment("review", "09:00", room="r2", attendees=["kieran"])
    assert messages(replan("09:30"), [moved]) == [
        "session 'Session review' (Day 1 09:00-10:00) started before Day 1 09:30 but its room changed"
    ]


def test_dropping_what_had_started_and_starting_something_new_before_the_moment_break_h17():
    assert rules(replan("09:30"), [assignment("new", "09:15", room="r2")]) == ["H1", "H17", "H17"]


def test_what_starts_after_the_moment_may_change():
    later = assignment("review", "11:00", attendees=["kieran"])
    assert rules(replan("09:00"), [later]) == []


# ---------------------------------------------------------------- agreement with check_timetable


CASES = {
    "missing supporter": (interpreted_interview(), [assignment("interview", attendees=["aisha"])]),
    "manager in focus group": (
        staff_focus_group("focus_group"),
        [assignment("voices", attendees=["kieran", "sarah"])],
    ),
    "team away": two_of_a_team(max_away=1),
}


@pytest.mark.skipif(not CHECK_TIMETABLE.exists(), reason=f"the shared checker is not at {CHECK_TIMETABLE}")
@pytest.mark.parametrize("case", sorted(CASES))
def test_check_timetable_finds_the_same_rules_broken(case: str):
    visit, timetable = CASES[case]
    with tempfile.TemporaryDirectory() as folder:
        report = shared_check(visit, timetable, Path(folder))
    assert sorted(v["rule"] for v in report["violations"]) == sorted(rules(visit, timetable))
