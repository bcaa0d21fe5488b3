"""An uploaded visit file's or workbook's bytes -> a Visit, with problems named as the reader names them."""

from __future__ import annotations

import json

from scheduler.domain import Visit
from scheduler.visitfile import VisitFileError, read_visit
from scheduler.visitworkbook import read_visit_workbook


def read_uploaded_visit(filename: str, data: bytes) -> Visit:
    """A .json visit file or a whole-visit .xlsx workbook (see scheduler.visitworkbook)."""
    if filename.lower().endswith(".xlsx"):
        return read_visit_workbook(filename, data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise VisitFileError([f"{filename}: is not UTF-8 text (byte {error.start})"]) from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise VisitFileError(
            [f"{filename}: is not valid JSON: {error.msg} at line {error.lineno} column {error.colno}"]
        ) from None
    return read_visit(document)
