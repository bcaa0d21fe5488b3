"""Helpers for the availability form tests: a stored visit and a personal link into it."""

from __future__ import annotations

from flask import Flask

from scheduler.services.availability_links import issue_link
from tests.support.web import add_user, add_visit, fixed_clock
from web.database import session_factory

DAY = "2026-03-10"  # the small example visit's one day


def visit_with_link(app: Flask, key: str = "p8", who_kind: str = "person") -> tuple[int, str]:
    """The small example visit (coordinator 'owner@example.org') and a link for one of its people."""
    add_user(app, "owner@example.org", "Olive Owner")
    visit_id = add_visit(app, "owner@example.org")
    with session_factory(app)() as db:
        token = issue_link(db, None, visit_id, who_kind, key, fixed_clock())
        db.commit()
    return visit_id, token


def cell(start: str, day: str = DAY) -> str:
    return f"cell-{day}T{start}"


def day_cells(free_from: str, free_until: str, level: str = "yes") -> dict[str, str]:
    """Form fields for every slot of the day: `level` from free_from to free_until, else "no"."""
    fields = {}
    first, last = (int(t[:2]) * 60 + int(t[3:]) for t in (free_from, free_until))
    for minute in range(9 * 60, 17 * 60, 15):
        start = f"{minute // 60:02d}:{minute % 60:02d}"
        fields[cell(start)] = level if first <= minute < last else "no"
    return fields
