"""canonical_score: each term of the spec's canonical score, and agreement with check_timetable."""

from __future__ import annotations

from pathlib import Path

import pytest

from solver.problem import Weights
from solver.score import canonical_score
from tests.support.factories import assessor, assignment, person, problem, room, session, span
from tests.support.visit_json import CHECK_TIMETABLE, shared_check

NOTHING = {
    "should": 0,
    "reserve": 0,
    "pool_attendee": 0,
    "if_needed": 0,
    "virtual_either": 0,
    "site_change": 0,
    "frontline_team": 0,
}


def test_an_empty_timetable_scores_zero_with_every_term_named():
    assert canonical_score(problem(session("s1")), []) == (0, NOTHING)


def test_placed_should_and_reserve_sessions_score_their_weights():
    visit = problem(session("s1"), session("s2", priority="should"), session("s3", priority="reserve"))
    timetable = [assignment("s1", "09:00"), assignment("s2", "10:00"), assignment("s3", "11:00")]
    assert canonical_score(visit, timetable) == (1300, NOTHING | {"should": 1000, "reserve": 300})


def test_a_session_placed_twice_scores_once():
    visit = problem(session("s1", priority="should"))
    assert canonical_score(visit, [assignment("s1", "09:00"), assignment("s1", "11:00")])[0] == 1000


def test_each_attendee_chosen_from_the_pool_scores_but_required_people_do_not():
    visit = problem(session("s1", required=["p1"], invited=["p1", "p2", "p3"]))
    score = canonical_score(visit, [assignment("s1", attendees=["p1", "p2", "p3"])])
    assert score == (40, NOTHING | {"pool_attendee": 40})


def test_each_attendance_in_if_needed_time_costs_once_per_person_and_session():
    p1 = person(
        "p1",
        available=(span(0, "09:00", "17:00"),),
        if_needed=(span(0, "09:00", "09:15"), span(0, "09:30", "10:00")),
    )
    visit = problem(session("s1", required=["p1"]), session("s2", required=["p1"]), people=[p1])
    timetable = [assignment("s1", "09:00", attendees=["p1"]), assignment("s2", "10:00", attendees=["p1"])]
    assert canonical_score(visit, timetable) == (-15, NOTHING | {"if_needed": -15})


def test_an_either_session_held_virtually_costs_five():
    visit = problem(session("s1", mode="either"), session("s2", mode="virtual"))
    timetable = [assignment("s1", mode="virtual"), assignment("s2", "10:00", mode="virtual")]
    assert canonical_score(visit, timetable) == (-5, NOTHING | {"virtual_either": -5})


def test_each_site_change_of_an_assessor_within_a_day_costs_two():
    visit = problem(
        session("s1"),
        session("s2"),
        session("s3"),
        session("s4"),
        rooms=[room("r1", site="hq"), room("r2", site="annex")],
        day_count=2,
    )
    timetable = [
        assignment("s3", "13:00", room="r1"),  # out of order on purpose: changes follow the clock
        assignment("s1", "09:00", room="r1"),
        assignment("s2", "11:00", room="r2"),
        assignment("s4", "09:00", day=1, room="r2"),  # a new day starts afresh
    ]
    assert canonical_score(visit, timetable) == (-4, NOTHING | {"site_change": -4})


def test_a_virtual_session_between_two_sites_is_skipped_when_counting_site_changes():
    visit = problem(
        session("s1"),
        session("s2", mode="virtual"),
        session("s3"),
        rooms=[room("r1", site="hq"), room("r2", site="annex")],
    )
    timetable = [
        assignment("s1", "09:00", room="r1"),
        assignment("s2", "10:00", mode="virtual"),
        assignment("s3", "11:00", room="r2"),
    ]
    assert canonical_score(visit, timetable)[1]["site_change"] == -2


def test_other_weights_change_the_points_not_the_counts():
    visit = problem(session("s1", priority="should"), session("s2", priority="reserve"))
    weights = Weights(should=10, reserve=1)
    assert canonical_score(visit, [assignment("s1"), assignment("s2", "10:00")], weights)[0] == 11


def test_assignments_of_unknown_sessions_do_not_score():
    visit = problem(session("s1", priority="should"))
    assert canonical_score(visit, [assignment("ghost")]) == (0, NOTHING)


@pytest.mark.skipif(not CHECK_TIMETABLE.exists(), reason=f"the shared checker is not at {CHECK_TIMETABLE}")
def test_the_score_agrees_with_the_shared_checker(tmp_path: Path):
    p1 = person("p1", available=(span(0, "09:00", "12:00"),), if_needed=(span(0, "09:00", "12:00"),))
    visit = problem(
        session("s1", priority="should", invited=["p1", "p2"], mode="either"),
        session("s2", priority="reserve", required=["p3"], invited=["p4"], assessors=2),
        session("s3", assessors=2),
        session("s4", mode="either"),
        rooms=[room("r1", site="hq"), room("r2", site="annex")],
        assessors=[assessor("a1"), assessor("a2")],
        people=[p1],
    )
    timetable = [
        assignment("s1", "09:00", mode="virtual", attendees=["p1", "p2"]),
        assignment("s2", "10:00", room="r2", assessors=["a1", "a2"], attendees=["p3", "p4"]),
        assignment("s3", "13:00", room="r1", assessors=["a1", "a2"]),
        assignment("s4", "15:00", room="r2"),
    ]
    total, terms = canonical_score(visit, timetable)
    report = shared_check(visit, timetable, tmp_path)
    assert report["score"] == total == 1000 + 300 + 3 * 20 - 15 - 5 - 2 * 2 - 2
    assert terms["site_change"] == -2 * report["metrics"]["assessor_site_changes"]
