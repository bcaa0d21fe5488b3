"""Uploaded spreadsheets kept between the mapping, preview and commit steps of an import.

The file is kept in the instance folder under a random token; the token is only honoured for
the coordinator and visit that uploaded it.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


@dataclass(frozen=True)
class Upload:
    token: str
    filename: str
    kind: str
    data: bytes


def _folder() -> Path:
    folder = Path(current_app.instance_path) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def keep(user_id: int, visit_id: int, kind: str, filename: str, data: bytes) -> str:
    token = secrets.token_urlsafe(18)
    meta = {"user": user_id, "visit": visit_id, "kind": kind, "filename": filename}
    (_folder() / f"{token}.json").write_text(json.dumps(meta))
    (_folder() / f"{token}.bin").write_bytes(data)
    return token


def fetch(token: str, user_id: int, visit_id: int) -> Upload | None:
    if not _TOKEN.match(token):
        return None
    meta_path, data_path = _folder() / f"{token}.json", _folder() / f"{token}.bin"
    if not meta_path.exists() or not data_path.exists():
        return None
    meta = json.loads(meta_path.read_text())
    if meta["user"] != user_id or meta["visit"] != visit_id:
        return None
    return Upload(token=token, filename=meta["filename"], kind=meta["kind"], data=data_path.read_bytes())


def forget(token: str) -> None:
    if _TOKEN.match(token):
        for suffix in (".json", ".bin"):
            (_folder() / f"{token}{suffix}").unlink(missing_ok=True)
