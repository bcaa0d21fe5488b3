"""Load: availability saves, the grid page and personal feeds against the real server.

For each backend (a SQLite file, then a throw-away PostgreSQL when one is installed) this
starts `fieldwork serve` (waitress) on a loopback port, as bench/availability_burst.py does,
over an instance holding the small example visit with 200 people who have personal links and
a `make_visit` visit (large, seed 1) with its planted timetable published and a feed link for
every person and assessor. Then, each for a bounded time:

1. availability saves: 200 clients open their form, then save again and again;
2. the grid page of the large visit, fetched by logged-in coordinators;
3. personal .ics feeds: every link once (this stores the events' UIDs), then plain fetches,
   then conditional ones (If-None-Match with the ETag the client got: the 304 path).

It prints a table; `--out docs/benchmarks.md` writes it between the `<!-- load:start -->` and
`<!-- load:end -->` markers (appended when the file has none) and leaves the rest alone.

    .venv/bin/python bench/load.py --shared ../shared --out docs/benchmarks.md
    .venv/bin/python bench/load.py --save-seconds 3 --grid-seconds 3 --feed-seconds 2 --sqlite-only

Loopback only; the servers, the PostgreSQL cluster and the temporary folders are removed on
the way out, Ctrl-C and errors included. A development tool, outside the packages.
"""

from __future__ import annotations

import argparse
import contextlib
import http.cookiejar
import os
import platform
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message
from pathlib import Path
from types import FrameType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from availability_burst import (  # noqa: E402 (the bench folder is not a package)
    Instance,
    Server,
    Visitor,
    cells_for,
    percentile,
    prepare_instance,
)

from bench.postgres import PostgresServer  # noqa: E402

# prepare_instance's coordinator, who also owns the large visit here.
COORDINATOR_EMAIL = "burst@example.org"
COORDINATOR_PASSWORD = "a long burst password"
START_MARKER = "<!-- load:start -->"
END_MARKER = "<!-- load:end -->"
_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')

# One request: True when it got the answer it should, and the seconds it took; None when the
# client has nothing left to ask.
Request = Callable[[], tuple[bool, float] | None]


@dataclass(frozen=True)
class Settings:
    save_clients: int
    save_seconds: float
    grid_clients: int
    grid_seconds: float
    feed_clients: int
    feed_seconds: float


@dataclass(frozen=True)
class Measure:
    backend: str
    name: str
    clients: int
    wall_seconds: float
    latencies: list[float]  # seconds of each request that got the expected answer
    errors: int  # any other answer, or no answer at all
    load_after: float  # the 1-minute load average when the measure ended

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.wall_seconds if self.wall_seconds > 0 else 0.0

    def milliseconds(self, fraction: float) -> float:
        return percentile(self.latencies, fraction) * 1000 if self.latencies else float("nan")


@dataclass(frozen=True)
class BackendRun:
    large: LargeVisit
    server_threads: int


@dataclass(frozen=True)
class LargeVisit:
    visit_id: int
    sessions: int
    people: int
    days: int
    feed_tokens: list[str]  # one per person, then one per assessor


@dataclass
class LoadWatch:
    """Samples the 1-minute load average every few seconds while the run lasts."""

    samples: list[float] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)

    def start(self) -> None:
        threading.Thread(target=self._sample, daemon=True).start()

    def _sample(self) -> None:
        while True:
            self.samples.append(os.getloadavg()[0])
            if self._stop.wait(2.0):
                return

    def stop(self) -> None:
        self._stop.set()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # the 302 after a login or a save is the answer itself


