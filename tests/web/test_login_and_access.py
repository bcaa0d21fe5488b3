"""Who gets in: logging in, logging out, anonymous visitors, and coordinators of other visits."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from tests.support.web import add_user, add_visit, log_in, make_app, page_text


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


def _session_cookie(client: FlaskClient) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def _browser_with(app: Flask, cookie: str) -> FlaskClient:
    other = app.test_client()
    other.set_cookie("session", cookie)
    return other


def test_a_cookie_copied_before_logout_is_refused_after_it(
    app: Flask, client: FlaskClient, coordinator: int
) -> None:
    copied = _session_cookie(client)
    assert _browser_with(app, copied).get(f"/visits/{coordinator}").status_code == 200
    client.post("/logout")
    replayed = _browser_with(app, copied).get(f"/visits/{coordinator}")
    assert replayed.status_code == 302
    assert replayed.headers["Location"].startswith("/login?next=")


def test_logging_out_ends_the_accounts_sessions_on_every_browser(app: Flask, client: FlaskClient) -> None:
    add_user(app, "aisha.rahman@example.org", "Aisha Rahman")
    visit_id = add_visit(app, "aisha.rahman@example.org")
    laptop, phone = app.test_client(), app.test_client()
    log_in(laptop, "aisha.rahman@example.org")
    log_in(phone, "aisha.rahman@example.org")
    laptop.post("/logout")
    assert phone.get(f"/visits/{visit_id}").status_code == 302
    log_in(phone, "aisha.rahman@example.org")  # a new login works as before
    assert phone.get(f"/visits/{visit_id}").status_code == 200


def test_changing_the_password_logs_out_every_other_browser_but_this_one(
    app: Flask, client: FlaskClient
) -> None:
    add_user(app, "aisha.rahman@example.org", "Aisha Rahman")
    visit_id = add_visit(app, "aisha.rahman@example.org")
    laptop, phone = app.test_client(), app.test_client()
    log_in(laptop, "aisha.rahman@example.org")
    log_in(phone, "aisha.rahman@example.org")
    copied = _session_cookie(laptop)
    response = laptop.post(
        "/account/password",
        data={
            "current": "correct horse battery",
            "new": "a new long passphrase",
            "again": "a new long passphrase",
        },
    )
    assert response.status_code == 302
    assert "Every other browser logged in to this account is logged out." in page_text(laptop.get("/"))
    assert laptop.get(f"/visits/{visit_id}").status_code == 200
    assert phone.get(f"/visits/{visit_id}").status_code == 302
    assert _browser_with(app, copied).get(f"/visits/{visit_id}").status_code == 302
    assert laptop.post("/logout").status_code == 302
    old = laptop.post(
        "/login", data={"email": "aisha.rahman@example.org", "password": "correct horse battery"}
    )
    assert "That email and password do not match an account." in page_text(old)
    log_in(laptop, "aisha.rahman@example.org", "a new long passphrase")


def test_a_wrong_current_password_changes_nothing(app: Flask, client: FlaskClient) -> None:
    add_user(app, "aisha.rahman@example.org", "Aisha Rahman")
    visit_id = add_visit(app, "aisha.rahman@example.org")
    laptop, phone = app.test_client(), app.test_client()
    log_in(laptop, "aisha.rahman@example.org")
    log_in(phone, "aisha.rahman@example.org")
    response = laptop.post(
        "/account/password",
        data={"current": "a guess at it", "new": "a new long passphrase", "again": "a new long passphrase"},
    )
    assert response.status_code == 400
    assert "The current password is not right." in page_text(response)
    assert phone.get(f"/visits/{visit_id}").status_code == 200
