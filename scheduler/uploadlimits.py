"""How big a file a reader accepts, and the cheap checks that refuse an absurd one before parsing it.

An upload is already capped by the web app's MAX_CONTENT_LENGTH, but a few megabytes can still
hold a zipped workbook that unpacks to gigabytes, a million rows or a cell the size of a book.
The readers refuse those with a message naming the file instead of eating the server's memory.
"""

from __future__ import annotations

import io
import zipfile
import zlib

MAX_FILE_BYTES = 20 * 1024 * 1024  # a visit file of an xl visit is well under 1 MB
MAX_ROWS = 20_000  # rows of one sheet or CSV, entries of one list of a visit file
MAX_COLUMNS = 200
MAX_CELL_CHARS = 10_000
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # all parts of an XLSX archive, uncompressed


def too_large(filename: str, data: bytes) -> str | None:
    """A problem naming the file when it is larger than any real visit file or spreadsheet."""
    if len(data) > MAX_FILE_BYTES:
        megabytes, limit = len(data) // (1024 * 1024), MAX_FILE_BYTES // (1024 * 1024)
        return f"{filename}: is {megabytes} MB, more than the {limit} MB a file may be"
    return None


def workbook_archive_problem(filename: str, data: bytes) -> str | None:
    """Why `data` is no XLSX workbook worth opening (not a ZIP, or one unpacking too big), or None."""
    size = too_large(filename, data)
    if size:
        return size
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        return f"{filename}: is not an XLSX workbook ({error})"
    if not any(part.filename == "[Content_Types].xml" for part in parts):
        return f"{filename}: is not an XLSX workbook (a ZIP archive, but not a spreadsheet)"
    unpacked = sum(part.file_size for part in parts)
    if unpacked > MAX_UNPACKED_BYTES:
        return (
            f"{filename}: unpacks to {unpacked // (1024 * 1024)} MB, more than the "
            f"{MAX_UNPACKED_BYTES // (1024 * 1024)} MB a workbook may hold"
        )
    return None


def cell_too_long(text: str) -> str | None:
    if len(text) > MAX_CELL_CHARS:
        return f"holds {len(text):,} characters, more than the {MAX_CELL_CHARS:,} a cell may hold"
    return None


# What openpyxl and zipfile raise on a damaged workbook, on opening it or only when its rows are
# read: a broken archive, a corrupt deflate stream (zlib.error), malformed XML (ParseError is a
# SyntaxError) or XML of the wrong shape (KeyError, TypeError, AttributeError, IndexError).
UNREADABLE_WORKBOOK: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    SyntaxError,
    KeyError,
    ValueError,
    TypeError,
    AttributeError,
    IndexError,
)
