"""What `pip install .` ships works on its own: the wheel built from this checkout, installed
into a fresh virtual environment without the dev extra, serves every coordinator page.

A coordinator (Aisha Rahman) logs in to the installed `fieldwork serve`, imports the small
example visit through the import page, starts planning from the plan page, publishes the result,
enters a change request and uploads a people spreadsheet; then every link of the visit's pages is
followed (pages, downloads, static files) and each must answer 200. The installed app's own URL
map says which coordinator pages exist, so a page no link reaches fails the walk until it is
reached. Once on SQLite with the solve in the server, once on PostgreSQL with the solve taken by
the installed `fieldwork worker` from a throw-away Redis.
"""

from __future__ import annotations

import json
import re
import time
import urllib.parse
import zipfile
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from werkzeug.routing import Map, Rule

from bench.postgres import PostgresServer
from tests.support import databases, workers
from tests.support.installed import (
    ROOT,
    Browser,
    InstalledServer,
    Page,
    build_wheel,
    clean_environment,
    install_fresh,
    run,
)

pytestmark = pytest.mark.slow

SMALL_VISIT = ROOT.parent / "shared" / "examples" / "small.json"
EMAIL, PASSWORD, NAME = "aisha.rahman@example.org", "a long coordinator password", "Aisha Rahman"
TOKEN_PREFIXES = ("/availability/", "/feeds/", "/rsvp/", "/password/")
NOT_COORDINATOR_PAGES = {"static", "auth.login", "auth.logout"}
PEOPLE_SHEET = b"Name,Email,Team\r\nKieran Gill,kieran.gill@example.org,Reablement\r\n"


@dataclass(frozen=True)
class Installation:
    bin: Path
    wheel: Path
    build_output: str


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installation:
    folder = tmp_path_factory.mktemp("wheel")
    wheel, build_output = build_wheel(folder / "dist")
    return Installation(install_fresh(wheel, folder / "venv"), wheel, build_output)


def test_the_wheel_holds_every_template_static_file_and_migration_of_the_checkout(
    installed: Installation,
) -> None:
    tracked = run(["git", "ls-files", "solver", "scheduler", "web"], cwd=ROOT).stdout.split()
    data_files = {name for name in tracked if not name.endswith(".py")}
    shipped = set(zipfile.ZipFile(installed.wheel).namelist())
    assert sorted(data_files - shipped) == []
    assert not [name for name in shipped if "__pycache__" in name or name.endswith(".pyc")]
    assert "Package would be ignored" not in installed.build_output


def test_the_installed_environment_has_no_dev_tools_and_the_promised_clients(installed: Installation) -> None:
    listed = run([str(installed.bin / "python"), "-m", "pip", "list", "--format", "json"]).stdout
    names = {entry["name"].lower() for entry in json.loads(listed)}
    assert {"pytest", "playwright", "ruff"} & names == set()
    assert {"waitress", "psycopg", "psycopg-binary", "redis", "packaging"} <= names


def test_every_coordinator_page_of_a_planned_visit_answers_on_sqlite(
    installed: Installation, tmp_path: Path
) -> None:
    env = clean_environment(
        FIELDWORK_INSTANCE=str(tmp_path / "instance"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'fieldwork.sqlite3'}",
        SECRET_KEY="installed-wheel-test",
    )
    server = InstalledServer(installed.bin, tmp_path, env)
    try:
        walk = plan_publish_and_walk(installed, server, env, tmp_path)
    finally:
        server.stop()
    assert walk.failures == []
    assert walk.unreached == []
    assert_the_plan_is_shown(walk)
    assert_production_server(server, walk)


@pytest.mark.redis  # its installed worker takes solves from the shared Redis, reached without the fixture
def test_every_coordinator_page_answers_on_postgresql_with_the_solve_on_a_worker(
    installed: Installation, tmp_path: Path, postgres_url: str
) -> None:
    redis = workers.shared_redis()
    env = clean_environment(
        FIELDWORK_INSTANCE=str(tmp_path / "instance"),
        DATABASE_URL=postgres_url,
        FIELDWORK_BROKER_URL=redis.url,
        SECRET_KEY="installed-wheel-test",
    )
    server = InstalledServer(installed.bin, tmp_path, env)  # migrates the empty database first
    worker = workers.Worker(
        postgres_url, redis.url, tmp_path / "worker", program=installed.bin / "fieldwork", base_env=env
    )
    try:
        walk = plan_publish_and_walk(installed, server, env, tmp_path)
    finally:
        worker.stop()
        server.stop()
    assert walk.failures == []
    assert walk.unreached == []
    assert_the_plan_is_shown(walk)
    assert_production_server(server, walk)
    # The solve ran on the worker: the web process only queued it.
    assert f"Task fieldwork.solve[{walk.job_id}] succeeded" in worker.output()
    assert "could not be reached" not in server.output()


@pytest.fixture
def postgres_url(tmp_path: Path) -> str:
    if not PostgresServer.available():
        pytest.skip("PostgreSQL is not installed (apt-get install -y postgresql)")
    return databases.empty_postgres_database_url(tmp_path)


