"""An uploaded visit file's or workbook's bytes -> a Visit, with problems named as the reader names them."""

from __future__ import annotations

from scheduler.domain import Visit
from scheduler.files.json_text import parse_json_bytes
from scheduler.files.visit_file import VisitFileError, read_visit
from scheduler.files.visit_workbook import read_visit_workbook


def read_uploaded_visit(filename: str, data: bytes) -> Visit:
    """A .json visit file or a whole-visit .xlsx workbook (see scheduler.files.visit_workbook)."""
    if filename.lower().endswith(".xlsx"):
        return read_visit_workbook(filename, data)
    problem, document = parse_json_bytes(filename, data)
    if problem:
        raise VisitFileError([problem])
    return read_visit(document)
