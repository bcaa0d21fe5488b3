"""How big a file a reader accepts, and the cheap checks that refuse an absurd one before parsing it.

An upload is already capped by the web app's MAX_CONTENT_LENGTH, but a few megabytes can still
hold a zipped workbook that unpacks to gigabytes, a million rows or a cell the size of a book.
The readers refuse those with a message naming the file instead of eating the server's memory.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from typing import IO
from xml.parsers import expat

MAX_FILE_BYTES = 20 * 1024 * 1024  # a visit file of an xl visit is well under 1 MB
MAX_ROWS = 20_000  # rows of one sheet or CSV, entries of one list of a visit file
MAX_COLUMNS = 200
MAX_CELL_CHARS = 10_000
MAX_UNPACKED_BYTES = 20 * 1024 * 1024  # all parts of an XLSX archive, uncompressed; also its text
# Real workbooks' parts unpack to 5-20 times their packed size; a part packed a hundred times
# tighter is a run of repeated bytes made to exhaust the reader (Apache POI refuses the same).
MAX_INFLATE_RATIO = 100
RATIO_GRACE_BYTES = 256 * 1024  # parts smaller than this may be as repetitive as they like
MAX_CELLS_PER_ROW = 16_384  # Excel's own last column, XFD
MAX_CELLS = 500_000  # every cell of every sheet, blank ones included
_MB = 1024 * 1024
_SCAN_CHUNK = 64 * 1024


def too_large(filename: str, data: bytes) -> str | None:
    """A problem naming the file when it is larger than any real visit file or spreadsheet."""
    if len(data) > MAX_FILE_BYTES:
        megabytes, limit = len(data) // _MB, MAX_FILE_BYTES // _MB
        return f"{filename}: is {megabytes} MB, more than the {limit} MB a file may be"
    return None


def workbook_archive_problem(filename: str, data: bytes) -> str | None:
    """Why `data` is no XLSX workbook worth opening (not a ZIP, or one unpacking too big), or None."""
    return unreadable_archive(filename, data) or oversized_workbook(filename, data)


def unreadable_archive(filename: str, data: bytes) -> str | None:
    """Why `data` is no XLSX workbook at all (too big a file, not a ZIP, a ZIP of something else), or None."""
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
    return None


def oversized_workbook(filename: str, data: bytes) -> str | None:
    """Why a readable XLSX archive must not be opened: it unpacks too big, too tightly or too wide.

    Everything is decided from the archive's directory and a streaming count of its XML, before
    openpyxl builds anything: openpyxl holds a whole row in memory, so a 100 KB file holding one
    row of 26 million empty cells took 8 GB and 90 s to read. The directory's sizes can be
    trusted because zipfile stops every part at its declared size (and fails its checksum).
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            unpacked = sum(part.file_size for part in parts)
            if unpacked > MAX_UNPACKED_BYTES:
                return (
                    f"{filename}: unpacks to {unpacked / _MB:.1f} MB, more than the "
                    f"{MAX_UNPACKED_BYTES // _MB} MB a workbook may hold"
                )
            for part in parts:
                if part.file_size > RATIO_GRACE_BYTES and part.file_size > MAX_INFLATE_RATIO * max(
                    part.compress_size, 1
                ):
                    ratio = part.file_size // max(part.compress_size, 1)
                    return (
                        f"{filename}: its part '{part.filename}' unpacks to {ratio:,} times its packed "
                        f"size, where real workbooks stay under {MAX_INFLATE_RATIO}; it was not opened"
                    )
            return _scan_cells(filename, archive, parts)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None  # damaged: the reader that opens it next says so in its own words


class _Refused(Exception):
    pass


class _CellCount:
    """The cells of one workbook counted row by row as its XML streams past, never held."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.total = 0
        self.part = ""
        self.row_number = 0
        self.row_cells = 0

    def read(self, part: str, stream: IO[bytes]) -> None:
        """Count one part; _Refused for a DTD, a row or a workbook with too many cells."""
        self.part, self.row_number, self.row_cells = part, 0, 0
        parser = expat.ParserCreate()
        parser.StartElementHandler = self._element
        parser.StartDoctypeDeclHandler = self._doctype
        while chunk := stream.read(_SCAN_CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)

    def _element(self, name: str, attributes: dict[str, str]) -> None:
        local = name.rpartition(":")[2]
        if local == "row":
            number = attributes.get("r", "")
            # Excel's rows stop at 1,048,576: a longer number is no row number worth converting.
            self.row_number = int(number) if number.isdigit() and len(number) <= 7 else self.row_number + 1
            self.row_cells = 0
        elif local == "c":
            self.row_cells += 1
            self.total += 1
            if self.row_cells > MAX_CELLS_PER_ROW:
                raise _Refused(
                    f"{self.filename}: row {self.row_number:,} of '{self.part}' has more than "
                    f"{MAX_CELLS_PER_ROW:,} cells, more than any spreadsheet can hold"
                )
            if self.total > MAX_CELLS:
                raise _Refused(
                    f"{self.filename}: has more than {MAX_CELLS:,} cells; split it into smaller files"
                )

    def _doctype(self, *_: object) -> None:
        # Spreadsheet programs never write one, and a DTD is where XML entity bombs are declared.
        raise _Refused(f"{self.filename}: its part '{self.part}' declares a DTD, which no workbook has")


def _scan_cells(filename: str, archive: zipfile.ZipFile, parts: list[zipfile.ZipInfo]) -> str | None:
    # Every part, whatever its name: openpyxl reads a sheet wherever the workbook's links point.
    count = _CellCount(filename)
    for part in parts:
        try:
            with archive.open(part) as stream:
                count.read(part.filename, stream)
        except _Refused as refused:
            return str(refused)
        except (expat.ExpatError, zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError):
            continue  # not XML (an image), or damaged: openpyxl refuses it next, in its own words
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
