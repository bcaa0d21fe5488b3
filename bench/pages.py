"""Server time of the coordinator's pages for a generated visit (issue: grid under 300 ms).

Usage: python bench/pages.py --shared ../shared [--size large] [--seed 1] [--repeat 20]

Imports a `make_visit` visit and its planted timetable into a fresh SQLite database, logs in
and times each page through the WSGI app (no network), printing median and 95th percentile.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from scheduler.files.timetable_file import load_timetable
from scheduler.files.visit_file import load_visit
from scheduler.services.accounts import create_user
from scheduler.services.timetables import save_version
from scheduler.services.visits import import_visit
from web import create_app
from web.database import session_factory


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default="../shared")
    parser.add_argument("--size", default="large")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="fieldwork-pages-"))
    visit_file, planted = tmp / "visit.json", tmp / "planted.json"
    subprocess.run(
        [
            f"{args.shared}/tools/make_visit",
            "--size",
            args.size,
            "--seed",
            str(args.seed),
            "-o",
            str(visit_file),
            "--planted",
            str(planted),
        ],
        check=True,
        capture_output=True,
    )
    now = datetime.now(UTC)
    app = create_app(
        {
            "INSTANCE_PATH": str(tmp / "instance"),
            "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
            "SECRET_KEY": "bench",
            "WTF_CSRF_ENABLED": False,
        }
    )
    with session_factory(app)() as db:
        user = create_user(db, "bench@fieldwork.example", "bench password 1", "Bench", now)
        visit_id = import_visit(db, user, load_visit(visit_file), now)
        save_version(db, user, visit_id, load_timetable(planted), now, note="planted")
        db.commit()
    visit = load_visit(visit_file)
    client = app.test_client()
    client.post("/login", data={"email": "bench@fieldwork.example", "password": "bench password 1"})
    pages = {
        "grid (day 1)": f"/visits/{visit_id}/timetable",
        "grid (last day)": f"/visits/{visit_id}/timetable?day={visit.days[-1]}",
        "by assessor": f"/visits/{visit_id}/timetable/by/assessor/{visit.assessors[0].id}",
        "by person": f"/visits/{visit_id}/timetable/by/person/{visit.people[0].id}",
        "print": f"/visits/{visit_id}/timetable/print",
        "export.csv": f"/visits/{visit_id}/timetable/export.csv",
    }
    print(
        f"{args.size} seed {args.seed}: {len(visit.sessions)} sessions, {len(visit.people)} people, "
        f"{len(visit.rooms)} rooms, {len(visit.days)} days; {args.repeat} requests per page"
    )
    print("| page | median ms | p95 ms |\n| --- | --- | --- |")
    for name, url in pages.items():
        times = []
        for _ in range(args.repeat):
            began = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        times.sort()
        p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
        print(f"| {name} | {statistics.median(times):.0f} | {p95:.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
