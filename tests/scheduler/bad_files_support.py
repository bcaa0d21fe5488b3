"""Bad files made to order: damaged workbooks, forged archives, and row counts of a store."""

from __future__ import annotations

import io
import re
import zipfile

from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scheduler.db.visits import (
    AssessorRecord,
    PersonRecord,
    RoomRecord,
    SessionRecord,
    SiteRecord,
    TravelRecord,
    VisitRecord,
)

STORED = (VisitRecord, SiteRecord, TravelRecord, RoomRecord, AssessorRecord, PersonRecord, SessionRecord)


def row_counts(db: Session) -> dict[str, int]:
    """How many rows each visit table holds: a refused file must leave every one unchanged."""
    return {model.__tablename__: db.scalar(select(func.count()).select_from(model)) or 0 for model in STORED}


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def saved(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def reopened(data: bytes) -> Workbook:
    return load_workbook(io.BytesIO(data))


def zip_of(parts: dict[str, bytes | str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def rewritten_part(data: bytes, part: str, change: re.Pattern[str], replacement: str) -> bytes:
    """The workbook with one XML part of its archive edited, e.g. a forged <dimension>."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == part:
                content = change.sub(replacement, content.decode()).encode()
            archive.writestr(info.filename, content)
    return out.getvalue()
