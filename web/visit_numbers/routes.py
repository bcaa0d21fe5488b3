"""The visit in numbers: a one-page printable summary with a chart, and its CSV and workbook."""

from __future__ import annotations

import re

from flask import Blueprint, Response, render_template

from scheduler.db.visits import VisitRecord
from scheduler.domain.visit_numbers import chart_bars
from scheduler.files.visit_numbers_file import numbers_csv, numbers_xlsx
from scheduler.services.visit_numbers import VisitInNumbers, numbers_of_visit
from web.access import member_visit
from web.database import db

blueprint = Blueprint("visit_numbers", __name__, template_folder="templates")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@blueprint.route("/visits/<int:visit_id>/numbers")
@member_visit(can="view")
def summary(visit: VisitRecord) -> str:
    counted = numbers_of_visit(db(), visit.id)
    team = next((t for t in counted.numbers.tables if t.key == "team"), None)
    bars = chart_bars(team.lines if team is not None else ())
    return render_template("visit_numbers/summary.html", visit=visit, counted=counted, bars=bars)


@blueprint.route("/visits/<int:visit_id>/numbers.csv")
@member_visit(can="view")
def download_csv(visit: VisitRecord) -> Response:
    counted = numbers_of_visit(db(), visit.id)
    return Response(numbers_csv(counted.numbers), mimetype="text/csv", headers=_attachment(counted, "csv"))


@blueprint.route("/visits/<int:visit_id>/numbers.xlsx")
@member_visit(can="view")
def download_xlsx(visit: VisitRecord) -> Response:
    counted = numbers_of_visit(db(), visit.id)
    body = numbers_xlsx(counted.visit.name, counted.numbers)
    return Response(body, mimetype=XLSX, headers=_attachment(counted, "xlsx"))


def _attachment(counted: VisitInNumbers, extension: str) -> dict[str, str]:
    stem = re.sub(r"[^A-Za-z0-9]+", "-", counted.visit.name).strip("-").lower() or "visit"
    return {
        "Content-Disposition": f'attachment; filename="{stem}-in-numbers-{counted.numbers.basis}.{extension}"'
    }
