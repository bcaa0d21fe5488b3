"""The 200-person burst: everyone saves the availability form at the same moment.

Starts the real app (`fieldwork serve`, i.e. waitress) on a loopback port over a file SQLite
database, gives each of N people a personal link, lets each open the form (its own cookie and
CSRF token), waits until all have it open, then fires every save at once and times each POST
until its answer comes back. Prints p50/p95/max and checks that every answer is stored exactly
once. tests/web/test_availability_burst.py runs the same harness and asserts the storage; the
latency is reported here, never asserted.

    .venv/bin/python bench/availability_burst.py              # 200 people
    .venv/bin/python bench/availability_burst.py --people 500 --rounds 3

A development tool, outside the packages.
"""

from __future__ import annotations

import argparse
import contextlib
import http.cookiejar
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.postgres import PostgresServer, free_port  # noqa: E402  (the root is on the path only now)

SMALL_VISIT = ROOT.parent / "shared" / "examples" / "small.json"
EXAMPLE_DAY = "2026-03-10"  # the small example's one day, 09:00-17:00 in 15-minute slots
# Moved a year on, so that the links (which expire after the visit) work whenever this runs.
DAY = "2027-03-10"
SLOTS = [f"{m // 60:02d}:{m % 60:02d}" for m in range(9 * 60, 17 * 60, 15)]
_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@dataclass(frozen=True)
class Instance:
    folder: Path
    database_url: str
    visit_id: int
    tokens: dict[str, str]  # person key -> personal link token


def prepare_instance(folder: Path, people: int, database_url: str | None = None) -> Instance:
    """A migrated database (a SQLite file in `folder` unless a URL is given) with the small
    example visit plus `people` extra people, each with a personal link."""
    sys.path.insert(0, str(ROOT))
    from scheduler.db.engine import make_engine, make_session_factory, upgrade_database
    from scheduler.files.visit_file import read_visit
    from scheduler.services.accounts import create_user
    from scheduler.services.availability_links import issue_link
    from scheduler.services.visits import import_visit

    data: dict[str, Any] = json.loads(SMALL_VISIT.read_text(encoding="utf-8").replace(EXAMPLE_DAY, DAY))
    extra = [
        {"id": f"b{n}", "name": f"Burst Person {n}", "email": f"burst{n}@example.org", "team": "Burst"}
        for n in range(people)
    ]
    data["people"] = data["people"] + extra
    url = database_url or f"sqlite:///{folder / 'burst.sqlite3'}"
    upgrade_database(url)
    now = datetime.now(UTC)
    engine = make_engine(url)
    with make_session_factory(engine)() as db:
        user = create_user(db, "burst@example.org", "a long burst password", "Burst", now)
        visit_id = import_visit(db, user, read_visit(data), now)
        tokens = {
            person["id"]: issue_link(db, user, visit_id, "person", person["id"], now) for person in extra
        }
        db.commit()
    engine.dispose()
    return Instance(folder, url, visit_id, tokens)


