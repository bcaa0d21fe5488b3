"""Where a placed session could go without breaking a rule, for the move page to offer.

The candidates are the solver's own options for the session (solver.candidates: the starts its
days, time window, people, assessors and rooms allow, as ranked placements use them); each is
then judged as a move by hand is, against the whole timetable with everyone else where they are.
Nearest to where the session is now come first.
"""

from __future__ import annotations

from dataclasses import dataclass

from scheduler import domain
from scheduler.domain.clocktime import clock_of, day_label, minutes_of
from scheduler.planning.move_preview import Judge, Target, find_placed, find_session, preview_move
from scheduler.planning.to_solver import build_problem
from solver.candidates import all_options
from solver.problem import MINUTES_PER_DAY

SHOWN = 8  # free slots offered at most
TRIED = 400  # candidates judged at most: a big visit's page still answers at once


@dataclass(frozen=True)
class FreeSlot:
    day: str
    start: str
    end: str
    room: str | None  # None: held virtually
    text: str  # "Tue 10 Mar 10:00-11:00, Committee Room 1"

    @property
    def value(self) -> str:
        """The slot as the move form's one-click button posts it."""
        return f"{self.day}|{self.start}|{self.room or ''}"


def free_slots(visit: domain.Visit, timetable: domain.Timetable, session_id: str) -> tuple[FreeSlot, ...]:
    """Up to SHOWN places the session could move to that break no hard rule, nearest first."""
    session = find_session(visit, session_id)
    placed = find_placed(timetable, session_id)
    if placed is None:
        return ()
    _lookup, options = all_options(build_problem(visit))
    option = options.get(session_id)
    if option is None:
        return ()
    now_day = visit.days.index(placed.day) if placed.day in visit.days else 0
    now_at = now_day * MINUTES_PER_DAY + minutes_of(placed.start)
    candidates: list[tuple[int, str | None]] = []
    for room_id in option.rooms:
        candidates += [(t, room_id) for t in option.room_starts.get(room_id, option.in_person_starts)]
    candidates += [(t, None) for t in option.virtual_starts]

    def nearness(candidate: tuple[int, str | None]) -> tuple[int, int, int]:
        t, room = candidate
        return (abs(t - now_at), room != placed.room, t)

    judge = Judge(visit, timetable)
    rooms: dict[str | None, str] = {room.id: room.name for room in visit.rooms}
    found: list[FreeSlot] = []
    seen: set[tuple[int, str | None]] = set()
    for t, room in sorted(candidates, key=nearness)[:TRIED]:
        if (t, room) in seen or (t == now_at and room == placed.room):
            continue
        seen.add((t, room))
        day, minute = visit.days[t // MINUTES_PER_DAY], t % MINUTES_PER_DAY
        start = clock_of(minute)
        if preview_move(visit, timetable, session_id, Target(day, start, room), judge).breaks:
            continue
        end = clock_of(minute + session.minutes)
        where = rooms.get(room, str(room)) if room is not None else "virtual"
        found.append(FreeSlot(day, start, end, room, f"{day_label(day)} {start}-{end}, {where}"))
        if len(found) >= SHOWN:
            break
    return tuple(sorted(found, key=lambda slot: (slot.day, slot.start, slot.text)))
