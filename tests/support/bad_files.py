"""Bad files made to order: damaged workbooks, forged archives, and row counts of a store."""

from __future__ import annotations

import io
import re
import struct
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


def people_workbook() -> bytes:
    """A real people sheet as a council would send it, written by openpyxl."""
    return xlsx(
        [
            ["Name", "Email", "Team"],
            ["Kieran Gill", "kieran.gill@westmere.gov.example", "Reablement"],
            ["Aisha Rahman", "aisha.rahman@westmere.gov.example", "Safeguarding"],
        ]
    )


def with_extra_rows(data: bytes, rows_xml: bytes, *, packed: bool = True) -> bytes:
    """The workbook with raw rows added to its first sheet: how a zip bomb is shaped as an XLSX.

    A run of blank cells (`<c/>`) packs about a thousand to one, so a 100 KB upload can hold
    a row of 26 million of them. `packed=False` stores every part uncompressed instead, so only
    the cell counts, not the packing ratio, can give the file away.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    method = zipfile.ZIP_DEFLATED if packed else zipfile.ZIP_STORED
    with zipfile.ZipFile(out, "w", method) as archive:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b"</sheetData>", rows_xml + b"</sheetData>")
            archive.writestr(
                info.filename, content, compress_type=method, compresslevel=9 if packed else None
            )
    return out.getvalue()


def blank_row(number: int, cells: int) -> bytes:
    return f'<row r="{number}">'.encode() + b"<c/>" * cells + b"</row>"


def with_shared_text(data: bytes, text: str, cells: int) -> bytes:
    """The workbook's first sheet as Excel saves it: `cells` rows each showing one shared string.

    Excel keeps each distinct text once (xl/sharedStrings.xml) and cells point at it by number,
    so one long note repeated down a column costs a few bytes per cell.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    rows = "".join(f'<row r="{n}"><c r="A{n}" t="s"><v>0</v></c></row>' for n in range(1, cells + 1))
    shared = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
        f"<si><t>{text}</t></si></sst>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            content = source.read(info.filename).decode()
            if info.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(r"(?s)<sheetData>.*</sheetData>", f"<sheetData>{rows}</sheetData>", content)
            elif info.filename == "[Content_Types].xml":
                content = content.replace(
                    "</Types>",
                    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            elif info.filename == "xl/_rels/workbook.xml.rels":
                content = content.replace(
                    "</Relationships>",
                    '<Relationship Id="rIdShared" Target="sharedStrings.xml" Type="http://schemas.'
                    'openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/></Relationships>',
                )
            archive.writestr(info.filename, content)
        archive.writestr("xl/sharedStrings.xml", shared)
    return out.getvalue()


def with_forged_size(data: bytes, part: str, claimed: int) -> bytes:
    """The archive with `part`'s unpacked size rewritten to `claimed` bytes in both its headers."""
    forged = bytearray(data)
    name = part.encode()
    for info in zipfile.ZipFile(io.BytesIO(data)).infolist():
        if info.filename == part:
            struct.pack_into("<I", forged, info.header_offset + 22, claimed)  # the local header
    start = 0
    while (found := forged.find(b"PK\x01\x02", start)) >= 0:  # each central directory entry
        name_length = struct.unpack_from("<H", forged, found + 28)[0]
        if bytes(forged[found + 46 : found + 46 + name_length]) == name:
            struct.pack_into("<I", forged, found + 24, claimed)
        start = found + 4
    return bytes(forged)
