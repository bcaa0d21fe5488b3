"""The coverage page: the visit's teams, partner organisations and themes against the sessions
of its latest timetable version that cover them, and the themes a coordinator sets."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from scheduler import domain
from scheduler.db.accounts import User
from scheduler.domain.coverage import Coverage, coverage, unheard_frontline_teams
from scheduler.errors import NotFound, ServiceError
from scheduler.services.timetables import get_timetable
from scheduler.services.visits import load_visit, update_visit

# The four themes of CQC's assessment of local authorities, offered as a start.
CQC_THEMES = ("Working with people", "Providing support", "Ensuring safety", "Leadership")
MAX_THEME_LENGTH = 100


@dataclass(frozen=True)
class CoveragePage:
    visit: domain.Visit
    version: int | None  # the latest timetable version; None: not planned yet
    version_state: str | None  # draft | published
    coverage: Coverage
    unheard_frontline: tuple[str, ...]
    unscheduled: int  # sessions the version could not place: they cover nothing


def coverage_page(db: Session, visit_id: int, audience: str) -> CoveragePage:
    visit = load_visit(db, visit_id)
    try:
        version, timetable = get_timetable(db, visit_id, None)
    except NotFound:
        empty = domain.Timetable(assignments=())
        return CoveragePage(visit, None, None, coverage(visit, empty, audience), (), 0)
    return CoveragePage(
        visit,
        version.number,
        version.state,
        coverage(visit, timetable, audience),
        unheard_frontline_teams(visit, timetable),
        len(timetable.unscheduled),
    )


def parse_themes(text: str) -> tuple[str, ...]:
    """One theme a line, blank lines skipped, each once (ignoring case); ServiceError names a bad one."""
    themes: dict[str, str] = {}
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        theme = " ".join(line.split())
        if not theme:
            continue
        if len(theme) > MAX_THEME_LENGTH:
            problems.append(
                f"line {number}: a theme is at most {MAX_THEME_LENGTH} characters ('{theme[:30]}...')"
            )
            continue
        themes.setdefault(theme.casefold(), theme)
    if problems:
        raise ServiceError("some themes could not be saved", problems)
    return tuple(themes.values())


def save_themes(db: Session, actor: User, visit_id: int, themes: tuple[str, ...], now: datetime) -> list[str]:
    visit = load_visit(db, visit_id)
    changed = dataclasses.replace(visit, coverage_themes=themes)
    return update_visit(db, actor, visit_id, changed, now, action="save_coverage_themes")


def unheard_frontline_of_version(db: Session, visit_id: int, number: int) -> tuple[str, ...]:
    """The frontline teams no focus group of this timetable version hears (none if it is gone)."""
    try:
        _version, timetable = get_timetable(db, visit_id, number)
    except NotFound:
        return ()
    return unheard_frontline_teams(load_visit(db, visit_id), timetable)
