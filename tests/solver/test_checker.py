"""find_violations: a hand-made timetable breaking one hard rule is reported under that rule."""

from __future__ import annotations

from solver.checker import Violation, find_violations
from tests.support.factories import assessor, assignment, escort, person, pin, problem, room, session, span


def rules(violations: list[Violation]) -> list[str]:
    return [v.rule for v in violations]


# ---------------------------------------------------------------- a valid timetable is clean


def test_a_valid_timetable_has_no_violations():
    visit = problem(
        session("s1", required=["p1"], needs_escort=True),
        session("s2", required=["p1"], after=["s1"]),
        people=[person("p1"), escort("e1")],
        escort_minutes=15,
        lunch=("12:00", "14:00", 30),
    )
    timetable = [
        assignment("s1", "09:15", attendees=["p1"], escort="e1"),
        assignment("s2", "10:15", attendees=["p1"]),
    ]
    assert find_violations(visit, timetable) == []


# ---------------------------------------------------------------- H1 coverage


def test_a_missing_must_session_breaks_coverage():
    visit = problem(session("s1"), session("s2"))
    assert find_violations(visit, [assignment("s1")]) == [
        Violation("H1", "must session 'Session s2' is not in the timetable", ("s2",))
    ]


def test_a_missing_should_session_is_allowed():
    visit = problem(session("s1"), session("s2", priority="should"))
    assert find_violations(visit, [assignment("s1")]) == []


def test_a_session_placed_twice_breaks_coverage():
    visit = problem(session("s1", priority="reserve"))
    violations = find_violations(visit, [assignment("s1", "09:00"), assignment("s1", "11:00")])
    assert violations == [Violation("H1", "session 'Session s1' is placed 2 times", ("s1",))]


def test_an_unknown_session_breaks_coverage_and_nothing_else():
    visit = problem(session("s1"))
    violations = find_violations(visit, [assignment("s1"), assignment("ghost", "09:00")])
    assert violations == [
        Violation("H1", "the timetable names session 'ghost', which the visit does not have", ("ghost",))
    ]


# ---------------------------------------------------------------- H2 time grid


def test_a_start_off_the_slot_grid_breaks_the_time_grid():
    visit = problem(session("s1"))
    violations = find_violations(visit, [assignment("s1", "09:05")])
    assert violations == [
        Violation(
            "H2",
            "session 'Session s1' (Day 1 09:05-10:05): its start 09:05 is off the 15-minute grid from 09:00",
            ("s1",),
        )
    ]


def test_a_session_running_past_day_end_breaks_the_time_grid():
    visit = problem(session("s1"))
    assert rules(find_violations(visit, [assignment("s1", "16:30")])) == ["H2"]


def test_a_session_of_the_wrong_length_breaks_the_time_grid():
    visit = problem(session("s1", minutes=60))
    assert rules(find_violations(visit, [assignment("s1", minutes=45)])) == ["H2"]


def test_a_session_on_a_day_it_may_not_use_breaks_the_time_grid():
    visit = problem(session("s1", days=[1]), day_count=2)
    violations = find_violations(visit, [assignment("s1", day=0)])
    assert violations == [
        Violation(
            "H2", "session 'Session s1' (Day 1 09:00-10:00): Day 1 is not one of its days (Day 2)", ("s1",)
        )
    ]


def test_a_day_beyond_the_visit_breaks_the_time_grid():
    visit = problem(session("s1"))
    assert rules(find_violations(visit, [assignment("s1", day=1)])) == ["H2"]


def test_a_start_before_not_before_and_an_end_after_not_after_break_the_time_grid():
    visit = problem(session("s1", minutes=120, not_before="10:00", not_after="10:30"))
    assert rules(find_violations(visit, [assignment("s1", "09:00", minutes=120)])) == ["H2", "H2"]


# ---------------------------------------------------------------- H3 pins


