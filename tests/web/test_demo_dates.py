"""`fieldwork demo` puts its visit on upcoming dates, so the personal links it hands out work."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from scheduler.demo.dates import demo_dates
from scheduler.services.availability_links import issue_link
from scheduler.services.milestones import visit_milestones
from scheduler.services.visits import load_visit
from tests.support.web import make_app, page_text
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


def test_the_demo_asks_for_availability_two_weeks_ahead_of_the_visit_in_step_with_its_milestones(
    tmp_path: Path,
):
    now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    app = make_app(tmp_path, CLOCK=lambda: now)
    try:
        visit_id, _number = prepare_demo(app, "a long demo password", time_limit=2)
        with session_factory(app)() as db:
            visit = load_visit(db, visit_id)
            staff = next(p for p in visit.people if p.kind == "staff")
            token = issue_link(db, None, visit_id, "person", staff.id, now)
            milestones = visit_milestones(db, visit_id, now)
            db.commit()
        form = " ".join(page_text(app.test_client().get(f"/availability/{token}")).split())
    finally:
        app.extensions["fieldwork.jobs"].shutdown()

    # The visit runs Tue 29 - Thu 31 Dec; answers are due a fortnight before, and the form is open.
    assert "Please answer by <strong>Tue 15 Dec 2026, 17:00 (Europe/London)</strong>." in form
    due = {m.key: m.due for m in milestones}
    assert due["availability_deadline"] == "2026-12-15"
    assert due["first_plan"] == due["invites_sent"] == "2026-12-01"  # the demo plans and publishes today
    assert due["availability_deadline"] < due["case_list_due"] <= due["evidence_due"] < due["first_day"]
    assert [m.due for m in milestones] == sorted(m.due for m in milestones)


def test_the_demo_deadline_leaves_a_week_to_answer_however_near_the_visit():
    near = demo_dates(date(2026, 12, 29), date(2026, 12, 15), "Europe/London")
    assert near.deadline.date() == date(2026, 12, 22)
    assert (
        near.milestones["case_list_due"] == "2026-12-25" and near.milestones["evidence_due"] == "2026-12-25"
    )
