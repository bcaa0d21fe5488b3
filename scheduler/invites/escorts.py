"""Escort duties worked out from a timetable (pure): where the escort meets the assessors,
where they take them and when, and one escort's run-sheet for a day.

The assessors are met where they last were: the room of their previous in-person session that
day at the same site. When they come from elsewhere (first session of the day, another site, or
a virtual session), the escort meets them at the reception of the session's site.
"""

from __future__ import annotations

from dataclasses import dataclass

from scheduler import domain
from scheduler.domain.clocktime import clock_of, minutes_of
from scheduler.domain.privacy import shared_title


@dataclass(frozen=True)
class EscortDuty:
    session: str  # the session the assessors are taken to
    day: str
    start: str  # when the escort meets the assessors: escort_minutes before the session
    end: str  # the session's start
    meet_at: str  # "Room 2.01" or "reception, Loxley House"
    take_to: str  # the session's room name
    site: str  # the session's site name ("" when unknown)
    title: str  # as shared: an escort is not told who a person using services or carer is
    assessors: tuple[str, ...]  # assessor names: assessors are never protected people
    attendees: int = 0  # how many people the room expects besides the assessors
    supporters: int = 0  # of whom supporters (interpreters, advocates): they need a seat too


def _room_and_site(visit: domain.Visit, room_id: str | None) -> tuple[domain.Room | None, domain.Site | None]:
    room = next((r for r in visit.rooms if r.id == room_id), None)
    site = next((s for s in visit.sites if room is not None and s.id == room.site), None)
    return room, site


def meeting_point(visit: domain.Visit, timetable: domain.Timetable, placed: domain.PlacedSession) -> str:
    """Where the escort of this session picks the assessors up."""
    _room, site = _room_and_site(visit, placed.room)
    start = minutes_of(placed.start)
    earlier = [
        other
        for other in timetable.assignments
        if other.day == placed.day
        and other.session != placed.session
        and minutes_of(other.end) <= start
        and set(other.assessors) & set(placed.assessors)
    ]
    if earlier:
        previous = max(earlier, key=lambda other: (minutes_of(other.end), other.session))
        previous_room, previous_site = _room_and_site(visit, previous.room)
        if previous.mode == "in_person" and previous_room is not None and previous_site == site:
            return previous_room.name
    if site is not None:
        return f"reception, {site.name}"
    return "reception"


def escort_duty(visit: domain.Visit, timetable: domain.Timetable, placed: domain.PlacedSession) -> EscortDuty:
    room, site = _room_and_site(visit, placed.room)
    session = next((s for s in visit.sessions if s.id == placed.session), None)
    names = {a.id: a.name for a in visit.assessors}
    return EscortDuty(
        session=placed.session,
        day=placed.day,
        start=clock_of(minutes_of(placed.start) - visit.escort_minutes),
        end=placed.start,
        meet_at=meeting_point(visit, timetable, placed),
        take_to=room.name if room is not None else (placed.room or "the session's room"),
        site=site.name if site is not None else "",
        title=shared_title(visit, session, placed.session),
        assessors=tuple(names.get(a, a) for a in placed.assessors),
        attendees=len(placed.attendees) + len(placed.support),
        supporters=len(placed.support),
    )


def duty_sentence(duty: EscortDuty) -> str:
    """'meet the assessors at Room 2.01, take them to Room 1.12 for 10:00'"""
    return f"meet the assessors at {duty.meet_at}, take them to {duty.take_to} for {duty.end}"


def run_sheet(visit: domain.Visit, timetable: domain.Timetable, escort_id: str, day: str) -> list[EscortDuty]:
    """One escort's duties on one day, in time order."""
    duties = [
        escort_duty(visit, timetable, placed)
        for placed in timetable.assignments
        if placed.escort == escort_id and placed.day == day
    ]
    return sorted(duties, key=lambda duty: (minutes_of(duty.start), duty.session))


def escort_days(timetable: domain.Timetable, escort_id: str) -> list[str]:
    return sorted({placed.day for placed in timetable.assignments if placed.escort == escort_id})
