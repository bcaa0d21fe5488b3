"""The personal availability form: open it from the link, paint the grid, save, see it saved.

No login: the token in the URL is the key. A revoked, superseded or expired link gets a page
saying it no longer works and to ask the coordinator (410; 404 for a token never issued).
The pages are never cached and send no Referer, so the token stays put.
"""

from __future__ import annotations

from functools import partial

from flask import Blueprint, Response, redirect, render_template, url_for
from werkzeug.wrappers import Response as BaseResponse

from scheduler.domain.availability_grid import apply_shortcut, summary_lines
from scheduler.errors import NotFound, ServiceError
from scheduler.invites.feed_links import new_feed_links
from scheduler.services.availability_answers import (
    AvailabilityForm,
    availability_form,
    submit_availability,
)
from scheduler.services.availability_links import LinkOwner, resolve_link
from web.availability.forms import AnswerForm, cell_name
from web.clock import now
from web.database import all_or_nothing, db
from web.errors import personal_link_gone
from web.feed_links import feed_link
from web.mail import send_after_commit

blueprint = Blueprint("availability", __name__, template_folder="templates")


@blueprint.after_request
def _keep_the_token_private(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@blueprint.route("/availability/<token>", methods=["GET", "POST"])
def form(token: str) -> str | BaseResponse | tuple[str, int]:
    answer = AnswerForm()
    if not answer.is_submitted():
        context = availability_form(db(), _owner(token), now())
        answer = AnswerForm(formdata=None, data=_initial(context))
        return _page(context, answer)
    shortcut = answer.shortcut_parts()
    if shortcut is not None:  # a shortcut button without JavaScript: fill the grid, save nothing
        context = availability_form(db(), _owner(token), now())
        answer.cells.data = apply_shortcut(context.grid, answer.cells.data, *shortcut)
        return _page(context, answer)
    if not answer.validate():
        return _page(availability_form(db(), _owner(token), now()), answer), 400
    try:
        with all_or_nothing():
            # The service checks the token itself (NotFound), so a save resolves it once.
            submit_availability(
                db(),
                token,
                answer.cells.data,
                answer.chosen_needs(),
                answer.can_escort.data,
                answer.note.data or "",
                now(),
                link_url=url_for("availability.form", token=token, _external=True),
                feed_links=partial(new_feed_links, feed_url=feed_link),
            )
    except NotFound:
        personal_link_gone(token)
    except ServiceError as error:
        return _page(availability_form(db(), _owner(token), now()), answer, problems=error.problems), 400
    send_after_commit()
    return redirect(url_for("availability.saved", token=token))


@blueprint.route("/availability/<token>/saved")
def saved(token: str) -> str:
    context = availability_form(db(), _owner(token), now())
    return render_template(
        "availability/saved.html", form=context, summary=summary_lines(context.grid, context.cells)
    )


def _owner(token: str) -> LinkOwner:
    owner = resolve_link(db(), token, now())
    if owner is None:
        personal_link_gone(token)
    return owner


def _initial(context: AvailabilityForm) -> dict[str, object]:
    cells = {}
    for key, level in context.cells.items():
        day, start = key.split(" ")
        cells[(day, start)] = level
    return {
        "cells": cells,
        "step_free": "step_free" in context.needs,
        "hearing_loop": "hearing_loop" in context.needs,
        "interpreter": "interpreter" in context.needs,
        "can_escort": context.can_escort,
        "note": context.note,
    }


def _page(context: AvailabilityForm, answer: AnswerForm, problems: list[str] | None = None) -> str:
    return render_template(
        "availability/form.html", form=context, answer=answer, problems=problems or [], cell_name=cell_name
    )
