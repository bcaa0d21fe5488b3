"""Who may see what: the logged-in member, only the visits they are in, and only what their role
allows there (the table is `scheduler.services.roles.PERMISSIONS`)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, overload

from flask import Flask, abort, g, render_template, request
from flask_login import current_user, login_required

from scheduler.db.accounts import User
from scheduler.domain.privacy import COORDINATOR, SHARED
from scheduler.errors import NotFound
from scheduler.services.accounts import user_for_session
from scheduler.services.members import visit_role
from scheduler.services.roles import PERMISSIONS, ROLES, permission_to_edit, role_may, role_name
from scheduler.services.visits import require_visit
from web.database import db
from web.extensions import login_manager

View = TypeVar("View", bound=Callable[..., Any])
# A permission, or a function of the URL's values that names one (editing rooms is not editing people).
Permission = str | Callable[..., str]
_READING = ("GET", "HEAD")
# What a route needs when its decorator names nothing: a coordinator's power, so a route added
# without thinking about roles is closed to escort leads and viewers rather than open to them.
DEFAULT_PERMISSION = "set_up"


def init_app(app: Flask) -> None:
    login_manager.user_loader(_load_user)
    app.jinja_env.globals["can"] = may
    app.jinja_env.globals["permission_to_edit"] = permission_to_edit


def _load_user(session_id: str) -> User | None:
    # The id carries the account's session nonce: a cookie from before a logout or a password
    # change names an old nonce and is refused here, on the server's word.
    return user_for_session(db(), session_id)


def actor() -> User:
    """The coordinator making this request, as the services want it."""
    return current_user._get_current_object()


def may(permission: str) -> bool:
    """Whether the member making this request may do this in the visit of the URL (templates
    ask it to show only the links and buttons a role can use)."""
    return role_may(g.get("visit_role"), permission)


def audience() -> str:
    """Whom a page of the visit is for: its coordinators' own view names people using services
    and carers; a viewer (a director, the lead inspector's contact) gets what is shared."""
    return COORDINATOR if may("see_details") else SHARED


@overload
def member_visit(view: View) -> View: ...
@overload
def member_visit(
    *, can: Permission = DEFAULT_PERMISSION, read: Permission | None = None
) -> Callable[[View], View]: ...


def member_visit(
    view: View | None = None, *, can: Permission = DEFAULT_PERMISSION, read: Permission | None = None
) -> Any:
    """Log in first, then turn the URL's `visit_id` into `visit`, for a member whose role may `can`
    (or `read`, for a GET of a page that also takes a POST).

    Another team's visit, or one that does not exist, is a 404 either way, so an id reveals
    nothing; a member whose role may not do this gets 403 and a page that says why.
    """

    def decorate(inner: View) -> View:
        for named in (can, read):
            if isinstance(named, str) and named not in PERMISSIONS:
                raise ValueError(f"{inner.__name__}: no permission {named!r} in the roles table")

        @functools.wraps(inner)
        def wrapper(*args: Any, visit_id: int, **kwargs: Any) -> Any:
            try:
                visit = require_visit(db(), actor(), visit_id)
            except NotFound:
                abort(404)
            role = visit_role(db(), visit.id, actor())
            g.visit_role = role
            wanted = read if read is not None and request.method in _READING else can
            permission = wanted(**kwargs) if callable(wanted) else wanted
            if not role_may(role, permission):
                return _not_allowed(visit, role, permission)
            return inner(*args, visit=visit, **kwargs)

        return login_required(wrapper)

    return decorate(view) if view is not None else decorate


_NEEDS = {
    "view": "see this visit",
    "see_details": "see people's details",
    "set_up": "set up the visit",
    "arrange_rooms": "change rooms and sites",
    "run_escorts": "manage escorts and calendar links",
    "run_the_day": "mark sessions on the day",
    "plan": "plan the visit",
    "adjust": "adjust the timetable",
    "publish": "publish the timetable",
    "read_audit": "read the audit log",
    "manage_members": "change who is in the team",
}


def _not_allowed(visit: Any, role: str | None, permission: str) -> tuple[str, int]:
    allowed = [role_name(r).lower() for r in ROLES if r in PERMISSIONS[permission]]
    page = render_template(
        "members/not_allowed.html",
        visit=visit,
        role=role_name(role or ""),
        need=_NEEDS.get(permission, permission.replace("_", " ")),
        allowed=allowed,
        reading=request.method in _READING,
    )
    return page, 403


def editing_kind(kind: str, **_: Any) -> str:
    """The permission for adding, editing or removing an entry of the URL's kind."""
    return permission_to_edit(kind)
