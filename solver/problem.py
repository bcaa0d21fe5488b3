"""What the solver is given and what it gives back: plain frozen dataclasses.

Time is one integer timeline in minutes: minute ``m`` of visit day ``d`` (0-based) is
``d * MINUTES_PER_DAY + m``. Keeping whole days 1440 apart makes "an earlier day counts as
earlier" (H12) and "different days never clash" fall out of plain arithmetic, and lets an
escort duty start before ``day_start``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

MINUTES_PER_DAY = 1440

Span = tuple[int, int]  # half-open [start, end) on the visit timeline
Mode = Literal["in_person", "virtual"]
SessionMode = Literal["in_person", "virtual", "either"]
Priority = Literal["must", "should", "reserve"]
Status = Literal["OPTIMAL", "FEASIBLE", "INFEASIBLE", "UNKNOWN"]


@dataclass(frozen=True)
class Room:
    id: str
    site: str
    capacity: int
    features: frozenset[str] = frozenset()
    available: tuple[Span, ...] | None = None  # None: the whole visit


@dataclass(frozen=True)
class Assessor:
    id: str
    available: tuple[Span, ...] | None = None
    max_sessions_per_day: int | None = None


@dataclass(frozen=True)
class Person:
    id: str
    needs: frozenset[str] = frozenset()
    can_escort: bool = False
    available: tuple[Span, ...] | None = None  # "yes" and "if_needed" together; None: whole visit
    if_needed: tuple[Span, ...] = ()  # the part of `available` given as "if needed"
    team: str | None = None
    manager: str | None = None  # their line manager's person id
    supporters: tuple[str, ...] = ()  # one of them is present whenever this person attends
    max_sessions_per_day: int | None = None


@dataclass(frozen=True)
class Team:
    name: str
    max_away: int | None = None  # None: no limit on how many are away at once
    frontline: bool = False


@dataclass(frozen=True)
class Pin:
    day: int
    start: int  # minute of the day
    room: str | None = None
    mode: Mode | None = None


@dataclass(frozen=True)
class Session:
    id: str
    minutes: int
    mode: SessionMode = "in_person"
    priority: Priority = "must"
    required_people: tuple[str, ...] = ()
    invited_people: tuple[str, ...] = ()
    min_attendees: int = 0
    max_attendees: int = 0
    assessor_count: int = 1  # already resolved: "all" becomes len(assessors_from)
    assessors_from: tuple[str, ...] | None = None  # None: any assessor
    room_features: frozenset[str] = frozenset()
    days: tuple[int, ...] = ()  # allowed day indexes; empty: any
    not_before: int | None = None  # minute of the day
    not_after: int | None = None
    after: tuple[str, ...] = ()
    needs_escort: bool = True
    fixed: Pin | None = None
    title: str = ""  # only for explanations
    kind: str = "other"  # managers and frontline teams concern focus groups
    rooms: tuple[str, ...] | None = None  # the only rooms it may use (a home visit's home); None: any

    @property
    def is_focus_group(self) -> bool:
        return self.kind == "focus_group"


@dataclass(frozen=True)
class Weights:
    """The canonical score's weights (spec: visit-format.md) and the re-planning stability terms."""

    should: int = 1000
    reserve: int = 300
    pool_attendee: int = 20
    if_needed: int = -15
    virtual_either: int = -5
    site_change: int = -2
    frontline_team: int = 1200  # each frontline team with a member in a focus group
    # Stability when re-planning: each must outweigh every soft term above except a whole
    # should/reserve session, so nothing moves for a few pool points, but never a hard rule.
    moved_session: int = -400
    changed_room: int = -100
    changed_person: int = -60
    changed_assessor: int = -60
    changed_escort: int = -30


@dataclass(frozen=True)
class Assignment:
    session: str
    day: int
    start: int  # minute of the day
    end: int
    mode: Mode
    room: str | None
    assessors: tuple[str, ...]
    escort: str | None
    attendees: tuple[str, ...]
    support: tuple[str, ...] = ()  # supporters present for attendees who need one

    @property
    def present(self) -> tuple[str, ...]:
        """Everyone of the visit's people in the session: attendees, then supporters."""
        return self.attendees + tuple(p for p in self.support if p not in self.attendees)


@dataclass(frozen=True)
class Problem:
    day_count: int
    day_start: int  # minute of the day
    day_end: int
    slot_minutes: int
    lunch_earliest: int
    lunch_latest: int
    lunch_minutes: int
    escort_minutes: int
    rooms: tuple[Room, ...]
    assessors: tuple[Assessor, ...]
    people: tuple[Person, ...]
    sessions: tuple[Session, ...]
    travel: tuple[tuple[str, str, int], ...] = ()  # symmetric; same site = 0; missing pair = 0
    day_labels: tuple[str, ...] = ()  # e.g. "Tue 10 Mar", only for explanations
    names: tuple[tuple[str, str], ...] = ()  # id -> display name, only for explanations
    previous: tuple[Assignment, ...] = ()  # the plan to keep stable when re-planning
    teams: tuple[Team, ...] = ()
    # Re-planning during the visit: what `previous` starts before this moment of the timeline
    # is kept exactly, and nothing else may start before it (H17). None: nothing is frozen.
    frozen_before: int | None = None
    # A day running late: session id -> the minute of the timeline it was planned to start. People
    # were told that time, so the re-plan may start it later (or another day) but never earlier.
    not_earlier: tuple[tuple[str, int], ...] = ()

    def frozen(self) -> tuple[Assignment, ...]:
        """The previous assignments that started before the frozen moment."""
        if self.frozen_before is None:
            return ()
        return tuple(a for a in self.previous if a.day * MINUTES_PER_DAY + a.start < self.frozen_before)


@dataclass(frozen=True)
class Unplaced:
    session: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Progress:
    elapsed: float
    score: int
    bound: int
    placed: int  # sessions in the best plan so far
    musts: int = 0  # must sessions among them


@dataclass(frozen=True)
class Solution:
    status: Status
    assignments: tuple[Assignment, ...]
    unplaced: tuple[Unplaced, ...] = ()
    score: int = 0  # the canonical score of `assignments`
    bound: int = 0  # best proven upper bound on the canonical score (stability terms aside)
    solve_seconds: float = 0.0
    penalties: tuple[tuple[str, int], ...] = field(default=())  # fired soft terms: name -> points
    moved: tuple[tuple[str, str], ...] = ()  # re-planning: session id -> what changed
    frontline_missed: tuple[str, ...] = ()  # frontline teams with nobody in a focus group

    @property
    def gap(self) -> float:
        if self.bound <= 0:
            return 0.0
        return max(0.0, (self.bound - self.score) / abs(self.bound))
