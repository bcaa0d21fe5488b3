"""Travel time between sites (H10) for one model, trip by trip.

For an ordered pair of sites (A, B) and one assessor or person, the travel time after each of
their sessions at A is a "tail" interval that none of their sessions at B may overlap. Tails of
two sessions at A overlap only if those sessions end closer together than the travel time,
which sessions at least that long never do; shorter ones are kept that far apart, which is
safe.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Protocol

from ortools.sat.python import cp_model

from solver.candidates import Lookup
from solver.problem import Assignment, Problem, Session

Trip = tuple[str, str, str]  # (who key "a:<id>" or "p:<id>", from site, to site)


# What travel reads of the model's variables. solver.variables builds these constraints for its
# ModelVars, so naming that class here would make the two modules import each other.
class SessionSide(Protocol):
    @property
    def session(self) -> Session: ...
    @property
    def sid(self) -> str: ...
    @property
    def present(self) -> cp_model.IntVar: ...
    @property
    def start(self) -> cp_model.IntVar: ...
    @property
    def end(self) -> cp_model.LinearExprT: ...
    @property
    def in_room(self) -> dict[str, cp_model.IntVar]: ...
    @property
    def assessed_by(self) -> dict[str, cp_model.IntVar]: ...
    @property
    def attended_by(self) -> dict[str, cp_model.IntVar]: ...
    @property
    def supported_by(self) -> dict[str, cp_model.IntVar]: ...
    @property
    def at_site(self) -> dict[str, cp_model.IntVar]: ...


class ModelSide(Protocol):
    @property
    def problem(self) -> Problem: ...
    @property
    def lookup(self) -> Lookup: ...
    @property
    def model(self) -> cp_model.CpModel: ...
    @property
    def sessions(self) -> Mapping[str, SessionSide]: ...
    def add_no_overlap(self, intervals: list[cp_model.IntervalVar]) -> None: ...


class TravelConstraints:
    def __init__(self, m: ModelSide) -> None:
        self.m = m
        self.entries: dict[str, list[tuple[str, cp_model.IntVar]]] = {}
        self.there_cache: dict[tuple[str, str, str], cp_model.IntVar] = {}
        self.posted: set[Trip] = set()
        self.assessor_trips_from_start: set[Trip] = set()
        sites = sorted({r.site for r in m.problem.rooms})
        self.trips = [(a, b, m.lookup.travel_minutes(a, b)) for a in sites for b in sites if a != b]
        self.trips = [(a, b, t) for a, b, t in self.trips if t > 0]

    def prepare(self) -> None:
        """Site literals per session and, per assessor or person, the sessions they may attend in person."""
        m = self.m
        for sv in m.sessions.values():
            by_site: dict[str, list] = {}
            for rid, lit in sv.in_room.items():
                by_site.setdefault(m.lookup.rooms[rid].site, []).append(lit)
            for site, lits in by_site.items():
                at = m.model.new_bool_var(f"at_site[{sv.sid},{site}]")
                m.model.add(at == sum(lits))
                sv.at_site[site] = at
        if not self.trips:
            return
        for sv in m.sessions.values():
            if not sv.at_site:
                continue
            for aid, lit in sv.assessed_by.items():
                self.entries.setdefault("a:" + aid, []).append((sv.sid, lit))
            for pid in sv.session.required_people:
                self.entries.setdefault("p:" + pid, []).append((sv.sid, sv.present))
            for pid, lit in sv.attended_by.items():
                self.entries.setdefault("p:" + pid, []).append((sv.sid, lit))
            for pid, lit in sv.supported_by.items():
                self.entries.setdefault("p:" + pid, []).append((sv.sid, lit))

    def assessor_posted(self) -> set[Trip]:
        return {trip for trip in self.posted if trip[0].startswith("a:")}

    def people_keys(self) -> list[str]:
        return sorted(k for k in self.entries if k.startswith("p:"))

    def constrain_all_trips(self, key: str) -> None:
        for a, b, _ in self.trips:
            self.constrain_trip(key, a, b)

    def constrain_all_assessor_trips(self) -> None:
        for key in sorted(k for k in self.entries if k.startswith("a:")):
            self.constrain_all_trips(key)

    def _there(self, key: str, sid: str, lit: cp_model.IntVar, site: str) -> cp_model.IntVar:
        """The literal "this assessor or person is in session sid, held at site"."""
        cache_key = (key, sid, site)
        if cache_key not in self.there_cache:
            model = self.m.model
            at = self.m.sessions[sid].at_site[site]
            both = model.new_bool_var(f"there[{key},{sid},{site}]")
            model.add_bool_or([lit.Not(), at.Not(), both])
            model.add_implication(both, lit)
            model.add_implication(both, at)
            self.there_cache[cache_key] = both
        return self.there_cache[cache_key]

    def constrain_trip(self, key: str, a: str, b: str) -> None:
        if (key, a, b) in self.posted or key not in self.entries:
            return
        self.posted.add((key, a, b))
        minutes = self.m.lookup.travel_minutes(a, b)
        if minutes <= 0:
            return
        entries = self.entries[key]
        at_a = [(sid, lit) for sid, lit in entries if a in self.m.sessions[sid].at_site]
        at_b = [(sid, lit) for sid, lit in entries if b in self.m.sessions[sid].at_site]
        if not at_a or not at_b:
            return
        model = self.m.model
        intervals = []
        for sid, lit in at_a:
            sv = self.m.sessions[sid]
            presence = self._there(key, sid, lit, a)
            intervals.append(
                model.new_optional_fixed_size_interval_var(
                    sv.end, minutes, presence, f"travel[{key},{sid},{a}->{b}]"
                )
            )
        for sid, lit in at_b:
            sv = self.m.sessions[sid]
            presence = self._there(key, sid, lit, b)
            intervals.append(
                model.new_optional_fixed_size_interval_var(
                    sv.start, sv.session.minutes, presence, f"arrive[{key},{sid},{b}]"
                )
            )
        self.m.add_no_overlap(intervals)


def broken_assessor_trips(
    site_of_room: dict[str, str], travel: dict[tuple[str, str], int], assignments: Iterable[Assignment]
) -> set[Trip]:
    """The (assessor, from site, to site) trips that a timetable leaves too little time for."""
    by_assessor: dict[str, list[Assignment]] = {}
    for a in assignments:
        if a.mode == "in_person" and a.room is not None:
            for aid in a.assessors:
                by_assessor.setdefault(aid, []).append(a)
    broken: set[Trip] = set()
    for aid, items in by_assessor.items():
        items.sort(key=lambda a: (a.day, a.start))
        for i, first in enumerate(items):
            for second in items[i + 1 :]:
                if second.day != first.day:
                    break
                site_a, site_b = site_of_room[first.room or ""], site_of_room[second.room or ""]
                gap = second.start - first.end
                need = travel.get((site_a, site_b), 0) if site_a != site_b else 0
                if 0 <= gap < need:
                    broken.add(("a:" + aid, site_a, site_b))
    return broken