@dataclass
class Walk:
    job_id: str
    statuses: dict[str, int]  # every page asked for, with its answer
    failures: list[str]  # "path -> status" for every page that did not answer 200
    unreached: list[str]  # coordinator pages of the app that no link or form led to
    server_header: str
    grid: str  # the timetable grid page, as the coordinator sees it
    export_csv: str
    stylesheet_type: str


def plan_publish_and_walk(
    installed: Installation, server: InstalledServer, env: dict[str, str], tmp: Path
) -> Walk:
    run(
        [str(installed.bin / "fieldwork"), "create-user", "--name", NAME, "--password", PASSWORD, EMAIL],
        env=env,
        cwd=tmp,
    )
    browser = Browser(server.base)
    visited: dict[str, int] = {}

    def record(page: Page) -> Page:
        visited[page.path] = page.status
        return page

    login = record(browser.get("/login"))
    home = record(browser.submit(login, login.form_with("password"), email=EMAIL, password=PASSWORD))
    assert NAME in home.text, home.text[:500]

    upload = record(browser.get("/visits/import"))
    shown = record(
        browser.submit(
            upload, upload.form_with("file"), files={"file": ("small.json", SMALL_VISIT.read_bytes())}
        )
    )
    match = re.fullmatch(r"/visits/(\d+)", shown.path)
    assert match, f"importing the visit ended on {shown.path} ({shown.status}): {shown.text[:800]}"
    visit = f"/visits/{match.group(1)}"

    # Planned twice, as a coordinator trying a second time would: two versions to compare.
    for _attempt in range(2):
        plan = record(browser.get(f"{visit}/plan"))
        progress = record(browser.submit(plan, plan.form_with("time_limit"), time_limit="5"))
        job_id = progress.path.rsplit("/", 1)[-1]
        assert progress.path == f"{visit}/plan/{job_id}", progress.text[:800]
        status = wait_for_solve(browser, f"{visit}/plan/{job_id}/status.json")
        visited[f"{visit}/plan/{job_id}/status.json"] = 200
        assert status["state"] == "succeeded", status

    review = record(browser.get(f"{visit}/publish"))
    ledger = record(browser.submit(review, review.form_with("version")))
    assert ledger.path == f"{visit}/invites", ledger.text[:800]

    decline_an_invite_from_its_email(browser, visit, record)

    # The first day runs 20 minutes late from the first time offered: a re-plan to review.
    late = record(browser.get(f"{visit}/late"))
    progress = record(browser.submit(late, late.form_with("minutes"), minutes="20", time_limit="5"))
    late_job = progress.path.rsplit("/", 1)[-1]
    status = wait_for_solve(browser, f"{visit}/plan/{late_job}/status.json")
    assert status["state"] == "succeeded", status
    record(browser.get(f"{visit}/replan/{status['version']}"))

    changes = record(browser.get(f"{visit}/changes"))
    change = record(
        browser.submit(
            changes, changes.form_with("title"), kind="add", title="Conversation with the carers' forum"
        )
    )
    assert re.fullmatch(rf"{visit}/changes/\d+", change.path), change.text[:1500]

    table = record(browser.get(f"{visit}/import"))
    mapping = record(
        browser.submit(
            table, table.form_with("file"), kind="people", files={"file": ("new-staff.csv", PEOPLE_SHEET)}
        )
    )
    assert mapping.path.startswith(f"{visit}/import/"), mapping.text[:800]

    visited.update(follow_every_link(browser, ["/", visit], visit))
    visited.update(ask_as_the_move_script_does(browser, visited, visit))

    rules = installed_url_map(installed, tmp)
    reached = {endpoint_of(rules, path) for path in visited}
    unreached = sorted(
        rule.endpoint
        for rule in rules.iter_rules()
        if is_coordinator_page(rule) and rule.endpoint not in reached
    )
    failures = [f"{path} -> {code}" for path, code in sorted(visited.items()) if code != 200]
    # The published plan (version 2), as sent: the late re-plan after it is a draft.
    grid = browser.get(f"{visit}/timetable?version=2")
    export = browser.get(f"{visit}/timetable/export.csv?version=2")
    stylesheet = browser.get("/static/fieldwork.css")
    return Walk(
        job_id,
        visited,
        failures,
        sorted(set(unreached)),
        server_header=grid.headers.get("Server", ""),
        grid=grid.text,
        export_csv=export.text,
        stylesheet_type=stylesheet.content_type,
    )


def decline_an_invite_from_its_email(browser: Browser, visit: str, record: Callable[[Page], Page]) -> None:
    """Someone declines through the link in their invitation, as it waits in the outbox."""
    outbox = record(browser.get(f"{visit}/outbox"))
    for link in outbox.parsed().links:
        path = browser.path_of(link)
        if not re.fullmatch(rf"{visit}/outbox/\d+", path):
            continue
        found = re.search(r"/rsvp/[A-Za-z0-9_-]+/decline", record(browser.get(path)).text)
        if found:
            person = Browser(browser.base)  # the invitee, on their own computer
            asked = person.get(found.group(0))
            answered = person.submit(asked, asked.parsed().forms[0])
            assert answered.status == 200, answered.text[:800]
            return
    raise AssertionError("no invitation in the outbox has a decline link")


