"""Re-planning during the visit: "from now" (what starts within the notice period stays) and
"the day runs late"; what such a re-plan keeps, and who a finished one affects.

The solve itself is a planning job (planning_jobs.plan_visit) carrying the frozen moment and
the delay; this module works out those settings from the app's clock and the coordinator's
words. What a finished re-plan changes, and telling those affected, is invites/replan_outcome.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from scheduler.db.accounts import User
from scheduler.db.visits import VisitRecord
from scheduler.domain.clocktime import clock_of, day_label, minutes_of
from scheduler.errors import NotFound, ServiceError
from scheduler.planning.running_late import (
    Moment,
    frozen_sessions,
    grid_shift,
    late_moment,
    moment_from_now,
    moment_text,
    stored_moment,
)
from scheduler.services.audit import record_audit
from scheduler.services.planning_jobs import reference_timetable
from scheduler.services.visits import load_visit

LONGEST_NOTICE_MINUTES = 24 * 60


@dataclass(frozen=True)
class FrozenPast:
    """What a re-plan from a moment keeps as it is."""

    moment: Moment
    notice_minutes: int
    kept: int  # sessions of the reference plan starting before the moment
    has_plan: bool
    during_visit: bool = False  # today (the visit's wall clock) is between its first and last day

    @property
    def stored(self) -> str:
        return stored_moment(self.moment)

    def text(self) -> str:
        """'12 sessions before Tue 17 Feb 14:30 stay as they are'."""
        s = "s" if self.kept != 1 else ""
        verb = "stay" if self.kept != 1 else "stays"
        return f"{self.kept} session{s} before {moment_text(self.moment)} {verb} as they are"


def _record(db: Session, visit_id: int) -> VisitRecord:
    record = db.get(VisitRecord, visit_id)
    if record is None:
        raise NotFound(f"there is no visit {visit_id}")
    return record


def frozen_from_now(db: Session, visit_id: int, now: datetime) -> FrozenPast:
    """The past a re-plan started now keeps: everything starting before now plus the notice period."""
    record = _record(db, visit_id)
    moment = moment_from_now(record.timezone, now, record.notice_minutes)
    today = moment_from_now(record.timezone, now, 0)[0]
    reference = reference_timetable(db, visit_id)
    kept = len(frozen_sessions(reference, moment)) if reference is not None else 0
    during = bool(record.days) and record.days[0] <= today <= record.days[-1]
    return FrozenPast(moment, record.notice_minutes, kept, reference is not None, during)


def set_notice_minutes(db: Session, actor: User | None, visit_id: int, minutes: int, now: datetime) -> None:
    """How long before its start a session may still be moved by a re-plan from now."""
    if not 0 <= minutes <= LONGEST_NOTICE_MINUTES:
        raise ServiceError(
            f"the notice period must be between 0 and {LONGEST_NOTICE_MINUTES} minutes, not {minutes}"
        )
    record = _record(db, visit_id)
    if record.notice_minutes == minutes:
        return
    record_audit(
        db, visit_id, actor, "set_notice_period", f"{record.notice_minutes} -> {minutes} minutes", now
    )
    record.notice_minutes = minutes
    db.flush()


@dataclass(frozen=True)
class LateDay:
    """'Day 2 runs 20 minutes late from 11:00', checked against the visit."""

    moment: Moment
    day_number: int
    minutes: int
    shift: int  # the minutes on the slot grid that sessions are pushed by
    kept: int  # sessions of the reference plan before the moment, kept as they are

    @property
    def stored(self) -> str:
        return stored_moment(self.moment)

    def text(self) -> str:
        shift = (
            f" (sessions start on the grid, so {self.shift} minutes)" if self.shift != self.minutes else ""
        )
        return (
            f"Day {self.day_number} ({day_label(self.moment[0])}) runs {self.minutes} minutes late from "
            f"{self.moment[1]}{shift}"
        )


def late_day(db: Session, visit_id: int, day_number: int, clock: str, minutes: int) -> LateDay:
    """The coordinator's 'day N runs M minutes late from HH:MM', or ServiceError saying what is wrong."""
    visit = load_visit(db, visit_id)
    moment = late_moment(visit, day_number, clock)
    shift = grid_shift(visit, minutes)
    reference = reference_timetable(db, visit_id)
    if reference is None:
        raise ServiceError("there is no plan yet to run late: plan the visit first")
    return LateDay(moment, day_number, minutes, shift, len(frozen_sessions(reference, moment)))


@dataclass(frozen=True)
class LateChoices:
    days: tuple[tuple[int, str], ...]  # (day number, "Day 2: Wed 18 Feb")
    starts: tuple[str, ...]  # every slot start of the day
    today: int | None  # the day number of the app's today, when it is a visit day
    notice_minutes: int


def late_choices(db: Session, visit_id: int, now: datetime) -> LateChoices:
    """What the running-late form offers: the visit's days and the slot starts of a day."""
    record = _record(db, visit_id)
    visit = load_visit(db, visit_id)
    first, last = minutes_of(visit.day_start), minutes_of(visit.day_end)
    today = now.astimezone(ZoneInfo(visit.timezone)).date().isoformat()
    return LateChoices(
        days=tuple((n, f"Day {n}: {day_label(day)}") for n, day in enumerate(visit.days, start=1)),
        starts=tuple(clock_of(m) for m in range(first, last, visit.slot_minutes)),
        today=visit.days.index(today) + 1 if today in visit.days else None,
        notice_minutes=record.notice_minutes,
    )
