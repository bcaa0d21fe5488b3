"""Bringing data in and out: visit files whole, and people/rooms/sessions from spreadsheets.

A spreadsheet import is four steps: upload -> map its columns -> preview -> commit. Nothing is
written before the commit, and the commit writes every row or none.
"""

from __future__ import annotations

import json
import re

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import login_required
from werkzeug.wrappers import Response as BaseResponse

from scheduler.db.visits import VisitRecord
from scheduler.errors import ServiceError
from scheduler.files import tabular as table_files
from scheduler.files.uploads import read_uploaded_visit
from scheduler.files.visit_file import VisitFileError, dumps_visit
from scheduler.files.visit_workbook import visit_workbook
from scheduler.services import import_uploads, tabular
from scheduler.services import visits as visit_services
from web.access import actor, member_visit
from web.clock import now
from web.database import all_or_nothing, db
from web.imports.forms import (
    TABLE_KINDS,
    ConfirmImportForm,
    TableUploadForm,
    VisitFileForm,
    chosen_mapping,
    mapping_form,
)
from web.visit_items import ITEM_TABLES, Names

blueprint = Blueprint("imports", __name__, template_folder="templates")


@blueprint.route("/visits/import", methods=["GET", "POST"])
@login_required
def upload_visit() -> str | BaseResponse:
    form = VisitFileForm()
    problems: list[str] = []
    if form.validate_on_submit():
        upload = form.file.data
        try:
            with all_or_nothing():
                visit = read_uploaded_visit(upload.filename or "visit file", upload.read())
                visit_id = visit_services.import_visit(db(), actor(), visit, now())
        except (VisitFileError, ServiceError) as error:
            problems = error.problems
        else:
            flash(f"Imported '{visit.name}'.", "success")
            return redirect(url_for("visits.show", visit_id=visit_id))
    return render_template(
        "imports/visit_file.html", form=form, problems=problems, visit=None, updating=False
    )


@blueprint.route("/visits/<int:visit_id>/update", methods=["GET", "POST"])
@member_visit(can="set_up")
def update_visit(visit: VisitRecord) -> str:
    form = VisitFileForm()
    problems: list[str] = []
    changes: list[str] | None = None
    if form.validate_on_submit():
        upload = form.file.data
        try:
            with all_or_nothing():
                content = read_uploaded_visit(upload.filename or "visit file", upload.read())
                # People's own answers stay; the changes list says whose were kept.
                changes = visit_services.update_visit(
                    db(), actor(), visit.id, content, now(), answers="keep", source="file"
                )
        except (VisitFileError, ServiceError) as error:
            problems = error.problems
    return render_template(
        "imports/visit_file.html", form=form, problems=problems, visit=visit, updating=True, changes=changes
    )


@blueprint.route("/visits/<int:visit_id>/visit.json")
@member_visit(can="see_details")
def export_visit(visit: VisitRecord) -> Response:
    content = visit_services.load_visit(db(), visit.id)
    return Response(
        dumps_visit(content),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{_file_stem(content.name)}.visit.json"'},
    )


@blueprint.route("/visits/<int:visit_id>/visit.xlsx")
@member_visit(can="see_details")
def export_visit_workbook(visit: VisitRecord) -> Response:
    content = visit_services.load_visit(db(), visit.id)
    return Response(
        visit_workbook(content),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{_file_stem(content.name)}.visit.xlsx"'},
    )


@blueprint.route("/visits/<int:visit_id>/import", methods=["GET", "POST"])
@member_visit(can="set_up")
def upload_table(visit: VisitRecord) -> str | BaseResponse:
    form = TableUploadForm()
    if not form.is_submitted() and request.args.get("kind") in dict(TABLE_KINDS):
        form.kind.data = request.args["kind"]
    problems: list[str] = []
    if form.validate_on_submit():
        upload = form.file.data
        filename, data = upload.filename or "upload", upload.read()
        try:
            with all_or_nothing():
                token = import_uploads.keep_upload(
                    db(), actor(), visit.id, form.kind.data, filename, data, now()
                )
        except ServiceError as error:
            problems = error.problems
        else:
            return redirect(url_for("imports.map_columns", visit_id=visit.id, token=token))
    return render_template("imports/upload_table.html", form=form, problems=problems, visit=visit)


@blueprint.route("/visits/<int:visit_id>/import/<token>", methods=["GET", "POST"])
@member_visit(can="set_up")
def map_columns(visit: VisitRecord, token: str) -> str:
    upload = _upload_or_404(token, visit)
    table = upload.table
    fields = table_files.fields_for(upload.kind)
    form = mapping_form(fields, table.headers, table_files.suggest_mapping(upload.kind, table.headers))()
    if form.validate_on_submit():
        mapping = chosen_mapping(form, fields)
        preview = tabular.preview_import(db(), visit.id, upload.kind, table, mapping)
        confirm = ConfirmImportForm(mapping=json.dumps(mapping))
        return render_template(
            "imports/preview.html",
            visit=visit,
            upload=upload,
            kind=ITEM_TABLES[upload.kind],
            names=Names.of(visit_services.load_visit(db(), visit.id)),
            rows=preview.rows,
            problems=preview.errors,
            confirm=confirm,
            mapping=mapping,
        )
    return render_template("imports/mapping.html", visit=visit, upload=upload, form=form, table=table)


@blueprint.route("/visits/<int:visit_id>/import/<token>/commit", methods=["POST"])
@member_visit(can="set_up")
def commit_table(visit: VisitRecord, token: str) -> str | BaseResponse:
    upload = _upload_or_404(token, visit)
    confirm = ConfirmImportForm()
    if not confirm.validate_on_submit():
        abort(400)
    mapping = _mapping_from(confirm.mapping.data)
    table = upload.table
    try:
        with all_or_nothing():
            count = tabular.commit_import(db(), actor(), visit.id, upload.kind, table, mapping, now())
    except ServiceError as error:
        preview = tabular.preview_import(db(), visit.id, upload.kind, table, mapping)
        return render_template(
            "imports/preview.html",
            visit=visit,
            upload=upload,
            kind=ITEM_TABLES[upload.kind],
            names=Names.of(visit_services.load_visit(db(), visit.id)),
            rows=preview.rows,
            problems=error.problems,
            confirm=confirm,
            mapping=mapping,
        )
    import_uploads.forget_upload(db(), token)
    flash(f"Imported {count} {ITEM_TABLES[upload.kind].plural.lower()} from {upload.filename}.", "success")
    return redirect(url_for("visits.items", visit_id=visit.id, kind=upload.kind))


def _upload_or_404(token: str, visit: VisitRecord) -> import_uploads.StoredUpload:
    upload = import_uploads.find_upload(db(), actor(), visit.id, token, now())
    if upload is None or upload.kind not in dict(TABLE_KINDS):
        abort(404)
    return upload


def _mapping_from(text: str | None) -> dict[str, str]:
    try:
        value = json.loads(text or "{}")
    except json.JSONDecodeError:
        abort(400)
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        abort(400)
    return value


def _file_stem(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower() or "visit"
