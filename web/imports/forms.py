from __future__ import annotations

from collections.abc import Sequence

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import HiddenField, SelectField

from scheduler.files.tabular import ImportField
from web.form_fields import select_choices

TABLE_KINDS = [("people", "People"), ("rooms", "Rooms"), ("sessions", "Sessions")]


class VisitFileForm(FlaskForm):
    file = FileField(
        "Visit file (.json) or visit workbook (.xlsx)",
        validators=[
            FileRequired("Choose a visit file to upload."),
            FileAllowed(["json", "xlsx"], "Upload a .json visit file or an .xlsx visit workbook."),
        ],
    )


class TableUploadForm(FlaskForm):
    kind = SelectField("What the rows are", choices=select_choices(TABLE_KINDS))
    file = FileField(
        "Spreadsheet (.csv or .xlsx)",
        validators=[
            FileRequired("Choose a CSV or XLSX file to upload."),
            FileAllowed(["csv", "xlsx"], "Upload a .csv or .xlsx file."),
        ],
    )


class ConfirmImportForm(FlaskForm):
    """The commit button under a preview; the mapping rides along as the `mapping` JSON."""

    mapping = HiddenField()


def mapping_form(
    fields: Sequence[ImportField], headers: Sequence[str], suggested: dict[str, str]
) -> type[FlaskForm]:
    """A form class with one column choice per field of the imported kind."""

    class MappingForm(FlaskForm):
        pass

    choices = [("", "— not imported —")] + [(header, header) for header in headers]
    for field in fields:
        label = f"{field.label} (required)" if field.required else field.label
        select = SelectField(label, choices=select_choices(choices), default=suggested.get(field.name, ""))
        setattr(MappingForm, f"column_{field.name}", select)
    return MappingForm


def chosen_mapping(form: FlaskForm, fields: Sequence[ImportField]) -> dict[str, str]:
    mapping = {}
    for field in fields:
        header = getattr(form, f"column_{field.name}").data
        if header:
            mapping[field.name] = header
    return mapping