def wait_for_solve(browser: Browser, status_path: str, timeout: float = 180) -> dict[str, object]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = browser.get_json(status_path)
        if status["finished"]:
            return status
        time.sleep(0.5)
    raise AssertionError(f"the solve had not finished after {timeout} s: {status}")


def follow_every_link(browser: Browser, starts: list[str], visit: str) -> dict[str, int]:
    """Every page, download and static file the visit's pages link to, and every search form's
    answer as it is first shown (e.g. comparing versions), each asked for once."""
    statuses: dict[str, int] = {}
    queue: deque[str] = deque(starts)
    while queue:
        path = queue.popleft()
        if path in statuses:
            continue
        page = browser.get(path)
        statuses[path] = page.status
        parsed = page.parsed()
        searches = [
            f"{form.action or path.split('?', 1)[0]}?{urllib.parse.urlencode(form.fields)}"
            for form in parsed.forms
            if form.method == "get"
        ]
        for link in parsed.links + searches:
            target = same_site_path(link, path, browser.base)
            if target is not None and wanted(target, visit) and target not in statuses:
                queue.append(target)
    return statuses


def same_site_path(link: str, current: str, base: str) -> str | None:
    absolute = urllib.parse.urljoin(base + current, link)
    parts = urllib.parse.urlsplit(absolute)
    if f"{parts.scheme}://{parts.netloc}" != base:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def wanted(path: str, visit: str) -> bool:
    if path.startswith(TOKEN_PREFIXES):
        return False  # personal links: their own tests; the walk is the coordinator's
    bare = path.split("?", 1)[0]
    return (
        bare in ("/", "/visits/new", "/visits/import")
        or bare == visit
        or bare.startswith((f"{visit}/", "/static/", "/account/"))
    )


def ask_as_the_move_script_does(browser: Browser, visited: dict[str, int], visit: str) -> dict[str, int]:
    """The move page's live check, with the choices its form shows."""
    moves = [
        path for path in visited if re.fullmatch(rf"{visit}/timetable/versions/\d+/sessions/[^/]+/move", path)
    ]
    assert moves, "no link led to a move page"
    page = browser.get(moves[0])
    form = page.form_with("day")
    query = urllib.parse.urlencode({name: form.fields.get(name, "") for name in ("day", "start", "room")})
    check = browser.get(f"{moves[0].rsplit('/', 1)[0]}/check.json?{query}")
    return {check.path: check.status}


def installed_url_map(installed: Installation, tmp: Path) -> Map:
    """The installed app's own routes, read by the installed Python (not this checkout)."""
    script = (
        "import json, sys\n"
        "from web import create_app\n"
        "folder = sys.argv[1]\n"
        "app = create_app({'INSTANCE_PATH': folder, 'DATABASE_URL': f'sqlite:///{folder}/routes.sqlite3',"
        " 'MAIL_SENDER_THREAD': False})\n"
        "rules = [[r.rule, r.endpoint, sorted(r.methods or ())] for r in app.url_map.iter_rules()]\n"
        "json.dump(rules, sys.stdout)\n"
    )
    folder = tmp / "routes"
    folder.mkdir()
    output = run(
        [str(installed.bin / "python"), "-c", script, str(folder)], cwd=tmp, env=clean_environment()
    ).stdout
    return Map(
        [Rule(rule, endpoint=endpoint, methods=methods) for rule, endpoint, methods in json.loads(output)]
    )


def is_coordinator_page(rule: Rule) -> bool:
    return (
        "GET" in (rule.methods or ())
        and rule.endpoint not in NOT_COORDINATOR_PAGES
        and not rule.rule.startswith(TOKEN_PREFIXES)
    )


def endpoint_of(rules: Map, path: str) -> str:
    bare = path.split("?", 1)[0]
    try:
        endpoint, _arguments = rules.bind("127.0.0.1").match(bare, method="GET")
    except Exception:  # a redirect or a path of no route: not a page of the app's
        return ""
    return str(endpoint)


def assert_the_plan_is_shown(walk: Walk) -> None:
    assert "Opening presentation: Director and senior leadership team" in walk.grid
    assert "Zoe Graham" in walk.export_csv
    assert "Opening presentation: Director and senior leadership team" in walk.export_csv
    assert walk.stylesheet_type.startswith("text/css")


def assert_production_server(server: InstalledServer, walk: Walk) -> None:
    output = server.output()
    assert walk.server_header == "waitress"
    assert "development server" not in output
    assert "Traceback" not in output, output[-3000:]


@pytest.fixture(autouse=True)
def _no_leftover_workers() -> Iterator[None]:
    yield
    workers.stop_all_workers()
