"""Issue 7: the database goes away in the middle of a burst of availability saves.

Against the real server (`fieldwork serve`, waitress, in a child process, as in the burst
harness bench/availability_burst.py): every save answered 302 is in the database afterwards with
its content; every other one got a clean 503 page asking to try again, and that try succeeds.

* PostgreSQL (a throw-away cluster on loopback): stopped with `pg_ctl stop -m fast` after a
  number of saves were acknowledged, while the rest of the burst is still arriving, then started
  again. Some saves are sent while it is down on purpose, so the 503 is always exercised.
* SQLite: the server process is killed (SIGKILL) in the middle of the burst and started again
  over the same file; the file passes PRAGMA integrity_check.

The middle of the burst is placed with events (after N acknowledged saves), never with sleeps.
"""

from __future__ import annotations

import http.client
import http.cookiejar
import os
import re
import shlex
import sqlite3
import subprocess
import threading
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, Response, g, request
from sqlalchemy import select
from sqlalchemy.engine import make_url

from bench import availability_burst
from scheduler.db.availability import AvailabilityAnswer
from scheduler.db.engine import make_engine, make_session_factory
from scheduler.services.visits import load_visit
from tests.support.web import stop_app
from web import create_app

_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
NO_ANSWER = 0  # the connection was reset or refused: the server never answered


# ---- one person's browser ------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # the 302 after a save is the acknowledgement; do not follow it


@dataclass(frozen=True)
class Answer:
    status: int  # NO_ANSWER when the connection broke
    body: str


class Browser:
    """Its own cookies; opens the personal form for a CSRF token, then sends the grid."""

    def __init__(self, base: str, token: str) -> None:
        self.url = f"{base}/availability/{token}"
        jar = http.cookiejar.CookieJar()
        self._opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)
        self._csrf = ""

    def open_form(self) -> None:
        with self._opener.open(self.url, timeout=60) as response:
            match = _CSRF.search(response.read().decode("utf-8"))
        assert match is not None, "the form page has no CSRF token"
        self._csrf = match.group(1)

    def save(self, fields: dict[str, str]) -> Answer:
        body = urllib.parse.urlencode({"csrf_token": self._csrf, **fields}).encode()
        try:
            with self._opener.open(self.url, data=body, timeout=60) as response:
                return Answer(response.status, response.read().decode("utf-8", "replace"))
        except urllib.error.HTTPError as error:  # 302 (not followed), 4xx and 5xx all land here
            return Answer(error.code, error.read().decode("utf-8", "replace"))
        except (urllib.error.URLError, ConnectionError, http.client.HTTPException):
            return Answer(NO_ANSWER, "")


def index_of(key: str) -> int:
    return int(key[1:])  # "b17" is the harness's person 17


def fields_for(key: str) -> dict[str, str]:
    return availability_burst.cells_for(index_of(key)) | {"note": f"answer of {key}"}


# ---- the burst ---------------------------------------------------------------------------------


@dataclass
class Burst:
    """Who got which answer, and an event set once `halfway` saves were acknowledged."""

    halfway: int
    answers: dict[str, Answer]
    acknowledged: threading.Event
    _lock: threading.Lock

    @classmethod
    def expecting(cls, halfway: int) -> Burst:
        return cls(halfway, {}, threading.Event(), threading.Lock())

    def record(self, key: str, answer: Answer) -> None:
        with self._lock:
            self.answers[key] = answer
            if sum(a.status == 302 for a in self.answers.values()) >= self.halfway:
                self.acknowledged.set()


def save_all(
    browsers: dict[str, Browser], keys: list[str], burst: Burst, start: threading.Event | None = None
) -> list[threading.Thread]:
    """One thread per person: wait for `start` (if given), save once, record the answer."""

    def run(key: str) -> None:
        if start is not None:
            start.wait(timeout=60)
        burst.record(key, browsers[key].save(fields_for(key)))

    threads = [threading.Thread(target=run, args=(key,)) for key in keys]
    for thread in threads:
        thread.start()
    return threads


