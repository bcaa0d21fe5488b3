"""Where a visit stands: its stages as a task list (set up, availability, plan, review, publish, on
the day), each with a status worked out from what is saved, and the one thing to do next."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scheduler.db.change_requests import ChangeRequest
from scheduler.db.publishing import InviteLedgerEntry
from scheduler.db.timetables import TimetableVersion
from scheduler.domain.clocktime import day_label
from scheduler.services.availability_requests import asking_status
from scheduler.services.visits import load_visit

# The statuses of GOV.UK's task list pattern, plus "Needs attention" for a stage with a problem.
DONE = "Completed"
IN_PROGRESS = "In progress"
NOT_STARTED = "Not started"
CANNOT_START = "Cannot start yet"
ATTENTION = "Needs attention"


@dataclass(frozen=True)
class Stage:
    key: str  # set_up | availability | plan | review | publish | on_the_day: the page it leads to
    name: str
    status: str
    hint: str  # one line: what is there, or what is missing


@dataclass(frozen=True)
class VisitStages:
    stages: tuple[Stage, ...]
    next_key: str | None  # the stage to turn to next; None when every stage is done
    next_step: str  # what to do next, in a sentence


def visit_stages(db: Session, visit_id: int, today: date) -> VisitStages:
    visit = load_visit(db, visit_id)
    versions = list(
        db.scalars(
            select(TimetableVersion)
            .where(TimetableVersion.visit_id == visit_id)
            .order_by(TimetableVersion.number)
        )
    )
    latest = versions[-1] if versions else None
    published = next((v for v in reversed(versions) if v.state == "published"), None)
    invites = db.scalar(
        select(func.count()).select_from(InviteLedgerEntry).where(InviteLedgerEntry.visit_id == visit_id)
    )
    open_changes = db.scalar(
        select(func.count())
        .select_from(ChangeRequest)
        .where(ChangeRequest.visit_id == visit_id, ChangeRequest.state == "open")
    )
    everyone = asking_status(db, visit_id).everyone

    stages = (
        _set_up(len(visit.sessions), len(visit.assessors), len(visit.rooms), len(visit.people)),
        _availability(
            sum(1 for a in everyone if a.answered), len(everyone), any(a.asked_at for a in everyone)
        ),
        _plan(latest, ready=bool(visit.sessions and visit.assessors)),
        _review(latest),
        _publish(latest, published, invites or 0),
        _on_the_day(visit.days, today, published is not None, open_changes or 0),
    )
    chosen = _next_stage(stages)
    if chosen is None:
        return VisitStages(stages, None, "Every stage is done.")
    return VisitStages(stages, chosen.key, NEXT_STEPS[chosen.key])


def _next_stage(stages: tuple[Stage, ...]) -> Stage | None:
    """A problem first; then finishing the set-up; then the first stage not begun (availability may
    still be coming in while the plan is made); then whatever is under way."""
    attention = [stage for stage in stages if stage.status == ATTENTION]
    if attention:
        return attention[0]
    if stages[0].status != DONE:
        return stages[0]
    for wanted in (NOT_STARTED, IN_PROGRESS):
        found = [stage for stage in stages if stage.status == wanted]
        if found:
            return found[0]
    return None


NEXT_STEPS = {
    "set_up": "Add the visit's sessions, assessors, rooms and people (or import them from a spreadsheet).",
    "availability": "Ask people for their availability, and remind those who have not answered.",
    "plan": "Plan the timetable: the planner places every session it can.",
    "review": "Review the plan: see the sessions that could not be placed and why.",
    "publish": "Review who gets what, then send the invites and publish the plan.",
    "on_the_day": "Handle changes as they come: add or move sessions and send the updates.",
}


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _set_up(sessions: int, assessors: int, rooms: int, people: int) -> Stage:
    counts = (
        f"{_plural(sessions, 'session')}, {_plural(assessors, 'assessor')}, "
        f"{_plural(rooms, 'room')}, {people} {'person' if people == 1 else 'people'}"
    )
    if sessions and assessors:
        return Stage("set_up", "Set up the visit", DONE, counts)
    if sessions or assessors or rooms or people:
        return Stage("set_up", "Set up the visit", IN_PROGRESS, counts)
    return Stage("set_up", "Set up the visit", NOT_STARTED, "Nothing added yet")


def _availability(answered: int, everyone: int, asked: bool) -> Stage:
    name = "Collect availability"
    if not everyone:
        return Stage("availability", name, CANNOT_START, "Add people and assessors first")
    hint = f"{answered} of {everyone} have given their availability"
    if answered == everyone:
        return Stage("availability", name, DONE, hint)
    if asked or answered:
        return Stage("availability", name, IN_PROGRESS, hint)
    return Stage("availability", name, NOT_STARTED, hint)


def _plan(latest: TimetableVersion | None, ready: bool) -> Stage:
    name = "Plan the timetable"
    if latest is None:
        if not ready:
            return Stage("plan", name, CANNOT_START, "Add sessions and assessors first")
        return Stage("plan", name, NOT_STARTED, "No timetable yet")
    return Stage("plan", name, DONE, f"Latest: version {latest.number}")


def _review(latest: TimetableVersion | None) -> Stage:
    name = "Review the plan"
    if latest is None:
        return Stage("review", name, CANNOT_START, "Plan the timetable first")
    unplaced = len(latest.unscheduled)
    if unplaced:
        return Stage(
            "review",
            name,
            ATTENTION,
            f"{_plural(unplaced, 'session')} in version {latest.number} could not be placed",
        )
    return Stage("review", name, DONE, f"Every session in version {latest.number} is placed")


def _publish(latest: TimetableVersion | None, published: TimetableVersion | None, invites: int) -> Stage:
    name = "Publish and send invites"
    if latest is None:
        return Stage("publish", name, CANNOT_START, "Plan the timetable first")
    if published is None:
        return Stage("publish", name, NOT_STARTED, "Nothing published yet")
    sent = f"version {published.number} published, {_plural(invites, 'invite')} sent or queued"
    if published.number != latest.number:
        return Stage("publish", name, IN_PROGRESS, f"{sent.capitalize()}; version {latest.number} is newer")
    return Stage("publish", name, DONE, sent.capitalize())


def _on_the_day(days: tuple[str, ...], today: date, published: bool, open_changes: int) -> Stage:
    name = "On the day"
    if not days:
        return Stage("on_the_day", name, CANNOT_START, "The visit has no days yet")
    first, last = date.fromisoformat(days[0]), date.fromisoformat(days[-1])
    waiting = (
        f"{_plural(open_changes, 'change request')} waiting" if open_changes else "No change requests waiting"
    )
    if today > last:
        return Stage("on_the_day", name, DONE, "The visit is over")
    if not published:
        return Stage("on_the_day", name, CANNOT_START, "Publish the timetable first")
    if today >= first:
        return Stage("on_the_day", name, ATTENTION if open_changes else IN_PROGRESS, waiting)
    if open_changes:
        return Stage("on_the_day", name, ATTENTION, waiting)
    return Stage("on_the_day", name, CANNOT_START, f"The visit starts {day_label(days[0])} {first.year}")
