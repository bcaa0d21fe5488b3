"""Cells that a spreadsheet shows as text, never runs as a formula: the one guard every export uses.

Excel, LibreOffice and Google Sheets run a cell that starts with "=", "+", "-" or "@" (and, once
a CSV is opened, with a tab or carriage return before them) as a formula, so a session titled
"=HYPERLINK(...)" or a name like "@SUM(A1)" would do something on the reader's machine instead of
showing up. Every such text goes out with an apostrophe in front, the widely used defence: it
shows as the text it is, and openpyxl writes it as a string rather than a formula. A text that
itself starts with an apostrophe gets one more, so `from_cell` can take exactly one off and a
workbook Fieldwork wrote reads back exactly as it was ("=== Opening ===" stays "=== Opening ===",
"'quoted'" stays "'quoted'"). Numbers, dates and empty cells are left alone.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def to_cell(value: Any) -> Any:
    """What to write for a value: text that could run as a formula (or starts with the guard's
    apostrophe) behind an apostrophe, anything else as it is."""
    if isinstance(value, str) and value[:1] in (*FORMULA_STARTS, QUOTE):
        return QUOTE + value
    return value


def from_cell(value: Any) -> Any:
    """The value `to_cell` was given: one guarding apostrophe taken off, anything else as read."""
    if isinstance(value, str) and value[:1] == QUOTE and value[1:2] in (*FORMULA_STARTS, QUOTE):
        return value[1:]
    return value


def csv_text(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A CSV (CRLF line ends, as spreadsheets write them) with every cell guarded."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([to_cell(h) for h in headers])
    writer.writerows([to_cell(value) for value in row] for row in rows)
    return out.getvalue()


def append_row(sheet: Any, values: Sequence[Any]) -> None:
    """One row added to an openpyxl worksheet with every cell guarded."""
    sheet.append([to_cell(value) for value in values])
