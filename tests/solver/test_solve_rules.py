"""The solver keeps every hard rule H1-H12: per rule, a tiny visit whose obvious timetable breaks it."""

from __future__ import annotations

from solver.checker import find_violations
from solver.problem import Assignment, Problem
from tests.support.factories import assessor, escort, hm, person, pin, placed, problem, room, session, span
from tests.support.solving import solved


def timetable(visit: Problem) -> dict[str, Assignment]:
    """The solver's timetable by session id, after checking it breaks no rule."""
    solution = solved(visit)
    assert solution.status in ("OPTIMAL", "FEASIBLE")
    assert find_violations(visit, solution.assignments) == []
    return placed(solution.assignments)


def overlap(a: Assignment, b: Assignment) -> bool:
    return a.day == b.day and a.start < b.end and b.start < a.end


# ---------------------------------------------------------------- H1 coverage


def test_every_must_session_is_placed_once_even_when_they_fill_the_day():
    visit = problem(*(session(f"s{i}") for i in range(8)))
    plan = timetable(visit)
    assert sorted(plan) == [f"s{i}" for i in range(8)]
    assert sorted(a.start for a in plan.values()) == [hm("09:00") + 60 * i for i in range(8)]


def test_a_should_session_that_does_not_fit_is_left_out_rather_than_squeezed_in():
    visit = problem(session("must", minutes=120), session("extra", priority="should"), day_end="11:00")
    solution = solved(visit)
    assert [a.session for a in solution.assignments] == ["must"]
    assert find_violations(visit, solution.assignments) == []


# ---------------------------------------------------------------- H2 time grid


def test_start_keeps_to_the_slot_grid_and_not_before():
    visit = problem(session("s1", not_before="10:00"), day_start="09:15", slot_minutes=30)
    s1 = timetable(visit)["s1"]
    assert s1.start >= hm("10:15")
    assert (s1.start - hm("09:15")) % 30 == 0
    assert s1.end == s1.start + 60


def test_a_session_as_long_as_the_day_fills_it_exactly():
    s1 = timetable(problem(session("s1", minutes=480)))["s1"]
    assert (s1.start, s1.end) == (hm("09:00"), hm("17:00"))


def test_a_session_keeps_to_its_allowed_day_and_latest_end():
    s1 = timetable(problem(session("s1", days=[1], not_after="10:30"), day_count=2))["s1"]
    assert s1.day == 1
    assert s1.end <= hm("10:30")


# ---------------------------------------------------------------- H3 pins


def test_a_pinned_session_is_at_its_pinned_day_time_and_room():
    visit = problem(
        session("s1", fixed=pin(1, "14:00", room="r2")),
        rooms=[room("r1"), room("r2", capacity=2)],
        day_count=2,
    )
    s1 = timetable(visit)["s1"]
    assert (s1.day, s1.start, s1.room, s1.mode) == (1, hm("14:00"), "r2", "in_person")


def test_a_session_pinned_to_virtual_is_held_virtually_though_in_person_scores_more():
    s1 = timetable(problem(session("s1", mode="either", fixed=pin(0, "10:00", mode="virtual"))))["s1"]
    assert (s1.start, s1.mode, s1.room) == (hm("10:00"), "virtual", None)


# ---------------------------------------------------------------- H4 mode


def test_a_virtual_only_session_has_no_room_and_no_escort():
    visit = problem(
        session("s1", mode="virtual", needs_escort=True), people=[escort("e1")], escort_minutes=15
    )
    s1 = timetable(visit)["s1"]
    assert (s1.mode, s1.room, s1.escort) == ("virtual", None, None)


def test_an_either_session_goes_virtual_when_no_room_is_big_enough():
    visit = problem(session("s1", mode="either", required=["p1", "p2", "p3"]), rooms=[room(capacity=3)])
    s1 = timetable(visit)["s1"]
    assert (s1.mode, s1.room) == ("virtual", None)


