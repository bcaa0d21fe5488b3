"""Moving a session by hand with its rule breaks shown as you choose, pinning it, and comparing
two versions: what moved and who is affected."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from scheduler.db.visits import VisitRecord
from scheduler.errors import NotFound, ServiceError
from scheduler.planning.move_preview import MovePreview
from scheduler.services import adjust
from web.access import actor, member_visit
from web.adjust.forms import CompareForm, MoveCheckQuery, MoveForm, PinForm
from web.clock import now
from web.database import all_or_nothing, db
from web.form_fields import select_choices

blueprint = Blueprint("adjust", __name__, template_folder="templates")

MOVE = "/visits/<int:visit_id>/timetable/versions/<int:number>/sessions/<session_id>"


@blueprint.route(f"{MOVE}/move", methods=["GET", "POST"])
@member_visit(can="adjust")
def move(visit: VisitRecord, number: int, session_id: str) -> str | Response:
    options = _options_or_404(visit, number, session_id)
    form = MoveForm()
    form.offer(list(options.days), list(options.starts), list(options.rooms))
    form.offer_people(list(options.people))
    if request.method == "GET":
        form.day.data, form.start.data = options.placed.day, options.placed.start
        form.room.data = options.placed.room or ""
    checked: MovePreview | None = None
    refusal, problems = "", []
    if form.validate_on_submit():
        target = form.target()
        confirmed = tuple(form.confirmed.data or ())
        try:
            with all_or_nothing():
                if form.save.data or form.slot.data:
                    saved = adjust.move_session(
                        db(),
                        actor(),
                        visit.id,
                        number,
                        session_id,
                        *target,
                        now(),
                        confirmed=confirmed,
                        note=form.note.data or "",
                    )
                    flash(
                        f"Moved '{options.session.title}': the timetable is now draft version {saved}.",
                        "success",
                    )
                    return redirect(
                        url_for("timetable.grid", visit_id=visit.id, version=saved, day=target[0])
                    )
                checked = adjust.preview(db(), visit.id, number, session_id, *target, confirmed=confirmed)
        except ServiceError as error:
            refusal, problems = error.message, error.problems
    return render_template(
        "adjust/move.html",
        visit=visit,
        options=options,
        form=form,
        checked=checked,
        refusal=refusal,
        problems=problems,
        pin_form=PinForm(),
    )


@blueprint.route(f"{MOVE}/check.json")
@member_visit(can="adjust")
def check(visit: VisitRecord, number: int, session_id: str) -> tuple[Response, int]:
    """The live check behind the move page's selects; the page works without it."""
    query = MoveCheckQuery(formdata=request.args)
    if not query.validate():
        return jsonify(_check_json(error="Choose a day, a start and a room.")), 400
    try:
        with all_or_nothing():
            checked = adjust.preview(
                db(), visit.id, number, session_id, query.day.data, query.start.data, query.room.data or None
            )
    except NotFound:
        abort(404)
    except ServiceError as error:
        return jsonify(_check_json(error=error.message)), 400
    return jsonify(_check_json(checked)), 200


def _check_json(checked: MovePreview | None = None, error: str = "") -> dict[str, Any]:
    return {
        "ok": checked is not None and not checked.breaks,
        "changes_anything": checked is not None and checked.changes_anything,
        "breaks": list(checked.breaks) if checked else [],
        "notes": list(checked.notes) if checked else [],
        "error": error,
    }


@blueprint.route("/visits/<int:visit_id>/sessions/<session_id>/pin", methods=["POST"])
@member_visit(can="adjust")
def pin(visit: VisitRecord, session_id: str) -> Response:
    form = PinForm()
    if not form.validate_on_submit():
        abort(400)
    pinning = form.action.data == "pin"
    try:
        with all_or_nothing():
            fixed = adjust.pin_session(db(), actor(), visit.id, session_id, pinning, now())
    except NotFound:
        abort(404)
    except ServiceError as error:
        flash(f"Not {'pinned' if pinning else 'unpinned'}: {error}", "error")
    else:
        if fixed is not None:
            flash(
                "Pinned: re-planning keeps it where it is and moves the rest as little as it can.", "success"
            )
        else:
            flash("Unpinned: the planner may move it again.", "success")
    if form.version.data:
        return redirect(
            url_for("adjust.move", visit_id=visit.id, number=form.version.data, session_id=session_id)
        )
    return redirect(url_for("timetable.grid", visit_id=visit.id))


@blueprint.route("/visits/<int:visit_id>/versions/compare")
@member_visit(can="see_details")
def compare(visit: VisitRecord) -> str:
    form = CompareForm(formdata=request.args if request.args else None)
    if request.args and not form.validate():
        abort(404)
    try:
        result = adjust.compare_numbered_versions(db(), visit.id, form.a.data, form.b.data)
    except NotFound:
        abort(404)
    choices = [(n, f"Version {n}") for n in reversed(result.numbers)]
    form.a.choices = form.b.choices = select_choices(choices)
    form.a.data, form.b.data = result.a, result.b
    return render_template("adjust/compare.html", visit=visit, form=form, result=result)


def _options_or_404(visit: VisitRecord, number: int, session_id: str) -> adjust.MoveOptions:
    try:
        return adjust.move_options(db(), visit.id, number, session_id)
    except NotFound:
        abort(404)
