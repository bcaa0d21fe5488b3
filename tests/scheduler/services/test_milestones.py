"""The visit's milestones: default dates from the first day, coordinators' dates, and the
reminders the mail round sends owners and coordinators (delivered to a real SMTP server)."""

from __future__ import annotations

import datetime
from datetime import UTC
from pathlib import Path

import pytest

from scheduler.db.accounts import Membership
from scheduler.errors import ServiceError
from scheduler.mail import deliver_outbox
from scheduler.services.accounts import create_user
from scheduler.services.audit import list_audit
from scheduler.services.milestones import remind_due_milestones, set_milestone_dates, visit_milestones
from tests.support.onsite import published_small_visit
from tests.support.smtp_catcher import SmtpCatcher
from tests.support.store import add_user, open_store

BASE = "https://fieldwork.westmere.gov.example"
# Sunday 15 February 2026: the invites (by default three weeks before Tue 10 March) are due in two days.
SUNDAY = datetime.datetime(2026, 2, 15, 8, 0, tzinfo=UTC)


@pytest.fixture
def factory(tmp_path: Path):  # type: ignore[no-untyped-def]
    return open_store(tmp_path)


@pytest.fixture
def store(factory):  # type: ignore[no-untyped-def]
    with factory() as db:
        grace = add_user(db, "grace.okafor@example.org", "Grace Okafor")
        visit_id = published_small_visit(db, grace)
        tom = create_user(db, "tom.hughes@example.org", "correct horse battery", "Tom Hughes", SUNDAY)
        sarah = create_user(db, "sarah.lowe@example.org", "correct horse battery", "Sarah Lowe", SUNDAY)
        db.add(Membership(user_id=tom.id, visit_id=visit_id, role="coordinator"))
        db.add(Membership(user_id=sarah.id, visit_id=visit_id, role="viewer"))
        db.commit()
        yield db, grace, visit_id


def _dates(db, visit_id, now=SUNDAY):  # type: ignore[no-untyped-def]
    return {m.key: (m.due, m.set_by_coordinator) for m in visit_milestones(db, visit_id, now)}


def test_default_dates_count_back_from_the_first_day(store) -> None:  # type: ignore[no-untyped-def]
    db, _grace, visit_id = store

    milestones = visit_milestones(db, visit_id, SUNDAY)

    assert [(m.label, m.due, m.state) for m in milestones] == [
        ("Notice of the visit received", "2026-01-13", "done"),
        ("Availability deadline", "2026-02-03", "done"),
        ("First plan", "2026-02-10", "done"),
        ("Invites sent", "2026-02-17", "soon"),
        ("Case-tracking list due", "2026-02-24", "later"),
        ("Evidence due", "2026-03-03", "later"),
        ("First day on site", "2026-03-10", "later"),
        ("Feedback", "2026-03-10", "later"),
    ]


def test_a_coordinators_date_replaces_the_default_and_blank_brings_it_back(store) -> None:  # type: ignore[no-untyped-def]
    db, grace, visit_id = store

    changed = set_milestone_dates(
        db, grace, visit_id, {"case_list_due": "2026-02-20", "evidence_due": ""}, SUNDAY
    )
    assert changed == ["Case-tracking list due: 2026-02-20"]
    assert _dates(db, visit_id)["case_list_due"] == ("2026-02-20", True)

    set_milestone_dates(db, grace, visit_id, {"case_list_due": None}, SUNDAY)
    assert _dates(db, visit_id)["case_list_due"] == ("2026-02-24", False)
    assert [e.action for e in list_audit(db, visit_id)].count("set_milestones") == 2


def test_bad_dates_are_named_and_nothing_is_saved(store) -> None:  # type: ignore[no-untyped-def]
    db, grace, visit_id = store

    with pytest.raises(ServiceError) as refused:
        set_milestone_dates(
            db,
            grace,
            visit_id,
            {"first_plan": "2026-02-30", "evidence_due": "2026-03-01", "feedback": "3026-01-01"},
            SUNDAY,
        )

    assert refused.value.problems == [
        "First plan: '2026-02-30' is not a date (YYYY-MM-DD)",
        "Feedback: '3026-01-01' is not a date (YYYY-MM-DD)",
    ]
    assert _dates(db, visit_id)["evidence_due"] == ("2026-03-03", False)


