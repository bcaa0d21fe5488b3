"""A day running late moves what it shifts later, never earlier than people were told: when the
delay pushes the last interview past the end of the day, the re-plan does not fill the gap it
opened at 13:00 with it (one change) but puts the day back in its planned order (two changes),
and the checker names a plan that pulls a session forward."""

from __future__ import annotations

import dataclasses

from solver.checker import find_violations
from solver.problem import Problem
from solver.solve import solve
from tests.support.factories import assignment, hm, placed, problem, session

DIRECTOR = "Interview: Director of Adult Social Care"
PRACTITIONERS = "Focus group: Reviewing practitioners"
CHIEF_EXECUTIVE = "Interview: Chief Executive"
PLANNED = {DIRECTOR: "11:00", PRACTITIONERS: "15:00", CHIEF_EXECUTIVE: "16:00"}


def _running_an_hour_late_from_eleven() -> Problem:
    """One assessor and one room all day; the delay is already applied to the plan it keeps."""
    shifted = [
        assignment(DIRECTOR, "12:00", attendees=["aisha.rahman"]),
        assignment(PRACTITIONERS, "16:00", attendees=["kieran.gill", "ruth.ogunleye"]),
        assignment(CHIEF_EXECUTIVE, "17:00", attendees=["helen.marsh"]),  # past the end of the day
    ]
    visit = problem(
        session(DIRECTOR, required=["aisha.rahman"]),
        session(PRACTITIONERS, required=["kieran.gill", "ruth.ogunleye"]),
        session(CHIEF_EXECUTIVE, required=["helen.marsh"]),
        previous=shifted,
        frozen_before=hm("12:00"),  # nothing starts while the day is late
    )
    return dataclasses.replace(visit, not_earlier=tuple((s, hm(clock)) for s, clock in PLANNED.items()))


def test_a_gap_the_delay_opens_is_not_filled_by_pulling_a_later_session_forward() -> None:
    solution = solve(_running_an_hour_late_from_eleven(), time_limit=10, seed=1)

    starts = {s: a.start for s, a in placed(solution.assignments).items()}
    assert starts == {DIRECTOR: hm("12:00"), PRACTITIONERS: hm("15:00"), CHIEF_EXECUTIVE: hm("16:00")}
    # Before: the Chief Executive moved from 16:00 to the gap at 13:00, one change instead of two.


def test_without_a_late_day_the_same_gap_is_open_to_anything() -> None:
    visit = dataclasses.replace(_running_an_hour_late_from_eleven(), not_earlier=())
    solution = solve(visit, time_limit=10, seed=1)
    assert placed(solution.assignments)[CHIEF_EXECUTIVE].start < hm("16:00")  # the cheaper plan


def test_the_checker_names_a_session_the_late_day_pulled_forward() -> None:
    pulled = [
        assignment(DIRECTOR, "12:00", attendees=["aisha.rahman"]),
        assignment(CHIEF_EXECUTIVE, "13:00", attendees=["helen.marsh"]),
        assignment(PRACTITIONERS, "16:00", attendees=["kieran.gill", "ruth.ogunleye"]),
    ]
    messages = [
        v.message for v in find_violations(_running_an_hour_late_from_eleven(), pulled) if v.rule == "H17"
    ]
    assert messages == [
        "session 'Session Interview: Chief Executive' (Day 1 13:00-14:00) was planned for Day 1 16:00:"
        " a day running late moves nothing earlier"
    ]
