"""Every setting of Fieldwork, read from the environment once, at start-up, into one frozen object.

The web app's factory, the `fieldwork` command and the Celery worker each build `Settings` once
with `Settings.from_environment()` and pass it down; no other module reads the environment. A
bad value stops the start with a message that names the variable and says what it wants.

Each field names the variable it is read from; docs/deploy.md's table of environment variables
says what each means and its default (a test holds the table and the fields in step).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from scheduler.db.engine import database_url
from scheduler.planning.solver_settings import SolverSettingsError, environment_overrides

DEFAULT_BASE_URL = "http://localhost:5000"
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"", "0", "false", "no", "off"}


class SettingsError(ValueError):
    """A variable whose value cannot be used; the message names it."""


class CpsatSettingsError(SettingsError, SolverSettingsError):
    """A FIELDWORK_CPSAT entry CP-SAT refuses (caught as either kind of error)."""


def _read_from(variable: str) -> dict[str, str]:
    return {"variable": variable}


@dataclass(frozen=True)
class Settings:
    instance: Path = field(default=Path("instance"), metadata=_read_from("FIELDWORK_INSTANCE"))
    database_url: str = field(default="", metadata=_read_from("DATABASE_URL"))
    secret_key: str = field(default="", metadata=_read_from("SECRET_KEY"))
    smtp_url: str = field(default="", metadata=_read_from("FIELDWORK_SMTP_URL"))
    base_url: str = field(default=DEFAULT_BASE_URL, metadata=_read_from("FIELDWORK_BASE_URL"))
    proxies: int = field(default=0, metadata=_read_from("FIELDWORK_PROXIES"))
    secure_cookies: bool = field(default=False, metadata=_read_from("FIELDWORK_SECURE_COOKIES"))
    broker_url: str = field(default="", metadata=_read_from("FIELDWORK_BROKER_URL"))
    feed_days_after_visit: int = field(default=30, metadata=_read_from("FIELDWORK_FEED_DAYS_AFTER_VISIT"))
    job_lost_seconds: float = field(default=30.0, metadata=_read_from("FIELDWORK_JOB_LOST_SECONDS"))
    max_solve_seconds: int = field(default=600, metadata=_read_from("FIELDWORK_MAX_SOLVE_SECONDS"))
    max_concurrent_solves: int = field(default=2, metadata=_read_from("FIELDWORK_MAX_CONCURRENT_SOLVES"))
    job_heartbeat_seconds: float = field(default=2.0, metadata=_read_from("FIELDWORK_JOB_HEARTBEAT_SECONDS"))
    mail_send_seconds: float | None = field(default=None, metadata=_read_from("FIELDWORK_MAIL_SEND_SECONDS"))
    mail_max_attempts: int = field(default=8, metadata=_read_from("FIELDWORK_MAIL_MAX_ATTEMPTS"))
    cpsat: Mapping[str, str] = field(default_factory=dict, metadata=_read_from("FIELDWORK_CPSAT"))

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The settings from `environ` (the process's environment when None); unset means default."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for setting in fields(cls):
            variable = setting.metadata["variable"]
            text = environ.get(variable, "").strip()
            if text:
                values[setting.name] = _READERS[setting.name](variable, text, environ)
        return cls(**values)

    def connect_url(self, instance: str | os.PathLike[str] | None = None) -> str:
        """DATABASE_URL, else the SQLite file in `instance` (this settings' instance folder by default)."""
        return database_url(self.instance if instance is None else instance, self.database_url)


def setting_variables() -> dict[str, str]:
    """Each setting's field name by its environment variable, in the order of the table."""
    return {setting.metadata["variable"]: setting.name for setting in fields(Settings)}


Reader = Callable[[str, str, Mapping[str, str]], Any]


def _text(variable: str, text: str, _environ: Mapping[str, str]) -> str:
    return text


def _path(variable: str, text: str, _environ: Mapping[str, str]) -> Path:
    return Path(text)


def _whole_number(minimum: int) -> Reader:
    def read(variable: str, text: str, _environ: Mapping[str, str]) -> int:
        if not text.isdigit() or int(text) < minimum:
            raise SettingsError(f"{variable}={text!r}: give a whole number of at least {minimum}")
        return int(text)

    return read


def _seconds(variable: str, text: str, _environ: Mapping[str, str]) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0.0
    if not seconds > 0 or seconds == float("inf"):
        raise SettingsError(f"{variable}={text!r}: give a number of seconds above 0, e.g. 30")
    return seconds


def _switch(variable: str, text: str, _environ: Mapping[str, str]) -> bool:
    word = text.lower()
    if word not in _TRUE | _FALSE:
        raise SettingsError(f"{variable}={text!r}: give 1 (on) or 0 (off)")
    return word in _TRUE


def _url(*schemes: str) -> Reader:
    def read(variable: str, text: str, _environ: Mapping[str, str]) -> str:
        if not text.lower().startswith(schemes):
            raise SettingsError(f"{variable}={text!r}: give a URL starting {' or '.join(schemes)}")
        return text

    return read


def _cpsat(variable: str, text: str, _environ: Mapping[str, str]) -> dict[str, str]:
    try:
        return environment_overrides({variable: text})
    except SolverSettingsError as error:
        raise CpsatSettingsError(str(error)) from None


_READERS: dict[str, Reader] = {
    "instance": _path,
    "database_url": _text,
    "secret_key": _text,
    "smtp_url": _text,  # the mail module reads it and names what is wrong with it
    "base_url": _url("http://", "https://"),
    "broker_url": _text,
    "proxies": _whole_number(0),
    "secure_cookies": _switch,
    "feed_days_after_visit": _whole_number(1),
    "job_lost_seconds": _seconds,
    "max_solve_seconds": _whole_number(1),
    "max_concurrent_solves": _whole_number(1),
    "job_heartbeat_seconds": _seconds,
    "mail_send_seconds": _seconds,
    "mail_max_attempts": _whole_number(1),
    "cpsat": _cpsat,
}
