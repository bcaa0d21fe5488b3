"""A solver Problem and its assignments as visit and timetable files, judged by the shared checker.

Only for the tests: it lets the independent check_timetable judge what our solver returned.
The visit's days are consecutive dates from 2026-03-10; people's availability is written as
"yes" spans plus "if_needed" spans, so a Person's `available` must list its if_needed spans
as entries of their own (as the factories and the property test build them).
"""

from __future__ import annotations

import datetime
import json
import os
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from solver.problem import MINUTES_PER_DAY, Assignment, Problem, Solution, Span

FIRST_DAY = datetime.date(2026, 3, 10)
SHARED = Path(os.environ.get("FIELDWORK_SHARED", Path(__file__).resolve().parents[3] / "shared"))
CHECK_TIMETABLE = SHARED / "tools" / "check_timetable"


def date_of(day: int) -> str:
    return (FIRST_DAY + datetime.timedelta(days=day)).isoformat()


def clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def intervals(spans: Iterable[Span], level: str | None = None) -> list[dict[str, str]]:
    out = []
    for start, end in spans:
        day = start // MINUTES_PER_DAY
        entry = {
            "day": date_of(day),
            "start": clock(start % MINUTES_PER_DAY),
            "end": clock(end - day * MINUTES_PER_DAY),
        }
        if level is not None:
            entry["level"] = level
        out.append(entry)
    return out


def visit_dict(problem: Problem) -> dict[str, Any]:
    sites = sorted({r.site for r in problem.rooms} | {s for a, b, _ in problem.travel for s in (a, b)})
    travel, seen = [], set()
    for here, there, minutes in problem.travel:
        if here != there and frozenset((here, there)) not in seen:
            seen.add(frozenset((here, there)))
            travel.append({"from": here, "to": there, "minutes": minutes})
    return {
        "format": "fieldwork-visit/1",
        "visit": {
            "name": "Test visit",
            "organisation": "Test Council",
            "timezone": "Europe/London",
            "days": [date_of(d) for d in range(problem.day_count)],
            "day_start": clock(problem.day_start),
            "day_end": clock(problem.day_end),
            "slot_minutes": problem.slot_minutes,
            "lunch": {
                "earliest": clock(problem.lunch_earliest),
                "latest": clock(problem.lunch_latest),
                "minutes": problem.lunch_minutes,
            },
            "escort_minutes": problem.escort_minutes,
        },
        "sites": [{"id": site, "name": site} for site in sites],
        "travel_minutes": travel,
        "rooms": [
            {
                "id": r.id,
                "site": r.site,
                "capacity": r.capacity,
                "features": sorted(r.features),
                **({} if r.available is None else {"available": intervals(r.available)}),
            }
            for r in problem.rooms
        ],
        "assessors": [
            {
                "id": a.id,
                **({} if a.available is None else {"available": intervals(a.available)}),
                **(
                    {} if a.max_sessions_per_day is None else {"max_sessions_per_day": a.max_sessions_per_day}
                ),
            }
            for a in problem.assessors
        ],
        "people": [_person(p) for p in problem.people],
        "sessions": [_session(s) for s in problem.sessions],
        **(
            {
                "teams": [
                    {"name": t.name, "max_away": t.max_away, "frontline": t.frontline} for t in problem.teams
                ]
            }
            if problem.teams
            else {}
        ),
    }


def _person(p: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"id": p.id, "needs": sorted(p.needs), "can_escort": p.can_escort}
    if p.available is not None:
        yes = [s for s in p.available if s not in p.if_needed]
        out["available"] = intervals(yes, "yes") + intervals(p.if_needed, "if_needed")
    if p.team is not None:
        out["team"] = p.team
    if p.manager is not None:
        out["manager"] = p.manager
    if p.supporters:
        out["supporters"] = list(p.supporters)
    if p.max_sessions_per_day is not None:
        out["max_sessions_per_day"] = p.max_sessions_per_day
    return out


def _session(s: Any) -> dict[str, Any]:
    assessors: dict[str, Any] = {"count": s.assessor_count}
    if s.assessors_from is not None:
        assessors["from"] = list(s.assessors_from)
    fixed = None
    if s.fixed is not None:
        fixed = {"day": date_of(s.fixed.day), "start": clock(s.fixed.start)}
        if s.fixed.room is not None:
            fixed["room"] = s.fixed.room
        if s.fixed.mode is not None:
            fixed["mode"] = s.fixed.mode
    return {
        "id": s.id,
        "title": s.title or s.id,
        "kind": s.kind,
        "minutes": s.minutes,
        "mode": s.mode,
        "priority": s.priority,
        "required_people": list(s.required_people),
        "invited_people": list(s.invited_people),
        "min_attendees": s.min_attendees,
        "max_attendees": s.max_attendees,
        "assessors": assessors,
        "room_features": sorted(s.room_features),
        "days": [date_of(d) for d in s.days],
        "not_before": None if s.not_before is None else clock(s.not_before),
        "not_after": None if s.not_after is None else clock(s.not_after),
        "after": list(s.after),
        "needs_escort": s.needs_escort,
        "fixed": fixed,
    }


def timetable_dict(assignments: Iterable[Assignment], solution: Solution | None = None) -> dict[str, Any]:
    return {
        "format": "fieldwork-timetable/1",
        "assignments": [
            {
                "session": a.session,
                "day": date_of(a.day),
                "start": clock(a.start),
                "end": clock(a.end),
                "mode": a.mode,
                "room": a.room,
                "assessors": list(a.assessors),
                "escort": a.escort,
                "attendees": list(a.attendees),
                "support": list(a.support),
            }
            for a in assignments
        ],
        "unscheduled": [
            {"session": u.session, "reason": "; ".join(u.reasons)}
            for u in (solution.unplaced if solution else ())
        ],
        "status": solution.status if solution else "FEASIBLE",
        "objective": solution.score if solution else None,
        "solve_seconds": solution.solve_seconds if solution else 0.0,
    }


def shared_check(problem: Problem, assignments: Iterable[Assignment], folder: Path) -> dict[str, Any]:
    """check_timetable's JSON report on the problem and assignments, written into `folder`.

    With a previous plan and a frozen moment in the problem, H17 is checked too.
    """
    visit_path, timetable_path = folder / "visit.json", folder / "timetable.json"
    visit_path.write_text(json.dumps(visit_dict(problem), indent=1), encoding="utf-8")
    timetable_path.write_text(json.dumps(timetable_dict(assignments), indent=1), encoding="utf-8")
    frozen: list[str] = []
    if problem.frozen_before is not None:
        previous_path = folder / "previous.json"
        previous_path.write_text(json.dumps(timetable_dict(problem.previous), indent=1), encoding="utf-8")
        day, minute = divmod(problem.frozen_before, MINUTES_PER_DAY)
        frozen = ["--previous", str(previous_path), "--frozen-before", f"{date_of(day)} {clock(minute)}"]
    done = subprocess.run(
        [str(CHECK_TIMETABLE), str(visit_path), str(timetable_path), "--json", *frozen],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode not in (0, 1):
        raise AssertionError(f"check_timetable could not read the files: {done.stdout}{done.stderr}")
    report: dict[str, Any] = json.loads(done.stdout)
    return report