def test_a_pinned_session_moved_elsewhere_breaks_its_pin():
    visit = problem(
        session("s1", fixed=pin(0, "11:00", room="r2", mode="in_person")),
        rooms=[room("r1"), room("r2")],
    )
    violations = find_violations(visit, [assignment("s1", "10:00", room="r1")])
    assert rules(violations) == ["H3", "H3"]
    assert violations[1].subject == "r2"


def test_a_pinned_mode_held_otherwise_breaks_its_pin():
    visit = problem(session("s1", mode="either", fixed=pin(0, "10:00", mode="virtual")))
    violations = find_violations(visit, [assignment("s1", "10:00")])
    assert violations == [
        Violation(
            "H3",
            "session 'Session s1' (Day 1 10:00-11:00) is pinned to be held virtually, not in person",
            ("s1",),
        )
    ]


# ---------------------------------------------------------------- H4 mode


def test_a_virtual_only_session_held_in_person_breaks_its_mode():
    visit = problem(session("s1", mode="virtual"))
    assert rules(find_violations(visit, [assignment("s1")])) == ["H4"]


def test_an_in_person_only_session_held_virtually_breaks_its_mode():
    visit = problem(session("s1"))
    assert rules(find_violations(visit, [assignment("s1", mode="virtual")])) == ["H4"]


def test_an_either_session_may_be_held_both_ways():
    visit = problem(session("s1", mode="either"), session("s2", mode="either"))
    timetable = [assignment("s1"), assignment("s2", "10:00", mode="virtual")]
    assert find_violations(visit, timetable) == []


# ---------------------------------------------------------------- H5 room fit


def test_an_in_person_session_without_a_room_breaks_room_fit():
    visit = problem(session("s1"))
    assert rules(find_violations(visit, [assignment("s1", room=None)])) == ["H5"]


def test_a_virtual_session_with_a_room_breaks_room_fit():
    visit = problem(session("s1", mode="virtual"))
    assert rules(find_violations(visit, [assignment("s1", mode="virtual", room="r2")])) == ["H5"]


def test_capacity_counts_assessors_too():
    visit = problem(
        session("s1", required=["p1", "p2"], assessors=2),
        rooms=[room(capacity=3)],
        assessors=[assessor("a1"), assessor("a2")],
    )
    violations = find_violations(visit, [assignment("s1", assessors=["a1", "a2"], attendees=["p1", "p2"])])
    assert violations == [
        Violation(
            "H5",
            "r1 for 'Session s1' (Day 1 09:00-10:00): it holds 3, but the session has 2 attendees "
            "and 2 assessors",
            ("s1",),
            "r1",
        )
    ]


def test_a_room_lacking_an_attendees_need_breaks_room_fit():
    visit = problem(session("s1", required=["p1"]), people=[person("p1", needs=["step_free"])])
    violations = find_violations(visit, [assignment("s1", attendees=["p1"])])
    assert [(v.rule, v.message) for v in violations] == [
        ("H5", "r1 for 'Session s1' (Day 1 09:00-10:00): it lacks step_free, which p1 needs")
    ]


def test_a_room_lacking_a_session_feature_breaks_room_fit():
    visit = problem(session("s1", room_features=["video"]))
    assert rules(find_violations(visit, [assignment("s1")])) == ["H5"]


def test_a_room_unavailable_for_part_of_the_session_breaks_room_fit():
    visit = problem(session("s1"), rooms=[room(available=(span(0, "09:00", "09:30"),))])
    assert rules(find_violations(visit, [assignment("s1")])) == ["H5"]


def test_touching_availability_spans_join():
    visit = problem(
        session("s1"), rooms=[room(available=(span(0, "09:00", "09:30"), span(0, "09:30", "10:00")))]
    )
    assert find_violations(visit, [assignment("s1")]) == []


# ---------------------------------------------------------------- H6 room clash


