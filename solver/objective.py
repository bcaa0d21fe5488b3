"""The soft terms: the canonical score (spec: visit-format.md) and re-planning stability.

Each function returns named terms; `Weights` is the one table of points. The names come back
after a solve so the page can say why a plan is imperfect.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from solver.problem import MINUTES_PER_DAY, Assignment, Weights
from solver.timeline import overlaps_any
from solver.variables import ModelVars

# A must session left out in the relaxed model costs more than every other term together.
MUST_PLACED_POINTS = 1_000_000


@dataclass(frozen=True)
class Term:
    name: str
    weight: int
    expr: cp_model.LinearExprT


def reward_should_sessions(m: ModelVars, w: Weights) -> list[Term]:
    """Every `should` session held earns points."""
    return [
        Term("should", w.should, sv.present) for sv in m.sessions.values() if sv.session.priority == "should"
    ]


def reward_reserve_sessions(m: ModelVars, w: Weights) -> list[Term]:
    """Every `reserve` session held earns points."""
    return [
        Term("reserve", w.reserve, sv.present)
        for sv in m.sessions.values()
        if sv.session.priority == "reserve"
    ]


def reward_invited_attendees(m: ModelVars, w: Weights) -> list[Term]:
    """Every invited person who attends earns points."""
    return [
        Term("pool_attendee", w.pool_attendee, lit)
        for sv in m.sessions.values()
        for lit in sv.attended_by.values()
    ]


def avoid_if_needed_time(m: ModelVars, w: Weights) -> list[Term]:
    """An attendance in someone's 'if needed' time costs points."""
    terms = []
    for sv in m.sessions.values():
        minutes = sv.session.minutes
        attendees = [(p, sv.present) for p in sv.session.required_people] + list(sv.attended_by.items())
        for pid, attends in attendees:
            spans = m.lookup.people[pid].if_needed
            if not spans:
                continue
            bad = [lit for t, lit in sv.starts_at.items() if overlaps_any(spans, t, t + minutes)]
            if not bad:
                continue
            used = m.model.new_bool_var(f"if_needed[{sv.sid},{pid}]")
            m.model.add(used >= attends + sum(bad) - 1)
            terms.append(Term("if_needed", w.if_needed, used))
    return terms


def prefer_in_person(m: ModelVars, w: Weights) -> list[Term]:
    """An `either` session held virtually costs points."""
    return [
        Term("virtual_either", w.virtual_either, sv.present - sv.in_person)
        for sv in m.sessions.values()
        if sv.session.mode == "either"
    ]


def stay_on_one_site_a_day(m: ModelVars, w: Weights) -> list[Term]:
    """An assessor who works at more sites in a day than one costs points per extra site.

    Each extra site means at least one change of site between consecutive sessions, so this
    never charges more than the canonical site-change term and steers the plan towards it.
    """
    if w.site_change == 0 or len({r.site for r in m.problem.rooms}) < 2:
        return []
    used: dict[tuple[str, int, str], cp_model.IntVar] = {}
    for sv in m.sessions.values():
        if not sv.at_site or not sv.assessed_by:
            continue
        for day in sorted(sv.days()):
            on_day = sv.on_day(day)
            for site, at in sv.at_site.items():
                here = m.model.new_bool_var(f"at_site_on_day[{sv.sid},{site},d{day}]")
                m.model.add(here >= at + sum(on_day) - 1)
                for aid, lit in sv.assessed_by.items():
                    key = (aid, day, site)
                    if key not in used:
                        used[key] = m.model.new_bool_var(f"works_at[{aid},d{day},{site}]")
                    m.model.add(used[key] >= lit + here - 1)
    terms = []
    by_day: dict[tuple[str, int], list[cp_model.IntVar]] = {}
    for (aid, day, _), lit in used.items():
        by_day.setdefault((aid, day), []).append(lit)
    for (aid, day), lits in by_day.items():
        if len(lits) < 2:
            continue
        extra = m.model.new_int_var(0, len(lits) - 1, f"extra_sites[{aid},d{day}]")
        m.model.add(extra >= sum(lits) - 1)
        terms.append(Term("site_change", -abs(w.site_change), extra))
    return terms


def hear_every_frontline_team(m: ModelVars, w: Weights) -> list[Term]:
    """Every frontline team with a member attending a focus group earns points."""
    terms = []
    for team in m.problem.teams:
        if not team.frontline:
            continue
        members = [p.id for p in m.problem.people if p.team == team.name]
        there = [
            lit
            for sv in m.sessions.values()
            if sv.session.is_focus_group
            for lit in (sv.attends(pid) for pid in members)
            if lit is not None
        ]
        if not there:
            continue
        heard = m.model.new_bool_var(f"heard[{team.name}]")
        m.model.add_bool_or(there).only_enforce_if(heard)
        terms.append(Term("frontline_team", w.frontline_team, heard))
    return terms


