"""Which meeting link a session's invite gives, and what counts as a usable one.

A virtual session (or an either-mode session the plan holds online) uses its own `video_link`,
else the visit's default link (one standing meeting room for the whole visit is common), else
none: only then does the invite say the link will follow. A link is an https address, because
it goes to people outside the council and calendar apps make only those clickable everywhere.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from scheduler import domain
from scheduler.db.accounts import User
from scheduler.db.visits import VisitRecord
from scheduler.errors import NotFound, ServiceError
from scheduler.services.audit import record_audit

LONGEST_LINK = 2000


def video_link_problem(link: str) -> str | None:
    """Why this text is not a usable meeting link, or None when it is."""
    text = link.strip()
    if len(text) > LONGEST_LINK:
        return f"is longer than {LONGEST_LINK} characters"
    if any(c.isspace() or ord(c) < 32 for c in text):
        return "must be one web address without spaces"
    parts = urlsplit(text)
    if parts.scheme.lower() != "https" or not parts.hostname or "." not in parts.hostname:
        return "must be an https:// web address, e.g. https://teams.microsoft.com/l/meetup-join/..."
    return None


def session_video_link(
    session: domain.Session | None, placed: domain.PlacedSession, default: str | None
) -> str | None:
    """The link an invite for this placement gives: only for a session held online."""
    if placed.mode != "virtual":
        return None
    own = (session.video_link or "").strip() if session is not None else ""
    return own or (default or "").strip() or None


def default_video_link(db: Session, visit_id: int) -> str | None:
    record = db.get(VisitRecord, visit_id)
    if record is None:
        raise NotFound(f"there is no visit {visit_id}")
    return record.default_video_link


def set_default_video_link(
    db: Session, actor: User | None, visit_id: int, link: str, now: datetime
) -> str | None:
    """Store (or, given blank, clear) the visit's default meeting link; sent at the next publish."""
    record = db.get(VisitRecord, visit_id)
    if record is None:
        raise NotFound(f"there is no visit {visit_id}")
    text = link.strip()
    if text:
        problem = video_link_problem(text)
        if problem:
            raise ServiceError(f"The visit's default video link {problem}.")
    record.default_video_link = text or None
    record.updated_at = now
    record_audit(
        db,
        visit_id,
        actor,
        "set_default_video_link",
        f"default video link {'set to ' + text if text else 'cleared'}",
        now,
    )
    db.flush()
    return record.default_video_link
