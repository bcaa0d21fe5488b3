"""The web app's mail thread sends a saved answer's confirmation without anyone running a command."""

from __future__ import annotations

from pathlib import Path

from availability_helpers import day_cells, visit_with_link
from smtp_catcher import SmtpCatcher
from web_helpers import make_app

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
