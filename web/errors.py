"""Friendly error pages: a coordinator never sees a traceback.

A database that is not answering (restarting, unreachable, its connections cut) is a 503 with
"please try again": the request's transaction was never committed, so nothing of it was saved,
and sending the same form again once the database is back is safe.
"""

from __future__ import annotations

import contextlib
from typing import NoReturn

from flask import Flask, current_app, render_template
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException, InternalServerError

from scheduler.services.personal_links import link_was_issued
from web.database import db, roll_back_request

_TITLES = {
    400: "That request did not make sense",
    403: "Not allowed",
    404: "Page not found",
    405: "Not allowed",
    413: "That file is too large",
    500: "Something went wrong",
}
RETRY_AFTER_SECONDS = 5


class PersonalLinkGone(HTTPException):
    """A personal link (availability form, assessor's request page, calendar feed, invite answer)
    that does not open: 410 for one of ours that was revoked, superseded or expired, 404 for a
    token never issued. Both get the same page, which tells its holder what to do."""

    def __init__(self, issued: bool) -> None:
        super().__init__()
        self.code = 410 if issued else 404


def personal_link_gone(token: str) -> NoReturn:
    raise PersonalLinkGone(link_was_issued(db(), token))


def init_app(app: Flask) -> None:
    app.register_error_handler(PersonalLinkGone, _personal_link_gone)
    app.register_error_handler(CSRFError, _form_expired)
    # Raised in a view; raised while the request's commit runs (after the view) it reaches
    # Flask as a 500 carrying it as original_exception.
    app.register_error_handler(OperationalError, _database_unavailable)
    app.register_error_handler(DBAPIError, _database_error)
    app.register_error_handler(PoolTimeout, _database_unavailable)
    app.register_error_handler(InternalServerError, _server_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)


def database_unavailable(error: BaseException | None) -> bool:
    """True for the errors that mean "the database could not be reached or dropped us"."""
    if isinstance(error, (OperationalError, PoolTimeout)):
        return True
    return isinstance(error, DBAPIError) and error.connection_invalidated


def _form_expired(error: CSRFError) -> tuple[str, int]:
    roll_back_request()
    message = "The form had expired or was sent from elsewhere. Go back, reload the page and try again."
    return render_template("errors/error.html", code=400, title="Please try again", message=message), 400


def _personal_link_gone(error: PersonalLinkGone) -> tuple[str, int, dict[str, str]]:
    roll_back_request()
    page = render_template("errors/link_gone.html")
    return page, error.code or 404, {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


def _http_error(error: HTTPException) -> tuple[str, int]:
    roll_back_request()
    code = error.code or 500
    template = "errors/404.html" if code == 404 else "errors/error.html"
    title = _TITLES.get(code, error.name)
    return render_template(template, code=code, title=title, message=error.description), code


def _server_error(error: InternalServerError) -> tuple[str, int, dict[str, str]] | tuple[str, int]:
    if database_unavailable(error.original_exception):
        return _database_unavailable(error.original_exception)  # type: ignore[arg-type]
    return _http_error(error)


def _database_error(error: DBAPIError) -> tuple[str, int, dict[str, str]] | tuple[str, int]:
    if database_unavailable(error):
        return _database_unavailable(error)
    return _unexpected(error)


def _database_unavailable(error: SQLAlchemyError) -> tuple[str, int, dict[str, str]]:
    # The connection may be the broken part: forgetting the request's changes must not fail too.
    with contextlib.suppress(SQLAlchemyError):
        roll_back_request()
    # The kind of failure and the driver's first line ("Connection refused"); never a statement.
    cause = getattr(error, "orig", None) or error
    summary = (str(cause).strip().splitlines() or [""])[0][:200]
    current_app.logger.warning("database unavailable: %s: %s", type(cause).__name__, summary)
    # Rendered without the context processors: they would ask the database who is logged in.
    page = current_app.jinja_env.get_template("errors/503.html").render()
    return page, 503, {"Retry-After": str(RETRY_AFTER_SECONDS)}


def _unexpected(error: Exception) -> tuple[str, int]:
    roll_back_request()
    current_app.logger.exception("unhandled error")
    return render_template("errors/500.html", code=500, title=_TITLES[500]), 500
