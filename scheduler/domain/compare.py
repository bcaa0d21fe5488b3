"""What changed between two timetable versions, and who must be told (pure: no database).

Per session: added, dropped, moved (day, time, room or mode changed), or the same place with
people added or removed. Everyone in a session that was added, dropped or moved is affected (its
time or place changed for all of them); in a session that only changed people, only the people
who joined or left are. A room is affected when a session arrives in it or leaves it, as its
booking must change.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from scheduler import domain
from scheduler.domain.views import place_text

ADDED, DROPPED, MOVED, PEOPLE = "added", "dropped", "moved", "people"


@dataclass(frozen=True)
class Who:
    id: str
    name: str
    email: str
    role: str  # attendee | assessor | escort


@dataclass(frozen=True)
class SessionChange:
    session: str
    title: str
    change: str  # added | dropped | moved | people
    before: str | None  # "Tue 10 Mar 13:00-14:30, Room 3.12"; None when added
    after: str | None  # None when dropped
    joined: tuple[Who, ...]  # people in the new version, not in the old one
    left: tuple[Who, ...]  # people in the old version, not in the new one


@dataclass(frozen=True)
class AffectedPerson:
    id: str
    name: str
    email: str
    sessions: tuple[str, ...]  # titles of the changed sessions that concern them


@dataclass(frozen=True)
class AffectedRoom:
    id: str
    name: str
    sessions: tuple[str, ...]


@dataclass(frozen=True)
class Comparison:
    changes: tuple[SessionChange, ...]  # in the visit's session order
    unchanged: int  # sessions placed identically in both
    people: tuple[AffectedPerson, ...]  # by name
    rooms: tuple[AffectedRoom, ...]  # by name

    def of_kind(self, change: str) -> tuple[SessionChange, ...]:
        return tuple(c for c in self.changes if c.change == change)


def compare_versions(visit: domain.Visit, tt_a: domain.Timetable, tt_b: domain.Timetable) -> Comparison:
    """What changes from timetable `tt_a` (the older) to `tt_b` (the newer)."""
    directory = _Directory(visit)
    old = {a.session: a for a in tt_a.assignments}
    new = {b.session: b for b in tt_b.assignments}
    order = {s.id: i for i, s in enumerate(visit.sessions)}
    changes, unchanged = [], 0
    people: dict[str, list[str]] = defaultdict(list)
    rooms: dict[str, list[str]] = defaultdict(list)
    for session in sorted(old.keys() | new.keys(), key=lambda key: (order.get(key, len(order)), key)):
        before, after = old.get(session), new.get(session)
        if before == after:
            unchanged += 1
            continue
        title = directory.title(session)
        change = _change_of(before, after)
        joined = _taking_part(after) - _taking_part(before)
        left = _taking_part(before) - _taking_part(after)
        if change == PEOPLE and not (joined or left):
            unchanged += 1  # e.g. listed in another order
            continue
        changes.append(
            SessionChange(
                session=session,
                title=title,
                change=change,
                before=place_text(visit, before) if before else None,
                after=place_text(visit, after) if after else None,
                joined=directory.who(joined),
                left=directory.who(left),
            )
        )
        told = joined | left if change == PEOPLE else _taking_part(before) | _taking_part(after)
        for person in {person for person, _role in told}:
            people[person].append(title)
        if change != PEOPLE:
            for room in {placed.room for placed in (before, after) if placed and placed.mode == "in_person"}:
                if room is not None:
                    rooms[room].append(title)
    return Comparison(
        changes=tuple(changes),
        unchanged=unchanged,
        people=tuple(
            sorted(
                (
                    AffectedPerson(key, directory.name(key), directory.email(key), tuple(titles))
                    for key, titles in people.items()
                ),
                key=lambda person: (person.name, person.id),
            )
        ),
        rooms=tuple(
            sorted(
                (AffectedRoom(key, directory.room(key), tuple(titles)) for key, titles in rooms.items()),
                key=lambda room: (room.name, room.id),
            )
        ),
    )


def _change_of(before: domain.PlacedSession | None, after: domain.PlacedSession | None) -> str:
    if before is None:
        return ADDED
    if after is None:
        return DROPPED
    if (before.day, before.start, before.end, before.mode, before.room) != (
        after.day,
        after.start,
        after.end,
        after.mode,
        after.room,
    ):
        return MOVED
    return PEOPLE


def _taking_part(placed: domain.PlacedSession | None) -> set[tuple[str, str]]:
    """(person or assessor id, role) of everyone the session involves."""
    if placed is None:
        return set()
    part = {(person, "attendee") for person in placed.attendees}
    part |= {(assessor, "assessor") for assessor in placed.assessors}
    if placed.escort is not None:
        part.add((placed.escort, "escort"))
    return part


class _Directory:
    """Names and emails of the visit's people and assessors, rooms and sessions."""

    def __init__(self, visit: domain.Visit) -> None:
        self.contacts = {p.id: (p.name, p.email) for p in visit.people}
        self.contacts.update({a.id: (a.name, a.email) for a in visit.assessors})
        self.rooms = {r.id: r.name for r in visit.rooms}
        self.titles = {s.id: s.title for s in visit.sessions}

    def name(self, key: str) -> str:
        return self.contacts.get(key, (key, ""))[0]

    def email(self, key: str) -> str:
        return self.contacts.get(key, (key, ""))[1]

    def room(self, key: str) -> str:
        return self.rooms.get(key, key)

    def title(self, key: str) -> str:
        return self.titles.get(key, key)

    def who(self, part: set[tuple[str, str]]) -> tuple[Who, ...]:
        return tuple(
            sorted(
                (Who(key, self.name(key), self.email(key), role) for key, role in part),
                key=lambda who: (who.name, who.role, who.id),
            )
        )
