"""What each session could possibly get before any choice is made: starts, rooms, people.

Filtering here keeps the model small (no variable for a room that is too small or an escort
who is away) and gives the plain-language reasons when a session has no possible start at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from solver.problem import MINUTES_PER_DAY, Person, Problem, Session, Span
from solver.timeline import clock, covers, merge


@dataclass(frozen=True)
class Factor:
    """One thing a session needs, the starts at which it is met, and how to say it."""

    short: str  # "Ryan Davies", "2 assessors from {..}", "a free escort"
    detail: str  # "Ryan Davies is free only 14:00-15:00 on Wed 29 Jul"
    allowed: frozenset[int]


@dataclass
class SessionOptions:
    session: Session
    window: frozenset[int]  # grid starts allowed by days, not_before/not_after and the pin
    starts: tuple[int, ...]  # every start at which some mode works
    in_person_starts: frozenset[int]
    virtual_starts: frozenset[int]
    rooms: tuple[str, ...]
    room_starts: dict[str, frozenset[int]] = field(default_factory=dict)
    assessors: tuple[str, ...] = ()
    assessor_starts: dict[str, frozenset[int]] = field(default_factory=dict)
    pool: tuple[str, ...] = ()
    pool_starts: dict[str, frozenset[int]] = field(default_factory=dict)
    escorts: tuple[str, ...] = ()
    escort_starts: dict[str, frozenset[int]] = field(default_factory=dict)
    supporters: tuple[str, ...] = ()  # everyone who may come to support one of its attendees
    supporter_starts: dict[str, frozenset[int]] = field(default_factory=dict)
    factors: tuple[Factor, ...] = ()

    @property
    def can_be_in_person(self) -> bool:
        return bool(self.in_person_starts)

    @property
    def can_be_virtual(self) -> bool:
        return bool(self.virtual_starts)


class Lookup:
    """Id -> object tables and display names for one problem."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.rooms = {r.id: r for r in problem.rooms}
        self.assessors = {a.id: a for a in problem.assessors}
        self.people = {p.id: p for p in problem.people}
        self.sessions = {s.id: s for s in problem.sessions}
        self.names = dict(problem.names)
        self.travel: dict[tuple[str, str], int] = {}
        for a, b, minutes in problem.travel:
            self.travel[(a, b)] = self.travel[(b, a)] = minutes

    def name(self, key: str) -> str:
        return self.names.get(key, key)

    def day(self, index: int) -> str:
        labels = self.problem.day_labels
        return labels[index] if index < len(labels) else f"day {index + 1}"

    def travel_minutes(self, site1: str, site2: str) -> int:
        return 0 if site1 == site2 else self.travel.get((site1, site2), 0)


def grid_window(problem: Problem, session: Session) -> frozenset[int]:
    """Starts on the slot grid of the allowed days inside the session's time bounds and pin."""
    days = session.days or tuple(range(problem.day_count))
    earliest = max(problem.day_start, session.not_before or 0)
    latest_end = min(problem.day_end, session.not_after if session.not_after is not None else MINUTES_PER_DAY)
    out = set()
    for day in days:
        minute = problem.day_start
        while minute + session.minutes <= problem.day_end:
            if minute >= earliest and minute + session.minutes <= latest_end:
                out.add(day * MINUTES_PER_DAY + minute)
            minute += problem.slot_minutes
    if session.fixed is not None:
        pinned = session.fixed.day * MINUTES_PER_DAY + session.fixed.start
        out &= {pinned}
    return allowed_by_the_frozen_past(problem, session, out) & no_earlier_than_told(problem, session, out)


def allowed_by_the_frozen_past(problem: Problem, session: Session, starts: set[int]) -> frozenset[int]:
    """H17: a frozen session keeps its start; nothing else starts before the frozen moment."""
    if problem.frozen_before is None:
        return frozenset(starts)
    for a in problem.frozen():
        if a.session == session.id:
            return frozenset({a.day * MINUTES_PER_DAY + a.start})
    return frozenset(t for t in starts if t >= problem.frozen_before)


def no_earlier_than_told(problem: Problem, session: Session, starts: set[int]) -> frozenset[int]:
    """A day running late moves a session it shifts later, never earlier than it was planned."""
    earliest = dict(problem.not_earlier).get(session.id)
    return frozenset(starts if earliest is None else (t for t in starts if t >= earliest))


def starts_covered(
    window: frozenset[int], spans: tuple[Span, ...] | None, before: int, after: int
) -> frozenset[int]:
    """Starts t in the window whose [t - before, t + after) lies inside the spans."""
    if spans is None:
        return window
    merged = merge(spans)
    return frozenset(t for t in window if covers(merged, t - before, t + after))


