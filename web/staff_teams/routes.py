"""The visit's staff teams: how many of each may be in sessions at once, and which are frontline."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from scheduler.db.visits import VisitRecord
from scheduler.errors import NotFound, ServiceError
from scheduler.services.teams import find_team_row, save_team, team_rows
from scheduler.services.visits import load_visit
from web.access import actor, member_visit
from web.clock import now
from web.database import all_or_nothing, db
from web.staff_teams.forms import TeamForm

blueprint = Blueprint("staff_teams", __name__, template_folder="templates")


@blueprint.route("/visits/<int:visit_id>/staff-teams")
@member_visit(can="view")
def index(visit: VisitRecord) -> str:
    content = load_visit(db(), visit.id)
    return render_template("staff_teams/index.html", visit=visit, content=content, rows=team_rows(content))


@blueprint.route("/visits/<int:visit_id>/staff-teams/edit", methods=["GET", "POST"])
@member_visit(can="set_up")
def edit(visit: VisitRecord) -> str | Response:
    # The team's name travels as a parameter: team names may hold any character, a slash too.
    name = request.values.get("team", "")
    content = load_visit(db(), visit.id)
    try:
        row = find_team_row(content, name)
    except NotFound:
        abort(404)
    form = TeamForm()
    problems: list[str] = []
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                save_team(db(), actor(), visit.id, name, form.limit(), bool(form.frontline.data), now())
        except ServiceError as error:
            problems = error.problems
        else:
            flash(
                f"Saved team {name}: {form.limit().describe()}"
                f"{', frontline' if form.frontline.data else ''}.",
                "success",
            )
            return redirect(url_for("staff_teams.index", visit_id=visit.id))
    elif not form.is_submitted():
        form.max_away.data = row.limit_text
        form.frontline.data = row.frontline
    return render_template("staff_teams/edit.html", visit=visit, row=row, form=form, problems=problems)
