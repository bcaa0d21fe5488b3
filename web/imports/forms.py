from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import HiddenField, SelectField

TABLE_KINDS = [("people", "People"), ("rooms", "Rooms"), ("sessions", "Sessions")]


class VisitFileForm(FlaskForm):
    file = FileField(
        "Visit file (.json)",
        validators=[
            FileRequired("Choose a visit file to upload."),
            FileAllowed(["json"], "Upload a .json visit file."),
        ],
    )


class TableUploadForm(FlaskForm):
    kind = SelectField("What the rows are", choices=TABLE_KINDS)
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


def mapping_form(fields: list[str], headers: list[str], suggested: dict[str, str]) -> type[FlaskForm]:
    """A form class with one column choice per field of the imported kind."""

    class MappingForm(FlaskForm):
        pass

    choices = [("", "— not imported —")] + [(header, header) for header in headers]
    for name in fields:
        field = SelectField(
            name.replace("_", " ").capitalize(), choices=choices, default=suggested.get(name, "")
        )
        setattr(MappingForm, f"column_{name}", field)
    return MappingForm


def chosen_mapping(form: FlaskForm, fields: list[str]) -> dict[str, str]:
    mapping = {}
    for name in fields:
        header = getattr(form, f"column_{name}").data
        if header:
            mapping[name] = header
    return mapping
