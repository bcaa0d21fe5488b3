"""Readiness: what is still missing before a solve is worth running."""

from __future__ import annotations

from flask import Blueprint, render_template

from scheduler.db.visits import VisitRecord
from scheduler.services.readiness import visit_readiness
from web.access import may, member_visit
from web.database import db

blueprint = Blueprint("readiness", __name__, template_folder="templates")


@blueprint.route("/visits/<int:visit_id>/readiness")
@member_visit(can="view")
def show(visit: VisitRecord) -> str:
    content, check, needs = visit_readiness(db(), visit.id, see_needs=may("see_needs"))
    return render_template("readiness/show.html", visit=visit, content=content, check=check, needs=needs)