def test_two_sessions_in_one_room_at_once_break_the_room_clash_rule():
    visit = problem(session("s1"), session("s2"), assessors=[assessor("a1"), assessor("a2")])
    timetable = [assignment("s1", "09:00"), assignment("s2", "09:30", assessors=["a2"])]
    assert find_violations(visit, timetable) == [
        Violation(
            "H6",
            "r1 is double-booked: 'Session s1' (Day 1 09:00-10:00) and 'Session s2' (Day 1 09:30-10:30)",
            ("s1", "s2"),
            "r1",
        )
    ]


def test_back_to_back_sessions_in_one_room_are_fine():
    visit = problem(session("s1"), session("s2"))
    assert find_violations(visit, [assignment("s1", "09:00"), assignment("s2", "10:00")]) == []


def test_the_same_hours_on_different_days_do_not_clash():
    visit = problem(session("s1"), session("s2"), day_count=2)
    assert find_violations(visit, [assignment("s1", day=0), assignment("s2", day=1)]) == []


# ---------------------------------------------------------------- H7 assessors


def test_the_wrong_number_of_assessors_breaks_the_assessor_rule():
    visit = problem(session("s1", assessors=2), assessors=[assessor("a1"), assessor("a2")])
    assert rules(find_violations(visit, [assignment("s1", assessors=["a1"])])) == ["H7"]


def test_an_assessor_outside_from_breaks_the_assessor_rule():
    visit = problem(session("s1", assessors_from=["a2"]), assessors=[assessor("a1"), assessor("a2")])
    assert rules(find_violations(visit, [assignment("s1", assessors=["a1"])])) == ["H7"]


def test_an_unavailable_assessor_breaks_the_assessor_rule():
    visit = problem(session("s1"), assessors=[assessor(available=(span(0, "13:00", "17:00"),))])
    assert rules(find_violations(visit, [assignment("s1")])) == ["H7"]


def test_an_assessor_in_two_sessions_at_once_breaks_the_assessor_rule():
    visit = problem(session("s1"), session("s2"), rooms=[room("r1"), room("r2")])
    violations = find_violations(visit, [assignment("s1"), assignment("s2", "09:45", room="r2")])
    assert [(v.rule, v.sessions, v.subject) for v in violations] == [("H7", ("s1", "s2"), "a1")]


def test_an_assessor_over_their_daily_maximum_breaks_the_assessor_rule():
    visit = problem(session("s1"), session("s2"), assessors=[assessor(max_sessions_per_day=1)])
    violations = find_violations(visit, [assignment("s1"), assignment("s2", "10:00")])
    assert violations == [
        Violation("H7", "assessor a1 has 2 sessions on Day 1, at most 1 allowed", ("s1", "s2"), "a1")
    ]


# ---------------------------------------------------------------- H8 lunch


def test_an_assessor_without_a_lunch_gap_breaks_the_lunch_rule():
    visit = problem(session("s1", minutes=120), lunch=("12:00", "14:00", 30))
    violations = find_violations(visit, [assignment("s1", "11:45", minutes=120)])
    assert violations == [
        Violation(
            "H8",
            "assessor a1 has no 30-minute lunch break between 12:00 and 14:00 on Day 1 (longest free "
            "gap 15 min; sessions 'Session s1' (Day 1 11:45-13:45))",
            ("s1",),
            "a1",
        )
    ]


def test_a_lunch_gap_at_the_edge_of_the_window_counts():
    visit = problem(session("s1", minutes=90), lunch=("12:00", "14:00", 30))
    assert find_violations(visit, [assignment("s1", "12:00", minutes=90)]) == []


def test_a_free_gap_outside_the_lunch_window_does_not_count():
    visit = problem(session("s1", minutes=120), lunch=("12:00", "14:00", 30))
    assert rules(find_violations(visit, [assignment("s1", "12:00", minutes=105)])) == ["H2", "H8"]


# ---------------------------------------------------------------- H9 attendees


def test_a_required_person_missing_breaks_the_attendee_rule():
    visit = problem(session("s1", required=["p1"], min_attendees=0))
    violations = find_violations(visit, [assignment("s1")])
    assert violations == [
        Violation(
            "H9", "session 'Session s1' (Day 1 09:00-10:00): p1 must attend but does not", ("s1",), "p1"
        )
    ]


