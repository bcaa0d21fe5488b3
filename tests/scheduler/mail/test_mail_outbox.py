"""The outbox: queued mail leaves after the commit, through a real SMTP server, exactly once."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from scheduler.db.outbox import OutboxEmail
from scheduler.errors import ServiceError
from scheduler.mail import Attachment, deliver_outbox, parse_smtp_url, queue_email
from tests.support.smtp_catcher import SmtpCatcher, free_port
from tests.support.store import NOW, open_store


def test_a_queued_email_arrives_with_its_text_html_and_attachment(tmp_path: Path, smtp_server: SmtpCatcher):
    factory = open_store(tmp_path)
    with factory() as db:
        queue_email(
            db,
            "zoe@example.org",
            "Your availability is saved",
            "Thank you.",
            "<p>Thank you.</p>",
            [Attachment("visit.ics", "text/calendar", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")],
            now=NOW,
        )
        db.commit()

    report = deliver_outbox(factory, smtp_server.url, NOW, max_attempts=3)

    assert (report.sent, report.retrying, report.failed) == (1, 0, 0)
    [received] = smtp_server.wait_for(1)
    assert received.recipients == ["zoe@example.org"]
    assert received.subject == "Your availability is saved"
    assert received.text().strip() == "Thank you."
    assert received.html().strip() == "<p>Thank you.</p>"
    [attachment] = list(received.message.iter_attachments())
    assert attachment.get_filename() == "visit.ics"
    assert attachment.get_content_type() == "text/calendar"


def test_an_email_whose_transaction_rolls_back_is_never_sent(tmp_path: Path, smtp_server: SmtpCatcher):
    factory = open_store(tmp_path)
    with factory() as db:
        queue_email(db, "zoe@example.org", "Never", "never", None, now=NOW)
        db.rollback()

    assert deliver_outbox(factory, smtp_server.url, NOW).sent == 0
    assert smtp_server.messages == []


def test_a_sent_email_is_not_sent_again_by_a_second_run(tmp_path: Path, smtp_server: SmtpCatcher):
    factory = open_store(tmp_path)
    with factory() as db:
        queue_email(db, "zoe@example.org", "Once", "once", None, now=NOW)
        db.commit()

    deliver_outbox(factory, smtp_server.url, NOW)
    second = deliver_outbox(factory, smtp_server.url, NOW + timedelta(hours=2))

    assert second.sent == 0
    assert [m.subject for m in smtp_server.wait_for(1)] == ["Once"]


def test_a_server_that_is_down_at_first_loses_nothing_and_gets_each_email_once(tmp_path: Path):
    factory = open_store(tmp_path)
    with factory() as db:
        for n in range(3):
            queue_email(db, f"person{n}@example.org", f"Message {n}", "hello", None, now=NOW)
        db.commit()
    port = free_port()
    down_url = f"smtp://127.0.0.1:{port}"

    # However long the server is away, no email spends an attempt on its absence.
    runs = [deliver_outbox(factory, down_url, NOW + timedelta(hours=h), max_attempts=5) for h in range(12)]

    with factory() as db:
        rows = db.scalars(select(OutboxEmail).order_by(OutboxEmail.id)).all()
        assert [(r.state, r.attempts) for r in rows] == [("queued", 0)] * 3
    assert {(r.sent, r.retrying, r.failed) for r in runs} == {(0, 0, 0)}
    assert runs[0].unreachable.startswith("ConnectionRefusedError")

    server = SmtpCatcher(port).start()
    try:
        later = NOW + timedelta(hours=12)
        up = deliver_outbox(factory, down_url, later, max_attempts=5)
        again = deliver_outbox(factory, down_url, later + timedelta(hours=2), max_attempts=5)
        received = server.wait_for(3)
    finally:
        server.stop()

    assert (up.sent, up.unreachable, again.sent) == (3, "", 0)
    assert sorted(m.recipients[0] for m in received) == [f"person{n}@example.org" for n in range(3)]
    with factory() as db:
        assert [r.state for r in db.scalars(select(OutboxEmail))] == ["sent", "sent", "sent"]


def test_an_email_that_keeps_failing_is_given_up_after_its_attempts(tmp_path: Path):
    factory = open_store(tmp_path)
    with factory() as db:
        queue_email(db, "zoe@example.org", "Doomed", "x", None, now=NOW)
        db.commit()
    server = SmtpCatcher().start()
    server.refuse_every_message()  # the server is there, but turns this message away every time
    try:
        reports = [
            deliver_outbox(factory, server.url, NOW + timedelta(hours=3 * n), max_attempts=2)
            for n in range(3)
        ]
    finally:
        server.stop()

    assert [(r.retrying, r.failed) for r in reports] == [(1, 0), (0, 1), (0, 0)]
    with factory() as db:
        row = db.scalars(select(OutboxEmail)).one()
        assert (row.state, row.attempts) == ("failed", 2)


def test_a_line_break_in_an_address_or_subject_is_refused(tmp_path: Path):
    factory = open_store(tmp_path)
    with factory() as db:
        with pytest.raises(ServiceError, match="not a single email address"):
            queue_email(db, "a@example.org\nBcc: b@example.org", "Hi", "x", None, now=NOW)
        with pytest.raises(ServiceError, match="must be one line"):
            queue_email(db, "a@example.org", "Hi\nBcc: b@example.org", "x", None, now=NOW)


def test_smtp_urls_name_the_server_its_security_and_login():
    plain = parse_smtp_url("smtp://127.0.0.1:2525")
    assert (plain.host, plain.port, plain.security, plain.username) == ("127.0.0.1", 2525, "plain", None)
    login = parse_smtp_url("smtp+starttls://mailer:s%40cret@mail.example.org:587?from=visits@example.org")
    assert (login.security, login.username, login.password, login.sender) == (
        "starttls",
        "mailer",
        "s@cret",
        "visits@example.org",
    )
    assert login.describe() == "starttls mailer@mail.example.org:587"
    with pytest.raises(ServiceError, match="must start with smtp://"):
        parse_smtp_url("http://mail.example.org")
