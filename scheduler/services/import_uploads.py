"""Spreadsheets waiting between upload and commit: read once, kept parsed, gone after a day.

The file is parsed when it is uploaded; the mapping, preview and commit steps read the stored
table, so a workbook costs one parse however often its pages are reloaded. Uploads nobody
commits hold names and emails, so they are deleted a day after upload: whenever a spreadsheet
is uploaded, on each round of the mail deliverer (in the web app or on a worker), and by
`fieldwork forget-uploads`. An upload older than that is never shown, deleted or not.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from scheduler.db.accounts import User
from scheduler.db.imports import ImportUpload
from scheduler.errors import ServiceError
from scheduler.files.tabular import Table, fields_for, read_table

KEPT_FOR = timedelta(days=1)


@dataclass(frozen=True)
class StoredUpload:
    token: str
    kind: str
    filename: str
    table: Table


def keep_upload(
    db: Session, actor: User, visit_id: int, kind: str, filename: str, data: bytes, now: datetime
) -> str:
    """Parse the file and keep its table for the next steps; its token, or ServiceError if unreadable."""
    fields_for(kind)  # refuses an unknown kind before the file is read
    table = read_table(filename, data)
    delete_abandoned_uploads(db, now)
    token = secrets.token_urlsafe(18)
    db.add(
        ImportUpload(
            token=token,
            visit_id=visit_id,
            user_id=actor.id,
            kind=kind,
            filename=filename[:255],
            table=_table_to_json(table),
            uploaded_at=now,
        )
    )
    db.flush()
    return token


def find_upload(db: Session, actor: User, visit_id: int, token: str, now: datetime) -> StoredUpload | None:
    """The upload behind `token` if this coordinator made it for this visit less than a day ago."""
    row = db.get(ImportUpload, token)
    if row is None or row.user_id != actor.id or row.visit_id != visit_id or _abandoned(row, now):
        return None
    return StoredUpload(
        token=row.token, kind=row.kind, filename=row.filename, table=_table_from_json(row.table)
    )


def forget_upload(db: Session, token: str) -> None:
    """Delete an upload once it has been imported."""
    db.execute(delete(ImportUpload).where(ImportUpload.token == token))


def delete_abandoned_uploads(db: Session, now: datetime) -> int:
    """Delete every upload older than a day; how many went."""
    cutoff = now - KEPT_FOR
    # Looked for first so that the usual round, with nothing to delete, only reads.
    if db.scalar(select(ImportUpload.token).where(ImportUpload.uploaded_at <= cutoff).limit(1)) is None:
        return 0
    result = db.execute(delete(ImportUpload).where(ImportUpload.uploaded_at <= cutoff))
    return int(getattr(result, "rowcount", 0))


def _abandoned(row: ImportUpload, now: datetime) -> bool:
    return row.uploaded_at <= now - KEPT_FOR


def _table_to_json(table: Table) -> dict[str, Any]:
    return {
        "headers": list(table.headers),
        "rows": [list(row) for row in table.rows],
        "first_row": table.first_row,
    }


def _table_from_json(stored: dict[str, Any]) -> Table:
    try:
        return Table(
            headers=tuple(stored["headers"]),
            rows=tuple(tuple(row) for row in stored["rows"]),
            first_row=int(stored["first_row"]),
        )
    except (KeyError, TypeError, ValueError) as error:  # written by this module, so never expected
        raise ServiceError(f"the stored upload cannot be read ({error}); upload the file again") from None
