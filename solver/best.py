"""The best timetable of every phase of a solve, judged as the model's objective judges it."""

from __future__ import annotations

import logging

from solver.checker import find_violations
from solver.problem import Assignment, Problem, Weights
from solver.score import canonical_score

log = logging.getLogger(__name__)


def stability_points(problem: Problem, plan: list[Assignment], w: Weights) -> int:
    """Re-planning: what moving planned sessions, rooms and people costs (as objective.keep_previous_plan)."""
    now = {a.session: a for a in plan}
    sessions = {s.id: s for s in problem.sessions}
    points = 0
    for old in problem.previous:
        session = sessions.get(old.session)
        if session is None:
            continue
        new = now.get(old.session)
        if new is None or (new.day, new.start) != (old.day, old.start):
            points += w.moved_session
        if old.room is not None and (new is None or new.room != old.room):
            points += w.changed_room
        points += w.changed_assessor * sum(new is None or a not in new.assessors for a in old.assessors)
        points += w.changed_person * sum(new is None or p not in new.attendees for p in old.attendees)
        if new is not None:
            pool = set(session.invited_people) - set(session.required_people)
            points += w.changed_person * sum(p in pool and p not in old.attendees for p in new.attendees)
        if old.escort is not None and (new is None or new.escort != old.escort):
            points += w.changed_escort
    return points


class BestPlan:
    """More must (and started) sessions placed first, then the canonical score with the re-planning costs.

    A later phase's timetable replaces an equally good one: CP-SAT's settles details (sites,
    invitees) that the rank does not see.
    """

    def __init__(self, problem: Problem, weights: Weights) -> None:
        self.problem = problem
        self.weights = weights
        # A session that had started (H17) counts as a must: the past is kept before anything new.
        self.musts = {s.id for s in problem.sessions if s.priority == "must"} | {
            a.session for a in problem.frozen()
        }
        self.plan: list[Assignment] = []
        self.rank: tuple[int, int] | None = None

    @property
    def placed(self) -> set[str]:
        return {a.session for a in self.plan}

    def value(self, plan: list[Assignment]) -> int:
        score = canonical_score(self.problem, plan, self.weights)[0]
        if self.problem.previous:
            score += stability_points(self.problem, plan, self.weights)
        return score

    def offer(self, plan: list[Assignment]) -> bool:
        """Keep `plan` if it is at least as good as the best so far and keeps every hard rule
        (sessions may be left out); True when kept."""
        if not plan:
            return False
        rank = (len(self.musts & {a.session for a in plan}), self.value(plan))
        if self.rank is not None and rank < self.rank:
            return False
        broken = broken_rules(self.problem, plan)
        if broken:
            # Every phase should build only valid plans: one that does not is a bug in it, and
            # the solve goes on with the best valid plan (in the end CP-SAT's, which the model
            # keeps to every rule) rather than fail.
            log.error("bug: a plan that breaks %s was offered; it is not used", "; ".join(broken[:3]))
            return False
        self.plan, self.rank = list(plan), rank
        return True


def broken_rules(problem: Problem, plan: list[Assignment]) -> list[str]:
    """What `plan` breaks beyond leaving sessions out (H1, or H17 for a frozen session left out)."""
    unplaced = {s.id for s in problem.sessions} - {a.session for a in plan}
    return [
        v.message
        for v in find_violations(problem, plan)
        if not (v.rule in ("H1", "H17") and set(v.sessions) <= unplaced)
    ]
