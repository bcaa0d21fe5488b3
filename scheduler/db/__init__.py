"""Persistence: SQLAlchemy 2.0 typed models split by concern, the engine, and migrations.

Importing this package registers every model on ``Base.metadata`` so that Alembic and the
tests see the whole schema.
"""

from scheduler.db import (
    accounts,
    audit,
    availability,
    availability_requests,
    calendar_replies,
    case_tracking,
    change_requests,
    imports,
    invites,
    jobs,
    login_failures,
    on_the_day,
    outbox,
    password_links,
    publishing,
    timetables,
    visits,
)
from scheduler.db.base import Base

__all__ = [
    "Base",
    "accounts",
    "audit",
    "availability",
    "availability_requests",
    "calendar_replies",
    "case_tracking",
    "change_requests",
    "imports",
    "invites",
    "jobs",
    "login_failures",
    "on_the_day",
    "outbox",
    "password_links",
    "publishing",
    "timetables",
    "visits",
]
