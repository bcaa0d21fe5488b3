"""Friendly error pages: a coordinator never sees a traceback."""

from __future__ import annotations

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from web.database import discard_changes

_TITLES = {
    400: "That request did not make sense",
    403: "Not allowed",
    404: "Page not found",
    405: "Not allowed",
    413: "That file is too large",
    500: "Something went wrong",
}


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _form_expired)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)


def _form_expired(error: CSRFError) -> tuple[str, int]:
    discard_changes()
    message = "The form had expired or was sent from elsewhere. Go back, reload the page and try again."
    return render_template("errors/error.html", code=400, title="Please try again", message=message), 400


def _http_error(error: HTTPException) -> tuple[str, int]:
    discard_changes()
    code = error.code or 500
    template = "errors/404.html" if code == 404 else "errors/error.html"
    title = _TITLES.get(code, error.name)
    return render_template(template, code=code, title=title, message=error.description), code


def _unexpected(error: Exception) -> tuple[str, int]:
    discard_changes()
    from flask import current_app

    current_app.logger.exception("unhandled error")
    return render_template("errors/500.html", code=500, title=_TITLES[500]), 500
