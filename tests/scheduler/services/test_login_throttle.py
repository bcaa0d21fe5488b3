"""Login throttling: five failures for one email (or twenty from one client) within fifteen
minutes refuse further attempts until the oldest counted failure is fifteen minutes old."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from scheduler.services.login_throttle import (
    clear_login_failures,
    count_login_failures,
    login_refusal,
    record_login_failure,
)
from tests.support.store import NOW, open_store


def test_four_failures_for_an_email_still_allow_a_try(tmp_path: Path):
    with open_store(tmp_path)() as db:
        for minute in range(4):
            record_login_failure(db, "casey@example.org", "10.0.0.1", NOW + timedelta(minutes=minute))
        assert login_refusal(db, "casey@example.org", "10.0.0.1", NOW + timedelta(minutes=4)) is None


def test_five_failures_for_an_email_refuse_it_from_every_address(tmp_path: Path):
    with open_store(tmp_path)() as db:
        for minute in range(5):
            record_login_failure(db, "casey@example.org", f"10.0.0.{minute}", NOW + timedelta(minutes=minute))
        refusal = login_refusal(db, "Casey@Example.org ", "192.0.2.7", NOW + timedelta(minutes=5))
        assert refusal is not None
        assert refusal.retry_after == timedelta(minutes=10)
        assert refusal.message == (
            "Too many failed logins for this email address or from your network. Try again in 10 minutes."
        )
        assert login_refusal(db, "other@example.org", "192.0.2.7", NOW + timedelta(minutes=5)) is None


def test_the_refusal_ends_when_the_oldest_counted_failure_leaves_the_window(tmp_path: Path):
    with open_store(tmp_path)() as db:
        for minute in range(5):
            record_login_failure(db, "casey@example.org", "10.0.0.1", NOW + timedelta(minutes=minute))
        assert login_refusal(db, "casey@example.org", "10.0.0.1", NOW + timedelta(minutes=14, seconds=59))
        assert login_refusal(db, "casey@example.org", "10.0.0.1", NOW + timedelta(minutes=15)) is None


def test_twenty_failures_from_one_address_refuse_every_email_from_it(tmp_path: Path):
    with open_store(tmp_path)() as db:
        for n in range(20):
            record_login_failure(db, f"guess{n}@example.org", "203.0.113.9", NOW)
        refusal = login_refusal(db, "casey@example.org", "203.0.113.9", NOW + timedelta(seconds=30))
        assert refusal is not None
        assert refusal.minutes == 15
        assert login_refusal(db, "casey@example.org", "10.0.0.1", NOW + timedelta(seconds=30)) is None


def test_nineteen_failures_from_one_address_still_allow_a_try(tmp_path: Path):
    with open_store(tmp_path)() as db:
        for n in range(19):
            record_login_failure(db, f"guess{n}@example.org", "203.0.113.9", NOW)
        assert login_refusal(db, "new@example.org", "203.0.113.9", NOW) is None


def test_a_correct_password_clears_the_emails_failures_but_not_the_addresss(tmp_path: Path):
    with open_store(tmp_path)() as db:
        for _ in range(4):
            record_login_failure(db, "casey@example.org", "10.0.0.1", NOW)
        record_login_failure(db, "other@example.org", "10.0.0.1", NOW)
        clear_login_failures(db, "CASEY@example.org")
        assert count_login_failures(db) == 1


def test_failures_older_than_the_window_are_forgotten_when_a_new_one_is_recorded(tmp_path: Path):
    with open_store(tmp_path)() as db:
        record_login_failure(db, "casey@example.org", "10.0.0.1", NOW)
        record_login_failure(db, "casey@example.org", "10.0.0.1", NOW + timedelta(minutes=16))
        assert count_login_failures(db) == 1


def test_failures_are_shared_by_every_session_on_the_database(tmp_path: Path):
    factory = open_store(tmp_path)
    with factory() as first:
        for minute in range(5):
            record_login_failure(first, "casey@example.org", "10.0.0.1", NOW + timedelta(minutes=minute))
        first.commit()
    with factory() as second:
        assert login_refusal(second, "casey@example.org", "10.0.0.9", NOW + timedelta(minutes=5)) is not None