class Browser:
    """One client with its own cookies; a 3xx or 4xx comes back as a status, not an exception."""

    def __init__(self) -> None:
        jar = http.cookiejar.CookieJar()
        self._opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)

    def fetch(
        self, url: str, data: bytes | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, bytes, Message, float]:
        """(status, body, headers (names in any case), seconds until the whole body was read)."""
        request = urllib.request.Request(url, data=data, headers=headers or {})
        started = time.perf_counter()
        try:
            with self._opener.open(request, timeout=120) as response:
                status, body, answer_headers = response.status, response.read(), response.headers
        except urllib.error.HTTPError as error:
            status, body, answer_headers = error.code, error.read(), error.headers
        return status, body, answer_headers, time.perf_counter() - started

    def log_in(self, base: str, email: str, password: str) -> None:
        status, page, _, _ = self.fetch(f"{base}/login")
        match = _CSRF.search(page.decode("utf-8"))
        if status != 200 or match is None:
            raise RuntimeError(f"the login page answered {status} without a CSRF token")
        form = {"csrf_token": match.group(1), "email": email, "password": password}
        status, _, _, _ = self.fetch(f"{base}/login", data=urllib.parse.urlencode(form).encode())
        if status != 302:
            raise RuntimeError(f"logging in as {email} answered {status}, not a redirect")


class LoadServer(Server):
    """`fieldwork serve` that is stopped again when it never comes up (or Ctrl-C comes first)."""

    def _wait_until_up(self, timeout: float = 30.0) -> None:
        try:
            super()._wait_until_up(timeout)
        except BaseException:
            self.stop()
            raise


def make_large_visit(shared: Path, folder: Path, seed: int) -> tuple[Path, Path]:
    visit_file, planted = folder / "large.json", folder / "large.planted.json"
    command = [str(shared / "tools" / "make_visit"), "--size", "large", "--seed", str(seed)]
    done = subprocess.run(
        [*command, "-o", str(visit_file), "--planted", str(planted)], capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"make_visit failed (exit {done.returncode}): {done.stderr.strip()}")
    return visit_file, planted


def add_large_visit(instance: Instance, visit_file: Path, planted: Path) -> LargeVisit:
    """Import the generated visit, publish its planted timetable, make everyone a feed link."""
    from scheduler.db.engine import make_engine, make_session_factory
    from scheduler.files.timetable_file import load_timetable
    from scheduler.files.visit_file import load_visit
    from scheduler.invites.identity import issue_feed_token
    from scheduler.services.accounts import find_user_by_email
    from scheduler.services.timetables import publish_version, save_version
    from scheduler.services.visits import import_visit

    visit = load_visit(visit_file)
    now = datetime.now(UTC)
    engine = make_engine(instance.database_url)
    try:
        with make_session_factory(engine)() as db:
            user = find_user_by_email(db, COORDINATOR_EMAIL)
            if user is None:
                raise RuntimeError(f"the prepared instance has no coordinator {COORDINATOR_EMAIL}")
            visit_id = import_visit(db, user, visit, now)
            number = save_version(db, user, visit_id, load_timetable(planted), now, note="planted")
            publish_version(db, user, visit_id, number, now)
            owners = [("person", p.id) for p in visit.people] + [("assessor", a.id) for a in visit.assessors]
            tokens = [issue_feed_token(db, visit_id, kind, key, now) for kind, key in owners]
            db.commit()
    finally:
        engine.dispose()
    return LargeVisit(visit_id, len(visit.sessions), len(visit.people), len(visit.days), tokens)


def hammer(requests: list[Request], seconds: float) -> tuple[float, list[float], int]:
    """Every client asks in a loop, all starting together, until `seconds` have passed or it has
    nothing left; returns (wall seconds, latencies of good answers, errors). A request already
    sent when time is up still counts: its wait is part of the load."""
    barrier = threading.Barrier(len(requests) + 1)
    stop = threading.Event()
    latencies: list[list[float]] = [[] for _ in requests]
    errors = [0] * len(requests)
    deadline = [0.0]

    def run(index: int) -> None:
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait()
        while not stop.is_set() and time.monotonic() < deadline[0]:
            try:
                answer = requests[index]()
            except Exception:  # a refused or broken connection is an error of the run, not of ours
                errors[index] += 1
                continue
            if answer is None:
                return
            good, taken = answer
            if good:
                latencies[index].append(taken)
            else:
                errors[index] += 1

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(len(requests))]
    for thread in threads:
        thread.start()
    deadline[0] = time.monotonic() + seconds
    started = time.perf_counter()
    try:
        barrier.wait()
        for thread in threads:
            thread.join()
    except BaseException:
        stop.set()
        barrier.abort()
        raise
    return time.perf_counter() - started, [t for each in latencies for t in each], sum(errors)


