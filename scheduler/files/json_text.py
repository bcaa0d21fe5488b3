"""JSON documents on disk: reading with plain-language errors, writing one line per entry."""

from __future__ import annotations

import codecs
import json
from pathlib import Path
from typing import Any

from scheduler.files.upload_limits import too_large


def load_json_document(path: Path) -> tuple[str | None, Any]:
    """(problem, data): problem names the file and what is wrong (with line and column for bad JSON)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return f"{path}: cannot be read ({exc.strerror or exc})", None
    return parse_json_bytes(str(path), raw)


def parse_json_bytes(name: str, raw: bytes) -> tuple[str | None, Any]:
    """(problem, data) for a file's bytes; the problem starts with `name`, never a traceback."""
    size = too_large(name, raw)
    if size:
        return size, None
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return f"{name}: is UTF-16 text; save it as UTF-8", None
    if raw.startswith(b"PK\x03\x04"):
        return f"{name}: is a ZIP archive (an XLSX workbook?), not a JSON file", None
    try:
        text = raw.decode("utf-8-sig")  # tolerate the byte-order mark some editors write
    except UnicodeDecodeError as exc:
        return f"{name}: is not UTF-8 text (byte {exc.start} is {raw[exc.start]:#04x})", None
    try:
        return None, json.loads(text)
    except json.JSONDecodeError as exc:
        return f"{name}: is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}", None
    except RecursionError:
        return f"{name}: is not a visit or timetable file: its lists and objects nest too deeply", None
    except ValueError as exc:  # e.g. a number with thousands of digits
        return f"{name}: is not valid JSON: {exc}", None


def dumps_document(doc: dict[str, Any]) -> str:
    """JSON text with each entry of a top-level list of objects on its own line (diff-friendly)."""
    parts = []
    for key, value in doc.items():
        if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
            body = ",\n".join("    " + json.dumps(item, ensure_ascii=False) for item in value)
            parts.append(f"  {json.dumps(key)}: [\n{body}\n  ]")
        else:
            text = json.dumps(value, ensure_ascii=False, indent=2 if isinstance(value, dict) else None)
            parts.append(f"  {json.dumps(key)}: " + text.replace("\n", "\n  "))
    return "{\n" + ",\n".join(parts) + "\n}\n"
