"""`fieldwork send-mail` delivers the instance's outbox once."""

from __future__ import annotations

import socket
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from scheduler.cli import main
from scheduler.db.engine import make_engine, make_session_factory, upgrade_database
from scheduler.mail import OutboxEmail, queue_email
from scheduler.settings import Settings
from tests.support.databases import use_fresh_database
from tests.support.smtp_catcher import SmtpCatcher


@pytest.fixture(autouse=True)
def instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    use_fresh_database(monkeypatch, tmp_path / "instance")
    monkeypatch.delenv("FIELDWORK_SMTP_URL", raising=False)
    monkeypatch.setenv("FIELDWORK_INSTANCE", str(tmp_path / "instance"))
    return tmp_path / "instance"


def test_send_mail_sends_the_queued_emails_once(
    instance: Path,
    smtp_server: SmtpCatcher,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
):
    url = Settings.from_environment().connect_url(instance)
    upgrade_database(url)
    with make_session_factory(make_engine(url))() as db:
        queue_email(db, "zoe@example.org", "Hello", "hello", None, now=datetime.now(UTC))
        db.commit()
    monkeypatch.setenv("FIELDWORK_SMTP_URL", smtp_server.url)

    assert main(["send-mail"]) == 0
    assert main(["send-mail"]) == 0

    assert capsys.readouterr().out == (
        "sent 1, to retry later 0, given up 0\nsent 0, to retry later 0, given up 0\n"
    )
    assert [m.recipients for m in smtp_server.wait_for(1)] == [["zoe@example.org"]]


def test_send_mail_without_a_server_says_how_to_configure_one(capsys: pytest.CaptureFixture[str]):
    assert main(["send-mail"]) == 2
    assert capsys.readouterr().err == (
        "fieldwork send-mail: no SMTP server: set FIELDWORK_SMTP_URL or pass --smtp-url\n"
    )


def test_send_mail_to_a_server_that_is_away_says_so_and_keeps_every_email(
    instance: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    url = Settings.from_environment().connect_url(instance)
    upgrade_database(url)
    with make_session_factory(make_engine(url))() as db:
        queue_email(db, "zoe@example.org", "Hello", "hello", None, now=datetime.now(UTC))
        db.commit()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("FIELDWORK_SMTP_URL", f"smtp://127.0.0.1:{port}")

    assert main(["send-mail"]) == 1

    err = capsys.readouterr().err
    assert err.startswith("fieldwork send-mail: the SMTP server could not be reached (ConnectionRefusedError")
    assert err.endswith("nothing was sent and every email stays queued\n")
    with make_session_factory(make_engine(url))() as db:
        assert [(row.state, row.attempts) for row in db.scalars(select(OutboxEmail))] == [("queued", 0)]


def test_send_mail_first_reminds_the_coordinators_of_a_milestone_coming_due(
    instance: Path,
    smtp_server: SmtpCatcher,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
):
    import datetime as dt

    from scheduler import domain
    from scheduler.services.visits import import_visit
    from tests.support.store import add_user

    url = Settings.from_environment().connect_url(instance)
    upgrade_database(url)
    # First day in 16 days: the case-tracking list (two weeks before) is due the day after tomorrow.
    first_day = dt.datetime.now(UTC).date() + dt.timedelta(days=16)
    with make_session_factory(make_engine(url))() as db:
        grace = add_user(db, "grace.okafor@example.org", "Grace Okafor")
        visit = domain.Visit(
            name="Westmere assessment",
            organisation="Westmere Metropolitan Borough Council",
            timezone="Europe/London",
            days=(first_day.isoformat(),),
        )
        import_visit(db, grace, visit, datetime.now(UTC))
        db.commit()
    monkeypatch.setenv("FIELDWORK_SMTP_URL", smtp_server.url)

    assert main(["send-mail"]) == 0
    assert main(["send-mail"]) == 0

    assert capsys.readouterr().out == (
        "queued 1 milestone reminder(s)\n"
        "sent 1, to retry later 0, given up 0\n"
        "sent 0, to retry later 0, given up 0\n"
    )
    [mail] = smtp_server.wait_for(1)
    assert mail.recipients == ["grace.okafor@example.org"]
    assert "Case-tracking list due" in mail.subject and "- Case-tracking list due:" in mail.text()