def describe_free_time(lookup: Lookup, spans: tuple[Span, ...] | None) -> str:
    if spans is None:
        return "free for the whole visit"
    by_day: dict[int, list[str]] = {}
    for start, end in merge(spans):
        by_day.setdefault(start // MINUTES_PER_DAY, []).append(f"{clock(start)}-{clock(end)}")
    if not by_day:
        return "not free on any day of the visit"
    parts = [f"{' and '.join(times)} on {lookup.day(day)}" for day, times in sorted(by_day.items())]
    return "free only " + ", ".join(parts)


def room_fits(problem: Problem, lookup: Lookup, session: Session) -> tuple[str, ...]:
    """Rooms with every needed feature and enough seats for the smallest possible meeting."""
    needs = set(session.room_features)
    for pid in session.required_people:
        needs |= lookup.people[pid].needs
    seats = max(session.min_attendees, len(session.required_people)) + session.assessor_count
    if any(lookup.people[p].supporters for p in session.required_people):
        seats += 1  # at least one supporter comes with them
    pinned = session.fixed.room if session.fixed is not None else None
    return tuple(
        r.id
        for r in problem.rooms
        if needs <= r.features
        and r.capacity >= seats
        and (pinned is None or r.id == pinned)
        and (session.rooms is None or r.id in session.rooms)
    )


def _allows_mode(session: Session, mode: str) -> bool:
    if session.fixed is not None:
        if session.fixed.mode is not None and session.fixed.mode != mode:
            return False
        if session.fixed.room is not None and mode == "virtual":
            return False  # a pinned room means the session is held in it
    return session.mode in (mode, "either")


def _names(lookup: Lookup, ids: tuple[str, ...]) -> str:
    return "{" + ", ".join(lookup.name(i) for i in ids) + "}"


def session_options(problem: Problem, lookup: Lookup, session: Session) -> SessionOptions:
    window = grid_window(problem, session)
    m = session.minutes
    factors: list[Factor] = []

    for pid in session.required_people:
        person = lookup.people[pid]
        ok = starts_covered(window, person.available, 0, m)
        factors.append(
            Factor(
                lookup.name(pid), f"{lookup.name(pid)} is {describe_free_time(lookup, person.available)}", ok
            )
        )

    assessor_ids = session.assessors_from or tuple(a.id for a in problem.assessors)
    assessor_starts = {a: starts_covered(window, lookup.assessors[a].available, 0, m) for a in assessor_ids}
    assessor_ids = tuple(a for a in assessor_ids if assessor_starts[a])
    if session.assessors_from is not None and session.assessor_count == len(session.assessors_from):
        for a in session.assessors_from:
            free = lookup.assessors[a].available
            factors.append(
                Factor(
                    f"assessor {lookup.name(a)}",
                    f"assessor {lookup.name(a)} is {describe_free_time(lookup, free)}",
                    assessor_starts.get(a, frozenset()),
                )
            )
    else:
        enough = frozenset(
            t for t in window if sum(t in assessor_starts[a] for a in assessor_ids) >= session.assessor_count
        )
        pool_text = _names(lookup, session.assessors_from) if session.assessors_from else "the team"
        count = session.assessor_count
        factors.append(
            Factor(
                f"{count} assessor{'s' if count != 1 else ''} from {pool_text}",
                f"fewer than {count} of the assessors from {pool_text} are free at any one time",
                enough,
            )
        )

    supporter_starts: dict[str, frozenset[int]] = {}

    def with_a_supporter(pid: str) -> frozenset[int] | None:
        """Starts at which one of pid's supporters is free; None when pid needs no supporter."""
        helpers = lookup.people[pid].supporters
        if not helpers:
            return None
        for helper in helpers:
            if helper not in supporter_starts:
                supporter_starts[helper] = starts_covered(window, lookup.people[helper].available, 0, m)
        return frozenset().union(*(supporter_starts[h] for h in helpers))

    for pid in session.required_people:
        helped = with_a_supporter(pid)
        if helped is not None:
            factors.append(
                Factor(f"a supporter of {lookup.name(pid)}", _supporter_detail(lookup, pid), helped)
            )

    if session.is_focus_group:
        for pid in session.required_people:
            manager = lookup.people[pid].manager
            if manager in session.required_people:
                pair = f"{lookup.name(pid)} and their line manager {lookup.name(manager)}"
                factors.append(
                    Factor(pair, f"{pair} are both required, but a focus group never holds both", frozenset())
                )

    pool = tuple(p for p in session.invited_people if p not in session.required_people)
    pool_starts = {p: starts_covered(window, lookup.people[p].available, 0, m) for p in pool}
    for p in pool:
        helped = with_a_supporter(p)
        if helped is not None:
            pool_starts[p] &= helped
    pool = tuple(p for p in pool if pool_starts[p])
    supporters = tuple(
        h
        for h in dict.fromkeys(h for p in session.required_people + pool for h in lookup.people[p].supporters)
        if supporter_starts[h]
    )
    extra_needed = session.min_attendees - len(session.required_people)
    if extra_needed > 0:
        enough_pool = frozenset(t for t in window if sum(t in pool_starts[p] for p in pool) >= extra_needed)
        factors.append(
            Factor(
                f"{extra_needed} of the invited people",
                f"fewer than {extra_needed} of the {len(session.invited_people)} invited people "
                "are free at once",
                enough_pool,
            )
        )

    required = len(session.required_people)
    if required > session.max_attendees or session.min_attendees > session.max_attendees:
        factors.append(
            Factor(
                "its head count",
                f"it needs {max(required, session.min_attendees)} attendees "
                f"but allows at most {session.max_attendees}",
                frozenset(),
            )
        )

    people_ok = window.intersection(*(f.allowed for f in factors)) if factors else window

    in_person_ok: frozenset[int] = frozenset()
    rooms: tuple[str, ...] = ()
    room_starts: dict[str, frozenset[int]] = {}
    escorts: tuple[str, ...] = ()
    escort_starts: dict[str, frozenset[int]] = {}
    if _allows_mode(session, "in_person"):
        rooms = room_fits(problem, lookup, session)
        room_starts = {r: starts_covered(window, lookup.rooms[r].available, 0, m) for r in rooms}
        rooms = tuple(r for r in rooms if room_starts[r])
        any_room = frozenset().union(*room_starts.values()) if rooms else frozenset()
        in_person_ok = people_ok & any_room
        room_factor = Factor(
            "a fitting room",
            _room_detail(problem, lookup, session, bool(room_fits(problem, lookup, session))),
            any_room,
        )
        escort_factor = None
        if session.needs_escort:
            lead = problem.escort_minutes
            able = [p for p in problem.people if p.can_escort]
            escort_starts = {p.id: starts_covered(window, p.available, lead, 0) for p in able}
            escorts = tuple(p.id for p in able if escort_starts[p.id])
            any_escort = frozenset().union(*escort_starts.values()) if escorts else frozenset()
            in_person_ok &= any_escort
            escort_factor = Factor(
                "an escort",
                f"no escort is free for the {lead} minutes before any possible start",
                any_escort,
            )
        if not _allows_mode(session, "virtual"):
            factors.append(room_factor)
            if escort_factor is not None:
                factors.append(escort_factor)

    virtual_ok = people_ok if _allows_mode(session, "virtual") else frozenset()
    starts = tuple(sorted(in_person_ok | virtual_ok))
    return SessionOptions(
        session=session,
        window=window,
        starts=starts,
        in_person_starts=in_person_ok,
        virtual_starts=virtual_ok,
        rooms=rooms,
        room_starts=room_starts,
        assessors=assessor_ids,
        assessor_starts=assessor_starts,
        pool=pool,
        pool_starts=pool_starts,
        escorts=escorts,
        escort_starts=escort_starts,
        supporters=supporters,
        supporter_starts={h: supporter_starts[h] for h in supporters},
        factors=tuple(factors),
    )


def _supporter_detail(lookup: Lookup, pid: str) -> str:
    helpers = lookup.people[pid].supporters
    if len(helpers) == 1:
        free = describe_free_time(lookup, lookup.people[helpers[0]].available)
        return f"{lookup.name(pid)} needs {lookup.name(helpers[0])} with them, who is {free}"
    names = ", ".join(lookup.name(h) for h in helpers)
    return f"{lookup.name(pid)} needs one of {names} with them, and none of them is free at those times"


def _room_detail(problem: Problem, lookup: Lookup, session: Session, any_fit: bool) -> str:
    if any_fit:
        return "every room that fits it is booked or closed at the possible times"
    needs = set(session.room_features)
    for pid in session.required_people:
        needs |= lookup.people[pid].needs
    seats = max(session.min_attendees, len(session.required_people)) + session.assessor_count
    wanted = f"{seats} seats" + (f" and {', '.join(sorted(needs))}" if needs else "")
    if session.fixed is not None and session.fixed.room is not None:
        return f"the pinned room {lookup.name(session.fixed.room)} lacks {wanted}"
    unmet = _unmet_needs(problem, lookup, session, seats)
    if unmet:
        return "; ".join(unmet)
    return f"no room has {wanted}"


def _unmet_needs(problem: Problem, lookup: Lookup, session: Session, seats: int) -> list[str]:
    """When rooms with the seats and the session's own features exist, whose needs none of them
    meets, by name: the coordinator then knows whose need to find a room for."""
    rooms = [
        r
        for r in problem.rooms
        if session.room_features <= r.features
        and r.capacity >= seats
        and (session.rooms is None or r.id in session.rooms)
    ]
    if not rooms:
        return []
    out = []
    for pid in session.required_people:
        needs = lookup.people[pid].needs
        if needs and not any(needs <= r.features for r in rooms):
            out.append(f"no room has {' and '.join(sorted(needs))}, which {lookup.name(pid)} needs")
    return out


def all_options(problem: Problem) -> tuple[Lookup, dict[str, SessionOptions]]:
    lookup = Lookup(problem)
    return lookup, {s.id: session_options(problem, lookup, s) for s in problem.sessions}


def person_needs_met(person: Person, features: frozenset[str]) -> bool:
    return person.needs <= features
