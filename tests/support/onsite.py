"""The small example visit, published, on its day on site (Tue 10 March 2026, Europe/London):
shared by the control page, visit-in-numbers and milestone tests."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from scheduler.db.accounts import User
from scheduler.files.timetable_file import load_timetable
from scheduler.services.timetables import publish_version, save_version
from tests.support.store import EXAMPLES, NOW, SMALL, add_visit

# 10:30 in London (GMT in March): the opening presentation (09:15-10:15) is over, the
# Extra Care Housing focus group (10:15-11:30, online) is under way.
ON_THE_DAY = datetime(2026, 3, 10, 10, 30, tzinfo=UTC)
DAY = "2026-03-10"


def published_small_visit(db: Session, user: User) -> int:
    visit_id = add_visit(db, user, SMALL)
    number = save_version(db, user, visit_id, load_timetable(EXAMPLES / "small.planted.json"), NOW)
    publish_version(db, user, visit_id, number, NOW)
    db.flush()
    return visit_id


def publish_for(app: object, email: str) -> int:
    """Import the small visit for this coordinator of a web app and publish its planted plan."""
    from scheduler.services.accounts import find_user_by_email
    from web.database import session_factory

    with session_factory(app)() as db:  # type: ignore[arg-type]
        user = find_user_by_email(db, email)
        assert user is not None
        visit_id = published_small_visit(db, user)
        db.commit()
        return visit_id


def join_visit(app: object, visit_id: int, email: str, name: str, role: str) -> None:
    from scheduler.db.accounts import Membership
    from scheduler.services.accounts import find_user_by_email
    from tests.support.web import add_user
    from web.database import session_factory

    add_user(app, email, name)  # type: ignore[arg-type]
    with session_factory(app)() as db:  # type: ignore[arg-type]
        user = find_user_by_email(db, email)
        assert user is not None
        db.add(Membership(user_id=user.id, visit_id=visit_id, role=role))
        db.commit()
