"""An escort's run-sheet on the day (pure): each duty with the session's news from the control
page, so a session running late moves the pick-up too and a held one drops off the to-do."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from scheduler import domain
from scheduler.domain.clocktime import clock_of, minutes_of
from scheduler.domain.day_board import STATUS_LABELS, UPCOMING, Moment, Progress, status_of
from scheduler.invites.escorts import EscortDuty, run_sheet


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
