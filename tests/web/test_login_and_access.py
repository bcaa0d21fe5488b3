"""Who gets in: logging in, logging out, anonymous visitors, and coordinators of other visits."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from web_helpers import add_user, add_visit, log_in, make_app, page_text


def test_anonymous_visitor_is_sent_to_the_login_page(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=%2F"


def test_anonymous_visitor_cannot_open_a_visit_page(app: Flask, client: FlaskClient) -> None:
    add_user(app, "owner@example.org")
    visit_id = add_visit(app, "owner@example.org")
    response = client.get(f"/visits/{visit_id}/timetable")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_wrong_password_is_refused_with_a_message(app: Flask, client: FlaskClient) -> None:
    add_user(app, "owner@example.org")
    response = client.post("/login", data={"email": "owner@example.org", "password": "not the password"})
    assert response.status_code == 200
    assert "That email and password do not match an account." in page_text(response)


def test_login_form_names_the_missing_fields(client: FlaskClient) -> None:
    response = client.post("/login", data={"email": "", "password": ""})
    text = page_text(response)
    assert "Enter your email address." in text
    assert "Enter your password." in text


def test_logging_in_follows_next_on_this_site_only(app: Flask, client: FlaskClient) -> None:
    add_user(app, "owner@example.org")
    data = {"email": "owner@example.org", "password": "correct horse battery"}
    response = client.post("/login?next=https://evil.example/", data=data)
    assert response.headers["Location"] == "/"
    client.post("/logout")
    response = client.post("/login?next=/visits/new", data=data)
    assert response.headers["Location"] == "/visits/new"


def test_logged_in_coordinator_sees_their_visits(client: FlaskClient, coordinator: int) -> None:
    text = page_text(client.get("/"))
    assert "Local authority assessment: on-site visit" in text
    assert "Westmere Metropolitan Borough Council" in text


def test_logging_out_ends_the_session(client: FlaskClient, coordinator: int) -> None:
    response = client.post("/logout")
    assert response.headers["Location"] == "/login"
    assert client.get("/").status_code == 302


def test_another_coordinators_visit_is_not_found_on_every_page(app: Flask, client: FlaskClient) -> None:
    add_user(app, "owner@example.org")
    add_user(app, "stranger@example.org")
    visit_id = add_visit(app, "owner@example.org")
    log_in(client, "stranger@example.org")
    pages = [
        "",
        "/settings",
        "/sessions",
        "/people",
        "/sessions/s1/edit",
        "/import",
        "/update",
        "/visit.json",
        "/plan",
        "/timetable",
        "/timetable/print",
        "/timetable/by/assessor",
        "/timetable/unscheduled",
        "/timetable/profiles",
        "/timetable/export.csv",
        "/timetable/export.xlsx",
        "/timetable/versions",
    ]
    for page in pages:
        response = client.get(f"/visits/{visit_id}{page}")
        assert response.status_code == 404, page
        assert "Page not found" in page_text(response), page
    assert client.post(f"/visits/{visit_id}/sessions/s1/delete").status_code == 404
    assert "Local authority assessment" not in page_text(client.get("/"))


def test_a_visit_that_does_not_exist_is_not_found(client: FlaskClient, coordinator: int) -> None:
    response = client.get(f"/visits/{coordinator + 100}/sessions")
    assert response.status_code == 404
    assert "Page not found" in page_text(response)


def test_forms_refuse_a_post_without_the_csrf_token(tmp_path: Path) -> None:
    app = make_app(tmp_path, WTF_CSRF_ENABLED=True)
    add_user(app, "owner@example.org")
    client = app.test_client()
    response = client.post("/login", data={"email": "owner@example.org", "password": "correct horse battery"})
    assert response.status_code == 400
    assert "The form had expired or was sent from elsewhere." in page_text(response)
    app.extensions["fieldwork.jobs"].shutdown()
