"""JSON documents on disk: reading with plain-language errors, writing one line per entry."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def load_json_document(path: Path) -> tuple[str | None, Any]:
    """(problem, data): problem names the file and what is wrong (with line and column for bad JSON)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return f"{path}: cannot be read ({exc.strerror or exc})", None
    try:
        text = raw.decode("utf-8-sig")  # tolerate the byte-order mark some editors write
    except UnicodeDecodeError as exc:
        return f"{path}: is not UTF-8 text (byte {exc.start} is {raw[exc.start]:#04x})", None
    try:
        return None, json.loads(text)
    except json.JSONDecodeError as exc:
        return f"{path}: is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}", None


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
