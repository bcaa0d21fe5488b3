"""Saying in words what changed between two versions of a visit, entry by entry (pure)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from scheduler import domain

# (attribute of domain.Visit, what one entry is called, the field that names it for people)
ENTRY_KINDS: tuple[tuple[str, str, str], ...] = (
    ("sites", "site", "name"),
    ("rooms", "room", "name"),
    ("assessors", "assessor", "name"),
    ("people", "person", "name"),
    ("sessions", "session", "title"),
)
ENTRY_PLURALS = {kind: attribute for attribute, kind, _ in ENTRY_KINDS}
SETTINGS_FIELDS = (
    "name",
    "organisation",
    "timezone",
    "days",
    "day_start",
    "day_end",
    "slot_minutes",
    "lunch",
    "escort_minutes",
    "staff_max_sessions_per_day",
    "coverage_themes",
)


def format_value(value: Any, field_name: str = "") -> str:
    if value is None:
        return "whole visit" if field_name == "available" else "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, domain.Interval):
        text = f"{value.day} {value.start}-{value.end}"
        return text if value.level == "yes" else f"{text} ({value.level.replace('_', ' ')})"
    if isinstance(value, domain.Pin):
        where = " ".join(part for part in (value.room, value.mode) if part)
        return f"{value.day} {value.start}" + (f" {where}" if where else "")
    if isinstance(value, domain.AssessorNeed):
        pool = "any" if value.from_ids is None else "[" + ", ".join(value.from_ids) + "]"
        return f"{value.count} from {pool}"
    if isinstance(value, domain.Lunch):
        return f"{value.minutes} minutes within {value.earliest}-{value.latest}"
    if isinstance(value, tuple):
        return ", ".join(format_value(item) for item in value) if value else "none"
    if isinstance(value, str):
        return f"'{value}'" if (" " in value or not value) else value
    return str(value)


def field_changes(old: object, new: object, names: Sequence[str] | None = None) -> list[str]:
    """'minutes 60 -> 90' for each field that differs."""
    fields = names if names is not None else [f.name for f in dataclasses.fields(old)]  # type: ignore[arg-type]
    changes = []
    for name in fields:
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            changes.append(f"{name} {format_value(before, name)} -> {format_value(after, name)}")
    return changes


def _entry_changes(kind: str, label_field: str, old: Sequence[Any], new: Sequence[Any]) -> list[str]:
    old_by_id = {item.id: item for item in old}
    new_ids = {item.id for item in new}
    messages = []
    for item in new:
        before = old_by_id.get(item.id)
        if before is None:
            messages.append(f"added {kind} {item.id} '{getattr(item, label_field)}'")
        elif before != item:
            fields = [f.name for f in dataclasses.fields(item) if f.name != "id"]
            messages.append(f"changed {kind} {item.id}: " + ", ".join(field_changes(before, item, fields)))
    for item in old:
        if item.id not in new_ids:
            messages.append(f"removed {kind} {item.id} '{getattr(item, label_field)}'")
    kept_in_old_order = [item.id for item in old if item.id in new_ids]
    kept_in_new_order = [item.id for item in new if item.id in old_by_id]
    if kept_in_old_order != kept_in_new_order:
        messages.append(f"reordered {ENTRY_PLURALS[kind]}")
    return messages


def _travel_changes(old: Sequence[domain.Travel], new: Sequence[domain.Travel]) -> list[str]:
    old_by_pair = {(t.from_site, t.to_site): t for t in old}
    new_pairs = {(t.from_site, t.to_site) for t in new}
    messages = []
    for travel in new:
        name = f"{travel.from_site}-{travel.to_site}"
        before = old_by_pair.get((travel.from_site, travel.to_site))
        if before is None:
            messages.append(f"added travel {name} {travel.minutes} minutes")
        elif before.minutes != travel.minutes:
            messages.append(f"changed travel {name}: minutes {before.minutes} -> {travel.minutes}")
    for travel in old:
        if (travel.from_site, travel.to_site) not in new_pairs:
            messages.append(f"removed travel {travel.from_site}-{travel.to_site}")
    return messages


def _team_changes(old: Sequence[domain.Team], new: Sequence[domain.Team]) -> list[str]:
    old_by_name = {team.name: team for team in old}
    new_names = [team.name for team in new]
    messages = []
    for team in new:
        before = old_by_name.get(team.name)
        if before is None:
            messages.append(f"added team {format_value(team.name)}")
        elif before != team:
            changes = field_changes(before, team, ("max_away", "max_away_percent", "frontline"))
            messages.append(f"changed team {format_value(team.name)}: " + ", ".join(changes))
    messages += [f"removed team {format_value(team.name)}" for team in old if team.name not in new_names]
    if [t.name for t in old if t.name in new_names] != [name for name in new_names if name in old_by_name]:
        messages.append("reordered teams")
    return messages


def describe_changes(old: domain.Visit, new: domain.Visit) -> list[str]:
    """Every difference: settings first, then sites, travel, rooms, assessors, people, sessions, teams."""
    messages = []
    settings = field_changes(old, new, SETTINGS_FIELDS)
    if settings:
        messages.append("changed visit settings: " + ", ".join(settings))
    for attribute, kind, label_field in ENTRY_KINDS:
        messages += _entry_changes(kind, label_field, getattr(old, attribute), getattr(new, attribute))
        if attribute == "sites":
            messages += _travel_changes(old.travel, new.travel)
    return messages + _team_changes(old.teams, new.teams)
