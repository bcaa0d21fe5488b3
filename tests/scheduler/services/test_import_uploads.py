"""Spreadsheets uploaded for import: parsed once, kept for their coordinator and visit, gone after a day."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scheduler.cli import main
from scheduler.db.engine import make_engine, make_session_factory, upgrade_database
from scheduler.db.imports import ImportUpload
from scheduler.errors import ServiceError
from scheduler.jobs import celery_app
from scheduler.services.import_uploads import (
    delete_abandoned_uploads,
    find_upload,
    keep_upload,
)
from scheduler.settings import Settings
from tests.support.bad_files import people_workbook
from tests.support.databases import use_fresh_database
from tests.support.store import NOW, SMALL, add_user, add_visit, open_store

PEOPLE_CSV = (
    b"Name,Email\n"
    b"Kieran Gill,kieran.gill@westmere.gov.example\n"
    b"Aisha Rahman,aisha.rahman@westmere.gov.example\n"
)


@pytest.fixture
def db(tmp_path: Path):
    with open_store(tmp_path)() as session:
        yield session


def stored_uploads(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(ImportUpload)) or 0


def test_an_upload_is_kept_parsed_for_its_coordinator_and_visit(db: Session) -> None:
    coordinator = add_user(db)
    visit_id = add_visit(db, coordinator, SMALL)
    token = keep_upload(db, coordinator, visit_id, "people", "people.xlsx", people_workbook(), NOW)
    upload = find_upload(db, coordinator, visit_id, token, NOW + timedelta(hours=2))
    assert upload is not None
    assert (upload.kind, upload.filename, upload.table.headers) == (
        "people",
        "people.xlsx",
        ("Name", "Email", "Team"),
    )
    assert upload.table.rows == (
        ("Kieran Gill", "kieran.gill@westmere.gov.example", "Reablement"),
        ("Aisha Rahman", "aisha.rahman@westmere.gov.example", "Safeguarding"),
    )
    # Only the parsed table is kept: the file itself is never stored.
    row = db.get(ImportUpload, token)
    assert row is not None and set(row.table) == {"headers", "rows", "first_row"}
    other = add_user(db, "nadia.hussain@westmere.gov.example", "Nadia Hussain")
    assert find_upload(db, other, visit_id, token, NOW) is None
    assert find_upload(db, coordinator, visit_id + 1, token, NOW) is None


def test_an_unreadable_file_is_refused_and_nothing_is_kept(db: Session) -> None:
    coordinator = add_user(db)
    visit_id = add_visit(db, coordinator, SMALL)
    with pytest.raises(ServiceError) as refused:
        keep_upload(db, coordinator, visit_id, "people", "people.xlsx", b"PK\x03\x04 not really", NOW)
    assert refused.value.message == "'people.xlsx' is not an Excel workbook that can be read"
    assert stored_uploads(db) == 0


def test_an_upload_left_for_more_than_a_day_is_gone_and_a_newer_one_stays(db: Session) -> None:
    coordinator = add_user(db)
    visit_id = add_visit(db, coordinator, SMALL)
    abandoned = keep_upload(
        db, coordinator, visit_id, "people", "people.csv", PEOPLE_CSV, NOW - timedelta(hours=25)
    )
    recent = keep_upload(
        db, coordinator, visit_id, "people", "people.csv", PEOPLE_CSV, NOW - timedelta(hours=23)
    )
    assert delete_abandoned_uploads(db, NOW) == 1
    assert db.get(ImportUpload, abandoned) is None
    assert find_upload(db, coordinator, visit_id, recent, NOW) is not None
    assert delete_abandoned_uploads(db, NOW) == 0


def test_an_upload_over_a_day_old_is_never_shown_even_before_it_is_deleted(db: Session) -> None:
    coordinator = add_user(db)
    visit_id = add_visit(db, coordinator, SMALL)
    token = keep_upload(db, coordinator, visit_id, "people", "people.csv", PEOPLE_CSV, NOW)
    assert find_upload(db, coordinator, visit_id, token, NOW + timedelta(days=1)) is None


def test_uploading_a_spreadsheet_deletes_those_abandoned_before_it(db: Session) -> None:
    coordinator = add_user(db)
    visit_id = add_visit(db, coordinator, SMALL)
    keep_upload(db, coordinator, visit_id, "people", "people.csv", PEOPLE_CSV, NOW - timedelta(days=3))
    fresh = keep_upload(db, coordinator, visit_id, "people", "people.csv", PEOPLE_CSV, NOW)
    assert list(db.scalars(select(ImportUpload.token))) == [fresh]


def test_forget_uploads_deletes_the_abandoned_ones_from_the_shell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    instance = tmp_path / "instance"
    use_fresh_database(monkeypatch, instance)
    monkeypatch.setenv("FIELDWORK_INSTANCE", str(instance))
    assert (
        main(
            [
                "create-user",
                "nadia.hussain@westmere.gov.example",
                "--name",
                "Nadia Hussain",
                "--password",
                "a long secret",
            ]
        )
        == 0
    )
    assert main(["import", str(SMALL)]) == 0
    engine = make_engine(Settings.from_environment().connect_url(instance))
    factory = make_session_factory(engine)
    with factory() as db:
        coordinator = add_user(db, "kieran.gill@westmere.gov.example", "Kieran Gill")
        long_ago = NOW - timedelta(days=400)  # uploaded long before the command's real clock
        keep_upload(db, coordinator, 1, "people", "people.csv", PEOPLE_CSV, long_ago)
        db.commit()
    capsys.readouterr()
    assert main(["forget-uploads"]) == 0
    assert capsys.readouterr().out == "deleted 1 upload older than a day\n"
    with factory() as db:
        assert stored_uploads(db) == 0
    engine.dispose()


def test_the_workers_schedule_deletes_abandoned_uploads_every_hour(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    schedule = celery_app.make_celery("redis://127.0.0.1:6379/0", Settings()).conf.beat_schedule
    assert schedule["forget-abandoned-uploads"] == {
        "task": celery_app.FORGET_UPLOADS_TASK,
        "schedule": timedelta(hours=1),
    }
    instance = tmp_path / "instance"
    use_fresh_database(monkeypatch, instance)
    monkeypatch.setenv("FIELDWORK_INSTANCE", str(instance))
    monkeypatch.setattr(celery_app, "_factory", None)  # the worker's engine, made on first use
    upgrade_database(Settings.from_environment().connect_url(instance))
    factory = celery_app.worker_session_factory(Settings.from_environment())
    with factory() as db:
        coordinator = add_user(db)
        visit_id = add_visit(db, coordinator, SMALL)
        keep_upload(db, coordinator, visit_id, "people", "people.csv", PEOPLE_CSV, NOW - timedelta(days=400))
        db.commit()
    celery_app.forget_uploads_task(Settings.from_environment())
    with factory() as db:
        assert stored_uploads(db) == 0
    factory.kw["bind"].dispose()
