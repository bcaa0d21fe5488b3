"""The five lists a visit holds, described once so that one set of views edits them all."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_wtf import FlaskForm

from scheduler.services import visits as visit_services
from web.visit_items import ITEM_TABLES, ItemTable
from web.visits.forms import AssessorForm, PersonForm, RoomForm, SessionForm, SiteForm


@dataclass(frozen=True)
class ItemKind(ItemTable):
    """A list's table with the form that edits one of its items and the services that save and delete it."""

    form: type[FlaskForm]
    save: Callable[..., Any]
    delete: Callable[..., Any]


def _kind(slug: str, form: type[FlaskForm], save: Callable[..., Any], delete: Callable[..., Any]) -> ItemKind:
    table = ITEM_TABLES[slug]
    return ItemKind(table.slug, table.singular, table.plural, table.columns, form, save, delete)


KINDS: dict[str, ItemKind] = {
    kind.slug: kind
    for kind in (
        _kind("sessions", SessionForm, visit_services.save_session, visit_services.delete_session),
        _kind("people", PersonForm, visit_services.save_person, visit_services.delete_person),
        _kind("assessors", AssessorForm, visit_services.save_assessor, visit_services.delete_assessor),
        _kind("rooms", RoomForm, visit_services.save_room, visit_services.delete_room),
        _kind("sites", SiteForm, visit_services.save_site, visit_services.delete_site),
    )
}
