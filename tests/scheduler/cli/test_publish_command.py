"""`fieldwork publish VISIT_ID [--version N]` publishes, sends the invites and says how many of each."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from scheduler.cli import main
from scheduler.db.engine import make_engine, make_session_factory, upgrade_database
from scheduler.files.timetable_file import load_timetable
from scheduler.services.timetables import get_timetable, save_version
from scheduler.settings import Settings
from tests.support.databases import use_fresh_database
from tests.support.publishing import PLANTED, dropped, invite_of
from tests.support.smtp_catcher import SmtpCatcher, free_port
from tests.support.store import NOW, SMALL, add_user, add_visit


@pytest.fixture
def instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    use_fresh_database(monkeypatch, tmp_path / "instance")
    monkeypatch.delenv("FIELDWORK_SMTP_URL", raising=False)
    monkeypatch.setenv("FIELDWORK_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.setenv("FIELDWORK_BASE_URL", "https://fieldwork.example.org/")
    url = Settings.from_environment().connect_url(tmp_path / "instance")
    upgrade_database(url)
    with make_session_factory(make_engine(url))() as db:
        user = add_user(db)
        visit_id = add_visit(db, user, SMALL)
        timetable = load_timetable(PLANTED)
        save_version(db, user, visit_id, timetable, NOW)
        save_version(db, user, visit_id, dropped(timetable, "s7"), NOW)
        db.commit()
    return tmp_path / "instance"


def test_publish_sends_every_invite_and_prints_the_counts_per_kind(
    instance: Path,
    smtp_server: SmtpCatcher,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
):
    monkeypatch.setenv("FIELDWORK_SMTP_URL", smtp_server.url)

    assert main(["publish", "1", "--version", "1"]) == 0
    assert main(["publish", "1", "--version", "1"]) == 0
    assert main(["publish", "1"]) == 0

    assert capsys.readouterr().out == (
        "published version 1 of visit 1\n"
        "invites: 36 new, 0 updates, 0 cancellations; 36 accepted by the server, 0 kept for retry, 0 failed\n"
        "published version 1 of visit 1\n"
        "invites: 0 new, 0 updates, 0 cancellations; 0 accepted by the server, 0 kept for retry, 0 failed\n"
        "published version 2 of visit 1\n"
        "invites: 0 new, 0 updates, 2 cancellations; 2 accepted by the server, 0 kept for retry, 0 failed\n"
    )
    received = smtp_server.messages
    assert len(received) == 38
    assert [invite_of(m).method for m in received[36:]] == ["CANCEL", "CANCEL"]
    assert "https://fieldwork.example.org/rsvp/" in received[0].text()
    with make_session_factory(make_engine(Settings.from_environment().connect_url(instance)))() as db:
        assert get_timetable(db, 1, 2)[0].state == "published"
        assert get_timetable(db, 1, 1)[0].state == "draft"


def test_publish_with_the_server_down_keeps_every_invite_for_a_retry(
    instance: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    port = free_port()
    monkeypatch.setenv("FIELDWORK_SMTP_URL", f"smtp://127.0.0.1:{port}")

    assert main(["publish", "1", "--version", "1"]) == 4

    assert capsys.readouterr().out == (
        "published version 1 of visit 1\n"
        "invites: 36 new, 0 updates, 0 cancellations; 0 accepted by the server, 36 kept for retry, 0 failed\n"
    )
    server = SmtpCatcher(port).start()
    try:
        # The closed port was no invite's fault: none waits out a back-off, all 36 go now.
        assert main(["send-mail"]) == 0
        assert len(server.wait_for(36)) == 36
    finally:
        server.stop()


def test_publish_names_a_missing_version(instance: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["publish", "1", "--version", "9"]) == 2
    assert capsys.readouterr().err == "fieldwork publish: there is no timetable version 9\n"


def test_publish_of_an_empty_version_says_there_is_nothing_to_send(
    instance: Path, capsys: pytest.CaptureFixture[str]
):
    with make_session_factory(make_engine(Settings.from_environment().connect_url(instance)))() as db:
        empty = dataclasses.replace(load_timetable(PLANTED), assignments=())
        save_version(db, None, 1, empty, NOW)
        db.commit()
    assert main(["publish", "1"]) == 2
    assert (
        capsys.readouterr().err
        == "fieldwork publish: timetable version 3 places no session: nothing to publish\n"
    )