def prepared(make: Callable[[int], Request], count: int) -> list[Request]:
    """`count` clients made ready (forms opened, logins done) a few at a time, before any timing."""
    with ThreadPoolExecutor(max_workers=16) as pool:
        return list(pool.map(make, range(count)))


def availability_requests(base: str, instance: Instance, count: int) -> list[Request]:
    keys = sorted(instance.tokens, key=lambda k: int(k[1:]))[:count]

    def make(index: int) -> Request:
        visitor = Visitor(base, instance.tokens[keys[index]])
        visitor.open_form()
        saves = iter(range(1, 1_000_000))

        def save() -> tuple[bool, float]:
            number = next(saves)
            # A different hour each time, so that every save changes the stored answer.
            status, seconds = visitor.save(cells_for(index + number) | {"note": f"save {number}"})
            return status == 302, seconds

        return save

    return prepared(make, count)


def grid_requests(base: str, visit_id: int, count: int) -> list[Request]:
    url = f"{base}/visits/{visit_id}/timetable"

    def make(_: int) -> Request:
        browser = Browser()
        browser.log_in(base, COORDINATOR_EMAIL, COORDINATOR_PASSWORD)

        def get() -> tuple[bool, float]:
            status, _, _, seconds = browser.fetch(url)
            return status == 200, seconds

        return get

    return prepared(make, count)


class FeedLinks:
    """The feed links shared out among the clients in turn; `etags` holds the ETag each link last
    answered with, kept from one run to the next as a calendar client keeps it."""

    def __init__(self, base: str, tokens: list[str], etags: dict[str, str], *, once: bool) -> None:
        self.urls = [f"{base}/feeds/{token}.ics" for token in tokens]
        self.etags = etags
        self._lock = threading.Lock()
        self._next = 0
        self._once = once

    def take(self) -> str | None:
        with self._lock:
            if self._once and self._next >= len(self.urls):
                return None
            url = self.urls[self._next % len(self.urls)]
            self._next += 1
            return url


def feed_requests(links: FeedLinks, count: int, *, conditional: bool) -> list[Request]:
    def make(_: int) -> Request:
        browser = Browser()

        def get() -> tuple[bool, float] | None:
            url = links.take()
            if url is None:
                return None
            etag = links.etags.get(url) if conditional else None
            headers = {"If-None-Match": etag} if etag else {}
            status, _, answer_headers, seconds = browser.fetch(url, headers=headers)
            if status == 200 and answer_headers.get("ETag"):
                links.etags[url] = answer_headers["ETag"]
            return status == (304 if conditional else 200), seconds

        return get

    return [make(i) for i in range(count)]