class Server:
    """`fieldwork serve` in a child process; stop() ends it."""

    def __init__(self, instance: Instance) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = dict(
            os.environ,
            FIELDWORK_INSTANCE=str(instance.folder / "instance"),
            DATABASE_URL=instance.database_url,
            SECRET_KEY="burst-only",
        )
        env.pop("FIELDWORK_SMTP_URL", None)  # the confirmations stay queued: this measures the save
        self._log = open(instance.folder / "server.log", "wb")  # noqa: SIM115 (closed in stop)
        command = [sys.executable, "-c", "from scheduler.cli import main; raise SystemExit(main())"]
        self._process = subprocess.Popen(
            [*command, "serve", "--host", "127.0.0.1", "--port", str(self.port)],
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        self._wait_until_up()

    def _wait_until_up(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"the server exited with {self._process.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the server did not start listening in time")

    def stop(self) -> None:
        self._process.terminate()
        try:
            self._process.wait(10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._log.close()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a 302 after a save is the answer; do not follow it


def cells_for(index: int) -> dict[str, str]:
    """Person `index` is free for a different hour of the day from the next person."""
    first = index % (len(SLOTS) - 3)
    return {f"cell-{DAY}T{slot}": "yes" if first <= i < first + 4 else "no" for i, slot in enumerate(SLOTS)}


def expected_interval(index: int) -> tuple[str, str]:
    first = index % (len(SLOTS) - 3)
    end = 9 * 60 + (first + 4) * 15
    return SLOTS[first], f"{end // 60:02d}:{end % 60:02d}"


class Visitor:
    """One person's browser: its own cookies, the form opened once, then saves."""

    def __init__(self, base: str, token: str) -> None:
        self.url = f"{base}/availability/{token}"
        jar = http.cookiejar.CookieJar()
        self._opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)
        self.csrf = ""

    def open_form(self) -> None:
        with self._opener.open(self.url, timeout=60) as response:
            page = response.read().decode("utf-8")
        match = _CSRF.search(page)
        if match is None:
            raise RuntimeError("the form page has no CSRF token")
        self.csrf = match.group(1)

    def save(self, fields: dict[str, str]) -> tuple[int, float]:
        """POST the form; returns (status, seconds from sending to the answer)."""
        body = urllib.parse.urlencode({"csrf_token": self.csrf, **fields}).encode()
        started = time.perf_counter()
        try:
            with self._opener.open(self.url, data=body, timeout=120) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        return status, time.perf_counter() - started


@dataclass
class BurstResult:
    statuses: list[int]
    latencies: list[float]  # seconds, one per save
    wall_seconds: float


def fire_burst(base: str, tokens: dict[str, str]) -> BurstResult:
    """Everyone opens the form, then all save at once (a barrier releases the POSTs together)."""
    keys = sorted(tokens, key=lambda k: int(k[1:]))
    visitors = [Visitor(base, tokens[key]) for key in keys]
    barrier = threading.Barrier(len(visitors) + 1)
    results: list[tuple[int, float] | None] = [None] * len(visitors)
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            visitors[index].open_form()
        except BaseException as error:  # reported below, after every thread is done
            errors.append(error)
            barrier.abort()
            return
        barrier.wait()
        results[index] = visitors[index].save(cells_for(index) | {"note": f"answer of {keys[index]}"})

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(visitors))]
    for thread in threads:
        thread.start()
    with contextlib.suppress(threading.BrokenBarrierError):  # a visitor failed: reported below
        barrier.wait(timeout=120)
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    if errors:
        raise RuntimeError(f"{len(errors)} visitors could not open the form: {errors[0]!r}")
    done = [r for r in results if r is not None]
    return BurstResult([s for s, _ in done], [t for _, t in done], wall)


def quick_double_save(base: str, token: str) -> tuple[int, int]:
    """One person saves twice in a row as fast as they can: first 'first', then 'second'."""
    visitor = Visitor(base, token)
    visitor.open_form()
    first, _ = visitor.save(cells_for(0) | {"note": "first"})
    second, _ = visitor.save(cells_for(5) | {"note": "second"})
    return first, second


def one_at_a_time(base: str, tokens: dict[str, str], count: int) -> list[float]:
    """Seconds per save when nobody else is saving: the floor under the burst's numbers."""
    latencies = []
    for index, key in enumerate(sorted(tokens)[:count]):
        visitor = Visitor(base, tokens[key])
        visitor.open_form()
        status, seconds = visitor.save(cells_for(index) | {"note": "alone"})
        if status != 302:
            raise RuntimeError(f"a single save answered {status}")
        latencies.append(seconds)
    return latencies


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=1, help="bursts to run (each against a fresh instance)")
    parser.add_argument("--postgres", action="store_true", help="a throw-away PostgreSQL instead of SQLite")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from sqlalchemy import func, select

    from scheduler.db.availability import AvailabilityAnswer
    from scheduler.db.engine import make_engine, make_session_factory

    for round_number in range(1, args.rounds + 1):
        postgres = PostgresServer() if args.postgres else None
        with tempfile.TemporaryDirectory(prefix="fieldwork-burst-") as folder:
            try:
                instance = prepare_instance(Path(folder), args.people, postgres.url if postgres else None)
                server = Server(instance)
                try:
                    result = fire_burst(server.base, instance.tokens)
                    alone = [t * 1000 for t in one_at_a_time(server.base, instance.tokens, 50)]
                finally:
                    server.stop()
                engine = make_engine(instance.database_url)
                with make_session_factory(engine)() as db:
                    stored = db.scalar(select(func.count()).select_from(AvailabilityAnswer))
                engine.dispose()
            finally:
                if postgres is not None:
                    postgres.stop()
        ms = [t * 1000 for t in result.latencies]
        ok = sum(1 for s in result.statuses if s == 302)
        print(
            f"{'PostgreSQL' if args.postgres else 'SQLite'} round {round_number}: "
            f"{args.people} saves at once: {ok} saved (302), {stored} answers stored; "
            f"p50 {percentile(ms, 0.50):.0f} ms, p95 {percentile(ms, 0.95):.0f} ms, "
            f"max {max(ms):.0f} ms, mean {statistics.fmean(ms):.0f} ms; "
            f"all done in {result.wall_seconds:.1f} s; "
            f"one at a time: p50 {percentile(alone, 0.50):.0f} ms, p95 {percentile(alone, 0.95):.0f} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
