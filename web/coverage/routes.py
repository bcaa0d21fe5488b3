"""The coverage page: who and what the latest timetable covers, the uncovered first to the eye."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from scheduler.db.visits import VisitRecord
from scheduler.errors import ServiceError
from scheduler.services.coverage import CQC_THEMES, coverage_page, parse_themes, save_themes
from web.access import actor, audience, member_visit
from web.clock import now
from web.coverage.forms import ThemesForm
from web.database import all_or_nothing, db

blueprint = Blueprint("coverage", __name__, template_folder="templates")


def _page(visit: VisitRecord, form: ThemesForm, problems: list[str], status: int = 200) -> tuple[str, int]:
    page = coverage_page(db(), visit.id, audience())
    if not form.is_submitted():
        form.themes.data = "\n".join(page.visit.coverage_themes)
    body = render_template(
        "coverage/show.html", visit=visit, page=page, form=form, problems=problems, cqc_themes=CQC_THEMES
    )
    return body, status


@blueprint.route("/visits/<int:visit_id>/coverage")
@member_visit(can="view")
def show(visit: VisitRecord) -> tuple[str, int]:
    return _page(visit, ThemesForm(), [])


@blueprint.route("/visits/<int:visit_id>/coverage/themes", methods=["POST"])
@member_visit(can="set_up")
def themes(visit: VisitRecord) -> tuple[str, int] | Response:
    form = ThemesForm()
    if not form.validate_on_submit():
        return _page(visit, form, ["The form had expired: nothing was saved. Try again."], 400)
    try:
        with all_or_nothing():
            chosen = parse_themes(form.themes.data or "")
            save_themes(db(), actor(), visit.id, chosen, now())
    except ServiceError as error:
        return _page(visit, form, error.problems, 400)
    flash(f"Saved {len(chosen)} theme{'' if len(chosen) == 1 else 's'} to cover.", "success")
    return redirect(url_for("coverage.show", visit_id=visit.id))