def test_an_either_session_is_held_in_person_when_it_can_be():
    s1 = timetable(problem(session("s1", mode="either")))["s1"]
    assert (s1.mode, s1.room) == ("in_person", "r1")


# ---------------------------------------------------------------- H5 room fit


def test_capacity_counts_assessors_too():
    visit = problem(
        session("s1", required=["p1", "p2"], assessors=2),
        rooms=[room("small", capacity=3), room("big", capacity=4)],
        assessors=[assessor("a1"), assessor("a2")],
    )
    assert timetable(visit)["s1"].room == "big"


def test_an_attendees_need_picks_the_room_that_has_it():
    visit = problem(
        session("s1", required=["p1"]),
        rooms=[room("r1"), room("r2", features=["step_free"])],
        people=[person("p1", needs=["step_free"])],
    )
    assert timetable(visit)["s1"].room == "r2"


def test_a_session_waits_for_its_room_to_be_available():
    visit = problem(
        session("s1", room_features=["video"]),
        rooms=[room("r1"), room("vc", features=["video"], available=(span(0, "15:00", "17:00"),))],
    )
    s1 = timetable(visit)["s1"]
    assert s1.room == "vc"
    assert s1.start >= hm("15:00")


# ---------------------------------------------------------------- H6 room clash


def test_two_sessions_with_one_room_are_held_at_different_times():
    visit = problem(session("s1"), session("s2"), assessors=[assessor("a1"), assessor("a2")], day_end="11:00")
    plan = timetable(visit)
    assert plan["s1"].room == plan["s2"].room == "r1"
    assert not overlap(plan["s1"], plan["s2"])


# ---------------------------------------------------------------- H7 assessors


def test_an_assessor_is_not_in_two_sessions_at_once():
    visit = problem(session("s1"), session("s2"), rooms=[room("r1"), room("r2")], day_end="11:00")
    plan = timetable(visit)
    assert plan["s1"].assessors == plan["s2"].assessors == ("a1",)
    assert not overlap(plan["s1"], plan["s2"])


def test_a_session_gets_its_number_of_assessors_from_its_list():
    visit = problem(
        session("s1", assessors=2, assessors_from=["a2", "a3"]),
        assessors=[assessor("a1"), assessor("a2"), assessor("a3")],
    )
    assert sorted(timetable(visit)["s1"].assessors) == ["a2", "a3"]


def test_a_session_waits_for_its_assessor_to_be_available():
    visit = problem(session("s1"), assessors=[assessor(available=(span(0, "13:00", "17:00"),))])
    assert timetable(visit)["s1"].start >= hm("13:00")


def test_an_assessor_over_their_daily_maximum_works_on_another_day():
    visit = problem(session("s1"), session("s2"), assessors=[assessor(max_sessions_per_day=1)], day_count=2)
    plan = timetable(visit)
    assert {plan["s1"].day, plan["s2"].day} == {0, 1}


# ---------------------------------------------------------------- H8 lunch


def test_an_assessors_lunch_gap_is_kept_though_the_day_is_full():
    visit = problem(*(session(f"s{i}") for i in range(7)), lunch=("12:00", "13:00", 60))
    plan = timetable(visit)
    assert len(plan) == 7
    assert all(a.end <= hm("12:00") or a.start >= hm("13:00") for a in plan.values())


# ---------------------------------------------------------------- H9 attendees


def test_a_session_waits_for_its_required_person():
    visit = problem(
        session("s1", required=["p1"]), people=[person("p1", available=(span(0, "15:00", "16:00"),))]
    )
    s1 = timetable(visit)["s1"]
    assert (s1.start, s1.attendees) == (hm("15:00"), ("p1",))


def test_a_person_is_not_in_two_sessions_at_once():
    visit = problem(
        session("s1", required=["p1"]),
        session("s2", required=["p1"]),
        rooms=[room("r1"), room("r2")],
        assessors=[assessor("a1"), assessor("a2")],
        day_end="11:00",
    )
    plan = timetable(visit)
    assert not overlap(plan["s1"], plan["s2"])


def test_the_pool_is_chosen_up_to_the_maximum():
    visit = problem(session("s1", invited=["p1", "p2", "p3", "p4", "p5"], min_attendees=1, max_attendees=3))
    attendees = timetable(visit)["s1"].attendees
    assert len(attendees) == 3
    assert set(attendees) <= {"p1", "p2", "p3", "p4", "p5"}


def test_a_pool_member_who_is_away_is_not_chosen():
    visit = problem(
        session("s1", invited=["p1", "p2"], min_attendees=1),
        people=[person("p1", available=())],
    )
    assert timetable(visit)["s1"].attendees == ("p2",)


def test_if_needed_time_is_avoided_when_a_yes_slot_exists():
    morning_if_needed = span(0, "09:00", "12:00")
    p1 = person(
        "p1", available=(morning_if_needed, span(0, "14:00", "15:00")), if_needed=(morning_if_needed,)
    )
    visit = problem(session("s1", required=["p1"]), people=[p1])
    assert timetable(visit)["s1"].start == hm("14:00")


# ---------------------------------------------------------------- H10 travel


def test_travel_time_is_kept_between_sites():
    visit = problem(
        session("s1", fixed=pin(0, "09:00", room="r1")),
        session("s2", room_features=["video"]),
        rooms=[room("r1", site="hq"), room("r2", site="annex", features=["video"])],
        travel=[("hq", "annex", 30)],
        day_end="11:30",
    )
    s2 = timetable(visit)["s2"]
    assert (s2.room, s2.start) == ("r2", hm("10:30"))


def test_travel_time_is_kept_for_attendees_too():
    visit = problem(
        session("s1", required=["p1"], fixed=pin(0, "09:00", room="r1")),
        session("s2", required=["p1"], room_features=["video"], assessors_from=["a2"]),
        rooms=[room("r1", site="hq"), room("r2", site="annex", features=["video"])],
        assessors=[assessor("a1"), assessor("a2")],
        travel=[("hq", "annex", 45)],
        day_end="11:45",
    )
    assert timetable(visit)["s2"].start == hm("10:45")


# ---------------------------------------------------------------- H11 escorts


def test_an_escort_cannot_duty_two_sessions_at_once():
    visit = problem(
        session("s1", needs_escort=True),
        session("s2", needs_escort=True),
        rooms=[room("r1"), room("r2")],
        assessors=[assessor("a1"), assessor("a2")],
        people=[escort("e1")],
        escort_minutes=15,
        day_end="10:15",
    )
    plan = timetable(visit)
    assert plan["s1"].escort == plan["s2"].escort == "e1"
    assert abs(plan["s1"].start - plan["s2"].start) >= 15


def test_an_escort_duty_needs_the_escort_before_the_session():
    visit = problem(
        session("s1", needs_escort=True),
        people=[escort("e1", available=(span(0, "09:00", "17:00"),))],
        escort_minutes=15,
    )
    s1 = timetable(visit)["s1"]
    assert s1.escort == "e1"
    assert s1.start >= hm("09:15")


def test_an_escort_does_not_attend_a_session_during_a_duty():
    visit = problem(
        session("s1", needs_escort=True, fixed=pin(0, "10:00")),
        session("s2", required=["e1"], assessors_from=["a2"]),
        rooms=[room("r1"), room("r2")],
        assessors=[assessor("a1"), assessor("a2")],
        people=[escort("e1")],
        escort_minutes=15,
        day_end="11:00",
    )
    plan = timetable(visit)
    assert plan["s2"].start == hm("10:00")


# ---------------------------------------------------------------- H12 order


def test_after_order_is_kept_across_days():
    visit = problem(session("first", days=[1]), session("then", after=["first"]), day_count=2)
    plan = timetable(visit)
    first, then = plan["first"], plan["then"]
    assert first.day == then.day == 1
    assert then.start >= first.end


def test_after_order_is_kept_within_a_day():
    visit = problem(session("first", not_before="14:00"), session("then", after=["first"]))
    plan = timetable(visit)
    assert plan["then"].start >= plan["first"].end
