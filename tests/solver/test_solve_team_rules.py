"""The solver keeps H13-H17 and hears frontline teams: per rule, a case where it bites and one where not."""

from __future__ import annotations

from solver.checker import find_violations
from solver.problem import Assignment, Problem
from tests.support.factories import (
    assessor,
    assignment,
    hm,
    person,
    pin,
    placed,
    problem,
    room,
    session,
    span,
    team,
)
from tests.support.solving import solved


def timetable(visit: Problem) -> dict[str, Assignment]:
    """The solver's timetable by session id, after checking it breaks no rule."""
    solution = solved(visit)
    assert solution.status in ("OPTIMAL", "FEASIBLE")
    assert find_violations(visit, solution.assignments) == []
    return placed(solution.assignments)


def overlap(a: Assignment, b: Assignment) -> bool:
    return a.day == b.day and a.start < b.end and b.start < a.end


AISHA_NEEDS_NADIA = person("aisha", supporters=["nadia"])  # Nadia Hussain, her BSL interpreter


# ---------------------------------------------------------------- H13 supporters


def test_a_person_who_needs_an_interpreter_meets_when_the_interpreter_is_free():
    visit = problem(
        session("interview", required=["aisha"]),
        people=[AISHA_NEEDS_NADIA, person("nadia", available=(span(0, "14:00", "15:00"),))],
    )
    interview = timetable(visit)["interview"]
    assert (interview.start, interview.attendees, interview.support) == (hm("14:00"), ("aisha",), ("nadia",))


def test_a_person_without_supporters_comes_alone():
    visit = problem(session("interview", required=["aisha"]), people=[person("aisha"), person("nadia")])
    assert timetable(visit)["interview"].support == ()


def test_a_supporter_takes_a_seat_but_is_not_an_attendee():
    visit = problem(
        session("interview", required=["aisha"], max_attendees=1),
        rooms=[room("small", capacity=2), room("large", capacity=3)],
        people=[AISHA_NEEDS_NADIA],
    )
    interview = timetable(visit)["interview"]
    assert (interview.room, interview.attendees, interview.support) == ("large", ("aisha",), ("nadia",))


def test_an_invitee_whose_supporters_are_all_away_is_not_chosen():
    visit = problem(
        session("focus", invited=["aisha", "kieran"], min_attendees=1),
        people=[AISHA_NEEDS_NADIA, person("nadia", available=()), person("kieran")],
    )
    focus = timetable(visit)["focus"]
    assert (focus.attendees, focus.support) == (("kieran",), ())


def test_a_supporter_is_in_one_session_at_a_time():
    visit = problem(
        session("interview", required=["aisha"]),
        session("case_review", required=["tomas"]),
        rooms=[room("r1"), room("r2")],
        assessors=[assessor("a1"), assessor("a2")],
        people=[AISHA_NEEDS_NADIA, person("tomas", supporters=["nadia"])],
        day_end="11:00",
    )
    plan = timetable(visit)
    assert plan["interview"].support == plan["case_review"].support == ("nadia",)
    assert not overlap(plan["interview"], plan["case_review"])


# ---------------------------------------------------------------- H14 managers


def test_a_manager_is_never_in_a_focus_group_with_someone_they_manage():
    visit = problem(
        session("staff_voice", kind="focus_group", invited=["kieran", "sarah", "ben"], min_attendees=1),
        people=[person("kieran", manager="sarah"), person("sarah"), person("ben")],
    )
    attendees = set(timetable(visit)["staff_voice"].attendees)
    assert len(attendees) == 2 and {"kieran", "sarah"} - attendees


def test_a_manager_may_sit_in_an_interview_with_their_staff():
    visit = problem(
        session("briefing", kind="interview", invited=["kieran", "sarah"], min_attendees=1),
        people=[person("kieran", manager="sarah"), person("sarah")],
    )
    assert set(timetable(visit)["briefing"].attendees) == {"kieran", "sarah"}


# ---------------------------------------------------------------- H15 team away


def discharge_team_sessions(max_away: int, day_end: str) -> Problem:
    return problem(
        session("s1", required=["kieran"]),
        session("s2", required=["aisha"]),
        rooms=[room("r1"), room("r2")],
        assessors=[assessor("a1"), assessor("a2")],
        people=[person("kieran", team="Hospital discharge"), person("aisha", team="Hospital discharge")],
        teams=[team("Hospital discharge", max_away=max_away)],
        day_end=day_end,
    )


