"""The visit's milestones: the timeline with its dates, which coordinators change here."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from scheduler.db.visits import VisitRecord
from scheduler.errors import ServiceError
from scheduler.services.milestones import set_milestone_dates, visit_milestones
from web.access import actor, member_visit
from web.clock import now
from web.database import all_or_nothing, db
from web.milestones.forms import MilestonesForm, filled

blueprint = Blueprint("milestones", __name__, template_folder="templates")


@blueprint.route("/visits/<int:visit_id>/milestones", methods=["GET", "POST"])
@member_visit(can="set_up", read="view")
def edit(visit: VisitRecord) -> str | Response | tuple[str, int]:
    form = MilestonesForm()
    problems: list[str] = []
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                changed = set_milestone_dates(db(), actor(), visit.id, form.dates(), now())
        except ServiceError as error:
            problems = error.problems
        else:
            flash(f"Milestones saved: {'; '.join(changed)}." if changed else "No date changed.", "success")
            return redirect(url_for("milestones.edit", visit_id=visit.id))
    elif form.errors:
        problems = [f"{form[name].label.text}: {e}" for name, errors in form.errors.items() for e in errors]
    milestones = visit_milestones(db(), visit.id, now())
    if not problems:
        form = filled(MilestonesForm(formdata=None), milestones)
    page = render_template(
        "milestones/edit.html", visit=visit, form=form, milestones=milestones, problems=problems
    )
    return (page, 400) if problems else page
