"""Re-checks every hard rule H1-H17 (docs/visit-format.md) on a set of assignments.

Independent of the CP-SAT model on purpose: it runs after every production solve and in the
tests, so a modelling mistake shows up as a named, readable violation instead of a bad plan.
Its semantics mirror shared/tools/checker.py, edge cases included:

- an availability of None means the whole visit, at any minute of any day;
- touching availability spans of one day join, so [09:00, 12:00) + [12:00, 17:00) covers 11-13;
- an escort is on duty for [start - escort_minutes, start) of the session's day, which may begin
  before day_start (and, with a tiny day_start, before midnight: then nothing but a whole-visit
  availability covers it);
- travel time counts only between a session and a later one on the same day (gap >= 0);
- an assessor's lunch gap must lie inside [lunch_earliest, lunch_latest);
- supporters are not attendees (H9 ignores them) but are present: they take seats, travel,
  cannot be on escort duty, and count for managers, team limits and daily caps (H13-H16);
- H17 is checked only when the problem has a previous plan and a frozen moment; its running-late
  part (nothing a late day shifts starts earlier than planned) only when the problem names them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from solver.problem import MINUTES_PER_DAY, Assignment, Problem, Span


@dataclass(frozen=True)
class Violation:
    rule: str  # "H1".."H17"
    message: str  # in the coordinator's words
    sessions: tuple[str, ...]
    subject: str | None = None  # the room, assessor or person concerned, if any


# ---------------------------------------------------------------- reading the problem


class ProblemIndex:
    """Lookups over one Problem, and how to name its parts in a message."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.sessions = {s.id: s for s in problem.sessions}
        self.rooms = {r.id: r for r in problem.rooms}
        self.assessors = {a.id: a for a in problem.assessors}
        self.people = {p.id: p for p in problem.people}
        self.names = dict(problem.names)
        self.travel_minutes: dict[tuple[str, str], int] = {}
        for here, there, minutes in problem.travel:
            self.travel_minutes[(here, there)] = self.travel_minutes[(there, here)] = minutes

    def travel(self, here: str, there: str) -> int:
        return 0 if here == there else self.travel_minutes.get((here, there), 0)

    def name(self, ident: str) -> str:
        return self.names.get(ident, ident)

    def title(self, session: str) -> str:
        known = self.sessions.get(session)
        return (known.title if known and known.title else "") or self.names.get(session, session)

    def day(self, day: int) -> str:
        labels = self.problem.day_labels
        return labels[day] if 0 <= day < len(labels) else f"day {day + 1}"

    def at(self, a: Assignment) -> str:
        """'Interview: DASS' (Tue 10 Mar 09:00-10:00)"""
        return f"'{self.title(a.session)}' ({self.day(a.day)} {_clock(a.start)}-{_clock(a.end)})"


def _clock(minute: int) -> str:
    sign = "-" if minute < 0 else ""
    return f"{sign}{abs(minute) // 60:02d}:{abs(minute) % 60:02d}"


def _overlaps(start1: int, end1: int, start2: int, end2: int) -> bool:
    return start1 < end2 and start2 < end1


