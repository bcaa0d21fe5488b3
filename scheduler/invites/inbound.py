"""The inbound SMTP endpoint for calendar replies: `fieldwork mail receive`.

Calendar apps send Accept/Decline/Tentative (and "propose new time") as email to the invite's
ORGANIZER, the visit's coordinator mailbox. The council's mail server forwards that mailbox (or
a copy of it) to this endpoint, which listens on loopback by default: every message is read by
`scheduler.invites.replies` and either recorded or kept with the reason it changed nothing.
An endpoint rather than polling a mailbox, because it needs no stored mailbox password and an
answer reaches the ledger the moment it arrives.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from aiosmtpd.controller import Controller
from sqlalchemy.orm import Session, sessionmaker

from scheduler.invites.replies import ReplyOutcome, receive_calendar_reply

log = logging.getLogger(__name__)
LARGEST_MESSAGE = 10 * 1024 * 1024  # a reply is a few kilobytes; some clients attach the invite


class ReplyHandler:
    """aiosmtpd handler: one database transaction per message, outside the event loop."""

    def __init__(self, factory: sessionmaker[Session], clock: Callable[[], datetime]) -> None:
        self.factory, self.clock = factory, clock
        self.outcomes: list[ReplyOutcome] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw = envelope.original_content or envelope.content
        data = raw if isinstance(raw, bytes) else str(raw).encode("utf-8", "replace")
        try:
            outcome = await asyncio.get_running_loop().run_in_executor(
                None, self._store, data, str(envelope.mail_from or "")
            )
        except Exception:  # the database is away: the sending server keeps it and tries again
            log.exception("could not store a calendar reply; asked the sender to retry")
            return "451 4.3.0 Temporarily unable to store the reply, try again later"
        self.outcomes.append(outcome)
        return "250 2.0.0 OK"

    def _store(self, data: bytes, mail_from: str) -> ReplyOutcome:
        with self.factory() as db:
            outcome = receive_calendar_reply(db, data, self.clock(), mail_from)
            db.commit()
        return outcome


def reply_endpoint(
    factory: sessionmaker[Session], clock: Callable[[], datetime], host: str = "127.0.0.1", port: int = 2525
) -> Controller:
    """An SMTP server (not yet started) that takes calendar replies into the invite ledger."""
    return Controller(ReplyHandler(factory, clock), hostname=host, port=port, data_size_limit=LARGEST_MESSAGE)