def test_an_uninvited_attendee_breaks_the_attendee_rule():
    visit = problem(session("s1", max_attendees=1), people=[person("p1")])
    assert rules(find_violations(visit, [assignment("s1", attendees=["p1"])])) == ["H9"]


def test_too_few_attendees_break_the_attendee_rule():
    visit = problem(session("s1", invited=["p1", "p2"], min_attendees=2))
    assert rules(find_violations(visit, [assignment("s1", attendees=["p1"])])) == ["H9"]


def test_an_unavailable_attendee_breaks_the_attendee_rule():
    visit = problem(
        session("s1", required=["p1"]), people=[person("p1", available=(span(0, "14:00", "17:00"),))]
    )
    assert rules(find_violations(visit, [assignment("s1", attendees=["p1"])])) == ["H9"]


def test_if_needed_time_counts_as_available():
    p1 = person("p1", available=(span(0, "09:00", "10:00"),), if_needed=(span(0, "09:00", "10:00"),))
    visit = problem(session("s1", required=["p1"]), people=[p1])
    assert find_violations(visit, [assignment("s1", attendees=["p1"])]) == []


def test_a_person_in_two_sessions_at_once_breaks_the_attendee_rule():
    visit = problem(
        session("s1", required=["p1"]),
        session("s2", required=["p1"]),
        rooms=[room("r1"), room("r2")],
        assessors=[assessor("a1"), assessor("a2")],
    )
    timetable = [
        assignment("s1", attendees=["p1"]),
        assignment("s2", room="r2", assessors=["a2"], attendees=["p1"]),
    ]
    assert [(v.rule, v.sessions, v.subject) for v in find_violations(visit, timetable)] == [
        ("H9", ("s1", "s2"), "p1")
    ]


# ---------------------------------------------------------------- H10 travel


def two_sites(minutes: int = 30):
    return dict(rooms=[room("r1", site="hq"), room("r2", site="annex")], travel=[("hq", "annex", minutes)])


def test_too_little_time_between_sites_breaks_the_travel_rule():
    visit = problem(session("s1"), session("s2"), **two_sites(30))
    violations = find_violations(visit, [assignment("s1", "09:00"), assignment("s2", "10:15", room="r2")])
    assert violations == [
        Violation(
            "H10",
            "a1 has 15 min between 'Session s1' (Day 1 09:00-10:00) at hq and 'Session s2' "
            "(Day 1 10:15-11:15) at annex, but the journey takes 30 min",
            ("s1", "s2"),
            "a1",
        )
    ]


def test_enough_time_between_sites_is_fine():
    visit = problem(session("s1"), session("s2"), **two_sites(30))
    assert find_violations(visit, [assignment("s1", "09:00"), assignment("s2", "10:30", room="r2")]) == []


def test_travel_counts_for_attendees_too():
    visit = problem(
        session("s1", required=["p1"]),
        session("s2", required=["p1"]),
        assessors=[assessor("a1"), assessor("a2")],
        **two_sites(30),
    )
    timetable = [
        assignment("s1", attendees=["p1"]),
        assignment("s2", "10:00", room="r2", assessors=["a2"], attendees=["p1"]),
    ]
    assert [(v.rule, v.subject) for v in find_violations(visit, timetable)] == [("H10", "p1")]


def test_travel_does_not_count_across_days():
    visit = problem(session("s1"), session("s2"), day_count=2, **two_sites(30))
    timetable = [assignment("s1", "16:00", day=0), assignment("s2", "09:00", day=1, room="r2")]
    assert find_violations(visit, timetable) == []


def test_a_virtual_session_needs_no_travel():
    visit = problem(session("s1"), session("s2", mode="either"), **two_sites(30))
    timetable = [assignment("s1", "09:00"), assignment("s2", "10:00", mode="virtual", room=None)]
    assert find_violations(visit, timetable) == []