SCORE_TERMS: tuple[Callable[[ModelVars, Weights], list[Term]], ...] = (
    reward_should_sessions,
    reward_reserve_sessions,
    reward_invited_attendees,
    avoid_if_needed_time,
    prefer_in_person,
    stay_on_one_site_a_day,
    hear_every_frontline_team,
)


def keep_previous_plan(m: ModelVars, w: Weights) -> list[Term]:
    """Re-planning: moving a planned session, its room, people, assessors or escort costs points."""
    terms: list[Term] = []
    for old in m.problem.previous:
        sv = m.sessions.get(old.session)
        if sv is None:
            continue
        when = sv.starts_at.get(old.day * MINUTES_PER_DAY + old.start)
        terms.append(Term("moved_session", w.moved_session, 1 - when if when is not None else 1))
        if old.room is not None:
            room = sv.in_room.get(old.room)
            terms.append(Term("changed_room", w.changed_room, 1 - room if room is not None else 1))
        for aid in old.assessors:
            lit = sv.assessed_by.get(aid)
            terms.append(Term("changed_assessor", w.changed_assessor, 1 - lit if lit is not None else 1))
        for pid in old.attendees:
            lit = sv.attends(pid)
            terms.append(Term("changed_person", w.changed_person, 1 - lit if lit is not None else 1))
        for pid, lit in sv.attended_by.items():
            if pid not in old.attendees:
                terms.append(Term("changed_person", w.changed_person, lit))
        if old.escort is not None:
            lit = sv.escorted_by.get(old.escort)
            terms.append(Term("changed_escort", w.changed_escort, 1 - lit if lit is not None else 1))
        for pid in old.support:
            lit = sv.supported_by.get(pid)
            terms.append(Term("changed_person", w.changed_person, 1 - lit if lit is not None else 1))
    return terms


def hint_previous_plan(m: ModelVars) -> None:
    """Start the search from the previous plan where it still fits."""
    for old in m.problem.previous:
        sv = m.sessions.get(old.session)
        if sv is None:
            continue
        t = old.day * MINUTES_PER_DAY + old.start
        for start, lit in sv.starts_at.items():
            m.model.add_hint(lit, start == t)
        for rid, lit in sv.in_room.items():
            m.model.add_hint(lit, rid == old.room)
        for aid, lit in sv.assessed_by.items():
            m.model.add_hint(lit, aid in old.assessors)
        for pid, lit in sv.attended_by.items():
            m.model.add_hint(lit, pid in old.attendees)
        for pid, lit in sv.escorted_by.items():
            m.model.add_hint(lit, pid == old.escort)
        for pid, lit in sv.supported_by.items():
            m.model.add_hint(lit, pid in old.support)


def must_terms(m: ModelVars) -> list[Term]:
    """Relaxed model only: every must session placed is worth more than everything else."""
    if m.strict:
        return []
    return [
        Term("must", MUST_PLACED_POINTS, sv.present)
        for sv in m.sessions.values()
        if sv.session.priority == "must"
    ]


def build_objective(
    m: ModelVars, w: Weights, feasibility_only: bool = False
) -> tuple[list[Term], list[Term]]:
    """(score terms, all terms) and the model maximises all of them.

    `feasibility_only` keeps just the must terms of a relaxed model: finding any timetable for
    the must sessions first is far quicker than optimising from nothing.
    """
    score = [] if feasibility_only else [t for rule in SCORE_TERMS for t in rule(m, w)]
    extra = must_terms(m) if feasibility_only else keep_previous_plan(m, w) + must_terms(m)
    everything = score + extra
    if everything:
        m.model.maximize(sum(t.weight * t.expr for t in everything))
    return score, everything


def hint_assignments(m: ModelVars, assignments: Iterable[Assignment]) -> None:
    """Start the search from a known timetable; sessions it lacks start absent."""
    placed = {a.session: a for a in assignments}
    for sid, sv in m.sessions.items():
        a = placed.get(sid)
        m.model.add_hint(sv.present, a is not None)
        t = a.day * MINUTES_PER_DAY + a.start if a is not None else None
        for start, lit in sv.starts_at.items():
            m.model.add_hint(lit, start == t)
        m.model.add_hint(sv.in_person, a is not None and a.mode == "in_person")
        for rid, lit in sv.in_room.items():
            m.model.add_hint(lit, a is not None and rid == a.room)
        for aid, lit in sv.assessed_by.items():
            m.model.add_hint(lit, a is not None and aid in a.assessors)
        for pid, lit in sv.attended_by.items():
            m.model.add_hint(lit, a is not None and pid in a.attendees)
        for pid, lit in sv.escorted_by.items():
            m.model.add_hint(lit, a is not None and pid == a.escort)
        for pid, lit in sv.supported_by.items():
            m.model.add_hint(lit, a is not None and pid in a.support)