def open_forms(base: str, tokens: dict[str, str]) -> dict[str, Browser]:
    browsers = {key: Browser(base, token) for key, token in tokens.items()}
    threads = [threading.Thread(target=b.open_form) for b in browsers.values()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return browsers


def retry(base: str, tokens: dict[str, str], keys: list[str]) -> dict[str, Answer]:
    """What a person does after the error page: open the form again, send the same answers."""
    answers = {}
    for key in keys:
        browser = Browser(base, tokens[key])
        browser.open_form()
        answers[key] = browser.save(fields_for(key))
    return answers


def stored_answers(database_url: str, visit_id: int) -> tuple[dict[str, AvailabilityAnswer], dict[str, Any]]:
    engine = make_engine(database_url)
    try:
        with make_session_factory(engine)() as db:
            answers = {a.key: a for a in db.scalars(select(AvailabilityAnswer))}
            people = {p.id: p for p in load_visit(db, visit_id).people}
    finally:
        engine.dispose()
    return answers, people


def assert_every_acknowledged_save_is_stored(instance: Any, acknowledged: set[str]) -> None:
    """Each of these people's answers is in the database, with the grid and note they sent."""
    answers, people = stored_answers(instance.database_url, instance.visit_id)
    assert acknowledged <= set(answers), f"acknowledged but missing: {sorted(acknowledged - set(answers))}"
    for key in sorted(acknowledged):
        assert answers[key].note == f"answer of {key}"
        [interval] = people[key].available or ()
        assert (interval.start, interval.end) == availability_burst.expected_interval(index_of(key))


def assert_a_clean_try_again_page(answer: Answer) -> None:
    assert answer.status == 503
    assert "Please try again" in answer.body
    assert "nothing was saved" in answer.body
    assert "Traceback" not in answer.body and "sqlalchemy" not in answer.body.lower()


# ---- PostgreSQL stopped and started --------------------------------------------------------------


def pg_ctl(postgres: Any, *arguments: str) -> None:
    """Run pg_ctl on the harness's cluster, as its owner (the postgres user when we are root)."""
    as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    data = postgres.folder / "data"
    log = str(postgres.folder / "log")
    command = [*as_owner, postgres.tool("pg_ctl"), "-D", str(data), "-l", log, "-w", *arguments]
    # The log file, not a pipe: a pipe would stay open in the started server and never end.
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)


def stop_postgres(postgres: Any) -> str:
    """Fast shutdown (open transactions rolled back, connections cut); returns the server's
    options (its port, socket folder, settings), which a plain `pg_ctl start` would not reuse."""
    # postmaster.opts: the postgres program, then every argument it was started with, quoted.
    started_with = shlex.split((postgres.folder / "data" / "postmaster.opts").read_text())[1:]
    data_at = started_with.index("-D")
    options = shlex.join(started_with[:data_at] + started_with[data_at + 2 :])
    pg_ctl(postgres, "-m", "fast", "stop")
    return options


def start_postgres(postgres: Any, options: str) -> None:
    pg_ctl(postgres, "-o", options, "start")


@pytest.fixture
def postgres() -> Any:
    harness = availability_burst
    if not harness.PostgresServer.available():
        pytest.skip("PostgreSQL (initdb, pg_ctl) or psycopg is not installed (apt-get install -y postgresql)")
    server = harness.PostgresServer()
    yield server
    server.stop()


def test_postgres_stopped_mid_burst_keeps_every_acknowledged_save_and_the_rest_get_503_then_succeed(
    tmp_path: Path, postgres: Any
):
    harness = availability_burst
    instance = harness.prepare_instance(tmp_path, 90, postgres.url)
    keys = sorted(instance.tokens, key=index_of)
    early, while_down = keys[:60], keys[60:]
    server = harness.Server(instance)
    try:
        browsers = open_forms(server.base, instance.tokens)
        burst = Burst.expecting(halfway=20)
        stopped = threading.Event()

        early_threads = save_all(browsers, early, burst)
        down_threads = save_all(browsers, while_down, burst, start=stopped)
        assert burst.acknowledged.wait(timeout=60), "20 saves were never acknowledged"
        options = stop_postgres(postgres)
        stopped.set()
        for thread in down_threads:
            thread.join()
        start_postgres(postgres, options)
        for thread in early_threads:
            thread.join()

        failed = sorted(key for key, answer in burst.answers.items() if answer.status != 302)
        retried = retry(server.base, instance.tokens, failed)
    finally:
        server.stop()

    acknowledged = {key for key, answer in burst.answers.items() if answer.status == 302}
    assert len(burst.answers) == 90
    assert len(acknowledged) >= 20
    # Sent while the database was down: every one refused cleanly, none acknowledged.
    assert set(while_down) <= set(failed)
    for key in failed:
        assert_a_clean_try_again_page(burst.answers[key])
    assert {key: answer.status for key, answer in retried.items()} == dict.fromkeys(failed, 302)
    assert_every_acknowledged_save_is_stored(instance, set(keys))
    answers, _ = stored_answers(instance.database_url, instance.visit_id)
    # Acknowledged the first time: stored exactly once. A refused save wrote nothing, unless its
    # commit went through with only the answer lost, in which case the retry made it two.
    assert [key for key in acknowledged if answers[key].saves != 1] == []
    assert {answers[key].saves for key in failed} <= {1, 2}


def test_postgres_restarted_while_idle_is_reconnected_to_without_an_error_page(tmp_path: Path, postgres: Any):
    harness = availability_burst
    instance = harness.prepare_instance(tmp_path, 10, postgres.url)
    keys = sorted(instance.tokens, key=index_of)
    server = harness.Server(instance)
    try:
        browsers = open_forms(server.base, instance.tokens)  # the app's pool now holds connections
        pg_ctl(postgres, "-m", "fast", "restart")
        burst = Burst.expecting(halfway=len(keys))
        for thread in save_all(browsers, keys, burst):
            thread.join()
    finally:
        server.stop()

    # The pool's connections all died with the restart; pre-ping replaces each before use.
    assert {key: answer.status for key, answer in burst.answers.items()} == dict.fromkeys(keys, 302)
    assert_every_acknowledged_save_is_stored(instance, set(keys))


