"""Why a must session cannot be placed, in the coordinator's words.

Two cases. A session may be impossible on its own (its people, assessors and rooms are never
free together): the reasons are the smallest set of its needs that no start satisfies, found by
dropping needs one at a time while the rest still rule out every start. Or it may only clash
with the rest of the plan: the reasons are the fewest other sessions and resources that take
every one of its possible starts.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from solver.candidates import Factor, Lookup, SessionOptions, grid_window
from solver.checker import find_violations
from solver.problem import MINUTES_PER_DAY, Assignment, Problem, Session
from solver.timeline import clock, overlaps


def _days_text(lookup: Lookup, starts: frozenset[int]) -> str:
    days = sorted({t // MINUTES_PER_DAY for t in starts})
    if not days:
        return ""
    if len(days) == 1:
        return f"on {lookup.day(days[0])}"
    return f"on {lookup.day(days[0])} to {lookup.day(days[-1])}"


def smallest_conflict(window: frozenset[int], factors: tuple[Factor, ...]) -> list[Factor]:
    """An irreducible set of factors that together leave no start in the window."""
    chosen = list(factors)
    for factor in list(chosen):
        rest = [f for f in chosen if f is not factor]
        if not window.intersection(*(f.allowed for f in rest)):
            chosen = rest
    return chosen


def static_reasons(problem: Problem, lookup: Lookup, opt: SessionOptions) -> tuple[str, ...]:
    """Reasons a session has no possible start at all, or () when it has some."""
    s = opt.session
    if opt.starts:
        return ()
    if not opt.window:
        return (_window_reason(problem, lookup, opt),)
    conflict = smallest_conflict(opt.window, opt.factors)
    if not conflict:
        return (f"no {s.minutes}-minute slot fits {_days_text(lookup, opt.window)}",)
    names = " and ".join(f.short for f in conflict)
    verb = "are all" if len(conflict) > 1 else ("are" if _plural(conflict[0].short) else "is")
    head = f"no {s.minutes}-minute slot {_days_text(lookup, opt.window)} when {names} {verb} free"
    return (head, *(f.detail for f in conflict), *_frozen_note(problem, lookup, opt))


def _frozen_note(problem: Problem, lookup: Lookup, opt: SessionOptions) -> tuple[str, ...]:
    """When re-planning with a frozen past, say that the earlier times were not open to it."""
    if (
        problem.frozen_before is None
        or grid_window(replace(problem, frozen_before=None), opt.session) == opt.window
    ):
        return ()
    day, minute = divmod(problem.frozen_before, MINUTES_PER_DAY)
    return (f"times before {lookup.day(day)} {clock(minute)} are kept as they were in this re-plan",)


def _plural(short: str) -> bool:
    """ "2 of the invited people", "3 assessors from {..}": a count above one reads as plural."""
    count = short.split(" ", 1)[0]
    return count.isdigit() and int(count) > 1


def _window_reason(problem: Problem, lookup: Lookup, opt: SessionOptions) -> str:
    s = opt.session
    if problem.frozen_before is not None and grid_window(replace(problem, frozen_before=None), s):
        frozen_day, minute = divmod(problem.frozen_before, MINUTES_PER_DAY)
        return (
            f"it could only start before {lookup.day(frozen_day)} {clock(minute)}, and this re-plan keeps "
            "everything before then as it was"
        )
    told = dict(problem.not_earlier).get(s.id)
    if told is not None and grid_window(replace(problem, frozen_before=None, not_earlier=()), s):
        told_day, told_minute = divmod(told, MINUTES_PER_DAY)
        return (
            f"it was planned for {lookup.day(told_day)} {clock(told_minute)}, a day running late moves"
            " nothing earlier, and no later time is left open to it"
        )
    if s.fixed is not None:
        return (
            f"it is pinned to {clock(s.fixed.start)} on {lookup.day(s.fixed.day)}, which is off the "
            f"{problem.slot_minutes}-minute grid or outside the day or its allowed times"
        )
    bounds = []
    if s.not_before is not None:
        bounds.append(f"not before {clock(s.not_before)}")
    if s.not_after is not None:
        bounds.append(f"ending by {clock(s.not_after)}")
    limits = " and ".join(bounds) or "within the visit day"
    day = f"{clock(problem.day_start)} and {clock(problem.day_end)}"
    return f"a {s.minutes}-minute session does not fit {limits} between {day}"


def _people_rules_reasons(
    problem: Problem,
    lookup: Lookup,
    s: Session,
    t: int,
    placed: tuple[Assignment, ...],
    clashing: list[Assignment],
) -> set[str]:
    """Supporters busy, a team that cannot spare more, a daily cap reached: H13, H15 and H16 in words."""
    reasons: set[str] = set()
    busy = {pid for a in clashing for pid in (*a.present, a.escort) if pid is not None}
    for pid in s.required_people:
        helpers = lookup.people[pid].supporters
        if helpers and set(helpers) <= busy:
            names = ", ".join(lookup.name(h) for h in helpers)
            reasons.add(f"{lookup.name(pid)}'s supporters ({names}) are in other sessions then")
    for team in problem.teams:
        coming = sum(lookup.people[pid].team == team.name for pid in s.required_people)
        if team.max_away is None or not coming:
            continue
        away = sum(
            lookup.people[pid].team == team.name
            for a in clashing
            for pid in a.present
            if pid in lookup.people
        )
        if away + coming > team.max_away:
            reasons.add(
                f"{team.name} can spare {team.max_away} at once and {away} are in other sessions then"
            )
    day = t // MINUTES_PER_DAY
    for pid in s.required_people:
        limit = lookup.people[pid].max_sessions_per_day
        that_day = sum(a.day == day and pid in a.present for a in placed)
        if limit is not None and that_day >= limit:
            sessions = f"{that_day} session{'s' if that_day != 1 else ''}"
            reasons.add(f"{lookup.name(pid)} already has {sessions} on {lookup.day(day)}, their most")
    return reasons


def blocking_reasons(
    problem: Problem, lookup: Lookup, opt: SessionOptions, placed: tuple[Assignment, ...]
) -> tuple[str, ...]:
    """The fewest clashes with the placed sessions that together take every possible start."""
    s = opt.session
    if not opt.starts:
        return static_reasons(problem, lookup, opt)
    titles = {x.id: (x.title or x.id) for x in problem.sessions}
    blockers: dict[int, set[str]] = {}
    for t in opt.starts:
        end = t + s.minutes
        clashing = [
            a
            for a in placed
            if overlaps(a.day * MINUTES_PER_DAY + a.start, a.day * MINUTES_PER_DAY + a.end, t, end)
        ]
        reasons: set[str] = set()
        for a in clashing:
            for pid in s.required_people:
                if pid in a.present or pid == a.escort:
                    reasons.add(f"{lookup.name(pid)} is in '{titles.get(a.session, a.session)}' then")
        reasons |= _people_rules_reasons(problem, lookup, s, t, placed, clashing)
        busy_assessors = {aid for a in clashing for aid in a.assessors}
        free = [aid for aid in opt.assessors if t in opt.assessor_starts[aid] and aid not in busy_assessors]
        if len(free) < s.assessor_count:
            reasons.add("its possible assessors are booked in other sessions")
        if t not in opt.virtual_starts:
            busy_rooms = {a.room for a in clashing if a.room}
            if all(r in busy_rooms or t not in opt.room_starts[r] for r in opt.rooms):
                reasons.add("every room that fits it is taken by other sessions")
        if not reasons:
            reasons.add(
                "the other sessions' order, escorts, travel, team limits or managers leave no room for it"
            )
        blockers[t] = reasons
    chosen: list[str] = []
    uncovered = set(blockers)
    while uncovered:
        counts = Counter(r for t in uncovered for r in blockers[t])
        best, _ = counts.most_common(1)[0]
        chosen.append(best)
        uncovered = {t for t in uncovered if best not in blockers[t]}
    return (f"each of its {len(opt.starts)} possible starts clashes with the rest of the plan", *chosen[:4])


def frozen_reasons(problem: Problem, lookup: Lookup, session_id: str) -> tuple[str, ...]:
    """Why a session that had started before the frozen moment cannot be kept as it was, or ().

    The reason is what keeping it would now break; () when it breaks nothing on its own.
    """
    frozen = problem.frozen()
    if session_id not in {a.session for a in frozen} or problem.frozen_before is None:
        return ()
    day, minute = divmod(problem.frozen_before, MINUTES_PER_DAY)
    head = (
        f"it had started before {lookup.day(day)} {clock(minute)}, "
        "but the visit has changed so it cannot stay as it was"
    )
    broken = [
        v.message
        for v in find_violations(problem, frozen)
        if session_id in v.sessions and v.rule not in ("H1", "H17")
    ]
    return (head, *dict.fromkeys(broken)) if broken else ()
