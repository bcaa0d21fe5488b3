"""The request edge: a refusal a view catches and shows on the page leaves nothing half-made."""

from __future__ import annotations

import ast
from datetime import UTC, datetime
from pathlib import Path

from flask import Blueprint, Flask, flash

from scheduler.errors import ServiceError
from scheduler.services.accounts import create_user, find_user_by_email
from web.database import all_or_nothing, db, session_factory

WEB = Path(__file__).resolve().parents[2] / "web"
REFUSALS = {"ServiceError", "VisitFileError"}
NOW = datetime(2026, 2, 1, 9, 0, tzinfo=UTC)


def add_half_made_change(app: Flask, *, guarded: bool) -> None:
    """A view whose service saves a new account, then refuses; the view shows the refusal (200)."""
    blueprint = Blueprint("half_made", __name__)

    def enrol() -> str:
        try:
            if guarded:
                with all_or_nothing():
                    create_user(db(), "kieran.gill@example.org", "a long password", "Kieran Gill", NOW)
                    raise ServiceError("Kieran Gill's team is not in this visit")
            create_user(db(), "kieran.gill@example.org", "a long password", "Kieran Gill", NOW)
            raise ServiceError("Kieran Gill's team is not in this visit")
        except ServiceError as error:
            flash(str(error), "error")
            return "Not enrolled"

    blueprint.add_url_rule("/enrol", view_func=enrol, methods=["POST"])
    app.register_blueprint(blueprint)


def stored(app: Flask) -> bool:
    with session_factory(app)() as session:
        return find_user_by_email(session, "kieran.gill@example.org") is not None


def test_a_refused_service_call_saves_nothing_although_the_page_says_ok(app: Flask):
    add_half_made_change(app, guarded=True)

    response = app.test_client().post("/enrol")

    assert response.status_code == 200
    assert not stored(app)


def test_without_the_guard_the_same_view_would_save_the_half_made_change(app: Flask):
    # Why views run their service calls inside all_or_nothing(): a 200 commits.
    add_half_made_change(app, guarded=False)

    app.test_client().post("/enrol")

    assert stored(app)


def _catches_a_refusal(handler: ast.ExceptHandler) -> bool:
    caught = handler.type
    names = caught.elts if isinstance(caught, ast.Tuple) else [caught]
    return any(isinstance(name, ast.Name) and name.id in REFUSALS for name in names)


def _guarded(body: list[ast.stmt]) -> bool:
    return (
        len(body) == 1
        and isinstance(body[0], ast.With)
        and any(
            isinstance(item.context_expr, ast.Call)
            and isinstance(item.context_expr.func, ast.Name)
            and item.context_expr.func.id == "all_or_nothing"
            for item in body[0].items
        )
    )


def test_every_view_that_catches_a_refusal_runs_the_service_inside_all_or_nothing():
    unguarded = []
    for path in sorted(WEB.rglob("routes.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Try) or _guarded(node.body):
                continue
            if any(_catches_a_refusal(handler) for handler in node.handlers):
                unguarded.append(f"{path.relative_to(WEB.parent)}:{node.lineno}")

    assert unguarded == []
