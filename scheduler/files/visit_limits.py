"""How big a visit Fieldwork plans: the caps every visit file, workbook and edit is checked against.

The planner's model grows with the visit's slots (days x slots a day) times its sessions, and
its people and sessions fill every page; the largest visits we benchmark (5 days of 15-minute
slots, 182 sessions, 777 people) sit well inside these caps. A file past them, such as 3,000 days
of 1-minute slots in a 57 KB file, would hold a solve and its pages for hours, so the visit
reader refuses it, naming the field and the cap.
"""

from __future__ import annotations

from scheduler.domain.clocktime import clock_of

MAX_DAYS = 31  # an on-site visit of at most a month of days
MAX_DAY_SLOTS = 2_000  # days x slots a day, e.g. 31 days of 15-minute slots from 08:00 to 24:00
MAX_SESSIONS = 500
MAX_PEOPLE = 2_000


def days_problem(days: int) -> str | None:
    if days > MAX_DAYS:
        return f"days lists {days:,} days, more than the {MAX_DAYS} a visit may have"
    return None


def day_slots_problem(days: int, day_start: int, day_end: int, slot_minutes: int) -> str | None:
    """Too many slots in all: days x slots a day, from day_start to day_end (minutes of the day)."""
    per_day = (day_end - day_start) // slot_minutes
    if days * per_day > MAX_DAY_SLOTS:
        hours = f"{clock_of(day_start)}-{clock_of(day_end)}"
        return (
            f"{days:,} days x {per_day:,} slots a day ({hours} in {slot_minutes}-minute slots) make "
            f"{days * per_day:,} slots, more than the {MAX_DAY_SLOTS:,} a visit may have; "
            "use fewer days, a shorter day or a longer slot_minutes"
        )
    return None


def count_problem(what: str, count: int, cap: int) -> str | None:
    if count > cap:
        return f"has {count:,} {what}, more than the {cap:,} a visit may have"
    return None
