"""Names for ids, and the lists the agenda pages choose from."""

from __future__ import annotations

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
