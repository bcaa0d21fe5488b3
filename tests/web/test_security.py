"""The browser's protections: security headers and a content security policy on every response,
cookie flags, no inline script anywhere, and login throttling per email and per client."""

from __future__ import annotations

import http.client
import re
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

import pytest
from flask import Flask
from flask.testing import FlaskClient
from waitress import wasyncore
from waitress.server import create_server

from scheduler.services import accounts
from scheduler.services.login_throttle import count_login_failures
from tests.support.web import PASSWORD, add_user, make_app, page_text
from web.cli import waitress_options
from web.database import session_factory

WEB = Path(__file__).resolve().parents[2] / "web"
REFUSED = "Too many failed logins for this email address or from your network. Try again in 15 minutes."


def test_every_kind_of_response_carries_the_security_headers(client: FlaskClient, coordinator: int) -> None:
    for url in ["/login", "/", f"/visits/{coordinator}/timetable", "/visits/999999", "/static/fieldwork.css"]:
        with client.get(url) as response:  # closed: a static file reaches the test client as an open file
            headers = response.headers
        assert headers["Content-Security-Policy"] == (
            "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            "frame-ancestors 'none'"
        ), url
        assert headers["X-Content-Type-Options"] == "nosniff", url
        assert headers["X-Frame-Options"] == "DENY", url
        assert headers["Referrer-Policy"] == "same-origin", url
        assert "Strict-Transport-Security" not in headers, url


def test_https_responses_ask_for_https_from_then_on(client: FlaskClient) -> None:
    response = client.get("/login", base_url="https://fieldwork.example")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"


def _session_cookie(client: FlaskClient, base_url: str) -> str:
    add_user(client.application, "owner@example.org")
    response = client.post(
        "/login", data={"email": "owner@example.org", "password": PASSWORD}, base_url=base_url
    )
    assert response.status_code == 302
    (cookie,) = [value for value in response.headers.getlist("Set-Cookie") if value.startswith("session=")]
    return cookie


def test_the_session_cookie_is_httponly_and_samesite_lax_and_not_secure_over_plain_http(
    client: FlaskClient,
) -> None:
    cookie = _session_cookie(client, "http://localhost")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_the_session_cookie_is_secure_when_the_request_came_over_https(client: FlaskClient) -> None:
    cookie = _session_cookie(client, "https://fieldwork.example")
    assert "; Secure" in cookie
    assert "HttpOnly" in cookie


def test_secure_cookies_can_be_demanded_even_over_http(tmp_path: Path) -> None:
    app = make_app(tmp_path, SECURE_COOKIES=True)
    try:
        assert "; Secure" in _session_cookie(app.test_client(), "http://localhost")
    finally:
        app.extensions["fieldwork.jobs"].shutdown()


def test_fieldwork_secure_cookies_in_the_environment_demands_secure_cookies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FIELDWORK_SECURE_COOKIES", "1")
    app = make_app(tmp_path)
    try:
        assert "; Secure" in _session_cookie(app.test_client(), "http://localhost")
    finally:
        app.extensions["fieldwork.jobs"].shutdown()


def test_behind_a_trusted_proxy_the_forwarded_scheme_makes_cookies_secure(tmp_path: Path) -> None:
    app = make_app(tmp_path, PROXIES=1)
    try:
        add_user(app, "owner@example.org")
        response = app.test_client().post(
            "/login",
            data={"email": "owner@example.org", "password": PASSWORD},
            headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.4"},
        )
        assert "; Secure" in response.headers["Set-Cookie"]
        assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    finally:
        app.extensions["fieldwork.jobs"].shutdown()


