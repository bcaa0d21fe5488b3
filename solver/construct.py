"""A first timetable in a fraction of a second: sessions placed one by one, most constrained first.

CP-SAT proves and improves, but on a large visit it can spend most of a short time limit just
finding where every must session fits. Placing them greedily, the sessions with the fewest
possible starts first, usually fits them all at once; when it does not, the sessions left out
go to the front of the queue and it starts again (squeaky-wheel ordering). Whatever it builds
keeps every hard rule (it is re-checked before use) and becomes the search's starting hint.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import replace

from solver.best import broken_rules
from solver.calendars import Plan, followers_of
from solver.candidates import Lookup, SessionOptions
from solver.problem import MINUTES_PER_DAY, Assignment, Problem
from solver.score import canonical_score
from solver.timeline import overlaps

log = logging.getLogger(__name__)

PRIORITY_ORDER = {"must": 0, "should": 1, "reserve": 2}
LATE_ACCEPTANCE = 50


def _manager_clash(lookup: Lookup, present: list[str], new: list[str]) -> bool:
    """H14: someone new is the line manager of, or managed by, someone in the group."""
    everyone = set(present) | set(new)
    managers = {lookup.people[p].manager for p in everyone}
    return any(lookup.people[p].manager in everyone or p in managers for p in new)


def _join(
    plan: Plan,
    opt: SessionOptions,
    t: int,
    site: str | None,
    p: str,
    attendees: list[str],
    support: list[str],
    pending: list[str],
) -> list[str] | None:
    """The supporters p brings along (maybe none) when p can join the session at t, else None.

    p is already known to be free; `pending` are those of the session not yet in the calendars.
    """
    end = t + opt.session.minutes
    if p in attendees or p in support:
        return None
    bring = []
    helpers = plan.lookup.people[p].supporters
    if helpers and not set(helpers) & set(support):
        free = [
            h
            for h in helpers
            if t in opt.supporter_starts.get(h, ())
            and h != p
            and h not in attendees
            and plan.person_free(h, t, end, site)
        ]
        if not free:
            return None
        bring.append(min(free, key=lambda h: plan.load[h]))
    if opt.session.is_focus_group and _manager_clash(plan.lookup, attendees + support, [p, *bring]):
        return None
    if not plan.team_can_spare([*pending, p, *bring], t, end):
        return None
    return bring


def _try_start(
    plan: Plan, opt: SessionOptions, t: int, in_person: bool, rng: random.Random
) -> Assignment | None:
    """The session placed at start t in the mode given, with the least busy helpers, or None."""
    s = opt.session
    end = t + s.minutes
    if not plan.order_ok(s, t, end):
        return None
    extra = max(0, s.min_attendees - len(s.required_people))
    rooms: list[str | None] = [None]
    if in_person:
        # The smallest room that fits first: the big ones stay free for the big sessions.
        fitting = [r for r in opt.rooms if t in opt.room_starts[r] and plan.room_free(r, t, end)]
        fitting.sort(key=lambda r: plan.lookup.rooms[r].capacity)
        rooms = list(fitting)
    for rid in rooms:
        room = plan.lookup.rooms[rid] if rid is not None else None
        site = room.site if room is not None else None
        if not all(plan.person_free(p, t, end, site) for p in s.required_people):
            continue
        assessors = [
            a for a in opt.assessors if t in opt.assessor_starts[a] and plan.assessor_free(a, t, end, site)
        ]
        if len(assessors) < s.assessor_count:
            continue
        rng.shuffle(assessors)
        assessors.sort(key=lambda a: plan.load[a])
        chosen = assessors[: s.assessor_count]
        attendees: list[str] = []
        support: list[str] = []
        for p in s.required_people:
            bring = _join(plan, opt, t, site, p, attendees, support, attendees + support)
            if bring is None:
                break
            attendees.append(p)
            support += bring
        else:
            pool = [
                p
                for p in opt.pool
                if t in opt.pool_starts[p]
                and (room is None or plan.lookup.people[p].needs <= room.features)
                and plan.person_free(p, t, end, site)
            ]
            rng.shuffle(pool)
            pool.sort(key=lambda p: plan.load[p])
            invited: list[str] = []
            for p in pool:
                if len(invited) >= extra:
                    break
                bring = _join(
                    plan, opt, t, site, p, attendees + invited, support, attendees + invited + support
                )
                if bring is not None:
                    invited.append(p)
                    support += bring
            if len(invited) < extra:
                continue
            seats = len(attendees) + len(invited) + len(support) + s.assessor_count
            if room is not None and room.capacity < seats:
                continue
            escort = None
            if room is not None and s.needs_escort:
                able = [
                    p
                    for p in opt.escorts
                    if t in opt.escort_starts[p]
                    and p not in attendees
                    and p not in invited
                    and p not in support
                    and plan.escort_free(p, t)
                ]
                if not able:
                    continue
                escort = min(able, key=lambda p: (plan.load["escort:" + p], rng.random()))
            day, minute = divmod(t, MINUTES_PER_DAY)
            return Assignment(
                session=s.id,
                day=day,
                start=minute,
                end=minute + s.minutes,
                mode="in_person" if in_person else "virtual",
                room=rid,
                assessors=tuple(chosen),
                escort=escort,
                attendees=tuple(s.required_people) + tuple(p for p in opt.pool if p in invited),
                support=tuple(support),
            )
    return None


def _place(plan: Plan, opt: SessionOptions, rng: random.Random) -> bool:
    starts = list(opt.starts)
    rng.shuffle(starts)
    # In person first: an `either` session held virtually costs points, and virtual is the fallback.
    modes = [m for m, ok in ((True, opt.in_person_starts), (False, opt.virtual_starts)) if ok]
    for in_person in modes:
        allowed = opt.in_person_starts if in_person else opt.virtual_starts
        for t in starts:
            if t in allowed:
                a = _try_start(plan, opt, t, in_person, rng)
                if a is not None:
                    plan.add(a)
                    return True
    return False


def _add_invitees(plan: Plan, options: dict[str, SessionOptions], kept: set[str]) -> None:
    """Fill free seats with invited people who are free then: each earns points."""
    for sid in sorted(plan.placed.keys() - kept):
        a = plan.placed[sid]
        opt = options[sid]
        s = opt.session
        start, end = a.day * MINUTES_PER_DAY + a.start, a.day * MINUTES_PER_DAY + a.end
        room = plan.lookup.rooms[a.room] if a.room is not None else None
        site = room.site if room is not None else None
        attendees, support = list(a.attendees), list(a.support)
        added = False
        for p in opt.pool:
            if len(attendees) >= s.max_attendees:
                break
            person = plan.lookup.people[p]
            if p in attendees or p in support or p == a.escort or start not in opt.pool_starts[p]:
                continue
            if room is not None and not person.needs <= room.features:
                continue
            if any(overlaps(s_, e_, start, end) for s_, e_ in person.if_needed):
                continue
            if not plan.person_free(p, start, end, site):
                continue
            bring = _join(plan, opt, start, site, p, attendees, support, [])
            if bring is None or a.escort in bring:
                continue
            if (
                room is not None
                and len(attendees) + len(support) + len(bring) + 1 + len(a.assessors) > room.capacity
            ):
                continue
            attendees.append(p)
            support += bring
            added = True
            for who in (p, *bring):
                plan.attend(who, a.day, start, end, site)
        if added:
            ordered = tuple(s.required_people) + tuple(p for p in opt.pool if p in attendees)
            plan.placed[sid] = replace(a, attendees=ordered, support=tuple(support))


def construct(
    problem: Problem,
    lookup: Lookup,
    options: dict[str, SessionOptions],
    *,
    seed: int = 0,
    seconds: float = 1.0,
    max_rounds: int = 200,
    keep: Iterable[Assignment] = (),
    checked: bool = True,
) -> list[Assignment]:
    """A timetable keeping every hard rule, with as many must sessions as this greedy search fits.

    `keep` (valid together, e.g. the still-valid part of a previous plan) is placed as it is
    first. Rounds stop when every must session is placed, after `max_rounds`, or after `seconds`.
    `checked` re-checks the result with the checker (only tests turn it off, to see the raw plan).
    """
    rng = random.Random(seed)
    followers = followers_of(problem)
    started = time.monotonic()
    kept = [a for a in keep if a.session in options]
    # A session that started before the frozen moment is kept exactly as it was, or left out (H17).
    done = {a.session for a in kept} | {a.session for a in problem.frozen()}

    def fresh() -> Plan:
        plan = Plan(problem, lookup, followers)
        for a in kept:
            plan.add(a)
        return plan

    musts = [
        options[s.id]
        for s in problem.sessions
        if s.priority == "must" and options[s.id].starts and s.id not in done
    ]
    others = [
        options[s.id]
        for s in problem.sessions
        if s.priority != "must" and options[s.id].starts and s.id not in done
    ]
    # Fewest possible starts first; a pinned or single-slot session goes before all others.
    musts.sort(key=lambda o: (len(o.starts), -len(o.session.required_people), o.session.id))
    others.sort(key=lambda o: (PRIORITY_ORDER[o.session.priority], len(o.starts), o.session.id))
    # First the must sessions alone, until they all fit: rounds are quick without the rest.
    for _ in range(max_rounds):
        plan = fresh()
        failed = [opt for opt in musts if not _place(plan, opt, rng)]
        if not failed or time.monotonic() - started > seconds / 2:
            break
        musts = failed + [opt for opt in musts if opt not in failed]
    # Then everything, the must sessions in the order that fitted them, for points.
    best: Plan | None = None
    best_rank = (-1, 0)
    for round in range(max_rounds):
        if round > 0:
            plan = fresh()
        # The first round adds the rest to the must sessions just placed.
        failed_musts = [
            opt for opt in musts if opt.session.id not in plan.placed and not _place(plan, opt, rng)
        ]
        failed_others = [opt for opt in others if not _place(plan, opt, rng)]
        _add_invitees(plan, options, done)
        rank = (len(musts) - len(failed_musts), canonical_score(problem, list(plan.placed.values()))[0])
        if rank > best_rank:
            best, best_rank = plan, rank
        if (not failed_musts and not failed_others) or time.monotonic() - started > seconds:
            break
        # The squeaky wheel: sessions left out go first next time (must sessions before the rest).
        musts = failed_musts + [opt for opt in musts if opt not in failed_musts]
        others = failed_others + [opt for opt in others if opt not in failed_others]
    plan = best if best is not None else fresh()
    assignments = list(plan.placed.values())
    # A plan that breaks a rule must never become a hint: drop everything rather than mislead.
    if checked and _breaks_a_rule(problem, assignments):
        return []
    return assignments


def improve(
    problem: Problem,
    lookup: Lookup,
    options: dict[str, SessionOptions],
    plan: list[Assignment],
    *,
    seed: int = 0,
    seconds: float = 1.0,
    rounds_per_session: int = 100,
    on_better: Callable[[list[Assignment]], None] | None = None,
    stopped: Callable[[], bool] = lambda: False,
    value: Callable[[list[Assignment]], int] | None = None,
    checked: bool = True,
    stop_when_stalled: bool = True,
) -> list[Assignment]:
    """A better timetable than `plan` by ruin and recreate: take out what runs around a free place
    for a session left out, put that session in first, then everything taken out again; keep the
    result when it places as many must sessions and scores at least as well.

    Stops after `seconds`, after `rounds_per_session` rounds per session of the visit (so a
    small visit's result does not depend on the machine's speed), after a tenth of those rounds
    without a better timetable when `stop_when_stalled` (CP-SAT is then the better use of the
    time), or when `stopped()`.
    `value` scores a timetable (default: the canonical score); `checked` as for `construct`.
    """
    rng = random.Random(seed)
    followers = followers_of(problem)
    started = time.monotonic()
    max_rounds = rounds_per_session * len(problem.sessions)
    stall_rounds = max(1, max_rounds // 10) if stop_when_stalled else max_rounds
    musts = {s.id for s in problem.sessions if s.priority == "must"}
    # The frozen past (H17) is never ruined, nor placed anew when it could not be kept.
    frozen = {a.session for a in problem.frozen()}
    candidates = [s.id for s in problem.sessions if options[s.id].starts and s.id not in frozen]

    def rank(assignments: list[Assignment]) -> tuple[int, int]:
        placed = {a.session for a in assignments}
        points = value(assignments) if value is not None else canonical_score(problem, assignments)[0]
        return len(musts & placed), points

    if not candidates:
        return list(plan)
    current, current_rank = list(plan), rank(plan)
    best, best_rank = current, current_rank
    # Late acceptance: a trial may also replace the current plan when it is no worse than the
    # current plan was LATE_ACCEPTANCE rounds ago, which walks out of local optima.
    history = [current_rank] * LATE_ACCEPTANCE
    last_better = 0
    for round in range(max_rounds):
        if time.monotonic() - started > seconds or stopped() or round - last_better > stall_rounds:
            break
        placed = {a.session: a for a in current}
        left_out = [sid for sid in candidates if sid not in placed]
        target = rng.choice(left_out or candidates)
        opt = options[target]
        t = rng.choice(opt.starts)
        margin = rng.choice((0, 30, 60, 120, 240))
        keep_share = rng.choice((0.0, 0.3, 0.5))
        low, high = t - margin, t + opt.session.minutes + margin
        ruined = {
            sid
            for sid, a in placed.items()
            if overlaps(a.day * MINUTES_PER_DAY + a.start, a.day * MINUTES_PER_DAY + a.end, low, high)
            and sid not in frozen
            and rng.random() >= keep_share
        } | {target}
        trial = Plan(problem, lookup, followers)
        for sid, a in placed.items():
            if sid not in ruined:
                trial.add(a)
        again = [options[sid] for sid in ruined if sid != target]
        rng.shuffle(again)
        again.sort(key=lambda o: (PRIORITY_ORDER[o.session.priority], rng.random()))
        extra = [options[sid] for sid in left_out if sid != target and sid not in ruined]
        rng.shuffle(extra)
        for o in [opt, *again, *extra]:
            _place(trial, o, rng)
        _add_invitees(trial, options, frozen)
        assignments = list(trial.placed.values())
        trial_rank = rank(assignments)
        earlier = history[round % LATE_ACCEPTANCE]
        if trial_rank[0] >= best_rank[0] and (trial_rank >= current_rank or trial_rank >= earlier):
            current, current_rank = assignments, trial_rank
            if trial_rank > best_rank:
                best, best_rank, last_better = assignments, trial_rank, round
                if on_better is not None:
                    on_better(best)
        history[round % LATE_ACCEPTANCE] = current_rank
    if checked and _breaks_a_rule(problem, best):
        return list(plan)
    return best


def _breaks_a_rule(problem: Problem, assignments: list[Assignment]) -> bool:
    """True (and logged: a bug here) when the plan breaks a hard rule beyond leaving sessions out."""
    broken = broken_rules(problem, assignments)
    if broken:
        log.warning("the greedy plan breaks %s; it is not used", "; ".join(broken[:3]))
    return bool(broken)
