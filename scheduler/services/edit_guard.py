"""Optimistic locking for the coordinator's edit forms.

A form carries the entry as it was when the page was drawn (a "loaded" token: the entry's
stored values as JSON). Saving compares it with the entry as stored now: if someone else (a
coordinator, an import, the person answering through their link) changed it in between, the
save is refused with what they changed, instead of silently putting the old values back.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import Any

from scheduler import domain
from scheduler.db.visit_records import (
    assessor_from_record,
    assessor_values,
    person_from_record,
    person_values,
    room_from_record,
    room_values,
    session_from_record,
    session_values,
    site_from_record,
    site_values,
)
from scheduler.db.visits import AssessorRecord, PersonRecord, RoomRecord, SessionRecord, SiteRecord
from scheduler.domain.visit_changes import field_changes
from scheduler.errors import ServiceError

# Each kind of entry: its stored values, and the entry back from them (through a transient record).
_KINDS: dict[type, tuple[Callable[[Any], dict[str, Any]], Callable[[dict[str, Any]], Any]]] = {
    domain.Site: (site_values, lambda v: site_from_record(SiteRecord(**v))),
    domain.Room: (room_values, lambda v: room_from_record(RoomRecord(**v))),
    domain.Assessor: (assessor_values, lambda v: assessor_from_record(AssessorRecord(**v))),
    domain.Person: (person_values, lambda v: person_from_record(PersonRecord(**v))),
    domain.Session: (session_values, lambda v: session_from_record(SessionRecord(**v))),
}


class ChangedSinceLoaded(ServiceError):
    """Someone changed the entry after this form was drawn; `problems` say what."""


def entry_token(entry: object) -> str:
    """The entry's stored values as compact JSON, for the form's hidden "loaded" field."""
    return json.dumps(_values(entry), sort_keys=True, separators=(",", ":"))


def _values(entry: object) -> dict[str, Any]:
    kind = _KINDS.get(type(entry))
    if kind is not None:
        return kind[0](entry)
    if dataclasses.is_dataclass(entry) and not isinstance(entry, type):  # the visit's settings
        return json.loads(json.dumps(dataclasses.asdict(entry)))  # tuples as lists, as they come back
    raise TypeError(f"no edit form loads a {type(entry).__name__}")


def _from_token(kind: type, token: str) -> Any:
    values = json.loads(token)
    if kind in _KINDS:
        return _KINDS[kind][1](values)
    if kind is domain.Lunch or not dataclasses.is_dataclass(kind):
        raise TypeError(kind)
    fields = {f.name: f for f in dataclasses.fields(kind)}
    if "lunch" in values:
        values["lunch"] = domain.Lunch(**values["lunch"])
    return kind(
        **{name: tuple(v) if isinstance(v, list) else v for name, v in values.items() if name in fields}
    )


def ensure_unchanged(what: str, loaded: str, current: object | None, kind: type) -> None:
    """Refuse (ChangedSinceLoaded) when `current` is not what the form was drawn from.

    `what` names the entry ("person p1"); `current` is None when it has been removed since.
    """
    if current is None:
        raise ChangedSinceLoaded(
            f"Since you opened this form, {what} was removed; saving again adds it back as you see it"
        )
    if entry_token(current) == loaded:
        return
    try:
        before = _from_token(kind, loaded)
        names = [f.name for f in dataclasses.fields(before) if f.name != "id"]
        changed = field_changes(before, current, names)
    except (ValueError, TypeError, KeyError):  # a form drawn by an older version of the app
        changed = []
    message = f"Since you opened this form, {what} changed"
    raise ChangedSinceLoaded(
        message,
        ([f"{message}: {change}" for change in changed] or [message])
        + ["Your changes were not saved. The form still shows them: check them and save again to keep them."],
    )
