"""The heatmap of one session: for each day and start slot, how many of its people are free.

A cell counts the session's required and invited people who are available (yes or if needed)
for the whole session if it started there, so a hopeless request shows before any solve.
Pure: the caller passes the visit as the planner sees it (see unanswered.visit_for_planning).
"""

from __future__ import annotations

from dataclasses import dataclass

from scheduler import domain
from scheduler.domain.clocktime import clock_of, day_label, minutes_of


@dataclass(frozen=True)
class HeatCell:
    start: str
    end: str
    required_free: int
    invited_free: int
    allowed: bool  # inside the session's days and not_before / not_after window

    def all_required_free(self, required_total: int) -> bool:
        return self.required_free == required_total


@dataclass(frozen=True)
class HeatDay:
    day: str
    label: str
    cells: tuple[HeatCell, ...]


@dataclass(frozen=True)
class Heatmap:
    session: str
    title: str
    minutes: int
    required_total: int
    invited_total: int
    starts: tuple[str, ...]  # the column heads: every start slot of a day
    days: tuple[HeatDay, ...]

    @property
    def cells_with_everyone_required(self) -> int:
        """Allowed starts where every required person is free."""
        return sum(
            1
            for day in self.days
            for cell in day.cells
            if cell.allowed and cell.all_required_free(self.required_total)
        )


def session_heatmap(visit: domain.Visit, session_id: str) -> Heatmap:
    """Counts for every start on the visit's slot grid where the session fits before day_end."""
    session = next((s for s in visit.sessions if s.id == session_id), None)
    if session is None:
        raise KeyError(f"there is no session {session_id}")
    people = {person.id: person for person in visit.people}
    required = [people[key] for key in session.required_people if key in people]
    invited = [people[key] for key in session.invited_people if key in people]
    first, last = minutes_of(visit.day_start), minutes_of(visit.day_end)
    starts = list(range(first, last - session.minutes + 1, visit.slot_minutes))
    days = []
    for day in visit.days:
        cells = []
        for start in starts:
            end = start + session.minutes
            cells.append(
                HeatCell(
                    start=clock_of(start),
                    end=clock_of(end),
                    required_free=sum(1 for p in required if is_free(p, day, start, end)),
                    invited_free=sum(1 for p in invited if is_free(p, day, start, end)),
                    allowed=_allowed(session, day, start, end),
                )
            )
        days.append(HeatDay(day=day, label=day_label(day), cells=tuple(cells)))
    return Heatmap(
        session=session.id,
        title=session.title,
        minutes=session.minutes,
        required_total=len(required),
        invited_total=len(invited),
        starts=tuple(clock_of(start) for start in starts),
        days=tuple(days),
    )


def is_free(person: domain.Person, day: str, start: int, end: int) -> bool:
    """Available ("yes" or "if_needed") for all of [start, end) on the day; touching intervals join."""
    if person.available is None:
        return True
    reached = start
    for interval in sorted((i for i in person.available if i.day == day), key=lambda i: minutes_of(i.start)):
        if minutes_of(interval.start) > reached:
            break
        reached = max(reached, minutes_of(interval.end))
        if reached >= end:
            return True
    return reached >= end


def _allowed(session: domain.Session, day: str, start: int, end: int) -> bool:
    if session.days and day not in session.days:
        return False
    if session.not_before is not None and start < minutes_of(session.not_before):
        return False
    return not (session.not_after is not None and end > minutes_of(session.not_after))