def test_owners_and_coordinators_are_reminded_once_per_date_by_email(store, factory) -> None:  # type: ignore[no-untyped-def]
    db, _grace, visit_id = store
    smtp = SmtpCatcher().start()
    try:
        first = remind_due_milestones(db, SUNDAY, BASE)
        db.commit()
        again = remind_due_milestones(db, SUNDAY + datetime.timedelta(hours=3), BASE)
        db.commit()
        report = deliver_outbox(factory, smtp.url, SUNDAY)
        mails = smtp.wait_for(2)
    finally:
        smtp.stop()

    assert (first.emails, first.milestones, again.emails) == (2, 1, 0)
    assert report.sent == 2
    assert sorted(address for m in mails for address in m.recipients) == [
        "grace.okafor@example.org",
        "tom.hughes@example.org",
    ]
    assert mails[0].subject == "Local authority assessment: on-site visit: Invites sent on Tue 17 Feb"
    assert "- Invites sent: Tue 17 Feb 2026 (in 2 days)" in mails[0].text()
    assert f"{BASE}/visits/{visit_id}" in mails[0].text()


def test_moving_a_milestone_arms_its_reminder_again_and_a_past_one_is_never_reminded(store) -> None:  # type: ignore[no-untyped-def]
    db, grace, visit_id = store
    remind_due_milestones(db, SUNDAY, BASE)
    set_milestone_dates(db, grace, visit_id, {"invites_sent": "2026-02-18"}, SUNDAY)

    moved = remind_due_milestones(db, SUNDAY, BASE)
    # A month after the visit nothing is left to remind, however the dates stand.
    later = remind_due_milestones(db, SUNDAY + datetime.timedelta(days=60), BASE)

    assert (moved.emails, moved.milestones, later.emails) == (2, 1, 0)


def test_the_workers_schedule_queues_the_reminders_every_quarter_hour(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy import select

    from scheduler.db.engine import upgrade_database
    from scheduler.db.outbox import OutboxEmail
    from scheduler.jobs import celery_app
    from scheduler.settings import Settings
    from tests.support.databases import use_fresh_database

    schedule = celery_app.make_celery("redis://127.0.0.1:6379/0", Settings()).conf.beat_schedule
    assert schedule["remind-milestones"] == {
        "task": celery_app.REMIND_MILESTONES_TASK,
        "schedule": datetime.timedelta(minutes=15),
    }
    instance = tmp_path / "instance"
    use_fresh_database(monkeypatch, instance)
    monkeypatch.setenv("FIELDWORK_INSTANCE", str(instance))
    monkeypatch.setenv("FIELDWORK_BASE_URL", BASE)
    monkeypatch.setattr(celery_app, "_factory", None)  # the worker's engine, made on first use
    monkeypatch.setattr(celery_app, "utc_now", lambda: SUNDAY)
    upgrade_database(Settings.from_environment().connect_url(instance))
    factory = celery_app.worker_session_factory(Settings.from_environment())
    with factory() as db:
        published_small_visit(db, add_user(db, "grace.okafor@example.org", "Grace Okafor"))
        db.commit()

    celery_app.remind_milestones_task(Settings.from_environment())
    celery_app.remind_milestones_task(Settings.from_environment())

    with factory() as db:
        queued = [(row.to_address, row.subject) for row in db.scalars(select(OutboxEmail))]
    assert queued == [
        ("grace.okafor@example.org", "Local authority assessment: on-site visit: Invites sent on Tue 17 Feb")
    ]
    factory.kw["bind"].dispose()


def test_a_milestone_fieldwork_saw_done_shows_when_and_is_not_reminded(store) -> None:  # type: ignore[no-untyped-def]
    db, grace, visit_id = store
    # The plan was saved on 1 March (the store's clock): moved to Monday, it is done, not due.
    set_milestone_dates(db, grace, visit_id, {"first_plan": "2026-02-16"}, SUNDAY)

    first_plan = next(m for m in visit_milestones(db, visit_id, SUNDAY) if m.key == "first_plan")
    sent = remind_due_milestones(db, SUNDAY, BASE)

    assert (first_plan.state, first_plan.happened) == ("done", "2026-03-01")
    assert (sent.emails, sent.milestones) == (2, 1)  # the invites only, to Grace and Tom
