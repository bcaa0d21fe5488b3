"""Change requests: enter one, preview its ranked placements with their impact, accept one into
a new draft version; and the one-click relaxations for must sessions that cannot be placed."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from scheduler.db.visits import VisitRecord
from scheduler.domain.ids import new_id
from scheduler.errors import NotFound, ServiceError
from scheduler.services import change_requests as changes
from scheduler.services import visits as visit_services
from scheduler.services.change_request_askers import request_askers
from web.access import actor, member_visit
from web.change_requests.forms import ButtonForm, ChangeRequestForm
from web.clock import now
from web.database import all_or_nothing, db
from web.form_fields import select_choices
from web.pickers import offer_choices

blueprint = Blueprint("change_requests", __name__, template_folder="templates")

# A preview searches for this long (seconds) before answering; placements take a few seconds.
DEFAULT_PREVIEW_SECONDS = 4.0


@blueprint.route("/visits/<int:visit_id>/changes", methods=["GET", "POST"])
@member_visit(can="adjust", read="see_details")
def index(visit: VisitRecord) -> str | Response:
    content = visit_services.load_visit(db(), visit.id)
    form = ChangeRequestForm()
    form.replaces.choices = select_choices([("", "—")] + [(s.id, s.title) for s in content.sessions])
    offer_choices(form, content)
    problems: list[str] = []
    if form.validate_on_submit():
        replaces = form.replaces.data if form.kind.data == "replace" else None
        session = form.session(
            replaces or new_id(form.title.data, (s.id for s in content.sessions), "session")
        )
        try:
            with all_or_nothing():
                request_id = changes.submit_change_request(
                    db(), actor(), visit.id, form.kind.data, session, replaces, now()
                )
        except ServiceError as error:
            problems = error.problems
        else:
            flash(f"Change request {request_id} saved. Find its placements next.", "success")
            return redirect(url_for("change_requests.show", visit_id=visit.id, request_id=request_id))
    return render_template(
        "change_requests/index.html",
        visit=visit,
        form=form,
        problems=problems,
        requests=changes.list_change_requests(db(), visit.id),
        titles={s.id: s.title for s in content.sessions},
        stuck=changes.unplaceable_sessions(db(), visit.id),
        button=ButtonForm(),
        askers=request_askers(db(), visit.id),
    )


@blueprint.route("/visits/<int:visit_id>/changes/<int:request_id>")
@member_visit(can="see_details")
def show(visit: VisitRecord, request_id: int) -> str:
    try:
        request = changes.get_change_request(db(), visit.id, request_id)
        placements = changes.placement_views(db(), visit.id, request_id)
    except NotFound:
        abort(404)
    content = visit_services.load_visit(db(), visit.id)
    return render_template(
        "change_requests/show.html",
        visit=visit,
        request=request,
        session=changes.requested_session(request),
        placements=placements,
        titles={s.id: s.title for s in content.sessions},
        names={p.id: p.name for p in content.people},
        button=ButtonForm(),
    )


@blueprint.route("/visits/<int:visit_id>/changes/<int:request_id>/preview", methods=["POST"])
@member_visit(can="adjust")
def preview(visit: VisitRecord, request_id: int) -> Response:
    _check_button()
    seconds = float(current_app.config.get("CHANGE_REQUEST_SECONDS", DEFAULT_PREVIEW_SECONDS))
    try:
        with all_or_nothing():
            found = changes.preview_change_request(db(), visit.id, request_id, time_limit=seconds)
    except NotFound:
        abort(404)
    except ServiceError as error:
        flash(f"No preview: {error}", "error")
    else:
        if found:
            flash(f"Found {len(found)} placement{'s' if len(found) != 1 else ''}, best first.", "success")
        else:
            flash("No placement was found for this session in the current timetable.", "error")
    return redirect(url_for("change_requests.show", visit_id=visit.id, request_id=request_id))


@blueprint.route("/visits/<int:visit_id>/changes/<int:request_id>/accept/<int:choice>", methods=["POST"])
@member_visit(can="adjust")
def accept(visit: VisitRecord, request_id: int, choice: int) -> Response:
    _check_button()
    try:
        with all_or_nothing():
            number = changes.accept_change_request(db(), actor(), visit.id, request_id, choice, now())
    except NotFound:
        abort(404)
    except ServiceError as error:
        flash(f"Not accepted: {error}", "error")
        return redirect(url_for("change_requests.show", visit_id=visit.id, request_id=request_id))
    flash(f"Placement {choice} accepted: the timetable is now draft version {number}.", "success")
    return redirect(url_for("timetable.versions", visit_id=visit.id))


@blueprint.route("/visits/<int:visit_id>/changes/<int:request_id>/reject", methods=["POST"])
@member_visit(can="adjust")
def reject(visit: VisitRecord, request_id: int) -> Response:
    _check_button()
    try:
        with all_or_nothing():
            changes.reject_change_request(db(), actor(), visit.id, request_id, now())
    except NotFound:
        abort(404)
    except ServiceError as error:
        flash(f"Not rejected: {error}", "error")
    else:
        flash(f"Change request {request_id} rejected.", "success")
    return redirect(url_for("change_requests.index", visit_id=visit.id))


@blueprint.route("/visits/<int:visit_id>/changes/relax/<session_id>/<key>", methods=["POST"])
@member_visit(can="adjust")
def relax(visit: VisitRecord, session_id: str, key: str) -> Response:
    _check_button()
    try:
        with all_or_nothing():
            done = changes.apply_relaxation(db(), actor(), visit.id, session_id, key, now())
    except NotFound:
        abort(404)
    except ServiceError as error:
        flash(f"Not applied: {error}", "error")
    else:
        flash(f"Applied: {done}. Plan the timetable again to place the session.", "success")
    return redirect(url_for("change_requests.index", visit_id=visit.id) + "#unplaceable")


@blueprint.route("/visits/<int:visit_id>/changes/place/<session_id>", methods=["POST"])
@member_visit(can="adjust")
def place(visit: VisitRecord, session_id: str) -> Response:
    _check_button()
    try:
        with all_or_nothing():
            request_id = changes.request_placement(db(), actor(), visit.id, session_id, now())
    except NotFound:
        abort(404)
    except ServiceError as error:
        flash(f"Not saved: {error}", "error")
        return redirect(url_for("change_requests.index", visit_id=visit.id))
    flash(f"Change request {request_id} saved: find where it could go and what would move.", "success")
    return redirect(url_for("change_requests.show", visit_id=visit.id, request_id=request_id))


def _check_button() -> None:
    if not ButtonForm().validate_on_submit():
        abort(400)
