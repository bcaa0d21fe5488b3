"""One SQLAlchemy session per request, committed once when the request succeeds.

The engine and session factory live on the app; a request opens its session lazily, the
response commits it (or rolls it back for any 4xx/5xx), and teardown always closes it. A view
runs each service call inside `all_or_nothing()`, so a refusal it catches and shows on the page
(a 200 or a redirect, which commit) leaves nothing half-made behind; the error pages roll back
before they render.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import cast

from flask import Flask, Response, current_app, g
from sqlalchemy.orm import Session, sessionmaker

from scheduler.db.engine import make_engine, make_session_factory, upgrade_database

_FACTORY_KEY = "fieldwork.session_factory"


def init_app(app: Flask) -> None:
    url = app.config["DATABASE_URL"]
    if app.config["MIGRATE_ON_START"]:
        upgrade_database(url)
    app.extensions[_FACTORY_KEY] = make_session_factory(make_engine(url))
    app.after_request(_commit_on_success)
    app.teardown_request(_close)


def session_factory(app: Flask | None = None) -> sessionmaker[Session]:
    return cast(sessionmaker[Session], (app or current_app).extensions[_FACTORY_KEY])


def db() -> Session:
    """The current request's session."""
    if "db" not in g:
        g.db = session_factory()()
    return cast(Session, g.db)


@contextmanager
def all_or_nothing() -> Iterator[None]:
    """Run a view's service call; if it raises, forget what it flushed before the view goes on.

    A view that catches a service's refusal goes on to a 200 or a redirect, which the request
    would commit: without this, a half-made change would be saved with the refusal's message.
    """
    try:
        yield
    except BaseException:
        roll_back_request()
        raise


def roll_back_request() -> None:
    """Forget everything this request flushed (the error pages and all_or_nothing call it)."""
    if "db" in g:
        g.db.rollback()


def _commit_on_success(response: Response) -> Response:
    if "db" in g:
        if response.status_code < 400:
            g.db.commit()
        else:
            g.db.rollback()
    return response


def _close(_error: BaseException | None) -> None:
    session = g.pop("db", None)
    if session is not None:
        session.rollback()  # a no-op after a commit; undoes anything left by an exception
        session.close()