def test_no_more_of_a_team_are_away_at_once_than_it_can_spare():
    assert solved(discharge_team_sessions(max_away=1, day_end="10:00")).status == "INFEASIBLE"
    plan = timetable(discharge_team_sessions(max_away=1, day_end="11:00"))
    assert not overlap(plan["s1"], plan["s2"])


def test_a_team_that_can_spare_two_may_send_both_at_once():
    plan = timetable(discharge_team_sessions(max_away=2, day_end="10:00"))
    assert overlap(plan["s1"], plan["s2"])


# ---------------------------------------------------------------- H16 person daily cap


def test_a_person_with_a_daily_cap_of_one_meets_once_a_day():
    def visit(day_count: int) -> Problem:
        return problem(
            session("s1", required=["kieran"]),
            session("s2", required=["kieran"]),
            people=[person("kieran", max_sessions_per_day=1)],
            day_count=day_count,
        )

    assert solved(visit(1)).status == "INFEASIBLE"
    plan = timetable(visit(2))
    assert {plan["s1"].day, plan["s2"].day} == {0, 1}


def test_a_daily_cap_counts_supporting_too():
    visit = problem(
        session("s1", required=["aisha"]),
        session("s2", required=["nadia"]),
        people=[AISHA_NEEDS_NADIA, person("nadia", max_sessions_per_day=1)],
    )
    assert solved(visit).status == "INFEASIBLE"


def test_a_daily_cap_of_two_lets_both_happen_on_one_day():
    visit = problem(
        session("s1", required=["kieran"]),
        session("s2", required=["kieran"]),
        people=[person("kieran", max_sessions_per_day=2)],
    )
    assert sorted(timetable(visit)) == ["s1", "s2"]


# ---------------------------------------------------------------- frontline teams (soft)


def frontline_focus_group(kieran_available: tuple | None = None) -> Problem:
    return problem(
        session("voices", kind="focus_group", invited=["kieran", "ben"], min_attendees=1, max_attendees=1),
        people=[
            person("kieran", team="Hospital discharge", available=kieran_available),
            person("ben", team="Business support"),
        ],
        teams=[team("Hospital discharge", frontline=True), team("Business support")],
    )


def test_a_frontline_team_is_heard_in_a_focus_group():
    solution = solved(frontline_focus_group())
    assert placed(solution.assignments)["voices"].attendees == ("kieran",)
    assert solution.frontline_missed == ()
    assert solution.score == 20 + 1200


def test_a_frontline_team_nobody_can_attend_is_named_as_missed():
    solution = solved(frontline_focus_group(kieran_available=()))
    assert placed(solution.assignments)["voices"].attendees == ("ben",)
    assert solution.frontline_missed == ("Hospital discharge",)
    assert solution.score == 20


# ---------------------------------------------------------------- H17 frozen past


def replan(frozen_before: str | None) -> Problem:
    """'review' was planned 09:00-10:00 in the only room; a new should session wants 09:30 there."""
    return problem(
        session("review", required=["kieran"]),
        session("new", priority="should", not_after="10:30"),
        previous=[assignment("review", "09:00", attendees=["kieran"])],
        frozen_before=None if frozen_before is None else hm(frozen_before),
    )


def test_a_replan_without_a_frozen_moment_may_move_what_had_started():
    plan = timetable(replan(None))
    assert "new" in plan and plan["review"].start != hm("09:00")


def test_what_started_before_the_frozen_moment_stays_and_nothing_new_starts_before_it():
    plan = timetable(replan("09:15"))
    assert plan["review"] == assignment("review", "09:00", attendees=["kieran"])
    assert "new" not in plan


def test_what_had_started_keeps_its_room_even_when_a_new_session_wants_it():
    def visit(frozen_before: str | None) -> Problem:
        return problem(
            session("review", required=["kieran"]),
            session("new", priority="should", fixed=pin(0, "09:30", room="r1")),
            rooms=[room("r1"), room("r2")],
            assessors=[assessor("a1"), assessor("a2")],
            previous=[assignment("review", "09:00", attendees=["kieran"])],
            frozen_before=None if frozen_before is None else hm(frozen_before),
        )

    assert timetable(visit(None))["review"].room == "r2"
    plan = timetable(visit("09:15"))
    assert plan["review"] == assignment("review", "09:00", attendees=["kieran"])
    assert "new" not in plan


def test_what_starts_after_the_frozen_moment_may_still_move():
    visit = replan("09:00")  # nothing had started yet
    assert "new" in timetable(visit)
