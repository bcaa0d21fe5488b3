"""An assessor's pages reached from their personal link (no login; the token is the key): asking
for a session, and writing their own pen profile."""

from __future__ import annotations

from typing import NoReturn

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from werkzeug.wrappers import Response as BaseResponse

from scheduler.errors import NotFound, ServiceError
from scheduler.services.assessor_requests import assessor_request_page, submit_assessor_request
from scheduler.services.availability_links import resolve_link
from scheduler.services.pen_profiles import PEN_PROFILE_SUFFIX, pen_profile_page, write_pen_profile
from web.assessor_requests.forms import AssessorRequestForm, PenProfileForm
from web.clock import now
from web.database import all_or_nothing, db
from web.errors import personal_link_gone
from web.form_fields import select_choices

blueprint = Blueprint("assessor_requests", __name__, template_folder="templates")


@blueprint.after_request
def _keep_the_token_private(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@blueprint.route("/availability/<token>/session-request", methods=["GET", "POST"])
def new(token: str) -> str | BaseResponse | tuple[str, int]:
    try:
        page = assessor_request_page(db(), token, now())
    except NotFound:
        _not_an_assessors_link(token)
    form = AssessorRequestForm()
    form.replaces.choices = select_choices([("", "—")] + [(key, title) for key, title in page.sessions])
    form.people.choices = select_choices(list(page.people))
    form.teams.choices = select_choices([(team, team) for team in page.teams])
    problems: list[str] = []
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                request_id = submit_assessor_request(db(), token, form.ask(), now())
        except NotFound:
            _not_an_assessors_link(token)
        except ServiceError as error:
            problems = error.problems
        else:
            return render_template(
                "assessor_requests/sent.html", page=page, request_id=request_id, token=token
            )
    elif form.is_submitted():
        problems = [message for messages in form.errors.values() for message in messages]
    html = render_template("assessor_requests/new.html", page=page, form=form, problems=problems, token=token)
    return (html, 400) if problems else html


@blueprint.route(f"/availability/<token>{PEN_PROFILE_SUFFIX}", methods=["GET", "POST"])
def pen_profile(token: str) -> str | BaseResponse | tuple[str, int]:
    try:
        page = pen_profile_page(db(), token, now())
    except NotFound:
        _not_an_assessors_link(token)
    form = PenProfileForm()
    problems: list[str] = []
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                write_pen_profile(db(), token, form.profile.data or "", now())
        except NotFound:
            _not_an_assessors_link(token)
        except ServiceError as error:
            problems = error.problems
        else:
            flash("Your pen profile is saved. Attendees will read it before they meet you.", "success")
            return redirect(url_for("assessor_requests.pen_profile", token=token))
    elif form.is_submitted():
        problems = [message for messages in form.errors.values() for message in messages]
    else:
        form.profile.data = page.profile
    html = render_template(
        "assessor_requests/pen_profile.html", page=page, form=form, problems=problems, token=token
    )
    return (html, 400) if problems else html


def _not_an_assessors_link(token: str) -> NoReturn:
    # A person's working link opens their own form, not this page: plain 404. A link that was
    # revoked, superseded or has expired says so.
    if resolve_link(db(), token, now()) is not None:
        abort(404)
    personal_link_gone(token)
