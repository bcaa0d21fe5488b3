"""Names for ids, and the lists the agenda pages choose from."""

from __future__ import annotations

from dataclasses import dataclass

from scheduler import domain

AGENDA_KINDS = {"assessor": "Assessors", "person": "People", "room": "Rooms", "site": "Sites"}


def _entries(
    visit: domain.Visit, kind: str
) -> tuple[domain.Assessor | domain.Person | domain.Room | domain.Site, ...]:
    entries: dict[str, tuple[domain.Assessor | domain.Person | domain.Room | domain.Site, ...]] = {
        "assessor": visit.assessors,
        "person": visit.people,
        "room": visit.rooms,
        "site": visit.sites,
    }
    return entries[kind]


def agenda_choices(visit: domain.Visit, kind: str) -> list[tuple[str, str]]:
    return [(entry.id, entry.name) for entry in _entries(visit, kind)]


def agenda_title(visit: domain.Visit, kind: str, key: str) -> str | None:
    return next((entry.name for entry in _entries(visit, kind) if entry.id == key), None)


def names_for(visit: domain.Visit) -> dict[str, str]:
    """Every id of the visit -> its name or title, for showing ids as words."""
    names: dict[str, str] = {}
    for group in (visit.sites, visit.rooms, visit.assessors, visit.people):
        names.update({entry.id: entry.name for entry in group})
    names.update({session.id: session.title for session in visit.sessions})
    return names


@dataclass(frozen=True)
class AgendaRow:
    key: str
    name: str
    group: str  # a person's team or organisation, an assessor's role, a room's site
    sessions: int  # in the timetable shown


SORTS = {"name": "Name", "group": "Team or place", "sessions": "Most sessions"}


def _group(visit: domain.Visit, entry: object) -> str:
    if isinstance(entry, domain.Person):
        return " · ".join(part for part in (entry.team, entry.organisation) if part)
    if isinstance(entry, domain.Room):
        return next((site.name for site in visit.sites if site.id == entry.site), "")
    return str(getattr(entry, "role", "") or "")


def _counts(visit: domain.Visit, timetable: domain.Timetable, kind: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    site_of = {room.id: room.site for room in visit.rooms}
    for placed in timetable.assignments:
        if kind == "person":
            keys = {*placed.attendees, *placed.support, *([placed.escort] if placed.escort else [])}
        elif kind == "assessor":
            keys = set(placed.assessors)
        elif kind == "room":
            keys = {placed.room} if placed.room else set()
        else:
            keys = {site_of[placed.room]} if placed.room in site_of else set()
        for key in keys:
            counts[key] = counts.get(key, 0) + 1
    return counts


def agenda_rows(
    visit: domain.Visit, timetable: domain.Timetable, kind: str, search: str = "", sort: str = "name"
) -> list[AgendaRow]:
    """The list an agenda page chooses from: filtered by a search on name or team, and sorted."""
    counts = _counts(visit, timetable, kind)
    rows = [AgendaRow(e.id, e.name, _group(visit, e), counts.get(e.id, 0)) for e in _entries(visit, kind)]
    words = search.casefold().split()
    if words:
        rows = [r for r in rows if all(w in f"{r.name} {r.group}".casefold() for w in words)]
    if sort == "group":
        return sorted(rows, key=lambda r: (r.group.casefold() or "\uffff", r.name.casefold()))
    if sort == "sessions":
        return sorted(rows, key=lambda r: (-r.sessions, r.name.casefold()))
    return sorted(rows, key=lambda r: r.name.casefold())