def _merge(spans: Iterable[Span]) -> list[Span]:
    """Sorted union of spans; touching spans join."""
    out: list[Span] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _covers(available: tuple[Span, ...] | None, day: int, start: int, end: int) -> bool:
    """The availability holds all of [start, end) of `day` (minutes of that day)."""
    if available is None or start >= end:
        return True
    offset = day * MINUTES_PER_DAY
    # Spans join only within their own day, as availability is given day by day.
    that_day = [(s, e) for s, e in available if s // MINUTES_PER_DAY == day]
    return any(s <= offset + start and offset + end <= e for s, e in _merge(that_day))


def _longest_gap(busy: Iterable[Span], low: int, high: int) -> int:
    """Longest stretch of [low, high) that no busy span touches."""
    best, cursor = 0, low
    for start, end in _merge((max(s, low), min(e, high)) for s, e in busy if s < high and e > low):
        best, cursor = max(best, start - cursor), max(cursor, end)
    return max(best, high - cursor)


def _clashes(items: Iterable[tuple[int, int, int, Assignment]]) -> Iterator[tuple[Assignment, Assignment]]:
    """Pairs whose (day, start, end) overlap; different days never clash."""
    days: dict[int, list[tuple[int, int, int, Assignment]]] = defaultdict(list)
    for item in items:
        days[item[0]].append(item)
    for day in sorted(days):
        rows = sorted(days[day], key=lambda row: (row[1], row[2]))
        for i, (_, start, end, first) in enumerate(rows):
            for _, start2, end2, second in rows[i + 1 :]:
                if start2 >= end:
                    break
                if _overlaps(start, end, start2, end2):
                    yield first, second


def _spans(assignments: Iterable[Assignment]) -> list[tuple[int, int, int, Assignment]]:
    return [(a.day, a.start, a.end, a) for a in assignments]


def _by_assessor(visit: ProblemIndex, assignments: Sequence[Assignment]) -> dict[str, list[Assignment]]:
    out: dict[str, list[Assignment]] = defaultdict(list)
    for a in assignments:
        for name in sorted(set(a.assessors) & visit.assessors.keys()):
            out[name].append(a)
    return out


def _by_person(visit: ProblemIndex, assignments: Sequence[Assignment]) -> dict[str, list[Assignment]]:
    out: dict[str, list[Assignment]] = defaultdict(list)
    for a in assignments:
        for name in sorted(set(a.attendees) & visit.people.keys()):
            out[name].append(a)
    return out


def _present(visit: ProblemIndex, a: Assignment) -> set[str]:
    """The visit's people in the room for a session: its attendees and their supporters."""
    return (set(a.attendees) | set(a.support)) & visit.people.keys()


def _by_participant(visit: ProblemIndex, assignments: Sequence[Assignment]) -> dict[str, list[Assignment]]:
    """Each person's sessions as attendee or supporter."""
    out: dict[str, list[Assignment]] = defaultdict(list)
    for a in assignments:
        for name in sorted(_present(visit, a)):
            out[name].append(a)
    return out


def _by_day(assignments: Iterable[Assignment]) -> dict[int, list[Assignment]]:
    out: dict[int, list[Assignment]] = defaultdict(list)
    for a in assignments:
        out[a.day].append(a)
    return out


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


# ---------------------------------------------------------------- the rules


def check_every_must_session_is_placed(
    visit: ProblemIndex, assignments: Sequence[Assignment]
) -> list[Violation]:
    """H1: every must session is in the timetable once, any other at most once, and no unknown one."""
    out = [
        Violation(
            "H1", f"the timetable names session '{a.session}', which the visit does not have", (a.session,)
        )
        for a in assignments
        if a.session not in visit.sessions
    ]
    count = Counter(a.session for a in assignments)
    for s in visit.problem.sessions:
        if s.priority == "must" and not count[s.id]:
            out.append(
                Violation("H1", f"must session '{visit.title(s.id)}' is not in the timetable", (s.id,))
            )
        if count[s.id] > 1:
            out.append(
                Violation("H1", f"session '{visit.title(s.id)}' is placed {count[s.id]} times", (s.id,))
            )
    return out


def check_session_sits_on_the_time_grid(
    visit: ProblemIndex, assignments: Sequence[Assignment]
) -> list[Violation]:
    """H2: a session is on one of its visit days, on the slot grid, of its length, within its hours."""
    p, out = visit.problem, []
    for a in assignments:
        s = visit.sessions[a.session]
        problems = []
        if not 0 <= a.day < p.day_count:
            problems.append(f"day {a.day + 1} is not a day of the visit")
        elif s.days and a.day not in s.days:
            allowed = ", ".join(visit.day(d) for d in s.days)
            problems.append(f"{visit.day(a.day)} is not one of its days ({allowed})")
        if (a.start - p.day_start) % p.slot_minutes:
            problems.append(
                f"its start {_clock(a.start)} is off the {p.slot_minutes}-minute grid "
                f"from {_clock(p.day_start)}"
            )
        if a.end != a.start + s.minutes:
            problems.append(f"it ends at {_clock(a.end)}, not {s.minutes} minutes after its start")
        if a.start < p.day_start:
            problems.append(f"it starts before the day starts at {_clock(p.day_start)}")
        if a.end > p.day_end:
            problems.append(f"it ends after the day ends at {_clock(p.day_end)}")
        if s.not_before is not None and a.start < s.not_before:
            problems.append(f"it starts before {_clock(s.not_before)}, its earliest start")
        if s.not_after is not None and a.end > s.not_after:
            problems.append(f"it ends after {_clock(s.not_after)}, its latest end")
        out += [Violation("H2", f"session {visit.at(a)}: {problem}", (a.session,)) for problem in problems]
    return out


def check_pinned_session_stays_put(visit: ProblemIndex, assignments: Sequence[Assignment]) -> list[Violation]:
    """H3: a pinned session is at its pinned day and start, and in its pinned room and mode."""
    out = []
    for a in assignments:
        pin = visit.sessions[a.session].fixed
        if pin is None:
            continue
        if (a.day, a.start) != (pin.day, pin.start):
            out.append(
                Violation(
                    "H3",
                    f"session {visit.at(a)} is pinned to {visit.day(pin.day)} {_clock(pin.start)}",
                    (a.session,),
                )
            )
        if pin.room is not None and a.room != pin.room:
            held = "no room" if a.room is None else visit.name(a.room)
            out.append(
                Violation(
                    "H3",
                    f"session {visit.at(a)} is pinned to {visit.name(pin.room)}, not {held}",
                    (a.session,),
                    pin.room,
                )
            )
        if pin.mode is not None and a.mode != pin.mode:
            out.append(
                Violation(
                    "H3",
                    f"session {visit.at(a)} is pinned to be held {_mode(pin.mode)}, not {_mode(a.mode)}",
                    (a.session,),
                )
            )
    return out


def check_session_is_held_in_an_allowed_mode(
    visit: ProblemIndex, assignments: Sequence[Assignment]
) -> list[Violation]:
    """H4: a session is held in person only if it may be, and virtually only if it may be."""
    out = []
    for a in assignments:
        mode = visit.sessions[a.session].mode
        if mode not in (a.mode, "either"):
            out.append(
                Violation(
                    "H4",
                    f"session {visit.at(a)} is held {_mode(a.mode)} but must be {_mode(mode)}",
                    (a.session,),
                )
            )
    return out


def check_room_fits_the_session(visit: ProblemIndex, assignments: Sequence[Assignment]) -> list[Violation]:
    """H5: an in-person session has an available room, big enough, with every feature anyone there needs."""
    out = []
    for a in assignments:
        s = visit.sessions[a.session]
        if a.mode == "virtual":
            if a.room is not None:
                out.append(
                    Violation(
                        "H5",
                        f"virtual session {visit.at(a)} is given room {visit.name(a.room)}",
                        (a.session,),
                        a.room,
                    )
                )
            continue
        room = visit.rooms.get(a.room) if a.room is not None else None
        if room is None:
            what = (
                "has no room" if a.room is None else f"names room '{a.room}', which the visit does not have"
            )
            out.append(Violation("H5", f"in-person session {visit.at(a)} {what}", (a.session,), a.room))
            continue

        def bad(problem: str, room_id: str = room.id, a: Assignment = a) -> Violation:
            return Violation(
                "H5", f"{visit.name(room_id)} for {visit.at(a)}: {problem}", (a.session,), room_id
            )

        if not _covers(room.available, a.day, a.start, a.end):
            out.append(bad("the room is not available for the whole session"))
        people, assessors = len(set(a.attendees)), len(set(a.assessors))
        helpers = len(set(a.support) - set(a.attendees))
        if people + helpers + assessors > room.capacity:
            supporters = f", {_plural(helpers, 'supporter')}" if helpers else ""
            out.append(
                bad(
                    f"it holds {room.capacity}, but the session has {_plural(people, 'attendee')}"
                    f"{supporters} and {_plural(assessors, 'assessor')}"
                )
            )
        if s.rooms is not None and room.id not in s.rooms:
            out.append(bad("the room is kept for another session (a home visit's home)"))
        if s.room_features - room.features:
            out.append(
                bad(f"it lacks {', '.join(sorted(s.room_features - room.features))}, which the session needs")
            )
        for name in sorted(set(a.attendees) & visit.people.keys()):
            missing = visit.people[name].needs - room.features
            if missing:
                out.append(bad(f"it lacks {', '.join(sorted(missing))}, which {visit.name(name)} needs"))
    return out


def check_room_is_free(visit: ProblemIndex, assignments: Sequence[Assignment]) -> list[Violation]:
    """H6: a room holds at most one in-person session at a time."""
    rooms: dict[str, list[Assignment]] = defaultdict(list)
    for a in assignments:
        if a.mode == "in_person" and a.room in visit.rooms:
            rooms[a.room].append(a)
    return [
        Violation(
            "H6",
            f"{visit.name(room)} is double-booked: {visit.at(a)} and {visit.at(b)}",
            (a.session, b.session),
            room,
        )
        for room in sorted(rooms)
        for a, b in _clashes(_spans(rooms[room]))
    ]


def check_assessors_are_right_and_free(
    visit: ProblemIndex, assignments: Sequence[Assignment]
) -> list[Violation]:
    """H7: a session has its number of allowed, available assessors, none double-booked or overworked."""
    out = []
    for a in assignments:
        s = visit.sessions[a.session]
        names = set(a.assessors)
        if len(names) != len(a.assessors):
            out.append(Violation("H7", f"session {visit.at(a)} lists an assessor twice", (a.session,)))
        if len(names) != s.assessor_count:
            out.append(
                Violation(
                    "H7",
                    f"session {visit.at(a)} has {_plural(len(names), 'assessor')}, "
                    f"but needs {s.assessor_count}",
                    (a.session,),
                )
            )
        for name in sorted(names):
            assessor = visit.assessors.get(name)
            if assessor is None:
                out.append(
                    Violation(
                        "H7",
                        f"session {visit.at(a)} names assessor '{name}', whom the visit does not have",
                        (a.session,),
                        name,
                    )
                )
                continue
            if s.assessors_from is not None and name not in s.assessors_from:
                out.append(
                    Violation(
                        "H7",
                        f"{visit.name(name)} is not one of the assessors allowed for {visit.at(a)}",
                        (a.session,),
                        name,
                    )
                )
            if not _covers(assessor.available, a.day, a.start, a.end):
                out.append(
                    Violation(
                        "H7",
                        f"assessor {visit.name(name)} is not available for the whole of {visit.at(a)}",
                        (a.session,),
                        name,
                    )
                )
    for name, items in sorted(_by_assessor(visit, assignments).items()):
        out += [
            Violation(
                "H7",
                f"assessor {visit.name(name)} is in two sessions at once: {visit.at(a)} and {visit.at(b)}",
                (a.session, b.session),
                name,
            )
            for a, b in _clashes(_spans(items))
        ]
        limit = visit.assessors[name].max_sessions_per_day
        for day, day_items in sorted(_by_day(items).items()):
            if limit is not None and len(day_items) > limit:
                out.append(
                    Violation(
                        "H7",
                        f"assessor {visit.name(name)} has {len(day_items)} sessions on {visit.day(day)}, "
                        f"at most {limit} allowed",
                        tuple(a.session for a in day_items),
                        name,
                    )
                )
    return out


def check_assessor_lunch_is_kept_free(
    visit: ProblemIndex, assignments: Sequence[Assignment]
) -> list[Violation]:
    """H8: an assessor working on a day keeps a free lunch gap inside the lunch window."""
    p, out = visit.problem, []
    low, high = p.lunch_earliest, p.lunch_latest
    for name, items in sorted(_by_assessor(visit, assignments).items()):
        for day, day_items in sorted(_by_day(items).items()):
            gap = _longest_gap([(a.start, a.end) for a in day_items], low, high)
            if gap >= p.lunch_minutes:
                continue
            inside = sorted(
                (a for a in day_items if _overlaps(a.start, a.end, low, high)), key=lambda a: a.start
            )
            out.append(
                Violation(
                    "H8",
                    f"assessor {visit.name(name)} has no {p.lunch_minutes}-minute lunch break between "
                    f"{_clock(low)} and {_clock(high)} on {visit.day(day)} (longest free gap {gap} min; "
                    f"sessions {', '.join(visit.at(a) for a in inside)})",
                    tuple(a.session for a in inside),
                    name,
                )
            )
    return out


def check_attendees_are_invited_and_free(
    visit: ProblemIndex, assignments: Sequence[Assignment]
) -> list[Violation]:
    """H9: required people attend; attendees are invited, available, within bounds and not double-booked."""
    out = []
    for a in assignments:
        s = visit.sessions[a.session]
        names = set(a.attendees)

        def bad(problem: str, who: str | None = None, a: Assignment = a) -> Violation:
            return Violation("H9", f"session {visit.at(a)}: {problem}", (a.session,), who)

        if len(names) != len(a.attendees):
            out.append(bad("it lists an attendee twice"))
        out += [
            bad(f"{visit.name(person)} must attend but does not", person)
            for person in s.required_people
            if person not in names
        ]
        for name in sorted(names):
            person = visit.people.get(name)
            if person is None:
                out.append(bad(f"it names person '{name}', whom the visit does not have", name))
                continue
            if name not in s.required_people and name not in s.invited_people:
                out.append(bad(f"{visit.name(name)} is neither required nor invited", name))
            if not _covers(person.available, a.day, a.start, a.end):
                out.append(bad(f"{visit.name(name)} is not available for the whole session", name))
        if not s.min_attendees <= len(names) <= s.max_attendees:
            out.append(
                bad(
                    f"it has {_plural(len(names), 'attendee')}, "
                    f"but allows {s.min_attendees} to {s.max_attendees}"
                )
            )
    for name, items in sorted(_by_person(visit, assignments).items()):
        out += [
            Violation(
                "H9",
                f"{visit.name(name)} is in two sessions at once: {visit.at(a)} and {visit.at(b)}",
                (a.session, b.session),
                name,
            )
            for a, b in _clashes(_spans(items))
        ]
    return out


def check_travel_time_between_sites_is_kept(
    visit: ProblemIndex, assignments: Sequence[Assignment]
) -> list[Violation]:
    """H10: anyone moving between sites on one day has the travel time between their sessions."""
    out = []
    groups = (("assessor", _by_assessor(visit, assignments)), ("person", _by_participant(visit, assignments)))
    for _, group in groups:
        for name, items in sorted(group.items()):
            in_person = [a for a in items if a.mode == "in_person" and a.room in visit.rooms]
            for day_items in _by_day(in_person).values():
                rows = sorted(day_items, key=lambda a: a.start)
                for i, a in enumerate(rows):
                    for b in rows[i + 1 :]:
                        assert a.room is not None and b.room is not None  # in visit.rooms
                        here, there = visit.rooms[a.room].site, visit.rooms[b.room].site
                        need, gap = visit.travel(here, there), b.start - a.end
                        if here != there and 0 <= gap < need:
                            out.append(
                                Violation(
                                    "H10",
                                    f"{visit.name(name)} has {gap} min between {visit.at(a)} at "
                                    f"{visit.name(here)} and {visit.at(b)} at {visit.name(there)}, "
                                    f"but the journey takes {need} min",
                                    (a.session, b.session),
                                    name,
                                )
                            )
    return out


def check_escort_is_free_for_duty(visit: ProblemIndex, assignments: Sequence[Assignment]) -> list[Violation]:
    """H11: an escorted session names an able, available escort who is free for the whole duty."""
    lead, out = visit.problem.escort_minutes, []
    duties: dict[str, list[tuple[int, int, int, Assignment]]] = defaultdict(list)
    attended = _by_participant(visit, assignments)
    for a in assignments:
        s = visit.sessions[a.session]
        if a.mode != "in_person" or not s.needs_escort:
            if a.escort is not None:
                why = "it is virtual" if a.mode != "in_person" else "it needs no escort"
                out.append(
                    Violation(
                        "H11",
                        f"session {visit.at(a)} names escort {visit.name(a.escort)}, but {why}",
                        (a.session,),
                        a.escort,
                    )
                )
            continue
        person = visit.people.get(a.escort) if a.escort is not None else None
        if person is None:
            what = (
                "has no escort"
                if a.escort is None
                else f"names escort '{a.escort}', whom the visit does not have"
            )
            out.append(Violation("H11", f"in-person session {visit.at(a)} {what}", (a.session,), a.escort))
            continue
        start, end = a.start - lead, a.start
        duty = f"the escort duty {visit.day(a.day)} {_clock(start)}-{_clock(end)} before {visit.at(a)}"
        who = visit.name(person.id)
        if not person.can_escort:
            out.append(Violation("H11", f"{who} is not an escort, yet has {duty}", (a.session,), person.id))
        if not _covers(person.available, a.day, start, end):
            out.append(Violation("H11", f"escort {who} is not available for {duty}", (a.session,), person.id))
        for b in attended.get(person.id, ()):
            if b.day == a.day and _overlaps(start, end, b.start, b.end):
                out.append(
                    Violation(
                        "H11",
                        f"escort {who} attends {visit.at(b)} during {duty}",
                        (a.session, b.session),
                        person.id,
                    )
                )
        duties[person.id].append((a.day, start, end, a))
    for name, items in sorted(duties.items()):
        out += [
            Violation(
                "H11",
                f"escort {visit.name(name)} has two duties at once: "
                f"before {visit.at(a)} and before {visit.at(b)}",
                (a.session, b.session),
                name,
            )
            for a, b in _clashes(items)
        ]
    return out


def check_sessions_keep_their_order(
    visit: ProblemIndex, assignments: Sequence[Assignment]
) -> list[Violation]:
    """H12: a session starts only after every placed session it follows has ended (earlier days count)."""
    placed: dict[str, list[Assignment]] = defaultdict(list)
    for a in assignments:
        placed[a.session].append(a)
    out = []
    for a in assignments:
        for before in visit.sessions[a.session].after:
            for b in placed.get(before, ()):
                if (b.day, b.end) > (a.day, a.start):
                    out.append(
                        Violation(
                            "H12",
                            f"session {visit.at(a)} must start after {visit.at(b)} ends",
                            (a.session, b.session),
                        )
                    )
    return out


def check_supporters_come_and_are_free(
    visit: ProblemIndex, assignments: Sequence[Assignment]
) -> list[Violation]:
    """H13: whoever needs a supporter has one of theirs there; supporters support, are free and available."""
    out = []
    for a in assignments:

        def bad(problem: str, who: str | None = None, a: Assignment = a) -> Violation:
            return Violation("H13", f"session {visit.at(a)}: {problem}", (a.session,), who)

        attendees, support = set(a.attendees) & visit.people.keys(), set(a.support)
        if len(support) != len(a.support):
            out.append(bad("it lists a supporter twice"))
        wanted = set()
        for name in sorted(attendees):
            helpers = visit.people[name].supporters
            wanted |= set(helpers)
            if helpers and not support & set(helpers):
                names = ", ".join(visit.name(h) for h in helpers)
                out.append(bad(f"{visit.name(name)} attends without any of their supporters ({names})", name))
        for name in sorted(support):
            person = visit.people.get(name)
            if person is None:
                out.append(bad(f"it names supporter '{name}', whom the visit does not have", name))
                continue
            if name in attendees:
                out.append(bad(f"{visit.name(name)} is listed as both attendee and supporter", name))
            if name not in wanted:
                out.append(bad(f"{visit.name(name)} supports no attendee of this session", name))
            if not _covers(person.available, a.day, a.start, a.end):
                out.append(bad(f"supporter {visit.name(name)} is not available for the whole session", name))
    for name, items in sorted(_by_participant(visit, assignments).items()):
        out += [
            Violation(
                "H13",
                f"supporter {visit.name(name)} is in two sessions at once: {visit.at(a)} and {visit.at(b)}",
                (a.session, b.session),
                name,
            )
            for a, b in _clashes(_spans(items))
            if name in a.support or name in b.support
        ]
    return out


def check_managers_stay_out_of_their_staff_focus_groups(
    visit: ProblemIndex, assignments: Sequence[Assignment]
) -> list[Violation]:
    """H14: nobody is in a focus group with their own line manager."""
    out = []
    for a in assignments:
        if not visit.sessions[a.session].is_focus_group:
            continue
        present = _present(visit, a)
        for name in sorted(present):
            manager = visit.people[name].manager
            if manager in present:
                out.append(
                    Violation(
                        "H14",
                        f"focus group {visit.at(a)}: {visit.name(name)} is there with their line manager "
                        f"{visit.name(manager)}",
                        (a.session,),
                        name,
                    )
                )
    return out


def check_teams_can_spare_who_is_away(
    visit: ProblemIndex, assignments: Sequence[Assignment]
) -> list[Violation]:
    """H15: at no moment are more of a team in sessions than the team can spare."""
    out = []
    for team in visit.problem.teams:
        if team.max_away is None:
            continue
        members = {p.id for p in visit.problem.people if p.team == team.name}
        for day, day_items in sorted(_by_day(assignments).items()):
            # Ends sort before starts at the same minute: back-to-back sessions do not overlap.
            events = []
            for a in day_items:
                here = len(_present(visit, a) & members)
                if here:
                    events += [(a.start, 1, here, a), (a.end, 0, -here, a)]
            count, worst = 0, None
            for minute, _, change, _session in sorted(events, key=lambda e: (e[0], e[1])):
                count += change
                if count > team.max_away and (worst is None or count > worst[1]):
                    worst = (minute, count)
            if worst is not None:
                minute = worst[0]
                there = tuple(
                    a.session for a in day_items if a.start <= minute < a.end and _present(visit, a) & members
                )
                out.append(
                    Violation(
                        "H15",
                        f"team {team.name} has {worst[1]} people in sessions at {_clock(minute)} on "
                        f"{visit.day(day)}, but can spare at most {team.max_away}",
                        there,
                        team.name,
                    )
                )
    return out


def check_people_keep_to_their_daily_cap(
    visit: ProblemIndex, assignments: Sequence[Assignment]
) -> list[Violation]:
    """H16: nobody is in more sessions a day than they can spare."""
    out = []
    for name, items in sorted(_by_participant(visit, assignments).items()):
        limit = visit.people[name].max_sessions_per_day
        for day, day_items in sorted(_by_day(items).items()):
            if limit is not None and len(day_items) > limit:
                out.append(
                    Violation(
                        "H16",
                        f"{visit.name(name)} is in {len(day_items)} sessions on {visit.day(day)}, "
                        f"at most {limit} allowed",
                        tuple(a.session for a in day_items),
                        name,
                    )
                )
    return out


def check_the_frozen_past_is_kept(visit: ProblemIndex, assignments: Sequence[Assignment]) -> list[Violation]:
    """H17: what the previous plan started before the frozen moment is kept; nothing else starts before it."""
    moment = visit.problem.frozen_before
    if moment is None:
        return []
    day, minute = divmod(moment, MINUTES_PER_DAY)
    when = f"{visit.day(day)} {_clock(minute)}"
    now = {a.session: a for a in assignments}
    frozen = [a for a in visit.problem.frozen() if a.session in visit.sessions]
    out = []
    for old in frozen:
        new = now.get(old.session)
        if new is None:
            out.append(
                Violation(
                    "H17", f"session {visit.at(old)} started before {when} but is dropped", (old.session,)
                )
            )
        elif _as_held(new) != _as_held(old):
            changed = ", ".join(
                part
                for part, was, now in zip(_HELD_PARTS, _as_held(old), _as_held(new), strict=True)
                if was != now
            )
            out.append(
                Violation(
                    "H17",
                    f"session {visit.at(old)} started before {when} but its {changed} changed",
                    (old.session,),
                )
            )
    kept = {a.session for a in frozen}
    out += [
        Violation("H17", f"session {visit.at(a)} is new or moved to before {when}", (a.session,))
        for a in assignments
        if a.day * MINUTES_PER_DAY + a.start < moment and a.session not in kept
    ]
    return out


def check_a_late_day_moves_nothing_earlier(
    visit: ProblemIndex, assignments: Sequence[Assignment]
) -> list[Violation]:
    """H17, running late: a session the late day shifts starts no earlier than it was planned."""
    earliest = dict(visit.problem.not_earlier)
    out = []
    for a in assignments:
        told = earliest.get(a.session)
        if told is not None and a.day * MINUTES_PER_DAY + a.start < told:
            day, minute = divmod(told, MINUTES_PER_DAY)
            out.append(
                Violation(
                    "H17",
                    f"session {visit.at(a)} was planned for {visit.day(day)} {_clock(minute)}:"
                    " a day running late moves nothing earlier",
                    (a.session,),
                )
            )
    return out


_HELD_PARTS = ("day", "start", "mode", "room", "assessors", "escort", "attendees", "supporters")


def _as_held(a: Assignment) -> tuple[object, ...]:
    """Everything about an assignment that a frozen one keeps; order within lists does not matter."""
    return (
        a.day,
        a.start,
        a.mode,
        a.room,
        tuple(sorted(a.assessors)),
        a.escort,
        tuple(sorted(a.attendees)),
        tuple(sorted(a.support)),
    )


def _mode(mode: str) -> str:
    return {"in_person": "in person", "virtual": "virtually", "either": "in person or virtually"}[mode]


Rule = Callable[[ProblemIndex, Sequence[Assignment]], list[Violation]]

# The table of contents: every hard rule, in the spec's order. H1 sees every assignment; the
# others only those naming a session of the visit (H1 reports the rest).
RULES: tuple[Rule, ...] = (
    check_every_must_session_is_placed,
    check_session_sits_on_the_time_grid,
    check_pinned_session_stays_put,
    check_session_is_held_in_an_allowed_mode,
    check_room_fits_the_session,
    check_room_is_free,
    check_assessors_are_right_and_free,
    check_assessor_lunch_is_kept_free,
    check_attendees_are_invited_and_free,
    check_travel_time_between_sites_is_kept,
    check_escort_is_free_for_duty,
    check_sessions_keep_their_order,
    check_supporters_come_and_are_free,
    check_managers_stay_out_of_their_staff_focus_groups,
    check_teams_can_spare_who_is_away,
    check_people_keep_to_their_daily_cap,
    check_the_frozen_past_is_kept,
    check_a_late_day_moves_nothing_earlier,
)


def find_violations(problem: Problem, assignments: Iterable[Assignment]) -> list[Violation]:
    """Every hard rule the assignments break, rule by rule; an empty list means a valid timetable."""
    visit = ProblemIndex(problem)
    every = list(assignments)
    known = [a for a in every if a.session in visit.sessions]
    violations = RULES[0](visit, every)
    for rule in RULES[1:]:
        violations += rule(visit, known)
    return violations
