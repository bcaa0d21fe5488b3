"""What a zip-bomb-shaped XLSX costs the import: time and peak memory of reading one upload.

Usage: python bench/upload_bomb.py [--cells 26000000]

Builds a real people workbook with openpyxl, adds one row of `--cells` blank cells (`<c/>`,
which deflate about a thousand to one: 26 million make a 100 KiB file) and reads it the way
the import page does, in a child process so that its peak resident memory is its own.
"""

from __future__ import annotations

import argparse
import io
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from openpyxl import Workbook


def bomb(cells: int) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Name", "Email", "Team"])
    sheet.append(["Kieran Gill", "kieran.gill@westmere.gov.example", "Reablement"])
    sheet.append(["Aisha Rahman", "aisha.rahman@westmere.gov.example", "Safeguarding"])
    plain = io.BytesIO()
    book.save(plain)
    source = zipfile.ZipFile(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                row = b'<row r="4">' + b"<c/>" * cells + b"</row>"
                content = content.replace(b"</sheetData>", row + b"</sheetData>")
            archive.writestr(info.filename, content, compresslevel=9)
    return out.getvalue()


def read_one(path: Path) -> None:
    from scheduler.errors import ServiceError
    from scheduler.files.tabular import read_table

    data = path.read_bytes()
    started = time.perf_counter()
    try:
        outcome = f"read {len(read_table('people.xlsx', data).rows)} rows"
    except ServiceError as refused:
        outcome = f"refused: {refused.message}"
    seconds = time.perf_counter() - started
    peak = _peak_resident_megabytes()
    print(f"{len(data) / 1024:.0f} KiB upload: {seconds:.2f} s, peak resident {peak:.0f} MB; {outcome}")


def _peak_resident_megabytes() -> float:
    # VmHWM is this process's own high-water mark; ru_maxrss would carry the parent's over the fork.
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cells", type=int, default=26_000_000)
    parser.add_argument("--read", type=Path, help=argparse.SUPPRESS)  # the child's half
    args = parser.parse_args()
    if args.read:
        read_one(args.read)
        return 0
    with tempfile.TemporaryDirectory(prefix="fieldwork-bomb-") as folder:
        path = Path(folder) / "people.xlsx"
        path.write_bytes(bomb(args.cells))
        return subprocess.run([sys.executable, __file__, "--read", str(path)], check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