# ---------------------------------------------------------------- H11 escorts


def test_an_escorted_session_without_an_escort_breaks_the_escort_rule():
    visit = problem(session("s1", needs_escort=True), escort_minutes=15)
    assert find_violations(visit, [assignment("s1", "09:15")]) == [
        Violation("H11", "in-person session 'Session s1' (Day 1 09:15-10:15) has no escort", ("s1",))
    ]


def test_an_escort_who_cannot_escort_breaks_the_escort_rule():
    visit = problem(session("s1", needs_escort=True), people=[person("p1")], escort_minutes=15)
    assert rules(find_violations(visit, [assignment("s1", "09:15", escort="p1")])) == ["H11"]


def test_an_escort_on_two_duties_at_once_breaks_the_escort_rule():
    visit = problem(
        session("s1", needs_escort=True),
        session("s2", needs_escort=True),
        rooms=[room("r1"), room("r2")],
        assessors=[assessor("a1"), assessor("a2")],
        people=[escort("e1")],
        escort_minutes=15,
    )
    timetable = [
        assignment("s1", "09:15", escort="e1"),
        assignment("s2", "09:15", room="r2", assessors=["a2"], escort="e1"),
    ]
    assert [(v.rule, v.sessions) for v in find_violations(visit, timetable)] == [("H11", ("s1", "s2"))]


def test_an_escort_attending_a_session_during_the_duty_breaks_the_escort_rule():
    visit = problem(
        session("s1", needs_escort=True),
        session("s2", invited=["e1"]),
        rooms=[room("r1"), room("r2")],
        assessors=[assessor("a1"), assessor("a2")],
        people=[escort("e1")],
        escort_minutes=15,
    )
    timetable = [
        assignment("s1", "10:00", escort="e1"),
        assignment("s2", "09:00", room="r2", assessors=["a2"], attendees=["e1"]),
    ]
    assert [(v.rule, v.sessions) for v in find_violations(visit, timetable)] == [("H11", ("s1", "s2"))]


def test_an_escort_unavailable_before_the_session_breaks_the_escort_rule():
    visit = problem(
        session("s1", needs_escort=True),
        people=[escort("e1", available=(span(0, "09:15", "17:00"),))],
        escort_minutes=15,
    )
    assert rules(find_violations(visit, [assignment("s1", "09:15", escort="e1")])) == ["H11"]


def test_an_escort_duty_may_start_before_day_start_with_whole_visit_availability():
    visit = problem(session("s1", needs_escort=True), people=[escort("e1")], escort_minutes=15)
    assert find_violations(visit, [assignment("s1", "09:00", escort="e1")]) == []


def test_a_virtual_session_naming_an_escort_breaks_the_escort_rule():
    visit = problem(session("s1", mode="virtual", needs_escort=True), people=[escort("e1")])
    assert rules(find_violations(visit, [assignment("s1", mode="virtual", escort="e1")])) == ["H11"]


# ---------------------------------------------------------------- H12 order


def test_a_session_before_the_one_it_follows_breaks_the_order_rule():
    visit = problem(session("s1"), session("s2", after=["s1"]))
    violations = find_violations(visit, [assignment("s1", "10:00"), assignment("s2", "09:00")])
    assert violations == [
        Violation(
            "H12",
            "session 'Session s2' (Day 1 09:00-10:00) must start after 'Session s1' (Day 1 10:00-11:00) ends",
            ("s2", "s1"),
        )
    ]


def test_an_earlier_day_counts_as_earlier_for_the_order_rule():
    visit = problem(session("s1"), session("s2", after=["s1"]), day_count=2)
    assert find_violations(visit, [assignment("s1", "16:00", day=0), assignment("s2", "09:00", day=1)]) == []


def test_the_order_rule_is_moot_when_the_earlier_session_is_not_placed():
    visit = problem(session("s1", priority="should"), session("s2", after=["s1"]))
    assert find_violations(visit, [assignment("s2")]) == []