def test_without_a_trusted_proxy_forwarded_headers_are_ignored(client: FlaskClient) -> None:
    response = client.get("/login", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in response.headers


def test_no_template_has_inline_script_style_or_event_handlers() -> None:
    offending = []
    for template in sorted(WEB.rglob("*.html")):
        text = template.read_text(encoding="utf-8")
        for pattern in [
            r"<script(?![^>]*\bsrc=)[^>]*>",
            r"<style\b",
            r"\sstyle=",
            r"\son[a-z]+=",
            r"javascript:",
        ]:
            offending += [f"{template.relative_to(WEB)}: {match}" for match in re.findall(pattern, text)]
    assert offending == []


def _fail(client: FlaskClient, email: str = "owner@example.org", address: str = "10.0.0.1") -> int:
    response = client.post(
        "/login", data={"email": email, "password": "not the password"}, environ_base={"REMOTE_ADDR": address}
    )
    return response.status_code


def test_five_failed_logins_for_an_email_refuse_even_the_right_password(
    app: Flask, client: FlaskClient
) -> None:
    add_user(app, "owner@example.org")
    assert [_fail(client) for _ in range(5)] == [200, 200, 200, 200, 200]
    response = client.post(
        "/login",
        data={"email": "owner@example.org", "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "192.0.2.50"},
    )
    assert response.status_code == 429
    assert REFUSED in page_text(response)
    assert "That email and password do not match" not in page_text(response)


def test_an_unknown_email_is_throttled_exactly_like_a_known_one(client: FlaskClient) -> None:
    assert [_fail(client, "nobody@example.org") for _ in range(6)] == [200, 200, 200, 200, 200, 429]


def test_twenty_failures_from_one_client_refuse_it_for_every_email(app: Flask, client: FlaskClient) -> None:
    add_user(app, "owner@example.org")
    assert {_fail(client, f"guess{n}@example.org", "203.0.113.9") for n in range(20)} == {200}
    assert _fail(client, "owner@example.org", "203.0.113.9") == 429
    assert _fail(client, "owner@example.org", "10.0.0.1") == 200


def test_the_refusal_lifts_fifteen_minutes_after_the_first_counted_failure(tmp_path: Path) -> None:
    moments = [datetime(2026, 2, 1, 9, 0, tzinfo=UTC)]
    app = make_app(tmp_path, CLOCK=lambda: moments[-1])
    try:
        add_user(app, "owner@example.org")
        client = app.test_client()
        assert {_fail(client) for _ in range(5)} == {200}
        moments.append(moments[0] + timedelta(minutes=14))
        refused = client.post("/login", data={"email": "owner@example.org", "password": PASSWORD})
        assert refused.status_code == 429
        assert "Try again in 1 minute." in page_text(refused)
        moments.append(moments[0] + timedelta(minutes=15))
        response = client.post("/login", data={"email": "owner@example.org", "password": PASSWORD})
        assert response.status_code == 302
    finally:
        app.extensions["fieldwork.jobs"].shutdown()


def test_a_successful_login_clears_the_emails_earlier_failures(app: Flask, client: FlaskClient) -> None:
    add_user(app, "owner@example.org")
    assert {_fail(client) for _ in range(4)} == {200}
    client.post("/login", data={"email": "owner@example.org", "password": PASSWORD})
    client.post("/logout")
    assert [_fail(client) for _ in range(5)] == [200, 200, 200, 200, 200]


def _through_waitress(app: Flask, headers: dict[str, str]) -> dict[str, str]:
    server = create_server(app, host="127.0.0.1", port=0, **waitress_options(app))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", server.effective_port, timeout=10)
        connection.request("GET", "/login", headers=headers)
        response = connection.getresponse()
        response.read()
        connection.close()
        return dict(response.getheaders())
    finally:
        server.close()
        server.trigger.close()  # with nothing left to watch, waitress's loop ends
        server.task_dispatcher.shutdown()
        thread.join(timeout=10)
        wasyncore.close_all(server._map)  # a connection the loop had not yet seen end


def test_fieldwork_serve_behind_a_trusted_proxy_passes_the_forwarded_scheme_to_the_app(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path, PROXIES=1)
    try:
        headers = _through_waitress(app, {"X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.4"})
        assert headers["Strict-Transport-Security"] == "max-age=31536000"
    finally:
        app.extensions["fieldwork.jobs"].shutdown()


def test_fieldwork_serve_without_a_trusted_proxy_drops_forwarded_headers(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    try:
        headers = _through_waitress(app, {"X-Forwarded-Proto": "https"})
        assert "Strict-Transport-Security" not in headers
        assert headers["X-Frame-Options"] == "DENY"
    finally:
        app.extensions["fieldwork.jobs"].shutdown()


def test_sixteen_parallel_wrong_passwords_get_at_most_five_checked(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    add_user(app, "kieran.gill@example.org", "Kieran Gill")
    server = create_server(app, host="127.0.0.1", port=0, **waitress_options(app))
    stop = threading.Event()

    def serve() -> None:  # waitress's own loop, stopped and closed in its own thread
        while not stop.is_set():
            server.asyncore.loop(timeout=0.05, map=server._map, count=1)
        # The listening socket and every connection, ended by its client or not yet seen to end:
        # none is left to the garbage collector.
        wasyncore.close_all(server._map)
        server.task_dispatcher.shutdown()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    start = threading.Barrier(16)
    pages: list[str] = []

    def guess(number: int) -> None:
        body = urlencode({"email": "kieran.gill@example.org", "password": f"guess number {number}"})
        connection = http.client.HTTPConnection("127.0.0.1", server.effective_port, timeout=60)
        start.wait()
        connection.request(
            "POST", "/login", body=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
        )
        pages.append(connection.getresponse().read().decode())
        connection.close()

    try:
        guessers = [threading.Thread(target=guess, args=(n,)) for n in range(16)]
        for guesser in guessers:
            guesser.start()
        for guesser in guessers:
            guesser.join(timeout=120)
    finally:
        stop.set()
        thread.join(timeout=10)
        app.extensions["fieldwork.jobs"].shutdown()
    checked = [page for page in pages if "That email and password do not match an account." in page]
    refused = [page for page in pages if "Too many failed logins for this email address" in page]
    assert len(pages) == 16
    assert len(checked) + len(refused) == 16
    assert len(checked) <= 5
    with session_factory(app)() as db:
        assert count_login_failures(db) == len(checked)  # every checked guess counts, no refused one


def test_an_unknown_email_costs_the_same_password_hashing_as_a_known_one(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_user(app, "kieran.gill@example.org", "Kieran Gill")
    hashed_with: list[str] = []
    real = accounts.password_matches

    def watched(stored: str, password: str) -> bool:
        hashed_with.append(stored.split("$", 1)[0])  # the method and its cost parameters
        return real(stored, password)

    monkeypatch.setattr(accounts, "password_matches", watched)
    _fail(client, "kieran.gill@example.org")
    _fail(client, "aisha.rahman@example.org")
    assert hashed_with == ["scrypt:32768:8:1", "scrypt:32768:8:1"]
