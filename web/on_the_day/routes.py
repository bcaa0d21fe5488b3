"""The control page for the days on site, and an escort's run-sheet on a phone.

Coordinators and escort leads mark sessions held or not held, running late, rooms freed and
attendees who did not come; viewers read the board. Every mark redirects back to the board at
the session it changed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from scheduler.db.visits import VisitRecord
from scheduler.errors import NotFound, ServiceError
from scheduler.invites.escort_day import escort_day_for_token, run_sheet_on_the_day
from scheduler.services import on_the_day
from scheduler.services.timetables import published_timetable
from scheduler.services.visits import load_visit
from web.access import actor, audience, member_visit
from web.clock import now
from web.database import all_or_nothing, db
from web.errors import personal_link_gone
from web.on_the_day.forms import AttendanceForm, LateForm, MarkForm, RoomForm

blueprint = Blueprint("on_the_day", __name__, template_folder="templates")


@blueprint.route("/visits/<int:visit_id>/today")
@member_visit(can="view")
def control(visit: VisitRecord) -> str:
    """Today's sessions against the clock (another day of the visit with ?day=)."""
    try:
        board = on_the_day.control_day(db(), visit.id, now(), audience(), request.args.get("day") or None)
    except NotFound:
        abort(404)
    return render_template(
        "on_the_day/control.html",
        visit=visit,
        board=board,
        mark_form=MarkForm(formdata=None),
        late_form=LateForm(formdata=None),
        button_form=AttendanceForm(formdata=None),
    )


def _back(visit: VisitRecord, session_id: str, day: str | None) -> Response:
    return redirect(
        url_for("on_the_day.control", visit_id=visit.id, day=day or None) + f"#session-{session_id}"
    )


def _refused(form: FlaskForm) -> str:
    return (
        "; ".join(error for errors in form.errors.values() for error in errors)
        or "Open the page again and retry."
    )


@blueprint.route("/visits/<int:visit_id>/today/<session_id>/mark", methods=["POST"])
@member_visit(can="run_the_day")
def mark(visit: VisitRecord, session_id: str) -> Response:
    form = MarkForm()
    if not form.validate_on_submit():
        flash(_refused(form), "error")
        return _back(visit, session_id, request.args.get("day"))
    return _apply(
        visit,
        session_id,
        lambda: on_the_day.mark_session(db(), actor(), visit.id, session_id, form.state.data or "", now()),
    )


@blueprint.route("/visits/<int:visit_id>/today/<session_id>/late", methods=["POST"])
@member_visit(can="run_the_day")
def late(visit: VisitRecord, session_id: str) -> Response:
    form = LateForm()
    if not form.validate_on_submit():
        flash(_refused(form), "error")
        return _back(visit, session_id, request.args.get("day"))
    minutes = int(form.minutes.data or 0)
    return _apply(
        visit,
        session_id,
        lambda: on_the_day.set_running_late(db(), actor(), visit.id, session_id, minutes, now()),
    )


@blueprint.route("/visits/<int:visit_id>/today/<session_id>/attendance/<person>", methods=["POST"])
@member_visit(can="run_the_day")
def attendance(visit: VisitRecord, session_id: str, person: str) -> Response:
    form = AttendanceForm()
    if not form.validate_on_submit():
        flash(_refused(form), "error")
        return _back(visit, session_id, request.args.get("day"))
    came = form.came.data == "yes"
    return _apply(
        visit,
        session_id,
        lambda: on_the_day.mark_no_show(db(), actor(), visit.id, session_id, person, came, now()),
    )


@blueprint.route("/visits/<int:visit_id>/today/<session_id>/room", methods=["POST"])
@member_visit(can="run_the_day")
def room(visit: VisitRecord, session_id: str) -> Response:
    form = RoomForm()
    if not form.validate_on_submit():
        flash(_refused(form), "error")
        return _back(visit, session_id, request.args.get("day"))
    freed = form.freed.data == "yes"
    return _apply(
        visit, session_id, lambda: on_the_day.free_room(db(), actor(), visit.id, session_id, freed, now())
    )


def _apply(visit: VisitRecord, session_id: str, change: Callable[[], str]) -> Response:
    """Run one mark inside all_or_nothing and say on the board what it did (or why not)."""
    try:
        with all_or_nothing():
            message = change()
    except NotFound:
        abort(404)
    except ServiceError as error:
        flash(str(error), "error")
    else:
        flash(message, "success")
    return _back(visit, session_id, request.args.get("day"))


@blueprint.route("/visits/<int:visit_id>/today/escorts/<person_key>")
@member_visit(can="run_escorts")
def escort_today(visit: VisitRecord, person_key: str) -> str:
    """One escort's duties of the day, made for a phone: next pick-up first, news from the board."""
    content = load_visit(db(), visit.id)
    person = next((p for p in content.people if p.id == person_key), None)
    timetable = published_timetable(db(), visit.id)
    if person is None or timetable is None:
        abort(404)
    moment = on_the_day.moment_of(content, now())
    day = request.args.get("day") or moment.day
    if day not in content.days:
        day = content.days[0] if moment.day < content.days[0] else content.days[-1]
    duties = run_sheet_on_the_day(
        content, timetable, on_the_day.progress_of(db(), visit.id), person.id, day, moment
    )
    return render_template(
        "on_the_day/escort.html",
        visit=visit,
        content=content,
        person=person,
        day=day,
        duties=duties,
        moment=moment,
    )


@blueprint.route("/feeds/<token>/today")
def escort_by_link(token: str) -> str:
    """An escort's run-sheet through their personal calendar link: made for the phone in their
    pocket, and like the feed it names no person using services or carer."""
    kept = timedelta(days=current_app.config["FEED_DAYS_AFTER_VISIT"])
    page = escort_day_for_token(db(), token, now(), kept, request.args.get("day") or None)
    if page is None:
        personal_link_gone(token)
    return render_template(
        "on_the_day/escort.html",
        visit=None,
        content=page.visit,
        person=page.person,
        day=page.day,
        duties=page.duties,
        token=token,
    )
