"""The model's decision variables, one small container per session, with readable names."""

from __future__ import annotations

from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from solver.candidates import Lookup, SessionOptions
from solver.problem import Problem, Session
from solver.timeline import clock, day_of
from solver.travel import TravelConstraints

Literal = cp_model.IntVar


@dataclass
class SessionVars:
    session: Session
    options: SessionOptions
    present: Literal
    starts_at: dict[int, Literal]  # start on the timeline -> "the session starts then"
    start: cp_model.IntVar
    in_person: Literal
    body: cp_model.IntervalVar  # present while the session runs
    in_room: dict[str, Literal] = field(default_factory=dict)
    assessed_by: dict[str, Literal] = field(default_factory=dict)
    attended_by: dict[str, Literal] = field(default_factory=dict)  # pool people only
    escorted_by: dict[str, Literal] = field(default_factory=dict)
    supported_by: dict[str, Literal] = field(default_factory=dict)  # supporters present (H13)
    at_site: dict[str, Literal] = field(default_factory=dict)

    @property
    def sid(self) -> str:
        return self.session.id

    @property
    def end(self) -> cp_model.LinearExprT:
        return self.start + self.session.minutes

    def attends(self, pid: str) -> Literal | None:
        """The literal "pid attends", or None when they cannot."""
        if pid in self.session.required_people:
            return self.present
        return self.attended_by.get(pid)

    def is_present(self, pid: str) -> cp_model.LinearExprT | None:
        """1 when pid is in the session as attendee or supporter (never both), or None when they cannot be."""
        attends, supports = self.attends(pid), self.supported_by.get(pid)
        if attends is None:
            return supports
        return attends if supports is None else attends + supports

    def on_day(self, day: int) -> list[Literal]:
        return [lit for t, lit in self.starts_at.items() if day_of(t) == day]

    def days(self) -> set[int]:
        return {day_of(t) for t in self.starts_at}


class ModelVars:
    """Every variable of one model, built once from the candidates, then constrained by the rules."""

    def __init__(
        self, problem: Problem, lookup: Lookup, options: dict[str, SessionOptions], strict: bool
    ) -> None:
        self.problem = problem
        self.lookup = lookup
        self.options = options
        self.model = cp_model.CpModel()
        self.strict = strict
        self.sessions: dict[str, SessionVars] = {}
        for s in problem.sessions:
            self.sessions[s.id] = self._session_vars(s, options[s.id])
        # Busy intervals per assessor and per person; none of one calendar may overlap.
        self.assessor_calendar: dict[str, list[cp_model.IntervalVar]] = {a.id: [] for a in problem.assessors}
        self.person_calendar: dict[str, list[cp_model.IntervalVar]] = {p.id: [] for p in problem.people}
        self.room_calendar: dict[str, list[cp_model.IntervalVar]] = {r.id: [] for r in problem.rooms}
        # How many intervals each no-overlap constraint holds: the solver's memory depends on it.
        self.no_overlap_sizes: list[int] = []
        self.travel = TravelConstraints(self)

    def _session_vars(self, s: Session, opt: SessionOptions) -> SessionVars:
        model = self.model
        present = model.new_bool_var(f"present[{s.id}]")
        starts_at = {t: model.new_bool_var(f"starts[{s.id}@d{day_of(t)} {clock(t)}]") for t in opt.starts}
        model.add(sum(starts_at.values()) == present)
        low = opt.starts[0] if opt.starts else 0
        high = opt.starts[-1] if opt.starts else 0
        start = model.new_int_var(low, high, f"start[{s.id}]")
        # Absent sessions sit at their earliest start so that `start` is always defined.
        model.add(start == low + sum((t - low) * lit for t, lit in starts_at.items()))
        in_person = model.new_bool_var(f"in_person[{s.id}]")
        body = model.new_optional_fixed_size_interval_var(start, s.minutes, present, f"body[{s.id}]")
        sv = SessionVars(s, opt, present, starts_at, start, in_person, body)
        sv.in_room = {r: model.new_bool_var(f"in_room[{s.id},{r}]") for r in opt.rooms}
        sv.assessed_by = {a: model.new_bool_var(f"assessor[{s.id},{a}]") for a in opt.assessors}
        sv.attended_by = {p: model.new_bool_var(f"attends[{s.id},{p}]") for p in opt.pool}
        if s.needs_escort:
            sv.escorted_by = {p: model.new_bool_var(f"escort[{s.id},{p}]") for p in opt.escorts}
        sv.supported_by = {p: model.new_bool_var(f"supports[{s.id},{p}]") for p in opt.supporters}
        return sv

    def post_calendars(self) -> None:
        """One no-overlap constraint per room, assessor and person over everything put in their calendar."""
        for calendar in (self.room_calendar, self.assessor_calendar, self.person_calendar):
            for intervals in calendar.values():
                if len(intervals) > 1:
                    self.add_no_overlap(intervals)

    def add_no_overlap(self, intervals: list[cp_model.IntervalVar]) -> None:
        self.model.add_no_overlap(intervals)
        self.no_overlap_sizes.append(len(intervals))

    def starting_within(self, sv: SessionVars, allowed: frozenset[int]) -> list[Literal]:
        return [lit for t, lit in sv.starts_at.items() if t in allowed]

    def require_start_within(self, sv: SessionVars, choice: Literal, allowed: frozenset[int]) -> None:
        """Choosing `choice` (a room, an assessor, a person) restricts the session to `allowed` starts."""
        if allowed.issuperset(sv.starts_at):
            return
        inside = self.starting_within(sv, allowed)
        if not inside:
            self.model.add(choice == 0)
        else:
            self.model.add(sum(inside) >= 1).only_enforce_if(choice)
