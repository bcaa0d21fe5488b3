"""Ranked placements of a new session in a current timetable, and what each would disturb."""

from __future__ import annotations

from solver.checker import find_violations
from solver.placements import describe_impact, rank_placements
from tests.support.factories import assignment, hm, person, problem, room, session, span


def test_a_session_that_only_fits_by_moving_one_other_moves_exactly_that_one():
    visit = problem(
        session("s1", required=["p1"]),
        session("s2", required=["p2"]),
        session("new", required=["p3"]),
        people=[
            person("p2", available=(span(0, "10:00", "12:00"),)),
            person("p3", available=(span(0, "09:00", "10:00"),)),
        ],
        day_end="12:00",
    )
    current = (
        assignment("s1", "09:00", attendees=["p1"]),
        assignment("s2", "10:00", attendees=["p2"]),
    )

    placements = rank_placements(visit, current, "new", count=3, time_limit=5.0, workers=1)

    assert len(placements) == 1
    best = placements[0]
    assert (best.assignment.start, best.assignment.room) == (hm("09:00"), "r1")
    assert best.moved == ("s1",)
    assert {a.session: a.start for a in best.assignments} == {
        "s1": hm("11:00"),
        "s2": hm("10:00"),
        "new": hm("09:00"),
    }
    assert best.renotify == ("a1", "p1", "p3")
    assert best.rooms_rebooked == ("r1",)
    assert find_violations(visit, best.assignments) == []


def test_placements_differ_and_come_best_first():
    visit = problem(
        session("s1", required=["p1"]),
        session("new", required=["p2"]),
        people=[
            person(
                "p2",
                available=(span(0, "09:00", "12:00"),),
                if_needed=(span(0, "10:00", "12:00"),),
            )
        ],
        day_end="12:00",
    )
    current = (assignment("s1", "11:00", attendees=["p1"]),)

    placements = rank_placements(visit, current, "new", count=3, time_limit=5.0, workers=1)

    assert len(placements) == 3
    assert placements[0].assignment.start == hm("09:00")  # the only start outside p2's 'if needed' time
    assert [p.moved for p in placements] == [(), (), ()]
    assert len({(p.assignment.start, p.assignment.room) for p in placements}) == 3
    objectives = [p.objective for p in placements]
    assert objectives == sorted(objectives, reverse=True) and objectives[0] > objectives[1]
    assert placements[0].score == 0 and placements[1].score == -15


def test_a_session_with_no_possible_start_has_no_placements():
    visit = problem(session("new", required=["p1"]), people=[person("p1", available=())])
    assert rank_placements(visit, (), "new", time_limit=2.0, workers=1) == []


def test_impact_names_everyone_in_a_moved_session_but_only_the_changed_people_of_one_that_stays():
    before = (
        assignment("s1", "09:00", attendees=["p1", "p2"]),
        assignment("s2", "10:00", room="r2", assessors=["a2"], attendees=["p3"]),
        assignment("gone", "14:00", room="r3", assessors=["a3"], attendees=["p9"]),
    )
    after = (
        assignment("s1", "11:00", attendees=["p1", "p2"]),
        assignment("s2", "10:00", room="r2", assessors=["a2"], attendees=["p4"]),
        assignment("new", "15:00", room="r4", assessors=["a4"], attendees=["p5"], escort="e1"),
    )

    impact = describe_impact(before, after)

    assert impact.moved == ("s1",)
    assert impact.added == ("new",)
    assert impact.dropped == ("gone",)
    assert impact.renotify == ("a1", "a3", "a4", "e1", "p1", "p2", "p3", "p4", "p5", "p9")
    assert impact.rooms_rebooked == ("r1", "r3", "r4")


def test_a_placement_leaves_the_assessor_time_to_travel_between_sites():
    visit = problem(
        session("s1", required=["p1"]),
        session("new", required=["p2"]),
        rooms=[room("r1", site="hq"), room("r2", site="annex")],
        people=[person("p2", available=(span(0, "10:00", "12:00"),))],
        travel=[("hq", "annex", 30)],
        day_end="12:00",
    )
    current = (assignment("s1", "09:00", attendees=["p1"]),)

    placements = rank_placements(visit, current, "new", count=3, time_limit=5.0, workers=1)

    assert placements
    for p in placements:
        if p.assignment.room == "r2" and p.moved == ():
            assert p.assignment.start >= hm("10:30")
        assert find_violations(visit, p.assignments) == []
