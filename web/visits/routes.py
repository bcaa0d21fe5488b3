"""The coordinator's visits: the list, a new visit, its settings and its five lists of things."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_login import login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from scheduler import domain
from scheduler.db.visits import VisitRecord
from scheduler.domain.ids import new_id
from scheduler.domain.privacy import is_protected
from scheduler.errors import NotFound, ServiceError
from scheduler.services import visits as visit_services
from scheduler.services.availability_origin import availability_origin
from scheduler.services.confirmed_availability import confirmations_of
from scheduler.services.edit_guard import ChangedSinceLoaded, entry_token
from scheduler.services.milestones import visit_milestones
from scheduler.services.needs import PersonNeeds, person_needs, session_needs
from scheduler.services.personal_links import live_links, revoke_personal_links
from scheduler.services.removals import removal_impact
from scheduler.services.unanswered import unanswered_label, unanswered_treatment
from scheduler.services.visit_stages import visit_stages
from web.access import actor, editing_kind, may, member_visit
from web.clock import now
from web.database import all_or_nothing, db
from web.pickers import offer_choices
from web.visit_items import Names
from web.visits.forms import ConfirmForm, RemoveForm, VisitSettingsForm
from web.visits.kinds import KINDS, ItemKind

blueprint = Blueprint("visits", __name__, template_folder="templates")
# The lists whose entries hold personal links, and the kind of owner the links name.
LINK_OWNERS = {"people": "person", "assessors": "assessor"}


@blueprint.route("/")
@login_required
def index() -> str:
    summaries = visit_services.list_visits(db(), actor())
    return render_template("visits/index.html", summaries=summaries)


@blueprint.route("/visits/new", methods=["GET", "POST"])
@login_required
def create() -> str | Response:
    form = VisitSettingsForm()
    problems: list[str] = []
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                visit_id = visit_services.import_visit(db(), actor(), form.new_visit(), now())
        except ServiceError as error:
            problems = error.problems
        else:
            flash("Visit created. Add its sites, rooms, assessors, people and sessions next.", "success")
            return redirect(url_for("visits.show", visit_id=visit_id))
    return render_template("visits/settings.html", form=form, problems=problems, visit=None)


@blueprint.route("/visits/<int:visit_id>")
@member_visit(can="view")
def show(visit: VisitRecord) -> str:
    content = visit_services.load_visit(db(), visit.id)
    summary = next((s for s in visit_services.list_visits(db(), actor()) if s.id == visit.id), None)
    milestones = visit_milestones(db(), visit.id, now())
    stages = visit_stages(db(), visit.id, now().date())
    return render_template(
        "visits/show.html",
        visit=visit,
        content=content,
        summary=summary,
        kinds=KINDS,
        stages=stages,
        stage_pages=STAGE_PAGES,
        milestones=milestones,
    )


# Where each stage of the task list leads: the page a coordinator works that stage on.
# A member whose role may not open that page sees the stage without a link.
STAGE_PAGES = {
    "set_up": ("visits.items", {"kind": "sessions"}, "see_details"),
    "availability": ("availability_requests.show", {}, "see_details"),
    "plan": ("solve.start", {}, "plan"),
    "review": ("timetable.unscheduled", {}, "see_details"),
    "publish": ("publishing.review", {}, "publish"),
    "on_the_day": ("on_the_day.control", {}, "view"),
}


@blueprint.route("/visits/<int:visit_id>/settings", methods=["GET", "POST"])
@member_visit(can="set_up")
def settings(visit: VisitRecord) -> str | Response:
    content = visit_services.load_visit(db(), visit.id)
    form = VisitSettingsForm()
    problems: list[str] = []
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                visit_services.save_visit_settings(
                    db(), actor(), visit.id, form.settings(), now(), loaded=form.loaded.data or None
                )
        except ServiceError as error:
            problems = error.problems
            if isinstance(error, ChangedSinceLoaded):  # shown now: saving again keeps the coordinator's
                _set_loaded(form, visit_services.visit_settings(content))
        else:
            flash("Settings saved.", "success")
            return redirect(url_for("visits.show", visit_id=visit.id))
    elif not form.is_submitted():
        form.fill(content)
        _set_loaded(form, visit_services.visit_settings(content))
    return render_template("visits/settings.html", form=form, problems=problems, visit=visit)


@blueprint.route("/visits/<int:visit_id>/<kind>")
@member_visit(can="see_details")
def items(visit: VisitRecord, kind: str) -> str:
    item_kind = _kind_or_404(kind)
    content = visit_services.load_visit(db(), visit.id)
    feeds_kept = timedelta(days=current_app.config["FEED_DAYS_AFTER_VISIT"])
    return render_template(
        "visits/items.html",
        visit=visit,
        kind=item_kind,
        items=item_kind.items(content),
        names=Names.of(content),
        confirm=ConfirmForm(),
        # People without an availability list are shown as the planner will treat them.
        no_answer=unanswered_label(unanswered_treatment(db(), visit.id)),
        link_owner=LINK_OWNERS.get(item_kind.slug),
        links=live_links(db(), visit.id, now(), feeds_kept) if item_kind.slug in LINK_OWNERS else {},
    )


@blueprint.route("/visits/<int:visit_id>/<kind>/new", methods=["GET", "POST"])
@member_visit(can=editing_kind)
def add_item(visit: VisitRecord, kind: str) -> str | Response:
    return _edit(visit, _kind_or_404(kind), key=None)


@blueprint.route("/visits/<int:visit_id>/<kind>/<key>/edit", methods=["GET", "POST"])
@member_visit(can=editing_kind)
def edit_item(visit: VisitRecord, kind: str, key: str) -> str | Response:
    return _edit(visit, _kind_or_404(kind), key=key)


@blueprint.route("/visits/<int:visit_id>/<kind>/<key>/delete", methods=["POST"])
@member_visit(can=editing_kind)
def delete_item(visit: VisitRecord, kind: str, key: str) -> str | Response:
    item_kind = _kind_or_404(kind)
    form = RemoveForm()
    if not form.validate_on_submit():
        abort(400)
    if not form.confirmed.data:
        # Nothing goes at the first press: the page says what else changes, and asks.
        try:
            impact = removal_impact(db(), visit.id, item_kind.singular, key)
        except NotFound:
            abort(404)
        return render_template(
            "visits/confirm_remove.html", visit=visit, kind=item_kind, impact=impact, form=form
        )
    entry = item_kind.find(visit_services.load_visit(db(), visit.id), key)
    if entry is None:
        abort(404)
    named = _flash_name(entry)
    try:
        with all_or_nothing():
            item_kind.delete(db(), actor(), visit.id, key, now())
    except ServiceError as error:
        for problem in error.problems:
            flash(f"Could not remove {item_kind.singular}{named}: {problem}", "error")
    else:
        flash(f"Removed {item_kind.singular}{named}.", "success")
    return redirect(url_for("visits.items", visit_id=visit.id, kind=item_kind.slug))


@blueprint.route("/visits/<int:visit_id>/<kind>/<key>/revoke-links", methods=["POST"])
@member_visit(can="set_up")
def revoke_links(visit: VisitRecord, kind: str, key: str) -> Response:
    """Stop a person's or assessor's availability, calendar and invite answer links."""
    who_kind = LINK_OWNERS.get(kind)
    if who_kind is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        revoked = revoke_personal_links(db(), actor(), visit.id, who_kind, key, now())
    except NotFound:
        abort(404)
    if revoked.links.total:
        flash(
            f"Revoked {revoked.name}'s links ({revoked.links.describe()}): each now says it no longer "
            "works. Send a new availability request or make a new calendar link when they need one.",
            "success",
        )
    else:
        flash(f"{revoked.name} had no working links.", "info")
    return redirect(url_for("visits.items", visit_id=visit.id, kind=kind))


def _edit(visit: VisitRecord, kind: ItemKind, key: str | None) -> str | Response:
    content = visit_services.load_visit(db(), visit.id)
    existing = kind.find(content, key) if key is not None else None
    if key is not None and existing is None:
        abort(404)
    form = kind.form()
    if form.is_submitted():
        offer_choices(form, content, key)
    origin = None
    if key is not None and kind.slug in ("people", "assessors"):
        origin = availability_origin(visit, "person" if kind.slug == "people" else "assessor", key)
    problems: list[str] = []
    if form.validate_on_submit():
        item = form.item()
        if key is not None and not item.id:
            item = dataclasses.replace(item, id=key)  # the id is what other entries refer to
        elif key is None and not item.id:
            item = dataclasses.replace(item, id=new_id(_name_of(item), kind.ids(content), kind.singular))
        if key is not None and item.id != key:
            problems = [f"The id of {kind.singular} {key} cannot change."]
        elif key is None and kind.find(content, item.id) is not None:
            form.id.errors = [f"There is already a {kind.singular} with id {item.id}."]
        else:
            replace_answer = getattr(form, "replace_answer", None)
            try:
                with all_or_nothing():
                    kind.save(
                        db(),
                        actor(),
                        visit.id,
                        item,
                        now(),
                        loaded=form.loaded.data or None,
                        answers="replace" if replace_answer is not None and replace_answer.data else "refuse",
                    )
            except ServiceError as error:
                problems = error.problems
                if isinstance(error, ChangedSinceLoaded):  # shown now: saving again keeps the coordinator's
                    _set_loaded(form, existing)
            else:
                flash(f"Saved {kind.singular}{_flash_name(item)}.", "success")
                return redirect(url_for("visits.items", visit_id=visit.id, kind=kind.slug))
    elif not form.is_submitted() and existing is not None:
        form.fill(existing)
        _set_loaded(form, existing)
    if not form.is_submitted():
        offer_choices(form, content, key)
    return render_template(
        "visits/edit_item.html",
        visit=visit,
        kind=kind,
        form=form,
        key=key,
        shown_name=_name_of(existing) if existing is not None else None,
        confirmations=confirmations_of(db(), visit.id, key) if key and kind.slug == "people" else [],
        problems=problems,
        origin=origin,
        needs=_needs_shown(visit, kind, key),
    )


def _flash_name(item: Any) -> str:
    """ " Name" for a flash message; a flash may reach a page printed to share, so people using
    services and carers stay unnamed there."""
    return "" if isinstance(item, domain.Person) and is_protected(item) else f" {_name_of(item)}"


def _name_of(item: Any) -> str:
    """What a coordinator calls the entry: a session's title, anything else's name."""
    return str(getattr(item, "title", None) or getattr(item, "name", None) or item.id)


def _needs_shown(visit: VisitRecord, kind: ItemKind, key: str | None) -> tuple[PersonNeeds, ...] | None:
    """What the person (or a session's attendees) told the coordinator; None where not shown."""
    if key is None or not may("see_needs"):
        return None
    if kind.slug == "people":
        return (person_needs(db(), visit.id, key),)
    if kind.slug == "sessions":
        return session_needs(db(), visit.id, key)
    return None


def _set_loaded(form: FlaskForm, entry: object | None) -> None:
    """Let the form remember the entry as now shown, as the base its save is checked against."""
    loaded = form.loaded
    loaded.raw_data = None  # else the posted value would be drawn again
    loaded.data = entry_token(entry) if entry is not None else ""


def _kind_or_404(slug: str) -> ItemKind:
    kind = KINDS.get(slug)
    if kind is None:
        abort(404)
    return kind
