"""The control page, the visit in numbers and the milestones through the app, role by role."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.support.onsite import ON_THE_DAY, join_visit, publish_for
from tests.support.web import add_user, log_in, make_app, page_text

GRACE = "grace.okafor@example.org"


def _app(tmp_path) -> Flask:  # type: ignore[no-untyped-def]
    return make_app(tmp_path, CLOCK=lambda: ON_THE_DAY)


def test_a_viewer_reads_the_board_without_buttons_or_names_of_people_using_services(tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = _app(tmp_path)
    add_user(app, GRACE, "Grace Okafor")
    visit_id = publish_for(app, GRACE)
    join_visit(app, visit_id, "sarah.lowe@example.org", "Director Sarah Lowe", "viewer")
    client = app.test_client()
    log_in(client, "sarah.lowe@example.org")

    text = page_text(client.get(f"/visits/{visit_id}/today"))

    assert "On the day: Tue 10 Mar" in text
    assert "ended: mark it" in text and "in progress" in text
    assert "<button" not in text.split("<main")[1]
    for name in ("Dan Allen", "Sean Atkinson", "Sean Palmer"):
        assert name not in text
    assert client.post(f"/visits/{visit_id}/today/s1/mark", data={"state": "held"}).status_code == 403
    app.extensions["fieldwork.jobs"].shutdown()


def test_the_coordinator_sees_names_and_a_refused_mark_says_why(tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = _app(tmp_path)
    add_user(app, GRACE, "Grace Okafor")
    visit_id = publish_for(app, GRACE)
    client: FlaskClient = app.test_client()
    log_in(client, GRACE)

    late = client.post(f"/visits/{visit_id}/today/s5/late?day=2026-03-10", data={"minutes": "300"})
    text = page_text(client.get(late.headers["Location"]))

    assert late.headers["Location"].endswith("/today?day=2026-03-10#session-s5")
    assert "Between 0 and 240 minutes." in text
    assert "Dan Allen" in text
    assert client.get(f"/visits/{visit_id}/today?day=2026-03-11").status_code == 404
    app.extensions["fieldwork.jobs"].shutdown()


def test_numbers_download_as_csv_and_workbook_named_after_the_visit(tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = _app(tmp_path)
    add_user(app, GRACE, "Grace Okafor")
    visit_id = publish_for(app, GRACE)
    client = app.test_client()
    log_in(client, GRACE)

    csv_file = client.get(f"/visits/{visit_id}/numbers.csv")
    workbook = client.get(f"/visits/{visit_id}/numbers.xlsx")

    assert csv_file.headers["Content-Disposition"] == (
        'attachment; filename="local-authority-assessment-on-site-visit-in-numbers-planned.csv"'
    )
    assert page_text(csv_file).splitlines()[1] == "Visit,All sessions,8,22,27.75,planned"
    assert workbook.data[:2] == b"PK"
    app.extensions["fieldwork.jobs"].shutdown()


def test_a_bad_milestone_date_is_named_and_nothing_is_saved(tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = _app(tmp_path)
    add_user(app, GRACE, "Grace Okafor")
    visit_id = publish_for(app, GRACE)
    client = app.test_client()
    log_in(client, GRACE)

    refused = client.post(
        f"/visits/{visit_id}/milestones", data={"first_plan": "2026-02-30", "evidence_due": "2026-03-02"}
    )
    front = page_text(client.get(f"/visits/{visit_id}"))

    assert refused.status_code == 400
    assert "First plan: &#39;2026-02-30&#39; is not a date (YYYY-MM-DD)" in page_text(refused)
    assert 'data-milestone="evidence_due">\n    <time datetime="2026-03-03"' in front
    app.extensions["fieldwork.jobs"].shutdown()
