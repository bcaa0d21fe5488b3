"""Who and what is busy when, for a timetable the greedy search is building.

Kept per day and updated as each session is placed, so that checking one more placement against
the hard rules costs a look at one day's calendars, not a pass of the checker.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from solver.candidates import Lookup
from solver.problem import MINUTES_PER_DAY, Assignment, Problem, Session
from solver.timeline import day_of, overlaps

# (start, end, site): a busy span on the visit timeline; site None for a virtual session.
Busy = tuple[int, int, str | None]


@dataclass
class Plan:
    """Who and what is busy when, for a timetable being built; calendars are kept per day."""

    problem: Problem
    lookup: Lookup
    followers: dict[str, list[str]]  # session id -> the sessions that must come after it
    placed: dict[str, Assignment] = field(default_factory=dict)
    rooms: dict[tuple[str, int], list[tuple[int, int]]] = field(default_factory=dict)
    assessors: dict[tuple[str, int], list[Busy]] = field(default_factory=dict)
    people: dict[tuple[str, int], list[Busy]] = field(default_factory=dict)  # sessions attended
    duties: dict[tuple[str, int], list[tuple[int, int]]] = field(default_factory=dict)  # escort duties
    load: Counter[str] = field(default_factory=Counter)  # sessions per assessor, person or escort
    away: dict[tuple[str, int], list[tuple[int, int]]] = field(default_factory=dict)  # (team, day): present
    max_away: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.max_away = {t.name: t.max_away for t in self.problem.teams if t.max_away is not None}

    def add(self, a: Assignment) -> None:
        start, end = a.day * MINUTES_PER_DAY + a.start, a.day * MINUTES_PER_DAY + a.end
        site = self.lookup.rooms[a.room].site if a.room is not None else None
        self.placed[a.session] = a
        if a.room is not None:
            self.rooms.setdefault((a.room, a.day), []).append((start, end))
        for aid in a.assessors:
            self.assessors.setdefault((aid, a.day), []).append((start, end, site))
            self.load[aid] += 1
        for pid in a.present:
            self.attend(pid, a.day, start, end, site)
        if a.escort is not None:
            self.duties.setdefault((a.escort, a.day), []).append((start - self.problem.escort_minutes, start))
            self.load["escort:" + a.escort] += 1

    def attend(self, pid: str, day: int, start: int, end: int, site: str | None) -> None:
        """pid is present (attending or supporting) in [start, end)."""
        self.people.setdefault((pid, day), []).append((start, end, site))
        self.load[pid] += 1
        team = self.lookup.people[pid].team
        if team is not None and team in self.max_away:
            self.away.setdefault((team, day), []).append((start, end))

    def team_can_spare(self, present: Iterable[str], start: int, end: int) -> bool:
        """H15: with `present` added in [start, end), no team has more than max_away in sessions at once."""
        joining = Counter(t for p in present if (t := self.lookup.people[p].team) in self.max_away)
        for team, count in joining.items():
            limit = self.max_away[team]
            if count > limit:
                return False
            spans = [(s, e) for s, e in self.away.get((team, day_of(start)), ()) if s < end and start < e]
            if count + _most_at_once(spans, start) > limit:
                return False
        return True

    def room_free(self, rid: str, start: int, end: int) -> bool:
        return not any(overlaps(s, e, start, end) for s, e in self.rooms.get((rid, day_of(start)), ()))

    def travel_ok(self, busy: list[Busy], start: int, end: int, site: str | None) -> bool:
        """No overlap with `busy` (one day's), and time to travel to and from its sessions at other sites."""
        for s, e, there in busy:
            if s < end and start < e:
                return False
            if site is None or there is None or there == site:
                continue
            if e <= start and start - e < self.lookup.travel_minutes(there, site):
                return False
            if end <= s and s - end < self.lookup.travel_minutes(site, there):
                return False
        return True

    def person_free(self, pid: str, start: int, end: int, site: str | None) -> bool:
        """Free to be present: not busy or on escort duty then, within travel and their daily cap (H16)."""
        day = day_of(start)
        limit = self.lookup.people[pid].max_sessions_per_day
        if limit is not None and len(self.people.get((pid, day), ())) >= limit:
            return False
        if any(s < end and start < e for s, e in self.duties.get((pid, day), ())):
            return False
        return self.travel_ok(self.people.get((pid, day), []), start, end, site)

    def escort_free(self, pid: str, start: int) -> bool:
        lead = self.problem.escort_minutes
        if lead <= 0:
            return True
        day, duty_start = day_of(start), start - lead
        if any(s < start and duty_start < e for s, e in self.duties.get((pid, day), ())):
            return False
        return not any(s < start and duty_start < e for s, e, _ in self.people.get((pid, day), ()))

    def assessor_free(self, aid: str, start: int, end: int, site: str | None) -> bool:
        busy = self.assessors.get((aid, day_of(start)), [])
        limit = self.lookup.assessors[aid].max_sessions_per_day
        if limit is not None and len(busy) >= limit:
            return False
        return self.travel_ok(busy, start, end, site) and self.lunch_kept(busy, start, end)

    def lunch_kept(self, busy: list[Busy], start: int, end: int) -> bool:
        """With [start, end) added to the day's `busy`, a lunch break still fits in the lunch window."""
        p = self.problem
        if p.lunch_minutes <= 0:
            return True
        base = day_of(start) * MINUTES_PER_DAY
        low, high = base + p.lunch_earliest, base + p.lunch_latest
        if end <= low or start >= high:
            return True
        spans = sorted([(s, e) for s, e, _ in busy] + [(start, end)])
        free_from, longest = low, 0
        for s, e in spans:
            if e <= low or s >= high:
                continue
            longest = max(longest, min(s, high) - free_from)
            free_from = max(free_from, e)
        longest = max(longest, high - free_from)
        return longest >= p.lunch_minutes

    def order_ok(self, s: Session, start: int, end: int) -> bool:
        """H12 against what is placed: the sessions it follows end first, those following it start later."""
        for before in s.after:
            a = self.placed.get(before)
            if a is not None and a.day * MINUTES_PER_DAY + a.end > start:
                return False
        for later in self.followers.get(s.id, ()):
            a = self.placed.get(later)
            if a is not None and a.day * MINUTES_PER_DAY + a.start < end:
                return False
        return True


def _most_at_once(spans: list[tuple[int, int]], start: int) -> int:
    """The most of `spans` (all overlapping a window from `start`) that run at one moment of it."""
    events = sorted([(max(s, start), 1) for s, _ in spans] + [(e, -1) for _, e in spans])
    count = most = 0
    for _, change in events:  # ends (-1) sort before starts at the same minute
        count += change
        most = max(most, count)
    return most


def followers_of(problem: Problem) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for s in problem.sessions:
        for before in s.after:
            out.setdefault(before, []).append(s.id)
    return out