def measure_backend(
    backend: str, shared: Path, seed: int, settings: Settings, report: Callable[[Measure], None]
) -> BackendRun:
    with contextlib.ExitStack() as cleanup:
        folder = Path(cleanup.enter_context(tempfile.TemporaryDirectory(prefix="fieldwork-load-")))
        database_url = None
        if backend == "PostgreSQL":
            postgres = PostgresServer()  # removes itself again when making it fails halfway
            cleanup.callback(postgres.stop)
            database_url = postgres.url
        print(f"{backend}: preparing the instance ...", file=sys.stderr, flush=True)
        instance = prepare_instance(folder, settings.save_clients, database_url)
        large = add_large_visit(instance, *make_large_visit(shared, folder, seed))
        server = LoadServer(instance)
        cleanup.callback(server.stop)

        def timed(name: str, requests: list[Request], seconds: float) -> None:
            print(f"{backend}: {name} ...", file=sys.stderr, flush=True)
            wall, latencies, errors = hammer(requests, seconds)
            measure = Measure(backend, name, len(requests), wall, latencies, errors, os.getloadavg()[0])
            report(measure)

        timed(
            "availability saves",
            availability_requests(server.base, instance, settings.save_clients),
            settings.save_seconds,
        )
        timed(
            "grid page (large visit)",
            grid_requests(server.base, large.visit_id, settings.grid_clients),
            settings.grid_seconds,
        )
        etags: dict[str, str] = {}
        first = FeedLinks(server.base, large.feed_tokens, etags, once=True)
        # Bounded by the number of links, not the clock: a generous ceiling only.
        timed("feeds, each link once", feed_requests(first, settings.feed_clients, conditional=False), 120)
        again = FeedLinks(server.base, large.feed_tokens, etags, once=False)
        timed(
            "feeds, 200",
            feed_requests(again, settings.feed_clients, conditional=False),
            settings.feed_seconds,
        )
        timed(
            "feeds, 304 (If-None-Match)",
            feed_requests(again, settings.feed_clients, conditional=True),
            settings.feed_seconds,
        )
        return BackendRun(large, server_threads(instance))


HEADER = (
    "| backend | measure | clients | seconds | answered | errors | per second | p50 ms | p95 ms "
    "| load 1 min |\n"
    "|---|---|---|---|---|---|---|---|---|---|"
)


def table_row(m: Measure) -> str:
    return (
        f"| {m.backend} | {m.name} | {m.clients} | {m.wall_seconds:.1f} | {len(m.latencies)} | {m.errors} | "
        f"{m.rate:.1f} | {m.milliseconds(0.50):.0f} | {m.milliseconds(0.95):.0f} | {m.load_after:.1f} |"
    )


def postgres_version() -> str:
    """The version as `PostgreSQL 15.18`, from `postgres --version`."""
    program = PostgresServer.tool("postgres")
    done = subprocess.run([program or "postgres", "--version"], capture_output=True, text=True, check=False)
    number = re.search(r"\) (\d+(?:\.\d+)*)", done.stdout)
    return f"PostgreSQL {number.group(1)}" if number else "PostgreSQL"


def server_threads(instance: Instance) -> int:
    """The thread count `fieldwork serve` gives waitress, from the app it serves."""
    from web import create_app
    from web.cli import waitress_options

    config = {
        "INSTANCE_PATH": str(instance.folder / "instance"),
        "DATABASE_URL": instance.database_url,
        "SECRET_KEY": "load-only",
        "MAIL_SENDER_THREAD": False,
    }
    return int(waitress_options(create_app(config))["threads"])


def section(
    measures: list[Measure],
    settings: Settings,
    run: BackendRun,
    seed: int,
    backends: list[str],
    load: list[float],
    skipped: str,
) -> str:
    from importlib.metadata import version

    large = run.large
    databases = [
        "SQLite file (WAL)"
        if b == "SQLite"
        else f"throw-away {postgres_version()}, durability off (bench/postgres.py)"
        for b in backends
    ]
    lines = [
        START_MARKER,
        "## Load",
        "",
        "`make load` (`bench/load.py`): the real server, `fieldwork serve`, on a loopback port; the clients",
        "are threads of one Python process on the same machine, each request on a new connection (urllib).",
        "",
        f"- machine: {os.cpu_count()} cores (nproc), `{platform.platform()}`, "
        f"Python {platform.python_version()}",
        f"- server: waitress {version('waitress')}, one process, {run.server_threads} threads",
        f"- databases: {'; '.join(databases)}{skipped}",
        f"- date: {datetime.now(UTC):%Y-%m-%d}",
        f"- availability saves: {settings.save_clients} clients, each opens its own form and then saves "
        f"again and again for {settings.save_seconds:g} s (a different answer each time)",
        f"- grid page: `make_visit --size large --seed {seed}` ({large.sessions} sessions, {large.people} "
        f"people, {large.days} days) with its planted timetable; {settings.grid_clients} logged-in "
        f"clients for {settings.grid_seconds:g} s",
        f"- feeds: the same visit published, one personal feed link for each of its {len(large.feed_tokens)} "
        f"people and assessors; {settings.feed_clients} clients fetch every link once (that stores the "
        f"events' UIDs), then {settings.feed_seconds:g} s of plain fetches, then {settings.feed_seconds:g} s "
        "with If-None-Match",
        f"- load average (1 min) during the run: {min(load):.1f} to {max(load):.1f}; the clients and the "
        f"server share the {os.cpu_count()} cores, so the figures are a floor for a dedicated server",
        "",
        HEADER,
        *(table_row(m) for m in measures),
        "",
        "*answered*: requests that got the expected answer (302 for a save, 200 for the grid and plain",
        "feeds, 304 for a conditional feed); *errors*: any other answer or none; *per second*: answered",
        "requests over the measure's wall time, which includes the requests still in flight when time",
        "was up. A 304 still builds the calendar to compare its ETag; it saves the transfer only.",
        END_MARKER,
    ]
    return "\n".join(lines)


