"""A visit where no room has a hearing loop, and people who tell the coordinator their needs."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from scheduler.services.availability_answers import submit_availability
from tests.support.availability import link_for, only_free
from tests.support.store import NOW, SMALL


def write_visit_without_hearing_loops(folder: Path) -> Path:
    """The small Westmere visit with its hearing loops taken out, and Sean Palmer's case-tracking
    conversation (s8, a must) held in person only."""
    data = json.loads(SMALL.read_text(encoding="utf-8"))
    for room in data["rooms"]:
        room["features"] = [f for f in room["features"] if f != "hearing_loop"]
    for session in data["sessions"]:
        if session["id"] == "s8":
            session.update(mode="in_person", priority="must")
    path = folder / "westmere-no-hearing-loop.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def answer_with_needs(
    factory: sessionmaker[Session], visit_id: int, key: str, needs: list[str], note: str = ""
) -> None:
    """The person answers through their own link: free all day, with these needs and note."""
    token = link_for(factory, visit_id, key)
    with factory() as db:
        submit_availability(db, token, only_free("09:00", "17:00"), needs, False, note, NOW)
        db.commit()
