"""Who may see what: the logged-in coordinator, and only the visits they are a member of."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, abort
from flask_login import current_user, login_required

from scheduler.db.accounts import User
from scheduler.errors import NotFound
from scheduler.services.accounts import user_for_session
from scheduler.services.visits import require_visit
from web.database import db
from web.extensions import login_manager

View = TypeVar("View", bound=Callable[..., Any])


def init_app(app: Flask) -> None:
    login_manager.user_loader(_load_user)


def _load_user(session_id: str) -> User | None:
    # The id carries the account's session nonce: a cookie from before a logout or a password
    # change names an old nonce and is refused here, on the server's word.
    return user_for_session(db(), session_id)


def actor() -> User:
    """The coordinator making this request, as the services want it."""
    return current_user._get_current_object()


def member_visit(view: View) -> View:
    """Log in first, then turn the URL's `visit_id` into `visit`: another coordinator's visit,
    or one that does not exist, is a 404 either way, so an id reveals nothing."""

    @functools.wraps(view)
    def wrapper(*args: Any, visit_id: int, **kwargs: Any) -> Any:
        try:
            visit = require_visit(db(), actor(), visit_id)
        except NotFound:
            abort(404)
        return view(*args, visit=visit, **kwargs)

    return login_required(wrapper)
