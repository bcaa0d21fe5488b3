"""What a re-plan during the visit changed against the published plan, and who hears about it.

The people notified are exactly those publishing the version would write to: the ledger knows
what each person was last sent, so only the sessions that moved reach anyone, and escorts get
their changed duties (their run-sheets read the published version, so they follow on publishing).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from scheduler.domain.compare import Comparison, compare_versions
from scheduler.invites.publishing import Publication, plan_publication
from scheduler.planning.running_late import Moment, frozen_sessions, moment_text, parse_moment
from scheduler.services.timetables import get_timetable, published_version
from scheduler.services.visits import load_visit


@dataclass(frozen=True)
class ReplanOutcome:
    """A re-planned version against the published one: what moved and who hears about it."""

    number: int
    against: int | None  # the published version it is compared with
    comparison: Comparison
    publication: Publication
    frozen: str  # "12 sessions before Wed 18 Feb 11:00 stay as they are", or ""

    @property
    def sessions_moved(self) -> int:
        return len(self.comparison.changes)

    @property
    def people_notified(self) -> int:
        return len({m.recipient.email for m in self.publication.messages})


def replan_outcome(
    db: Session, visit_id: int, number: int, now: datetime, frozen_before: str | None = None
) -> ReplanOutcome:
    """Version `number` against the published version (else the one before it)."""
    visit = load_visit(db, visit_id)
    _version, timetable = get_timetable(db, visit_id, number)
    published = published_version(db, visit_id)
    against = published.number if published is not None else (number - 1 if number > 1 else None)
    before = get_timetable(db, visit_id, against)[1] if against is not None else None
    comparison = compare_versions(visit, before or timetable, timetable)
    frozen = ""
    if frozen_before and before is not None:
        moment = parse_moment(frozen_before)
        frozen = _frozen_text(len(frozen_sessions(before, moment)), moment)
    return ReplanOutcome(number, against, comparison, plan_publication(db, visit_id, number, now), frozen)


def _frozen_text(kept: int, moment: Moment) -> str:
    s, verb = ("s", "stay") if kept != 1 else ("", "stays")
    return f"{kept} session{s} before {moment_text(moment)} {verb} as they are"
