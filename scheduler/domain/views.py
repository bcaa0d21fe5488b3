"""What the timetable pages show, built from a visit and its timetable (pure, no database).

``grid_for_day`` lays one day out as a table of time slots by rooms, with each session a block
spanning its slots; ``agenda_for`` lists what one assessor, person, room or site does. Both
name people for an audience (scheduler.domain.privacy): the coordinator's pages see names,
a printed or shared copy names no person using services or carer, in titles neither.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from scheduler import domain
from scheduler.domain.clocktime import clock_of, day_label, minutes_of
from scheduler.domain.privacy import COORDINATOR, redaction_for
from scheduler.domain.support import support_lines
from scheduler.errors import ServiceError

AGENDA_KINDS = ("assessor", "person", "room", "site")
VIRTUAL = "virtual"  # the key of the column(s) for sessions held online


@dataclass(frozen=True)
class Block:
    session: str
    title: str
    kind: str
    start: str
    end: str
    mode: str
    room: str | None
    assessors: tuple[str, ...]  # names
    escort: str | None  # name
    attendees: tuple[str, ...]  # names
    attendee_count: int
    rowspan: int
    support: tuple[str, ...] = ()  # "Kieran Gill with BSL interpreter Sam Reid"
    support_count: int = 0  # supporters present: in the room, not among the attendees


@dataclass(frozen=True)
class GridCell:
    """A cell of the grid; ``block`` is None where a block from a row above covers it."""

    block: Block | None


COVERED = GridCell(block=None)


@dataclass(frozen=True)
class GridColumn:
    key: str  # room id, or "virtual"
    name: str
    site: str  # site name; "" for the virtual column


@dataclass(frozen=True)
class GridRow:
    time: str
    cells: tuple[GridCell | None, ...]  # one per column; None: nothing there


@dataclass(frozen=True)
class DayGrid:
    day: str
    label: str  # "Tue 28 Jul"
    columns: tuple[GridColumn, ...]
    rows: tuple[GridRow, ...]


@dataclass(frozen=True)
class AgendaItem:
    session: str
    day: str
    day_label: str
    start: str
    end: str
    title: str
    kind: str
    mode: str
    role: str  # assessor | attendee | escort | "" (room and site agendas)
    where: str  # "Room 2.01, Loxley House" or "virtual"
    assessors: tuple[str, ...]
    escort: str | None
    attendees: tuple[str, ...]
    support: tuple[str, ...] = ()


def place_text(visit: domain.Visit, placed: domain.PlacedSession) -> str:
    """'Tue 10 Mar 13:15-14:45, Meeting Room 2.01' or '... , virtual'."""
    rooms = {room.id: room.name for room in visit.rooms}
    where = (
        "virtual" if placed.mode == "virtual" or placed.room is None else rooms.get(placed.room, placed.room)
    )
    return f"{day_label(placed.day)} {placed.start}-{placed.end}, {where}"


class _Names:
    def __init__(self, visit: domain.Visit, timetable: domain.Timetable, audience: str) -> None:
        self.visit = visit
        self.redaction = redaction_for(visit, audience)
        self.assessors = {a.id: a.name for a in visit.assessors}
        self.rooms = {r.id: r for r in visit.rooms}
        self.sites = {s.id: s.name for s in visit.sites}
        self.sessions = {s.id: s for s in visit.sessions}

    def person(self, key: str | None, session: domain.Session | None = None) -> str | None:
        return None if key is None else self.redaction.person(key, session)

    def where(self, placed: domain.PlacedSession) -> str:
        if placed.mode == "virtual" or placed.room is None:
            return "virtual"
        room = self.rooms.get(placed.room)
        if room is None:
            return placed.room
        return f"{room.name}, {self.sites.get(room.site, room.site)}"


def _block(placed: domain.PlacedSession, names: _Names, rowspan: int) -> Block:
    session = names.sessions.get(placed.session)
    return Block(
        session=placed.session,
        title=names.redaction.title(session, placed.session),
        kind=session.kind if session else "other",
        start=placed.start,
        end=placed.end,
        mode=placed.mode,
        room=placed.room,
        assessors=tuple(names.assessors.get(a, a) for a in placed.assessors),
        escort=names.person(placed.escort, session),
        attendees=names.redaction.attendees(placed.attendees, session),
        attendee_count=len(placed.attendees),
        rowspan=rowspan,
        support=support_lines(names.visit, placed, names.redaction, session),
        support_count=len(placed.support),
    )


def _lanes(placements: list[domain.PlacedSession]) -> list[list[domain.PlacedSession]]:
    """Sessions of one column split so that none in a lane overlap (virtual ones often do)."""
    lanes: list[list[domain.PlacedSession]] = []
    for placed in sorted(placements, key=lambda p: (minutes_of(p.start), minutes_of(p.end))):
        for lane in lanes:
            if minutes_of(lane[-1].end) <= minutes_of(placed.start):
                lane.append(placed)
                break
        else:
            lanes.append([placed])
    return lanes or [[]]


def grid_for_day(
    visit: domain.Visit, timetable: domain.Timetable, day: str, audience: str = COORDINATOR
) -> DayGrid:
    names = _Names(visit, timetable, audience)
    slot = visit.slot_minutes
    first, last = minutes_of(visit.day_start), minutes_of(visit.day_end)
    times = list(range(first, last, slot))
    todays = [a for a in timetable.assignments if a.day == day]

    by_column: dict[str, list[domain.PlacedSession]] = {room.id: [] for room in visit.rooms}
    by_column[VIRTUAL] = []
    for placed in todays:
        key = VIRTUAL if placed.mode == "virtual" or placed.room is None else placed.room
        by_column.setdefault(key, []).append(placed)

    site_order = {site.id: index for index, site in enumerate(visit.sites)}
    rooms = sorted(visit.rooms, key=lambda r: site_order.get(r.site, len(site_order)))
    bases = [GridColumn(r.id, r.name, names.sites.get(r.site, r.site)) for r in rooms]
    bases += [GridColumn(key, key, "") for key in by_column if key != VIRTUAL and key not in names.rooms]
    if by_column[VIRTUAL] or any(s.mode != "in_person" for s in visit.sessions):
        bases.append(GridColumn(VIRTUAL, "Virtual", ""))

    columns: list[GridColumn] = []
    grid: list[list[GridCell | None]] = [[] for _ in times]
    for base in bases:
        lanes = _lanes(by_column.get(base.key, []))
        for number, lane in enumerate(lanes, start=1):
            name = base.name if len(lanes) == 1 else f"{base.name} ({number})"
            columns.append(GridColumn(base.key, name, base.site))
            cells: list[GridCell | None] = [None] * len(times)
            for placed in lane:
                start, end = minutes_of(placed.start), minutes_of(placed.end)
                top = max(0, (start - first) // slot)
                bottom = min(len(times), max(top + 1, -(-(end - first) // slot)))
                if top >= len(times):
                    continue
                cells[top] = GridCell(_block(placed, names, bottom - top))
                for covered in range(top + 1, bottom):
                    cells[covered] = COVERED
            for index, cell in enumerate(cells):
                grid[index].append(cell)

    rows = tuple(GridRow(clock_of(t), tuple(cells)) for t, cells in zip(times, grid, strict=True))
    return DayGrid(day=day, label=day_label(day), columns=tuple(columns), rows=rows)


def _item(placed: domain.PlacedSession, names: _Names, role: str, start: str, end: str) -> AgendaItem:
    block = _block(placed, names, 1)
    return AgendaItem(
        session=placed.session,
        day=placed.day,
        day_label=day_label(placed.day),
        start=start,
        end=end,
        title=block.title,
        kind=block.kind,
        mode=placed.mode,
        role=role,
        where=names.where(placed),
        assessors=block.assessors,
        escort=block.escort,
        attendees=block.attendees,
        support=block.support,
    )


def _place_of(placed: domain.PlacedSession, names: _Names, kind: str) -> str | None:
    """The session's room id, or with kind "site" its room's site id."""
    if kind == "room":
        return placed.room
    room = names.rooms.get(placed.room) if placed.room else None
    return room.site if room else None


def _agenda_items(
    visit: domain.Visit, timetable: domain.Timetable, kind: str, key: str, names: _Names
) -> Iterable[AgendaItem]:
    for placed in timetable.assignments:
        if kind == "assessor" and key in placed.assessors:
            yield _item(placed, names, "assessor", placed.start, placed.end)
        elif kind == "person":
            if key in placed.attendees:
                yield _item(placed, names, "attendee", placed.start, placed.end)
            if key in placed.support:
                yield _item(placed, names, "supporter", placed.start, placed.end)
            if placed.escort == key:
                duty_start = clock_of(minutes_of(placed.start) - visit.escort_minutes)
                yield _item(placed, names, "escort", duty_start, placed.start)
        elif kind in ("room", "site") and placed.mode != "virtual" and _place_of(placed, names, kind) == key:
            yield _item(placed, names, "", placed.start, placed.end)


def agenda_for(
    visit: domain.Visit, timetable: domain.Timetable, kind: str, key: str, audience: str = COORDINATOR
) -> list[AgendaItem]:
    """Everything one assessor, person (attending, supporting or escorting), room or site has,
    in time order."""
    if kind not in AGENDA_KINDS:
        raise ServiceError(f"there is no agenda by '{kind}': choose one of {', '.join(AGENDA_KINDS)}")
    names = _Names(visit, timetable, audience)
    day_order = {day: index for index, day in enumerate(visit.days)}
    items = list(_agenda_items(visit, timetable, kind, key, names))
    return sorted(items, key=lambda i: (day_order.get(i.day, len(day_order)), minutes_of(i.start), i.session))
