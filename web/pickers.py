"""What the forms' pickers offer, drawn from the visit: its people by name with team and role,
its assessors, sessions, rooms, sites, days and room features in words."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField

from scheduler import domain
from scheduler.domain.clocktime import day_label
from scheduler.domain.features import feature_label, features_in_use
from web.form_fields import PickerChoice, PickerField, select_choices


def _joined(*parts: str) -> str:
    return " · ".join(part for part in parts if part)


def people_choices(visit: domain.Visit, leave_out: str | None = None) -> list[PickerChoice]:
    people = sorted(visit.people, key=lambda p: p.name.lower())
    return [
        PickerChoice(p.id, p.name, _joined(p.team, p.role, p.organisation if p.kind == "partner" else ""))
        for p in people
        if p.id != leave_out
    ]


def assessor_choices(visit: domain.Visit) -> list[PickerChoice]:
    return [
        PickerChoice(a.id, a.name, a.role.replace("_", " ").capitalize())
        for a in sorted(visit.assessors, key=lambda a: a.name.lower())
    ]


def session_choices(visit: domain.Visit, leave_out: str | None = None) -> list[PickerChoice]:
    return [
        PickerChoice(s.id, s.title, s.kind.replace("_", " ").capitalize())
        for s in visit.sessions
        if s.id != leave_out
    ]


def feature_choices(visit: domain.Visit) -> list[PickerChoice]:
    return [PickerChoice(code, feature_label(code)) for code in features_in_use(visit)]


def day_choices(visit: domain.Visit) -> list[PickerChoice]:
    return [PickerChoice(day, day_label(day), day) for day in visit.days]


# Each picker field name, and the entries it chooses among.
_PICKERS = {
    "required_people": people_choices,
    "invited_people": people_choices,
    "supporters": people_choices,
    "assessors_from": lambda visit, _own: assessor_choices(visit),
    "after": session_choices,
    "room_features": lambda visit, _own: feature_choices(visit),
    "needs": lambda visit, _own: feature_choices(visit),
    "features": lambda visit, _own: feature_choices(visit),
    "days": lambda visit, _own: day_choices(visit),
}


def offer_choices(form: FlaskForm, visit: domain.Visit, own_id: str | None = None) -> None:
    """Fill every picker and entry select of `form` from the visit; `own_id` (the entry being
    edited) is not offered as its own supporter, manager or predecessor."""
    for field in form:
        if isinstance(field, PickerField) and field.name in _PICKERS:
            field.choices = _PICKERS[field.name](visit, own_id)
    selects = {
        "fixed_room": [("", "Any room")] + [(r.id, _room_label(visit, r)) for r in visit.rooms],
        "manager": [("", "None")] + [(c.value, c.label) for c in people_choices(visit, own_id)],
        "site": [(s.id, s.name) for s in visit.sites],
        "fixed_day": [("", "—")] + [(day, day_label(day)) for day in visit.days],
    }
    for name, pairs in selects.items():
        field = getattr(form, name, None)
        if isinstance(field, SelectField):
            current = field.data
            if current and current not in {value for value, _ in pairs}:
                pairs.append((current, current))  # a value from before stays visible, not lost
            field.choices = select_choices(pairs)


def _room_label(visit: domain.Visit, room: domain.Room) -> str:
    site = next((s.name for s in visit.sites if s.id == room.site), room.site)
    return f"{room.name} ({site})" if len(visit.sites) > 1 else room.name
