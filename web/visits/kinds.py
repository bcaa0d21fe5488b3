"""The five lists a visit holds, described once so that one set of views edits them all."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from flask_wtf import FlaskForm

from scheduler import domain
from scheduler.services import visits as visit_services
from web.visits.forms import AssessorForm, PersonForm, RoomForm, SessionForm, SiteForm


@dataclass(frozen=True)
class ItemKind:
    slug: str  # in the URL and the visit's attribute name
    singular: str
    plural: str
    form: type[FlaskForm]
    save: Callable[..., Any]
    delete: Callable[..., Any]
    columns: tuple[tuple[str, Callable[[Any], object]], ...]

    def items(self, visit: domain.Visit) -> Sequence[Any]:
        return getattr(visit, self.slug)

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


KINDS: dict[str, ItemKind] = {
    kind.slug: kind
    for kind in (
        ItemKind(
            "sessions",
            "session",
            "Sessions",
            SessionForm,
            visit_services.save_session,
            visit_services.delete_session,
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
        ItemKind(
            "people",
            "person",
            "People",
            PersonForm,
            visit_services.save_person,
            visit_services.delete_person,
            (
                ("Name", lambda p: p.name),
                ("Role", lambda p: p.role),
                ("Team", lambda p: p.team),
                ("Kind", lambda p: p.kind),
                ("Escort", lambda p: "yes" if p.can_escort else ""),
                ("Available", _availability),
            ),
        ),
        ItemKind(
            "assessors",
            "assessor",
            "Assessors",
            AssessorForm,
            visit_services.save_assessor,
            visit_services.delete_assessor,
            (
                ("Name", lambda a: a.name),
                ("Role", lambda a: a.role),
                ("Email", lambda a: a.email),
                ("Available", _availability),
            ),
        ),
        ItemKind(
            "rooms",
            "room",
            "Rooms",
            RoomForm,
            visit_services.save_room,
            visit_services.delete_room,
            (
                ("Name", lambda r: r.name),
                ("Site", lambda r: r.site),
                ("Capacity", lambda r: r.capacity),
                ("Features", lambda r: ", ".join(r.features)),
                ("Available", _availability),
            ),
        ),
        ItemKind(
            "sites",
            "site",
            "Sites",
            SiteForm,
            visit_services.save_site,
            visit_services.delete_site,
            (("Name", lambda s: s.name), ("Address", lambda s: s.address)),
        ),
    )
}
