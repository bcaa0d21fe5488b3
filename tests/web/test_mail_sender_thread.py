"""The web app's mail thread sends a saved answer's confirmation without anyone running a command."""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from scheduler.db.imports import ImportUpload
from scheduler.services.accounts import find_user_by_email
from scheduler.services.import_uploads import keep_upload
from tests.support.availability_pages import day_cells, visit_with_link
from tests.support.smtp_catcher import SmtpCatcher
from tests.support.web import add_user, add_visit, fixed_clock, make_app
from web.database import session_factory
from web.mail import mail_sender


def test_a_saved_answer_is_confirmed_by_the_apps_own_mail_thread(tmp_path: Path, smtp_server: SmtpCatcher):
    app = make_app(tmp_path, SMTP_URL=smtp_server.url, MAIL_SEND_SECONDS=0.2)
    try:
        _visit_id, token = visit_with_link(app)
        response = app.test_client().post(f"/availability/{token}", data=day_cells("14:00", "15:00"))
        assert response.status_code == 302
        [mail] = smtp_server.wait_for(1)
    finally:
        sender = mail_sender(app)
        assert sender is not None
        sender.shutdown()
        app.extensions["fieldwork.jobs"].shutdown()

    assert mail.recipients == ["fatima.bennett@westmere.gov.example"]
    assert "Tue 10 Mar: available 14:00-15:00" in mail.text()


def test_without_a_server_no_mail_thread_runs(tmp_path: Path):
    app = make_app(tmp_path)
    try:
        assert mail_sender(app) is None
    finally:
        app.extensions["fieldwork.jobs"].shutdown()


def test_the_mail_thread_deletes_spreadsheets_abandoned_for_a_day(tmp_path: Path, smtp_server: SmtpCatcher):
    app = make_app(tmp_path, SMTP_URL=smtp_server.url, MAIL_SEND_SECONDS=0.2)
    people = b"Name,Email\nKieran Gill,kieran.gill@westmere.gov.example\n"
    try:
        add_user(app, "nadia.hussain@westmere.gov.example", "Nadia Hussain")
        visit_id = add_visit(app, "nadia.hussain@westmere.gov.example")
        factory = session_factory(app)
        with factory() as db:
            coordinator = find_user_by_email(db, "nadia.hussain@westmere.gov.example")
            assert coordinator is not None
            keep_upload(db, coordinator, visit_id, "people", "today.csv", people, fixed_clock())
            yesterday = fixed_clock() - timedelta(hours=25)
            keep_upload(db, coordinator, visit_id, "people", "people.csv", people, yesterday)
            db.commit()

        def filenames() -> list[str]:
            with factory() as db:
                return list(db.scalars(select(ImportUpload.filename).order_by(ImportUpload.filename)))

        deadline = time.monotonic() + 10
        while filenames() != ["today.csv"] and time.monotonic() < deadline:
            time.sleep(0.1)
        assert filenames() == ["today.csv"]
    finally:
        sender = mail_sender(app)
        assert sender is not None
        sender.shutdown()
        app.extensions["fieldwork.jobs"].shutdown()
