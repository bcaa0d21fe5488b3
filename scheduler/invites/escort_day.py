"""An escort's run-sheet on the day: each duty with the session's news from the control page, so
a session running late moves the pick-up too; opened by a coordinator or escort lead, or by the
escort through their personal calendar link (no login, as the feed itself)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from scheduler import domain
from scheduler.domain.clocktime import clock_of, minutes_of
from scheduler.domain.day_board import STATUS_LABELS, UPCOMING, Moment, Progress, status_of
from scheduler.invites.escorts import EscortDuty, run_sheet
from scheduler.invites.identity import resolve_feed_token
from scheduler.services.on_the_day import moment_of, progress_of
from scheduler.services.timetables import published_timetable
from scheduler.services.visits import load_visit


@dataclass(frozen=True)
class DutyOnTheDay:
    duty: EscortDuty
    meet_at_time: str  # when to meet the assessors, moved on by the minutes it runs late
    session_start: str
    late_minutes: int
    status: str

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def run_sheet_on_the_day(
    visit: domain.Visit,
    timetable: domain.Timetable,
    progress: Mapping[str, Progress],
    escort_id: str,
    day: str,
    now: Moment,
) -> list[DutyOnTheDay]:
    placed_by_session = {p.session: p for p in timetable.assignments}
    result = []
    for duty in run_sheet(visit, timetable, escort_id, day):
        marked = progress.get(duty.session)
        late = marked.late_minutes if marked is not None else 0
        placed = placed_by_session.get(duty.session)
        result.append(
            DutyOnTheDay(
                duty=duty,
                meet_at_time=clock_of(minutes_of(duty.start) + late),
                session_start=clock_of(minutes_of(duty.end) + late),
                late_minutes=late,
                status=status_of(placed, marked, now) if placed is not None else UPCOMING,
            )
        )
    return result


@dataclass(frozen=True)
class EscortDayPage:
    """What an escort's personal link shows on the day: their duties, no login needed."""

    visit: domain.Visit
    person: domain.Person
    day: str
    duties: list[DutyOnTheDay]


def escort_day_for_token(
    db: Session, token: str, now: datetime, kept_after_visit: timedelta, day: str | None = None
) -> EscortDayPage | None:
    """The run-sheet a person's calendar-feed token opens, or None for a wrong, revoked or expired
    token, a token of an assessor, or a visit with nothing published."""
    owner = resolve_feed_token(db, token, now, kept_after_visit)
    if owner is None or owner.who_kind != "person":
        return None
    visit = load_visit(db, owner.visit_id)
    person = next((p for p in visit.people if p.id == owner.key), None)
    timetable = published_timetable(db, owner.visit_id)
    if person is None or timetable is None or not visit.days:
        return None
    moment = moment_of(visit, now)
    if day not in visit.days:
        day = (
            moment.day
            if moment.day in visit.days
            else (visit.days[0] if moment.day < visit.days[0] else visit.days[-1])
        )
    duties = run_sheet_on_the_day(visit, timetable, progress_of(db, owner.visit_id), person.id, day, moment)
    return EscortDayPage(visit=visit, person=person, day=day, duties=duties)
