"""Reading a planned timetable: the day-by-room grid, agendas per assessor, person, room and site,
what could not be placed and why, pen profiles, a printable copy, exports, and versions.

The coordinator's own pages name everyone; what is printed or passed on (the printable grid, an
agenda to share, the exports) is a shared copy without the names of people using services and carers."""

from __future__ import annotations

import re

from flask import Blueprint, Response, abort, render_template, request

from scheduler import domain
from scheduler.db.timetables import TimetableVersion
from scheduler.db.visits import VisitRecord
from scheduler.domain import views
from scheduler.domain.coverage import unheard_frontline_teams
from scheduler.domain.needs import without_need_owners
from scheduler.domain.privacy import SHARED, redaction_for
from scheduler.errors import NotFound
from scheduler.files import exports
from scheduler.services import timetables as timetable_services
from scheduler.services import visits as visit_services
from web.access import audience, may, member_visit
from web.database import db
from web.timetable.lookups import AGENDA_KINDS, SORTS, agenda_choices, agenda_rows, agenda_title, names_for

blueprint = Blueprint("timetable", __name__, template_folder="templates")


@blueprint.route("/visits/<int:visit_id>/timetable")
@member_visit(can="view")
def grid(visit: VisitRecord) -> str:
    content, version, timetable = _timetable_or_none(visit)
    if version is None or timetable is None:
        return render_template("timetable/none_yet.html", visit=visit)
    day = request.args.get("day") or content.days[0]
    if day not in content.days:
        abort(404)
    day_grid = views.grid_for_day(content, timetable, day, audience())
    return render_template(
        "timetable/grid.html",
        visit=visit,
        content=content,
        version=version,
        timetable=timetable,
        day=day,
        grid=day_grid,
        kinds=domain.SESSION_KINDS,
        unheard=unheard_frontline_teams(content, timetable),
    )


@blueprint.route("/visits/<int:visit_id>/timetable/print")
@member_visit(can="view")
def printable(visit: VisitRecord) -> str:
    content, version, timetable = _timetable_or_404(visit)
    grids = [views.grid_for_day(content, timetable, day, SHARED) for day in content.days]
    return render_template(
        "timetable/print.html",
        visit=visit,
        content=content,
        version=version,
        timetable=timetable,
        grids=list(zip(content.days, grids, strict=True)),
        kinds=domain.SESSION_KINDS,
    )


@blueprint.route("/visits/<int:visit_id>/timetable/by/<kind>")
@member_visit(can="see_details")
def agenda_index(visit: VisitRecord, kind: str) -> str:
    if kind not in AGENDA_KINDS:
        abort(404)
    content, version, timetable = _timetable_or_404(visit)
    search = request.args.get("q", "").strip()
    sort = request.args.get("sort", "name")
    sort = sort if sort in SORTS else "name"
    return render_template(
        "timetable/agenda_index.html",
        visit=visit,
        version=version,
        kind=kind,
        rows=agenda_rows(content, timetable, kind, search, sort),
        total=len(agenda_choices(content, kind)),
        search=search,
        sort=sort,
        sorts=SORTS,
        kind_label=AGENDA_KINDS[kind],
    )


@blueprint.route("/visits/<int:visit_id>/timetable/by/<kind>/<key>")
@member_visit(can="see_details")
def agenda(visit: VisitRecord, kind: str, key: str) -> str:
    if kind not in AGENDA_KINDS:
        abort(404)
    content, version, timetable = _timetable_or_404(visit)
    title = agenda_title(content, kind, key)
    if title is None:
        abort(404)
    items = views.agenda_for(content, timetable, kind, key)
    return render_template(
        "timetable/agenda.html",
        visit=visit,
        version=version,
        kind=kind,
        key=key,
        title=title,
        items=items,
        kind_label=AGENDA_KINDS[kind],
        names=names_for(content),
    )


@blueprint.route("/visits/<int:visit_id>/timetable/by/<kind>/<key>/share")
@member_visit(can="view")
def agenda_to_share(visit: VisitRecord, kind: str, key: str) -> str:
    """A printable agenda to pass on: people using services and carers named as what they are."""
    if kind not in AGENDA_KINDS:
        abort(404)
    content, version, timetable = _timetable_or_404(visit)
    title = agenda_title(content, kind, key)
    if title is None:
        abort(404)
    if kind == "person":
        title = redaction_for(content, SHARED).person(key)
    return render_template(
        "timetable/agenda_shared.html",
        visit=visit,
        content=content,
        version=version,
        kind=kind,
        key=key,
        title=title,
        items=views.agenda_for(content, timetable, kind, key, SHARED),
    )


@blueprint.route("/visits/<int:visit_id>/timetable/unscheduled")
@member_visit(can="see_details")
def unscheduled(visit: VisitRecord) -> str:
    content, version, timetable = _timetable_or_404(visit)
    sessions = {s.id: s for s in content.sessions}
    # People's needs are for owners and coordinators: an escort lead reads whose need it is not.
    reasons = {
        u.session: u.reason if may("see_needs") else without_need_owners(u.reason)
        for u in timetable.unscheduled
    }
    return render_template(
        "timetable/unscheduled.html",
        visit=visit,
        version=version,
        timetable=timetable,
        sessions=sessions,
        reasons=reasons,
    )


@blueprint.route("/visits/<int:visit_id>/timetable/profiles")
@member_visit(can="view")
def profiles(visit: VisitRecord) -> str:
    content = visit_services.load_visit(db(), visit.id)
    return render_template("timetable/profiles.html", visit=visit, content=content)


@blueprint.route("/visits/<int:visit_id>/timetable/export.csv")
@member_visit(can="view")
def export_csv(visit: VisitRecord) -> Response:
    content, version, timetable = _timetable_or_404(visit)
    return Response(
        exports.timetable_csv(content, timetable),
        mimetype="text/csv",
        headers=_attachment(content, version, "csv"),
    )


@blueprint.route("/visits/<int:visit_id>/timetable/export.xlsx")
@member_visit(can="view")
def export_xlsx(visit: VisitRecord) -> Response:
    content, version, timetable = _timetable_or_404(visit)
    return Response(
        exports.timetable_xlsx(content, timetable),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers=_attachment(content, version, "xlsx"),
    )


@blueprint.route("/visits/<int:visit_id>/timetable/versions")
@member_visit(can="view")
def versions(visit: VisitRecord) -> str:
    return render_template(
        "timetable/versions.html",
        visit=visit,
        versions=timetable_services.list_versions(db(), visit.id),
    )


def _timetable_or_none(
    visit: VisitRecord,
) -> tuple[domain.Visit, TimetableVersion | None, domain.Timetable | None]:
    """The visit and the timetable version asked for by `?version=` (else the latest)."""
    content = visit_services.load_visit(db(), visit.id)
    number = request.args.get("version", type=int)
    try:
        version, timetable = timetable_services.get_timetable(db(), visit.id, number)
    except NotFound:
        if number is not None:
            abort(404)
        return content, None, None
    return content, version, timetable


def _timetable_or_404(visit: VisitRecord) -> tuple[domain.Visit, TimetableVersion, domain.Timetable]:
    content, version, timetable = _timetable_or_none(visit)
    if version is None or timetable is None:
        abort(404)
    return content, version, timetable


def _attachment(content: domain.Visit, version: TimetableVersion, extension: str) -> dict[str, str]:
    stem = re.sub(r"[^A-Za-z0-9]+", "-", content.name).strip("-").lower() or "timetable"
    return {"Content-Disposition": f'attachment; filename="{stem}-v{version.number}.{extension}"'}