# ---- in the app itself: the commit cut off, a coordinator's page while the database is down -----


def app_over(instance: Any) -> Flask:
    # Not TESTING: under it Flask re-raises what the error handlers would turn into pages.
    return create_app(
        {
            "INSTANCE_PATH": str(instance.folder / "instance"),
            "DATABASE_URL": instance.database_url,
            "SECRET_KEY": "tests-only",
            "WTF_CSRF_ENABLED": False,
        }
    )


def test_a_save_whose_connection_is_cut_just_before_its_commit_gets_503_stores_nothing_and_can_be_retried(
    tmp_path: Path, postgres: Any
):
    import psycopg

    harness = availability_burst
    instance = harness.prepare_instance(tmp_path, 1, postgres.url)
    token = instance.tokens["b0"]
    app = app_over(instance)
    cut_next_commit = threading.Event()
    cut_next_commit.set()

    # Registered last, so it runs before the request's commit: the server ends that connection.
    @app.after_request
    def _terminate_the_connection(response: Response) -> Response:
        if request.method == "POST" and "db" in g and cut_next_commit.is_set():
            cut_next_commit.clear()
            pid = g.db.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
            with psycopg.connect(
                make_url(postgres.url).set(drivername="postgresql").render_as_string()
            ) as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        return response

    client = app.test_client()
    form = fields_for("b0")
    cut = client.post(f"/availability/{token}", data=form)
    cut_page = cut.get_data(as_text=True)
    stored_after_the_cut, _ = stored_answers(instance.database_url, instance.visit_id)
    again = client.post(f"/availability/{token}", data=form)
    stop_app(app)  # closes the pool's connections, the one the server cut included

    assert_a_clean_try_again_page(Answer(cut.status_code, cut_page))
    assert cut.headers["Retry-After"] == "5"
    assert stored_after_the_cut == {}
    assert again.status_code == 302
    assert_every_acknowledged_save_is_stored(instance, {"b0"})


def test_a_logged_in_coordinator_gets_the_try_again_page_while_the_database_is_down(
    tmp_path: Path, postgres: Any
):
    harness = availability_burst
    instance = harness.prepare_instance(tmp_path, 1, postgres.url)
    app = app_over(instance)
    client = app.test_client()
    logged_in = client.post(
        "/login", data={"email": "burst@example.org", "password": "a long burst password"}
    )
    options = stop_postgres(postgres)
    try:
        down = client.get("/")
    finally:
        start_postgres(postgres, options)
    back = client.get("/")
    stop_app(app)  # closes the connections the stop cut, instead of leaving them to the collector

    assert logged_in.status_code == 302
    assert_a_clean_try_again_page(Answer(down.status_code, down.get_data(as_text=True)))
    assert back.status_code == 200


# ---- SQLite: the server killed and started again ---------------------------------------------------


def kill(server: Any) -> None:
    """SIGKILL the server process: no shutdown, no cleanup, as when the machine loses it."""
    process: subprocess.Popen[bytes] = server._process
    process.kill()
    process.wait(timeout=30)


def test_sqlite_server_killed_mid_burst_keeps_every_acknowledged_save_and_an_intact_database(
    tmp_path: Path,
):
    harness = availability_burst
    instance = harness.prepare_instance(tmp_path, 90)
    keys = sorted(instance.tokens, key=index_of)
    server = harness.Server(instance)
    try:
        browsers = open_forms(server.base, instance.tokens)
        burst = Burst.expecting(halfway=30)
        threads = save_all(browsers, keys, burst)
        assert burst.acknowledged.wait(timeout=60), "30 saves were never acknowledged"
        kill(server)
        for thread in threads:
            thread.join()
    finally:
        server.stop()

    database = Path(instance.database_url.removeprefix("sqlite:///"))
    assert integrity(database) == "ok"
    acknowledged = {key for key, answer in burst.answers.items() if answer.status == 302}
    unanswered = sorted(key for key, answer in burst.answers.items() if answer.status != 302)
    assert len(burst.answers) == 90 and len(acknowledged) >= 30
    assert {burst.answers[key].status for key in unanswered} <= {NO_ANSWER}
    assert_every_acknowledged_save_is_stored(instance, acknowledged)

    again = harness.Server(instance)
    try:
        retried = retry(again.base, instance.tokens, unanswered)
    finally:
        again.stop()

    assert {key: answer.status for key, answer in retried.items()} == dict.fromkeys(unanswered, 302)
    assert_every_acknowledged_save_is_stored(instance, set(keys))
    assert integrity(database) == "ok"


def integrity(database: Path) -> str:
    with sqlite3.connect(database) as connection:
        rows = connection.execute("PRAGMA integrity_check").fetchall()
        problems = connection.execute("PRAGMA foreign_key_check").fetchall()
    assert problems == [], f"rows pointing at nothing: {problems}"
    return "; ".join(str(row[0]) for row in rows)
