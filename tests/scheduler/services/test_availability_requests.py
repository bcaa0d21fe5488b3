"""Asking for availability: requests to everyone with an address and no link, who has answered,
reminders only to those who have not; the emails as a real SMTP server receives them."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from scheduler.db.availability import AvailabilityAnswer
from scheduler.db.outbox import OutboxEmail
from scheduler.errors import ServiceError
from scheduler.mail import deliver_outbox
from scheduler.services.availability_links import resolve_link
from scheduler.services.availability_requests import (
    asking_status,
    deadline_from_local,
    local_deadline,
    send_reminders,
    send_requests,
    set_deadline,
)
from scheduler.services.visits import import_visit
from tests.support.store import NOW, add_user, open_store
from tests.support.tiny_visit import free, meeting, person, tiny_visit

BASE = "https://fieldwork.example/a/"


def link_url(token: str) -> str:
    return BASE + token


@pytest.fixture
def store(tmp_path: Path):
    factory = open_store(tmp_path)
    visit = tiny_visit(
        people=(
            person("p1", free("09:00", "11:00")),  # answered by the visit's own list
            person("p2", answered=False),
            person("p3", answered=False),
            person("p4", answered=False, email=""),
        ),
        sessions=(meeting("s1", required=("p1",), invited=("p2", "p3", "p4")),),
    )
    with factory() as db:
        user = add_user(db)
        visit_id = import_visit(db, user, visit, NOW)
        db.commit()
        yield factory, db, user, visit_id


def answer(db, visit_id: int, key: str, at: datetime = NOW) -> None:
    db.add(
        AvailabilityAnswer(
            visit_id=visit_id,
            who_kind="person",
            key=key,
            cells={},
            needs=[],
            can_escort=False,
            note="",
            submitted_at=at,
        )
    )
    db.flush()


def outbox(db) -> list[tuple[str, str]]:
    return [(row.to_address, row.subject) for row in db.scalars(select(OutboxEmail).order_by(OutboxEmail.id))]


def test_requests_go_to_everyone_with_an_address_and_no_link_yet_once(store):
    _, db, user, visit_id = store
    sent = send_requests(db, user, visit_id, link_url, NOW)
    assert sent.emailed == ("Person p1", "Person p2", "Person p3", "Assessor One")
    assert sent.without_email == ("Person p4",)
    assert outbox(db) == [
        ("p1@example.org", "When are you free for Tiny visit?"),
        ("p2@example.org", "When are you free for Tiny visit?"),
        ("p3@example.org", "When are you free for Tiny visit?"),
        ("a1@example.org", "When are you free for Tiny visit?"),
    ]
    again = send_requests(db, user, visit_id, link_url, NOW)
    assert again.emailed == ()
    assert db.scalar(select(func.count(OutboxEmail.id))) == 4


def test_each_request_carries_a_working_personal_link_of_its_own(store):
    _, db, user, visit_id = store
    send_requests(db, user, visit_id, link_url, NOW)
    owners = []
    for row in db.scalars(select(OutboxEmail).order_by(OutboxEmail.id)):
        [token] = re.findall(re.escape(BASE) + r"([A-Za-z0-9_-]+)", row.text_body)
        owner = resolve_link(db, token, NOW)
        assert owner is not None
        owners.append((owner.who_kind, owner.key))
    assert owners == [("person", "p1"), ("person", "p2"), ("person", "p3"), ("assessor", "a1")]


def test_the_status_says_who_has_answered_and_who_has_not(store):
    _, db, user, visit_id = store
    send_requests(db, user, visit_id, link_url, NOW)
    later = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    answer(db, visit_id, "p2", later)
    status = asking_status(db, visit_id)
    assert [(a.key, a.answered_at) for a in status.answered] == [("p1", None), ("p2", later)]
    assert [(a.key, a.asked_at) for a in status.waiting] == [("p3", NOW), ("p4", None), ("a1", NOW)]


def test_reminders_go_only_to_those_asked_who_have_not_answered(store):
    _, db, user, visit_id = store
    send_requests(db, user, visit_id, link_url, NOW)
    answer(db, visit_id, "p2")
    reminded = send_reminders(db, user, visit_id, link_url, NOW)
    assert reminded.emailed == ("Person p3", "Assessor One")
    assert outbox(db)[4:] == [
        ("p3@example.org", "Reminder: when are you free for Tiny visit?"),
        ("a1@example.org", "Reminder: when are you free for Tiny visit?"),
    ]
    assert [(a.key, a.reminders) for a in asking_status(db, visit_id).waiting] == [
        ("p3", 1),
        ("p4", 0),
        ("a1", 1),
    ]


def test_the_deadline_is_entered_in_the_visits_zone_and_shown_back_in_it(store):
    _, db, user, visit_id = store
    deadline = deadline_from_local("Europe/London", "2026-07-01", "17:00")
    assert deadline == datetime(2026, 7, 1, 16, 0, tzinfo=UTC)  # British Summer Time
    set_deadline(db, user, visit_id, deadline, NOW)
    status = asking_status(db, visit_id)
    assert status.deadline == deadline
    assert local_deadline(status.timezone, status.deadline) == "Wed 1 Jul 17:00 (Europe/London)"
    with pytest.raises(ServiceError, match="is not a day YYYY-MM-DD and a time HH:MM"):
        deadline_from_local("Europe/London", "2026-02-30", "17:00")


def test_the_request_email_arrives_with_the_link_and_the_deadline(store, smtp_server):
    factory, db, user, visit_id = store
    set_deadline(db, user, visit_id, deadline_from_local("Europe/London", "2026-03-05", "12:00"), NOW)
    send_requests(db, user, visit_id, link_url, NOW, request_url=lambda token: f"{BASE}{token}/ask")
    db.commit()
    report = deliver_outbox(factory, smtp_server.url, NOW)
    assert report.sent == 4
    received = {m.recipients[0]: m for m in smtp_server.wait_for(4)}
    mail = received["p2@example.org"]
    assert mail.subject == "When are you free for Tiny visit?"
    assert "Dear Person p2," in mail.text()
    assert "Please answer by Thu 5 Mar 12:00 (Europe/London)." in mail.text()
    assert re.search(re.escape(BASE) + r"[A-Za-z0-9_-]{43}", mail.text())
    assert '<a href="https://fieldwork.example/a/' in mail.html()
    assert re.search(
        r"To ask for a new session, or a change to one:\s+" + re.escape(BASE) + r"\S{43}/ask",
        received["a1@example.org"].text(),
    )
    assert "/ask" not in mail.text()
    # Assessors also get their pen profile page, on the same personal link.
    assert re.search(
        r"To write or update your pen profile, which attendees read before they meet you:\s+"
        + re.escape(BASE)
        + r"[A-Za-z0-9_-]{43}/pen-profile",
        received["a1@example.org"].text(),
    )
    assert "pen-profile" not in mail.text()


def test_nobody_is_asked_once_the_visit_is_over(store):
    _, db, user, visit_id = store
    after = datetime(2026, 3, 11, 0, 0, tzinfo=UTC)  # midnight after the visit's only day, in London
    with pytest.raises(ServiceError, match="the visit is over"):
        send_requests(db, user, visit_id, link_url, after)
    with pytest.raises(ServiceError, match="the visit is over"):
        send_reminders(db, user, visit_id, link_url, after)
