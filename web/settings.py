"""Where the app's settings come from: defaults, then the environment's Settings, then the caller's dict.

This is the one place app.config is filled from `scheduler.settings.Settings`; the rest of the
web app reads app.config.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import Flask

from scheduler.settings import Settings

DEFAULT_MAIL_SECONDS = 5.0  # the web process's mail thread; workers default to 30 s


def utc_now() -> datetime:
    return datetime.now(UTC)


def instance_dir(config: dict[str, Any] | None, settings: Settings) -> str:
    chosen = (config or {}).get("INSTANCE_PATH") or settings.instance
    return str(Path(chosen).resolve())


def configure(app: Flask, config: dict[str, Any] | None, settings: Settings) -> None:
    """Fill app.config; the caller's dict wins over the environment, which wins over defaults."""
    overrides = dict(config or {})
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.update(
        DATABASE_URL=settings.connect_url(app.instance_path),
        MIGRATE_ON_START=True,
        CLOCK=utc_now,
        MAX_CONTENT_LENGTH=8 * 1024 * 1024,  # uploads are visit files and spreadsheets, never large
        DEFAULT_SOLVE_SECONDS=30,
        FEED_DAYS_AFTER_VISIT=settings.feed_days_after_visit,
        # The longest solve a page may ask for, and how many solves run at once in this process
        # (the in-process runner; with workers, each worker's --concurrency is its cap).
        MAX_SOLVE_SECONDS=settings.max_solve_seconds,
        MAX_CONCURRENT_SOLVES=settings.max_concurrent_solves,
        JOB_LOST_SECONDS=settings.job_lost_seconds,
        JOB_HEARTBEAT_SECONDS=settings.job_heartbeat_seconds,
        CPSAT=dict(settings.cpsat),
        BROKER_URL=settings.broker_url,
        SMTP_URL=settings.smtp_url,
        # Links in emails the mail round writes on its own (milestone reminders).
        BASE_URL=settings.base_url,
        MAIL_SEND_SECONDS=settings.mail_send_seconds or DEFAULT_MAIL_SECONDS,
        # How often an open control page ("On the day") fetches the board again.
        BOARD_REFRESH_SECONDS=30,
        MAIL_MAX_ATTEMPTS=settings.mail_max_attempts,
        PROXIES=settings.proxies,
        # None leaves it to SESSION_COOKIE_SECURE (see web/security.py).
        SECURE_COOKIES=True if settings.secure_cookies else None,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
    )
    app.config.update(overrides)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = settings.secret_key or _instance_secret(app.instance_path)


def _instance_secret(instance: str) -> str:
    """Generate the key once and keep it, so that logins survive a restart."""
    path = Path(instance) / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
