"""Taking one entry out of a visit, with every reference to it: the people a session loses, the
pins that lose their room, the sessions that no longer follow a removed one.

Pure: the removal service applies the result, and the confirmation page shows `changes` first.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from scheduler.domain.model import AssessorNeed, Person, Session, Visit

# The visit's list for each kind of entry.
LISTS = {"session": "sessions", "person": "people", "assessor": "assessors", "room": "rooms", "site": "sites"}


@dataclass(frozen=True)
class Removal:
    visit: Visit  # the visit without the entry and the references to it
    name: str  # the entry's title or name
    changes: tuple[str, ...]  # what else changes, in the coordinator's words
    blockers: tuple[str, ...]  # why it cannot be removed yet; empty when it can


def name_of(entry: object) -> str:
    return str(getattr(entry, "title", None) or getattr(entry, "name", None) or getattr(entry, "id", ""))


def find_entry(visit: Visit, kind: str, key: str) -> object | None:
    return next((e for e in getattr(visit, LISTS[kind]) if e.id == key), None)


def remove_entry(visit: Visit, kind: str, key: str) -> Removal:
    """The visit without entry `key` of `kind`; raises KeyError when there is no such entry."""
    entry = find_entry(visit, kind, key)
    if entry is None:
        raise KeyError(key)
    rest = tuple(e for e in getattr(visit, LISTS[kind]) if e.id != key)
    changed: dict[str, Any] = {LISTS[kind]: rest}
    without = dataclasses.replace(visit, **changed)
    name = name_of(entry)
    if kind == "person":
        return _without_person(without, key, name)
    if kind == "assessor":
        return _without_assessor(without, key, name)
    if kind == "room":
        return _without_room(without, key, name)
    if kind == "session":
        return _without_session(without, key, name)
    return _without_site(without, key, name)


def _attendance_fitted(session: Session, required: tuple[str, ...], invited: tuple[str, ...]) -> Session:
    most = min(session.max_attendees, len(required) + len(invited))
    return dataclasses.replace(
        session,
        required_people=required,
        invited_people=invited,
        min_attendees=min(session.min_attendees, most),
        max_attendees=most,
    )


def _without_person(visit: Visit, key: str, name: str) -> Removal:
    changes: list[str] = []
    sessions = []
    for session in visit.sessions:
        if key in session.required_people or key in session.invited_people:
            was = "a required attendee" if key in session.required_people else "in the invited pool"
            changes.append(f"'{session.title}' loses {name} ({was}).")
            session = _attendance_fitted(
                session,
                tuple(p for p in session.required_people if p != key),
                tuple(p for p in session.invited_people if p != key),
            )
        sessions.append(session)
    people: list[Person] = []
    for person in visit.people:
        if person.manager == key:
            changes.append(f"{person.name} no longer has {name} as line manager.")
            person = dataclasses.replace(person, manager=None)
        if key in person.supporters:
            changes.append(f"{person.name} no longer has {name} as a supporter.")
            person = dataclasses.replace(person, supporters=tuple(s for s in person.supporters if s != key))
        people.append(person)
    changed = dataclasses.replace(visit, sessions=tuple(sessions), people=tuple(people))
    return Removal(changed, name, tuple(changes), ())


def _without_assessor(visit: Visit, key: str, name: str) -> Removal:
    changes: list[str] = []
    sessions = []
    for session in visit.sessions:
        pool = session.assessors.from_ids
        if pool and key in pool:
            left = tuple(a for a in pool if a != key)
            count = session.assessors.count
            if isinstance(count, int) and count > len(left):
                count = len(left)
            if not left:
                changes.append(f"'{session.title}' may now have any assessor, as {name} was its only one.")
                need = AssessorNeed(count=session.assessors.count if count != "all" else 1, from_ids=None)
            else:
                changes.append(f"'{session.title}' no longer chooses {name} among its assessors.")
                need = AssessorNeed(count=count, from_ids=left)
            session = dataclasses.replace(session, assessors=need)
        sessions.append(session)
    return Removal(dataclasses.replace(visit, sessions=tuple(sessions)), name, tuple(changes), ())


def _without_room(visit: Visit, key: str, name: str) -> Removal:
    changes: list[str] = []
    sessions = []
    for session in visit.sessions:
        if session.fixed is not None and session.fixed.room == key:
            changes.append(f"'{session.title}' stays pinned to its time but loses its room {name}.")
            session = dataclasses.replace(session, fixed=dataclasses.replace(session.fixed, room=None))
        sessions.append(session)
    return Removal(dataclasses.replace(visit, sessions=tuple(sessions)), name, tuple(changes), ())


def _without_session(visit: Visit, key: str, name: str) -> Removal:
    changes: list[str] = []
    sessions = []
    for session in visit.sessions:
        if key in session.after:
            changes.append(f"'{session.title}' no longer has to follow it.")
            session = dataclasses.replace(session, after=tuple(a for a in session.after if a != key))
        sessions.append(session)
    return Removal(dataclasses.replace(visit, sessions=tuple(sessions)), name, tuple(changes), ())


def _without_site(visit: Visit, key: str, name: str) -> Removal:
    rooms = [room.name for room in visit.rooms if room.site == key]
    blockers = (
        (f"Its rooms are still listed: {', '.join(rooms)}. Remove or move them first.",) if rooms else ()
    )
    travel = tuple(t for t in visit.travel if key not in (t.from_site, t.to_site))
    changes = (
        (f"Its {len(visit.travel) - len(travel)} travel time(s) to other sites go too.",)
        if len(travel) != len(visit.travel)
        else ()
    )
    return Removal(dataclasses.replace(visit, travel=travel), name, changes, blockers)
