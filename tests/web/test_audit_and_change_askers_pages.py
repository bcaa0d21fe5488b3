"""The audit log page (who did what, when, to what; filtered by person and kind; as guarded CSV)
and the Changes page naming who asked for each change request, and why."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient

from scheduler.services.accounts import find_user_by_email
from scheduler.services.assessor_requests import AssessorAsk, submit_assessor_request
from scheduler.services.audit import record_audit
from scheduler.services.availability_links import issue_link
from scheduler.services.change_requests import request_placement
from scheduler.services.members import add_member_by_email
from tests.support.web import add_user, add_visit, fixed_clock, log_in, page_text
from web.database import session_factory

GRACE = "grace.okafor@example.org"
TOM = "tom.hughes@example.org"


def _team_visit(app: Flask) -> int:
    """Grace Okafor's visit, with Tom Hughes as coordinator; each has done something in it."""
    add_user(app, GRACE, "Grace Okafor")
    add_user(app, TOM, "Tom Hughes")
    visit_id = add_visit(app, GRACE)
    later = fixed_clock() + timedelta(hours=2)
    with session_factory(app)() as db:
        grace, tom = find_user_by_email(db, GRACE), find_user_by_email(db, TOM)
        assert grace is not None and tom is not None
        add_member_by_email(db, grace, visit_id, TOM, "coordinator", fixed_clock() + timedelta(hours=1))
        # A session title a spreadsheet would run as a formula, as a coordinator might type it.
        record_audit(
            db, visit_id, tom, "save_session", '=HYPERLINK("http://evil.example","Carers drop-in")', later
        )
        db.commit()
    return visit_id


def test_the_audit_log_shows_who_did_what_and_when_in_the_visits_time(
    app: Flask, client: FlaskClient
) -> None:
    visit_id = _team_visit(app)
    log_in(client, GRACE)

    page = page_text(client.get(f"/visits/{visit_id}/audit"))

    rows = page.split('id="audit-log"')[1].split("</tbody>")[0].split("<tr>")[2:]
    assert len(rows) == 3
    assert "2026-02-01 11:00" in rows[0] and "Tom Hughes" in rows[0] and "Save session" in rows[0]
    assert (
        "Grace Okafor" in rows[1]
        and "Add member" in rows[1]
        and "Tom Hughes &lt;tom.hughes@example.org&gt; as coordinator" in rows[1]
    )
    assert "2026-02-01 09:00" in rows[2] and "Import visit" in rows[2]
    assert "times in Europe/London" in page


def test_the_audit_log_filters_by_person_and_by_kind(app: Flask, client: FlaskClient) -> None:
    visit_id = _team_visit(app)
    log_in(client, GRACE)
    with session_factory(app)() as db:
        tom = find_user_by_email(db, TOM)
        assert tom is not None
        tom_id = tom.id

    by_tom = page_text(client.get(f"/visits/{visit_id}/audit?person={tom_id}"))
    imports = page_text(client.get(f"/visits/{visit_id}/audit?kind=import_visit"))
    nothing = page_text(client.get(f"/visits/{visit_id}/audit?person={tom_id}&kind=import_visit"))

    assert by_tom.count("<td>Tom Hughes</td>") == 1 and "<td>Grace Okafor</td>" not in by_tom
    assert imports.count("<td>Import visit</td>") == 1 and "Save session</td>" not in imports
    assert "Nothing matches this filter." in nothing


def test_the_audit_log_downloads_as_csv_with_formulas_shown_as_text(app: Flask, client: FlaskClient) -> None:
    visit_id = _team_visit(app)
    log_in(client, GRACE)

    response = client.get(f"/visits/{visit_id}/audit.csv?kind=save_session")

    assert response.headers["Content-Disposition"] == f'attachment; filename="visit-{visit_id}-audit-log.csv"'
    rows = list(csv.reader(io.StringIO(page_text(response))))
    assert rows == [
        ["When (UTC)", "When (visit time)", "Who", "Email", "What", "Detail"],
        [
            "2026-02-01T11:00:00Z",
            "2026-02-01 11:00",
            "Tom Hughes",
            TOM,
            "Save session",
            '\'=HYPERLINK("http://evil.example","Carers drop-in")',
        ],
    ]


def test_an_escort_lead_or_viewer_cannot_read_the_audit_log(app: Flask, client: FlaskClient) -> None:
    visit_id = _team_visit(app)
    add_user(app, "sarah.lowe@example.org", "Director Sarah Lowe")
    with session_factory(app)() as db:
        grace = find_user_by_email(db, GRACE)
        assert grace is not None
        add_member_by_email(db, grace, visit_id, "sarah.lowe@example.org", "viewer", fixed_clock())
        db.commit()
    log_in(client, "sarah.lowe@example.org")

    assert client.get(f"/visits/{visit_id}/audit").status_code == 403
    assert client.get(f"/visits/{visit_id}/audit.csv").status_code == 403


def test_the_changes_page_names_the_assessor_and_their_note_and_the_member_who_asked(
    app: Flask, client: FlaskClient
) -> None:
    visit_id = _team_visit(app)
    with session_factory(app)() as db:
        tom = find_user_by_email(db, TOM)
        assert tom is not None
        token = issue_link(db, None, visit_id, "assessor", "a2", fixed_clock())
        ask = AssessorAsk(
            kind="add",
            replaces=None,
            title="Follow-up: safeguarding leads",
            people=("p1",),
            teams=(),
            minutes=45,
            mode="in_person",
            note="Zoe mentioned the safeguarding backlog; we need to hear from her directly.",
        )
        submit_assessor_request(db, token, ask, fixed_clock())
        request_placement(db, tom, visit_id, "s3", fixed_clock())
        db.commit()
    log_in(client, GRACE)

    page = page_text(client.get(f"/visits/{visit_id}/changes"))

    rows = page.split("<h2>Requests</h2>")[1].split("</tbody>")[0].split("<tr>")[2:]
    assert '<td class="asker">Tom Hughes</td>' in rows[0]
    assert '<td class="asker">Priya Singh <small>(assessor)</small></td>' in rows[1]
    assert "Zoe mentioned the safeguarding backlog; we need to hear from her directly." in rows[1]
