"""Is the visit ready to plan? What is still missing before a solve is worth running.

Read before each solve: who has not yet said when they are free, rooms nobody has given opening
times for, sessions whose people can never be together in enough number, assessors without the
pen profile attendees receive, people's needs that no room meets, and must sessions that have no
possible start at all. The session checks ask the solver's own candidate filter, so the page and
the solver never disagree. `readiness` is pure; `visit_readiness` only adds loading the stored
visit for the page and, for those who may read them, what people told the coordinator.

People's needs are personal data: for a reader without `see_needs` the reasons are given without
whose need it is, and the needs themselves are not read at all.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy.orm import Session as DbSession

from scheduler import domain
from scheduler.domain.needs import UnmetNeed, unmet_needs, without_need_owners
from scheduler.planning.to_solver import build_problem
from scheduler.services.needs import NeedsOverview, needs_overview_of
from scheduler.services.pen_profiles import profiles_written
from scheduler.services.visits import load_visit
from solver.candidates import Lookup, SessionOptions, session_options, starts_covered
from solver.explain import static_reasons

FRONTLINE = "frontline"
PARTNERS = "partners"
COUNCILLORS = "councillors"
PEOPLE_USING_SERVICES = "people_using_services"
NO_TEAM = "No team given"
ROOM_OPEN_NOTE = "open the whole visit"
NO_PROFILE_NOTE = "no pen profile yet"
COORDINATORS_PROFILE_NOTE = "not yet checked by them: attendees read the profile from the visit file"
# Cabinet members sit in the "Elected members" team without "councillor" in their role; they are
# councillors all the same, and their availability is chased by the same person.
COUNCILLOR_WORDS = ("councillor", "elected member")


@dataclass(frozen=True)
class GroupAnswers:
    """How many of one group have said when they are free ("answered": an availability list)."""

    kind: str  # frontline | partners | councillors | people_using_services
    name: str  # "Extra Care Housing", "Partners", ...
    answered: tuple[str, ...]  # names
    unanswered: tuple[str, ...]  # names

    @property
    def total(self) -> int:
        return len(self.answered) + len(self.unanswered)


@dataclass(frozen=True)
class Entry:
    id: str
    name: str
    note: str = ""


@dataclass(frozen=True)
class SessionProblem:
    id: str
    title: str
    priority: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Readiness:
    groups: tuple[GroupAnswers, ...]
    rooms_without_availability: tuple[Entry, ...]
    short_of_attendees: tuple[SessionProblem, ...]  # the pool can never reach min_attendees
    assessors_without_profile: tuple[Entry, ...]
    musts_without_start: tuple[SessionProblem, ...]
    unmet_needs: tuple[UnmetNeed, ...] = ()  # needs no room of the visit meets
    # Assessors who have not written their own pen profile through their link (the note says
    # whether the coordinator's copy stands in for it meanwhile).
    profiles_not_written: tuple[Entry, ...] = ()

    @property
    def answered(self) -> int:
        return sum(len(g.answered) for g in self.groups)

    @property
    def people(self) -> int:
        return sum(g.total for g in self.groups)

    @property
    def blocking(self) -> bool:
        """A solve would certainly leave a must session out."""
        return bool(self.musts_without_start)


def _is_councillor(person: domain.Person) -> bool:
    words = f"{person.team} {person.role}".lower()
    return any(word in words for word in COUNCILLOR_WORDS)


def group_of(person: domain.Person) -> tuple[str, str]:
    """(kind, name) of the availability group a person is chased in."""
    if person.kind in ("person_using_services", "carer"):
        return PEOPLE_USING_SERVICES, "People using services and carers"
    if _is_councillor(person):
        return COUNCILLORS, "Councillors"
    if person.kind == "partner":
        return PARTNERS, "Partners"
    return FRONTLINE, person.team.strip() or NO_TEAM


def availability_groups(visit: domain.Visit) -> tuple[GroupAnswers, ...]:
    """Frontline teams in the order they first appear, then partners, councillors, people using services."""
    answered: dict[tuple[str, str], list[str]] = {}
    unanswered: dict[tuple[str, str], list[str]] = {}
    order: list[tuple[str, str]] = []
    for person in visit.people:
        key = group_of(person)
        if key not in answered:
            order.append(key)
            answered[key], unanswered[key] = [], []
        (answered if person.available is not None else unanswered)[key].append(person.name)
    kind_rank = {FRONTLINE: 0, PARTNERS: 1, COUNCILLORS: 2, PEOPLE_USING_SERVICES: 3}
    order.sort(key=lambda key: kind_rank[key[0]])  # stable: teams keep their file order
    return tuple(GroupAnswers(key[0], key[1], tuple(answered[key]), tuple(unanswered[key])) for key in order)


def _pool_can_gather(lookup: Lookup, opt: SessionOptions) -> bool:
    """Whether at some start every required person and enough of the invited are free together."""
    session = opt.session
    starts = set(opt.window)
    for pid in session.required_people:
        starts &= starts_covered(opt.window, lookup.people[pid].available, 0, session.minutes)
    extra_needed = session.min_attendees - len(session.required_people)
    if extra_needed <= 0:
        return bool(starts)
    return any(sum(t in opt.pool_starts[p] for p in opt.pool) >= extra_needed for t in starts)


def _session_checks(visit: domain.Visit) -> tuple[tuple[SessionProblem, ...], tuple[SessionProblem, ...]]:
    problem = build_problem(visit)
    lookup = Lookup(problem)
    titles = {s.id: s for s in visit.sessions}
    short: list[SessionProblem] = []
    musts: list[SessionProblem] = []
    for solver_session in problem.sessions:
        opt = session_options(problem, lookup, solver_session)
        if opt.starts:
            continue
        session = titles[solver_session.id]
        found = SessionProblem(
            session.id, session.title, session.priority, static_reasons(problem, lookup, opt)
        )
        # A window that is empty on its own is a time-bounds problem, not a people one.
        if opt.window and not _pool_can_gather(lookup, opt):
            short.append(found)
        if session.priority == "must":
            musts.append(found)
    return tuple(short), tuple(musts)


def readiness(visit: domain.Visit) -> Readiness:
    short, musts = _session_checks(visit)
    return Readiness(
        groups=availability_groups(visit),
        rooms_without_availability=tuple(
            Entry(room.id, room.name, ROOM_OPEN_NOTE) for room in visit.rooms if room.available is None
        ),
        short_of_attendees=short,
        assessors_without_profile=tuple(
            Entry(assessor.id, assessor.name) for assessor in visit.assessors if not assessor.profile.strip()
        ),
        musts_without_start=musts,
        unmet_needs=unmet_needs(visit),
    )


def _without_need_owners(check: Readiness) -> Readiness:
    """The readiness a reader who may not read people's needs sees: no one's need named."""

    def hide(problems: tuple[SessionProblem, ...]) -> tuple[SessionProblem, ...]:
        return tuple(
            SessionProblem(p.id, p.title, p.priority, tuple(without_need_owners(r) for r in p.reasons))
            for p in problems
        )

    return replace(
        check,
        short_of_attendees=hide(check.short_of_attendees),
        musts_without_start=hide(check.musts_without_start),
        unmet_needs=(),
    )


def visit_readiness(
    db: DbSession, visit_id: int, *, see_needs: bool = False
) -> tuple[domain.Visit, Readiness, NeedsOverview | None]:
    """The stored visit, its readiness and, for a reader who may see them, people's needs."""
    visit = load_visit(db, visit_id)
    written = profiles_written(db, visit_id)
    check = replace(
        readiness(visit),
        profiles_not_written=tuple(
            Entry(a.id, a.name, NO_PROFILE_NOTE if not a.profile.strip() else COORDINATORS_PROFILE_NOTE)
            for a in visit.assessors
            if a.id not in written
        ),
    )
    if not see_needs:
        return visit, _without_need_owners(check), None
    return visit, check, needs_overview_of(db, visit_id, visit)