def write_section(path: Path, text: str) -> None:
    """Replace what lies between the markers (the markers included), or append the section."""
    existing = path.read_text(encoding="utf-8") if path.exists() else ""
    start, end = existing.find(START_MARKER), existing.find(END_MARKER)
    if start != -1 and end > start:
        updated = existing[:start] + text + existing[end + len(END_MARKER) :]
    else:
        updated = existing.rstrip("\n") + ("\n\n" if existing else "") + text + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(updated, encoding="utf-8")


def _stop_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt  # so that every `finally` runs: servers stopped, folders removed


@contextlib.contextmanager
def watching_load() -> Iterator[LoadWatch]:
    watch = LoadWatch()
    watch.start()
    try:
        yield watch
    finally:
        watch.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/load.py", description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared folder")
    parser.add_argument("--out", type=Path, help="markdown file whose load section to write")
    parser.add_argument("--seed", type=int, default=1, help="make_visit seed of the large visit")
    parser.add_argument("--save-clients", type=int, default=200)
    parser.add_argument("--save-seconds", type=float, default=20.0)
    parser.add_argument("--grid-clients", type=int, default=20)
    parser.add_argument("--grid-seconds", type=float, default=15.0)
    parser.add_argument("--feed-clients", type=int, default=50)
    parser.add_argument("--feed-seconds", type=float, default=10.0, help="for each of the 200 and 304 runs")
    parser.add_argument("--sqlite-only", action="store_true", help="skip PostgreSQL even when installed")
    args = parser.parse_args(argv)
    if not (args.shared / "tools" / "make_visit").exists():
        parser.error(f"no shared tools in {args.shared} (give --shared)")
    settings = Settings(
        args.save_clients,
        args.save_seconds,
        args.grid_clients,
        args.grid_seconds,
        args.feed_clients,
        args.feed_seconds,
    )
    backends = ["SQLite"]
    skipped = ""
    if args.sqlite_only:
        skipped = " (PostgreSQL skipped: --sqlite-only)"
    elif PostgresServer.available():
        backends.append("PostgreSQL")
    else:
        skipped = " (PostgreSQL skipped: no psycopg or no initdb/pg_ctl on this machine)"
    signal.signal(signal.SIGTERM, _stop_on_sigterm)

    measures: list[Measure] = []

    def report(measure: Measure) -> None:
        measures.append(measure)
        print(table_row(measure), flush=True)

    print(HEADER, flush=True)
    try:
        with watching_load() as watch:
            run = None
            for backend in backends:
                run = measure_backend(backend, args.shared, args.seed, settings, report)
    except KeyboardInterrupt:
        print("interrupted: servers stopped, temporary folders removed", file=sys.stderr)
        return 130
    assert run is not None
    if args.out is not None:
        write_section(args.out, section(measures, settings, run, args.seed, backends, watch.samples, skipped))
        print(f"wrote the load section of {args.out}", file=sys.stderr)
    return 0 if all(m.errors == 0 for m in measures) else 1


if __name__ == "__main__":
    raise SystemExit(main())
