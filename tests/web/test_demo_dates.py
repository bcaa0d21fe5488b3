"""`fieldwork demo` puts its visit on upcoming dates, so the personal links it hands out work."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from scheduler.services.visits import load_visit
from tests.support.web import make_app
from web.cli import prepare_demo
from web.database import session_factory


def test_the_demo_visit_starts_at_least_four_weeks_after_today_on_its_shipped_weekday(tmp_path: Path):
    app = make_app(tmp_path, CLOCK=lambda: datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
    try:
        visit_id, _number = prepare_demo(app, "a long demo password", time_limit=2)
        with session_factory(app)() as db:
            days = load_visit(db, visit_id).days
    finally:
        app.extensions["fieldwork.jobs"].shutdown()

    assert days == ("2026-12-29", "2026-12-30", "2026-12-31")  # shipped as Tue 17 - Thu 19 Feb 2026
    assert date.fromisoformat(days[0]).weekday() == date(2026, 2, 17).weekday()
