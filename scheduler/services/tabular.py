"""Bulk import of people, rooms or sessions into a stored visit (the file side: scheduler.files.tabular).

The preview writes nothing; the commit adds or updates every row's entry, or none of them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from scheduler.db.accounts import User
from scheduler.errors import ServiceError
from scheduler.files.tabular import Preview, Table, plan_import
from scheduler.services.visits import load_visit, update_visit


def preview_import(db: Session, visit_id: int, kind: str, table: Table, mapping: dict[str, str]) -> Preview:
    """The entries the file would add or update, and every problem; nothing is written."""
    return plan_import(load_visit(db, visit_id), kind, table, mapping).preview


def commit_import(
    db: Session, actor: User, visit_id: int, kind: str, table: Table, mapping: dict[str, str], now: datetime
) -> int:
    """Add or update every row's entry and return how many; any problem -> ServiceError, nothing written."""
    plan = plan_import(load_visit(db, visit_id), kind, table, mapping)
    if plan.candidate is None:
        count = len(plan.preview.errors)
        raise ServiceError(
            f"nothing was imported: {count} problem{'s' if count != 1 else ''} to fix first",
            plan.preview.errors,
        )
    update_visit(db, actor, visit_id, plan.candidate, now, action=f"import_{kind}")
    return len(plan.preview.rows)
