"""The moment a re-plan during the visit keeps, and a day that runs late, before any solving."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from scheduler.errors import ServiceError
from scheduler.files.timetable_file import load_timetable
from scheduler.files.visit_file import load_visit
from scheduler.planning.running_late import (
    frozen_sessions,
    grid_shift,
    late_moment,
    moment_from_now,
    planned_starts_from,
    sessions_moved,
    shifted_day,
)
from scheduler.planning.to_solver import build_problem
from tests.support.store import EXAMPLES, SMALL

VISIT = load_visit(SMALL)
PLANTED = load_timetable(EXAMPLES / "small.planted.json")


def _starts(timetable) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {a.session: f"{a.start}-{a.end}" for a in timetable.assignments}


def test_now_plus_the_notice_period_is_read_on_the_visits_own_clock() -> None:
    # 09:10 UTC in June is 10:10 in London (summer time); two hours' notice makes it 12:10.
    assert moment_from_now("Europe/London", datetime(2026, 6, 9, 9, 10, tzinfo=UTC), 120) == (
        "2026-06-09",
        "12:10",
    )
    # A part-minute rounds up: a session starting at 12:11 is not frozen by a re-plan at 10:10:30.
    assert moment_from_now("Europe/London", datetime(2026, 6, 9, 9, 10, 30, tzinfo=UTC), 120) == (
        "2026-06-09",
        "12:11",
    )
    # Late in the evening the notice period runs into the next day.
    assert moment_from_now("Europe/London", datetime(2026, 3, 10, 23, 0, tzinfo=UTC), 120) == (
        "2026-03-11",
        "01:00",
    )


def test_what_starts_before_the_moment_is_frozen() -> None:
    frozen = frozen_sessions(PLANTED, ("2026-03-10", "12:00"))
    assert [a.session for a in frozen] == ["s1", "s4", "s8"]  # 09:15, 10:15 and 11:30


def test_twenty_minutes_late_on_a_fifteen_minute_grid_pushes_sessions_by_thirty() -> None:
    assert grid_shift(VISIT, 20) == 30
    assert grid_shift(VISIT, 15) == 15
    with pytest.raises(ServiceError, match="between 1 and 240 minutes late, not 0"):
        grid_shift(VISIT, 0)


def test_only_that_day_from_that_time_is_shifted() -> None:
    shifted = shifted_day(VISIT, PLANTED, ("2026-03-10", "12:00"), 20)
    assert _starts(shifted) == {
        "s1": "09:15-10:15",  # before 12:00: as it was
        "s4": "10:15-11:30",
        "s8": "11:30-12:30",
        "s5": "13:00-14:30",  # was 12:30
        "s6": "13:30-14:30",
        "s7": "14:30-15:15",
        "s3": "15:30-16:30",
        "s2": "16:45-17:30",  # past the end of the day: the re-plan must place it anew
    }
    assert sessions_moved(PLANTED, shifted) == ("s2", "s3", "s5", "s6", "s7")
    # Another day is left alone.
    assert shifted_day(VISIT, PLANTED, ("2026-03-11", "09:00"), 20) == PLANTED


def test_a_late_day_names_the_offending_entry() -> None:
    assert late_moment(VISIT, 1, "11:00") == ("2026-03-10", "11:00")
    with pytest.raises(ServiceError, match="day 2 is not a day of the visit: it has days 1 to 1"):
        late_moment(VISIT, 2, "11:00")
    with pytest.raises(ServiceError, match="'11h' is not a time 'HH:MM'"):
        late_moment(VISIT, 1, "11h")
    with pytest.raises(ServiceError, match="18:00 is outside the visit's day"):
        late_moment(VISIT, 1, "18:00")


def test_what_a_late_day_shifts_may_not_start_before_its_planned_time() -> None:
    earliest = planned_starts_from(PLANTED, ("2026-03-10", "12:00"))
    assert earliest == {
        "s5": ("2026-03-10", "12:30"),  # Focus group: Reviewing practitioners, as its people were told
        "s6": ("2026-03-10", "13:00"),
        "s7": ("2026-03-10", "14:00"),
        "s3": ("2026-03-10", "15:00"),
        "s2": ("2026-03-10", "16:15"),
    }
    problem = build_problem(VISIT, PLANTED, ("2026-03-10", "12:30"), earliest)
    assert dict(problem.not_earlier)["s2"] == 16 * 60 + 15  # a minute of the visit's timeline
