"""The five lists a visit holds, as tables: their names and the columns a page shows for each.

Shared by the visit's pages (which also edit the lists, see web/visits/kinds.py) and the
spreadsheet import's preview, so both name and show an item the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from scheduler import domain
from scheduler.domain.features import feature_labels


@dataclass(frozen=True)
class Names:
    """The visit's entries by id, to show a name where an entry refers to another by id; an id
    nothing answers to (an entry being imported, a mistake) is shown as it is."""

    people: dict[str, str]
    assessors: dict[str, str]
    sites: dict[str, str]

    @classmethod
    def of(cls, visit: domain.Visit) -> Names:
        return cls(
            people={p.id: p.name for p in visit.people},
            assessors={a.id: a.name for a in visit.assessors},
            sites={s.id: s.name for s in visit.sites},
        )

    def of_people(self, ids: Sequence[str]) -> str:
        return ", ".join(self.people.get(i, i) for i in ids)

    def of_assessors(self, ids: Sequence[str]) -> str:
        return ", ".join(self.assessors.get(i, i) for i in ids)


@dataclass(frozen=True)
class ItemTable:
    slug: str  # in the URL and the visit's attribute name
    singular: str
    plural: str
    columns: tuple[tuple[str, Callable[[Any, Names], object]], ...]  # (heading, value of item with names)

    def items(self, visit: domain.Visit) -> Sequence[Any]:
        return getattr(visit, self.slug)

    def ids(self, visit: domain.Visit) -> list[str]:
        return [item.id for item in self.items(visit)]

    def find(self, visit: domain.Visit, key: str) -> Any | None:
        return next((item for item in self.items(visit) if item.id == key), None)


def _availability(item: Any, _names: Names) -> str:
    if item.available is None:
        return "whole visit"
    if not item.available:
        return "never"
    return f"{len(item.available)} interval(s)"


def _assessor_need(session: domain.Session, names: Names) -> str:
    need = session.assessors
    pool = f" from {names.of_assessors(need.from_ids)}" if need.from_ids else ""
    return f"{need.count}{pool}"


ITEM_TABLES: dict[str, ItemTable] = {
    table.slug: table
    for table in (
        ItemTable(
            "sessions",
            "session",
            "Sessions",
            (
                ("Title", lambda s, _n: s.title),
                ("Kind", lambda s, _n: s.kind),
                ("Minutes", lambda s, _n: s.minutes),
                ("Mode", lambda s, _n: s.mode),
                ("Priority", lambda s, _n: s.priority),
                ("Required", lambda s, n: n.of_people(s.required_people)),
                ("Assessors", _assessor_need),
            ),
        ),
        ItemTable(
            "people",
            "person",
            "People",
            (
                ("Name", lambda p, _n: p.name),
                ("Role", lambda p, _n: p.role),
                ("Team", lambda p, _n: p.team),
                ("Kind", lambda p, _n: p.kind),
                ("Escort", lambda p, _n: "yes" if p.can_escort else ""),
                ("Available", _availability),
            ),
        ),
        ItemTable(
            "assessors",
            "assessor",
            "Assessors",
            (
                ("Name", lambda a, _n: a.name),
                ("Role", lambda a, _n: a.role),
                ("Email", lambda a, _n: a.email),
                ("Available", _availability),
            ),
        ),
        ItemTable(
            "rooms",
            "room",
            "Rooms",
            (
                ("Name", lambda r, _n: r.name),
                ("Site", lambda r, n: n.sites.get(r.site, r.site)),
                ("Capacity", lambda r, _n: r.capacity),
                ("Features", lambda r, _n: feature_labels(r.features)),
                ("Available", _availability),
            ),
        ),
        ItemTable(
            "sites",
            "site",
            "Sites",
            (("Name", lambda s, _n: s.name), ("Address", lambda s, _n: s.address)),
        ),
    )
}
