"""A real SMTP server on loopback (aiosmtpd) that keeps every message it receives.

For fault tests it can also go down part-way: `fail_after(k, how)` lets k more messages in, then
meets the next one with a 421 ("refuse") or by hanging up in the middle of its DATA without
keeping it ("hang-up"), and stops listening, so that connecting is refused until `start()` again.
What arrived before and after is kept across `stop()` and `start()`.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any, Literal

from aiosmtpd.controller import Controller


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    def text(self) -> str:
        part = self.message.get_body(preferencelist=("plain",))
        return "" if part is None else str(part.get_content())  # type: ignore[attr-defined]

    def html(self) -> str:
        part = self.message.get_body(preferencelist=("html",))
        return "" if part is None else str(part.get_content())  # type: ignore[attr-defined]


Failure = Literal["refuse", "hang-up"]


@dataclass
class _Handler:
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    # Set by fail_after: how many more messages to accept before failing, and how to fail.
    accept_before_failing: int | None = None
    failure: Failure = "refuse"
    stop_listening: Callable[[], None] = lambda: None
    went_down: threading.Event = field(default_factory=threading.Event)
    refusing: bool = False  # set by refuse_every_message: up, but turning every message away

    def _failing_now(self, how: Failure) -> bool:
        with self.lock:
            if self.accept_before_failing != 0 or self.failure != how:
                return False
            self.accept_before_failing = None  # one outage per fail_after
        self.stop_listening()
        self.went_down.set()
        return True

    async def handle_MAIL(
        self, server: Any, session: Any, envelope: Any, address: str, mail_options: list[str]
    ) -> str:
        if self._failing_now("refuse"):
            return "421 4.3.2 Service shutting down, try again later"
        if self.refusing:
            return "451 4.3.0 Mailbox temporarily unavailable, try again later"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self._failing_now("hang-up"):
            # Gone before the message was kept or answered, as when the server process dies.
            server.transport.abort()
            return "421 4.3.2 never seen: the connection is already gone"
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))  # type: ignore[arg-type]
            if self.accept_before_failing:
                self.accept_before_failing -= 1
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class SmtpCatcher:
    """Start with `start()`; `url` is what FIELDWORK_SMTP_URL would say; `messages` what arrived."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self._handler = _Handler(stop_listening=self._stop_listening)
        self._controller: Controller | None = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    @property
    def messages(self) -> list[Received]:
        with self._handler.lock:
            return list(self._handler.received)

    def start(self) -> SmtpCatcher:
        self._handler.went_down.clear()
        self._controller = Controller(self._handler, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def fail_after(self, accepted: int, how: Failure = "refuse") -> threading.Event:
        """Accept `accepted` more messages, then fail the next one `how` and stop listening.

        Returns an event set at that moment; `stop()` and `start()` bring the server back."""
        with self._handler.lock:
            self._handler.accept_before_failing = accepted
            self._handler.failure = how
        return self._handler.went_down

    def refuse_every_message(self) -> None:
        """Stay up but answer every message with a temporary refusal (451)."""
        self._handler.refusing = True

    def _stop_listening(self) -> None:
        # Runs in the server's event loop: new connections are refused, open ones stay open.
        if self._controller is not None and self._controller.server is not None:
            self._controller.server.close()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Received]:
        """The messages once at least `count` have arrived (or all there are after `timeout`)."""
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages
