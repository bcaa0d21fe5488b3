"""The visit and its timetable as the coordinator sees them (spec: fieldwork-visit/1).

Days are ISO date strings and clock times "HH:MM" wall-clock strings in the visit's time zone,
exactly as in the files, so that a visit read from a file and written back is unchanged. Every
default of the format is filled in when a file is read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

SESSION_KINDS = ("interview", "focus_group", "case_tracking", "drop_in", "briefing", "wash_up", "other")
PERSON_KINDS = ("staff", "partner", "person_using_services", "carer")
SESSION_MODES = ("in_person", "virtual", "either")
PRIORITIES = ("must", "should", "reserve")
LEVELS = ("yes", "if_needed")
STATUSES = ("OPTIMAL", "FEASIBLE", "INFEASIBLE", "UNKNOWN")


@dataclass(frozen=True)
class Interval:
    day: str
    start: str
    end: str
    level: str = "yes"  # only people's availability uses "if_needed"


@dataclass(frozen=True)
class Lunch:
    earliest: str = "12:00"
    latest: str = "14:00"
    minutes: int = 30


@dataclass(frozen=True)
class Site:
    id: str
    name: str
    address: str = ""


@dataclass(frozen=True)
class Travel:
    from_site: str
    to_site: str
    minutes: int


@dataclass(frozen=True)
class Room:
    id: str
    name: str
    site: str
    capacity: int
    features: tuple[str, ...] = ()
    available: tuple[Interval, ...] | None = None  # None: the whole visit


@dataclass(frozen=True)
class Assessor:
    id: str
    name: str
    email: str = ""
    role: str = ""
    profile: str = ""
    available: tuple[Interval, ...] | None = None
    max_sessions_per_day: int | None = None


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    email: str = ""
    organisation: str = ""
    team: str = ""
    role: str = ""
    kind: str = "staff"
    needs: tuple[str, ...] = ()
    can_escort: bool = False
    available: tuple[Interval, ...] | None = None
    manager: str | None = None  # their line manager's person id
    supporters: tuple[str, ...] = ()  # people of whom one is present whenever they attend
    max_sessions_per_day: int | None = None


@dataclass(frozen=True)
class Team:
    """A team named by people's `team`: how many may be away at once, and whether it is frontline."""

    name: str
    max_away: int | None = None
    frontline: bool = False
    # App data, not in the format: the limit as a share of the team in per cent. `max_away` then
    # holds it as a number; planning works it out again from the team as it is (team_limits).
    max_away_percent: int | None = None

    @property
    def id(self) -> str:  # a team is known by its name
        return self.name


@dataclass(frozen=True)
class Pin:
    day: str
    start: str
    room: str | None = None
    mode: str | None = None


@dataclass(frozen=True)
class AssessorNeed:
    count: int | str = 1  # an int, or "all" for every listed assessor
    from_ids: tuple[str, ...] | None = None  # None: any assessor


@dataclass(frozen=True)
class Session:
    id: str
    title: str
    kind: str = "other"
    minutes: int = 60
    mode: str = "in_person"
    priority: str = "must"
    required_people: tuple[str, ...] = ()
    invited_people: tuple[str, ...] = ()
    min_attendees: int = 0
    max_attendees: int = 0
    assessors: AssessorNeed = field(default_factory=AssessorNeed)
    room_features: tuple[str, ...] = ()
    days: tuple[str, ...] = ()
    not_before: str | None = None
    not_after: str | None = None
    after: tuple[str, ...] = ()
    needs_escort: bool = True
    fixed: Pin | None = None
    video_link: str | None = None
    tags: tuple[str, ...] = ()  # app data, not in the format: themes for the coverage page


@dataclass(frozen=True)
class Visit:
    name: str
    organisation: str
    timezone: str
    days: tuple[str, ...]
    day_start: str = "09:00"
    day_end: str = "17:00"
    slot_minutes: int = 15
    lunch: Lunch = field(default_factory=Lunch)
    escort_minutes: int = 15
    sites: tuple[Site, ...] = ()
    travel: tuple[Travel, ...] = ()
    rooms: tuple[Room, ...] = ()
    assessors: tuple[Assessor, ...] = ()
    people: tuple[Person, ...] = ()
    sessions: tuple[Session, ...] = ()
    teams: tuple[Team, ...] = ()
    # App data, not in the format (files neither carry nor need them):
    staff_max_sessions_per_day: int | None = None  # for staff without a cap of their own
    coverage_themes: tuple[str, ...] = ()  # what the coverage page checks the sessions against


@dataclass(frozen=True)
class PlacedSession:
    session: str
    day: str
    start: str
    end: str
    mode: str  # in_person | virtual
    room: str | None
    assessors: tuple[str, ...]
    escort: str | None
    attendees: tuple[str, ...]
    support: tuple[str, ...] = ()  # supporters present for attendees who need one

    @classmethod
    def from_stored(cls, session: str, fields: Mapping[str, Any]) -> PlacedSession:
        """A placement kept as JSON (a change request's choice, what an invite told someone);
        `support` is absent from those stored before supporters were planned."""
        return cls(
            session=session,
            day=fields["day"],
            start=fields["start"],
            end=fields["end"],
            mode=fields["mode"],
            room=fields["room"],
            assessors=tuple(fields["assessors"]),
            escort=fields["escort"],
            attendees=tuple(fields["attendees"]),
            support=tuple(fields.get("support") or ()),
        )


@dataclass(frozen=True)
class UnscheduledSession:
    session: str
    reason: str


@dataclass(frozen=True)
class Timetable:
    assignments: tuple[PlacedSession, ...]
    unscheduled: tuple[UnscheduledSession, ...] = ()
    status: str = "UNKNOWN"
    objective: int = 0
    solve_seconds: float = 0.0
