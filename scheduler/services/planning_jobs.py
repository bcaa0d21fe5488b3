"""Planning a stored visit: solve it (keeping the published plan stable) and save a draft version."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from datetime import datetime

from sqlalchemy.orm import Session

from scheduler import domain
from scheduler.db.accounts import User
from scheduler.domain.clocktime import clock_of, minutes_of
from scheduler.domain.visit_changes import describe_changes
from scheduler.errors import NotFound, ServiceError
from scheduler.planning.plan import plan
from scheduler.planning.running_late import (
    Moment,
    frozen_sessions,
    grid_shift,
    moment_text,
    planned_starts_from,
    sessions_moved,
    shifted_day,
)
from scheduler.services.locks import lock_visit
from scheduler.services.timetables import get_timetable, get_version, published_timetable, save_version
from scheduler.services.unanswered import load_visit_for_planning
from solver.parameters import ParameterValue
from solver.problem import Progress

ProgressCallback = Callable[[Progress], None]
# How many of the edits made during a solve its note lists by name.
CHANGES_NAMED = 3


def plan_visit(
    db: Session,
    actor: User | None,
    visit_id: int,
    now: datetime,
    *,
    time_limit: float,
    on_progress: ProgressCallback | None = None,
    stop: threading.Event | None = None,
    parameters: Mapping[str, ParameterValue] | None = None,
    frozen_before: Moment | None = None,
    late_minutes: int = 0,
) -> int:
    """Solve the visit and save the result as its next draft version; returns the version number.

    The published timetable (else the latest one) is the reference the solver keeps stable,
    so a re-plan after a small edit moves as little as it can. Sessions that cannot be placed
    are saved as unscheduled with their reasons rather than failing the whole plan. When the
    visit was edited while the solver ran, the version is marked as planned from earlier data
    and its note names the edits.
    """
    # People who have not answered are treated as the coordinator chose (see unanswered.py).
    visit = load_visit_for_planning(db, visit_id)
    previous = reference_timetable(db, visit_id)
    if frozen_before is not None and previous is None:
        raise ServiceError("there is no plan yet to keep: plan the visit once before re-planning during it")
    hint, frozen, not_earlier = previous, frozen_before, None
    if previous is not None and frozen_before is not None and late_minutes:
        hint = shifted_day(visit, previous, frozen_before, late_minutes)
        not_earlier = planned_starts_from(previous, frozen_before)
        # Frozen from when the shifted day resumes: what started before the delay is kept, and
        # nothing (a session pulled forward into the gap, say) starts while the day is late.
        day, clock = frozen_before
        frozen = (day, clock_of(min(minutes_of(clock) + grid_shift(visit, late_minutes), 24 * 60)))
    result = plan(
        visit,
        previous=hint,
        frozen_before=frozen,
        not_earlier=not_earlier,
        time_limit=time_limit,
        relax=True,
        on_progress=on_progress,
        stop=stop,
        parameters=parameters,
    )
    # Edits wait for this save from here on, so what is compared is what the save stands beside.
    lock_visit(db, visit_id)
    changed_since = edits_since(db, visit_id, visit)
    note = _note(
        stopped=stop is not None and stop.is_set(),
        kept=previous is not None,
        moved=len(result.moved)
        if hint is previous or previous is None
        else len(sessions_moved(previous, result.timetable)),
        changed_since=changed_since,
    )
    if frozen_before is not None and previous is not None:
        note = f"{_replan_words(visit, previous, frozen_before, late_minutes)}; {note}"
    number = save_version(db, actor, visit_id, result.timetable, now, note=note, bound=result.solution.bound)
    if changed_since:
        get_version(db, visit_id, number).planned_from_earlier = True
        db.flush()
    return number


def reference_timetable(db: Session, visit_id: int) -> domain.Timetable | None:
    """The plan a re-plan keeps stable: the published version, else the latest one, else None."""
    previous = published_timetable(db, visit_id)
    if previous is None:
        try:
            previous = get_timetable(db, visit_id)[1]
        except NotFound:
            previous = None
    return previous


def _replan_words(visit: domain.Visit, previous: domain.Timetable, moment: Moment, late_minutes: int) -> str:
    kept = len(frozen_sessions(previous, moment))
    frozen = f"{kept} session{'s' if kept != 1 else ''} before {moment_text(moment)} kept as they were"
    if not late_minutes:
        return f"re-planned from {moment_text(moment)}: {frozen}"
    day_number = visit.days.index(moment[0]) + 1 if moment[0] in visit.days else 0
    return f"day {day_number} runs {late_minutes} minutes late from {moment[1]}: {frozen}"


def edits_since(db: Session, visit_id: int, solved: domain.Visit) -> list[str]:
    """What changed in the stored visit since `solved` was read from it, in words."""
    db.flush()
    db.expire_all()  # the session still holds the visit as it was read before the solve
    current = load_visit_for_planning(db, visit_id)
    return describe_changes(solved, current) if current != solved else []


def _note(*, stopped: bool, kept: bool, moved: int, changed_since: list[str]) -> str:
    parts = ["stopped early: the best plan found so far" if stopped else "planned"]
    if kept:
        parts.append(f"{moved} session{'s' if moved != 1 else ''} moved from the previous plan")
    if changed_since:
        named = "; ".join(changed_since[:CHANGES_NAMED])
        more = len(changed_since) - CHANGES_NAMED
        if more > 0:
            named += f"; and {more} more change{'s' if more != 1 else ''}"
        parts.append(
            "planned from earlier data: the visit was edited while it was being planned "
            f"({named}); plan again to include the edits"
        )
    return "; ".join(parts)
