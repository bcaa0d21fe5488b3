"""The five lists a visit holds, as tables: their names and the columns a page shows for each.

Shared by the visit's pages (which also edit the lists, see web/visits/kinds.py) and the
spreadsheet import's preview, so both name and show an item the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from scheduler import domain


@dataclass(frozen=True)
class ItemTable:
    slug: str  # in the URL and the visit's attribute name
    singular: str
    plural: str
    columns: tuple[tuple[str, Callable[[Any], object]], ...]

    def items(self, visit: domain.Visit) -> Sequence[Any]:
        return getattr(visit, self.slug)

    def ids(self, visit: domain.Visit) -> list[str]:
        return [item.id for item in self.items(visit)]

    def find(self, visit: domain.Visit, key: str) -> Any | None:
        return next((item for item in self.items(visit) if item.id == key), None)


def _availability(item: Any) -> str:
    if item.available is None:
        return "whole visit"
    if not item.available:
        return "never"
    return f"{len(item.available)} interval(s)"


def _assessor_need(session: domain.Session) -> str:
    need = session.assessors
    pool = f" from {', '.join(need.from_ids)}" if need.from_ids else ""
    return f"{need.count}{pool}"


ITEM_TABLES: dict[str, ItemTable] = {
    table.slug: table
    for table in (
        ItemTable(
            "sessions",
            "session",
            "Sessions",
            (
                ("Title", lambda s: s.title),
                ("Kind", lambda s: s.kind),
                ("Minutes", lambda s: s.minutes),
                ("Mode", lambda s: s.mode),
                ("Priority", lambda s: s.priority),
                ("Required", lambda s: ", ".join(s.required_people)),
                ("Assessors", _assessor_need),
            ),
        ),
        ItemTable(
            "people",
            "person",
            "People",
            (
                ("Name", lambda p: p.name),
                ("Role", lambda p: p.role),
                ("Team", lambda p: p.team),
                ("Kind", lambda p: p.kind),
                ("Escort", lambda p: "yes" if p.can_escort else ""),
                ("Available", _availability),
            ),
        ),
        ItemTable(
            "assessors",
            "assessor",
            "Assessors",
            (
                ("Name", lambda a: a.name),
                ("Role", lambda a: a.role),
                ("Email", lambda a: a.email),
                ("Available", _availability),
            ),
        ),
        ItemTable(
            "rooms",
            "room",
            "Rooms",
            (
                ("Name", lambda r: r.name),
                ("Site", lambda r: r.site),
                ("Capacity", lambda r: r.capacity),
                ("Features", lambda r: ", ".join(r.features)),
                ("Available", _availability),
            ),
        ),
        ItemTable(
            "sites",
            "site",
            "Sites",
            (("Name", lambda s: s.name), ("Address", lambda s: s.address)),
        ),
    )
}
