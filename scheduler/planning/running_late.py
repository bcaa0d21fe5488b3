"""Re-planning during the visit, pure: the moment a re-plan keeps, and a day that runs late.

"Day 2 runs 20 minutes late from 11:00" becomes a re-plan of the kept plan in which everything
it starts on that day from 11:00 on is first pushed later by 20 minutes (rounded up to the slot
grid, as every session starts on it) and everything before 11:00 is frozen (H17). The solver's
stability terms then keep that shifted plan wherever it keeps every rule, and move only what the
shift breaks (a session pushed past the end of the day, over someone's lunch, into a room
already taken, past someone's availability). Nothing it shifts may start earlier than planned.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from scheduler import domain
from scheduler.domain.clocktime import clock_of, day_label, is_clock, minutes_of
from scheduler.errors import ServiceError

Moment = tuple[str, str]  # ("YYYY-MM-DD", "HH:MM") in the visit's time
LATEST_LATE_MINUTES = 240


def moment_text(moment: Moment) -> str:
    """'Tue 17 Feb 14:30'."""
    return f"{day_label(moment[0])} {moment[1]}"


def stored_moment(moment: Moment) -> str:
    return f"{moment[0]} {moment[1]}"


def parse_moment(text: str) -> Moment:
    """'YYYY-MM-DD HH:MM' as stored on a solve job."""
    day, _, clock = text.partition(" ")
    return day, clock


def moment_from_now(timezone: str, now: datetime, notice_minutes: int) -> Moment:
    """Now plus the notice period, on the visit's wall clock, rounded up to the next minute."""
    local = now.astimezone(ZoneInfo(timezone)) + timedelta(minutes=notice_minutes)
    if local.second or local.microsecond:
        local = local.replace(second=0, microsecond=0) + timedelta(minutes=1)
    return local.date().isoformat(), local.strftime("%H:%M")


def starts_before(placed: domain.PlacedSession, moment: Moment) -> bool:
    return (placed.day, placed.start) < moment


def frozen_sessions(timetable: domain.Timetable, moment: Moment) -> tuple[domain.PlacedSession, ...]:
    """What a re-plan from `moment` keeps exactly as it is (H17)."""
    return tuple(a for a in timetable.assignments if starts_before(a, moment))


def late_moment(visit: domain.Visit, day_number: int, clock: str) -> Moment:
    """Day number (1 = the first day of the visit) and "HH:MM" as a moment; ServiceError naming a bad one."""
    if not 1 <= day_number <= len(visit.days):
        raise ServiceError(f"day {day_number} is not a day of the visit: it has days 1 to {len(visit.days)}")
    if not is_clock(clock):
        raise ServiceError(f"{clock!r} is not a time 'HH:MM'")
    if not minutes_of(visit.day_start) <= minutes_of(clock) < minutes_of(visit.day_end):
        raise ServiceError(f"{clock} is outside the visit's day ({visit.day_start} to {visit.day_end})")
    return visit.days[day_number - 1], clock


def grid_shift(visit: domain.Visit, minutes: int) -> int:
    """The delay as a shift of whole slots: sessions start on the slot grid, so 20 late on a
    15-minute grid starts them 30 later."""
    if not 1 <= minutes <= LATEST_LATE_MINUTES:
        raise ServiceError(f"a day can run between 1 and {LATEST_LATE_MINUTES} minutes late, not {minutes}")
    slot = visit.slot_minutes
    return -(-minutes // slot) * slot


def shifted_day(
    visit: domain.Visit, timetable: domain.Timetable, moment: Moment, minutes: int
) -> domain.Timetable:
    """The timetable with what it starts on the moment's day, from the moment on, `minutes` later
    (in whole slots). The result may break rules (past the end of the day, say): it is the plan
    a re-plan keeps as close to as every rule allows, not a plan to publish."""
    shift = grid_shift(visit, minutes)
    day, clock = moment
    last = 24 * 60

    def moved(a: domain.PlacedSession) -> domain.PlacedSession:
        if a.day != day or a.start < clock:
            return a
        start, end = minutes_of(a.start) + shift, minutes_of(a.end) + shift
        if end > last:  # past midnight cannot be written down: the re-plan must place it anew
            start, end = last - (end - start), last
        return dataclasses.replace(a, start=clock_of(start), end=clock_of(end))

    return dataclasses.replace(timetable, assignments=tuple(moved(a) for a in timetable.assignments))


def planned_starts_from(timetable: domain.Timetable, moment: Moment) -> dict[str, Moment]:
    """What the plan starts on the moment's day from the moment on, with its planned start: a day
    running late may start each later, or on another day, but never earlier than people were told
    (a gap the delay opens is not filled by pulling a later session forward)."""
    day, clock = moment
    return {a.session: (a.day, a.start) for a in timetable.assignments if a.day == day and a.start >= clock}


def sessions_moved(before: domain.Timetable, after: domain.Timetable) -> tuple[str, ...]:
    """Sessions whose day, time, room or mode differ, or that are placed in one and not the other."""
    old = {a.session: a for a in before.assignments}
    new = {a.session: a for a in after.assignments}

    def place(a: domain.PlacedSession | None) -> tuple[str, ...] | None:
        return None if a is None else (a.day, a.start, a.end, a.mode, a.room or "")

    return tuple(sorted(s for s in old.keys() | new.keys() if place(old.get(s)) != place(new.get(s))))
