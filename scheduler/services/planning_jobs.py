"""Planning a stored visit: solve it (keeping the published plan stable) and save a draft version."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session

from scheduler.db.accounts import User
from scheduler.planning import plan
from scheduler.services.errors import NotFound
from scheduler.services.timetables import get_timetable, published_timetable, save_version
from scheduler.services.unanswered import load_visit_for_planning
from solver.problem import Progress

ProgressCallback = Callable[[Progress], None]


def plan_visit(
    db: Session,
    actor: User | None,
    visit_id: int,
    now: datetime,
    *,
    time_limit: float,
    on_progress: ProgressCallback | None = None,
    stop: threading.Event | None = None,
) -> int:
    """Solve the visit and save the result as its next draft version; returns the version number.

    The published timetable (else the latest one) is the reference the solver keeps stable,
    so a re-plan after a small edit moves as little as it can. Sessions that cannot be placed
    are saved as unscheduled with their reasons rather than failing the whole plan.
    """
    # People who have not answered are treated as the coordinator chose (see unanswered.py).
    visit = load_visit_for_planning(db, visit_id)
    previous = published_timetable(db, visit_id)
    if previous is None:
        try:
            previous = get_timetable(db, visit_id)[1]
        except NotFound:
            previous = None
    result = plan(
        visit, previous=previous, time_limit=time_limit, relax=True, on_progress=on_progress, stop=stop
    )
    note = _note(
        stopped=stop is not None and stop.is_set(), kept=previous is not None, moved=len(result.moved)
    )
    return save_version(db, actor, visit_id, result.timetable, now, note=note, bound=result.solution.bound)


def _note(*, stopped: bool, kept: bool, moved: int) -> str:
    parts = ["stopped early: the best plan found so far" if stopped else "planned"]
    if kept:
        parts.append(f"{moved} session{'s' if moved != 1 else ''} moved from the previous plan")
    return "; ".join(parts)
