"""Where the app's settings come from: defaults, then the environment, then the caller's dict."""

from __future__ import annotations

import os
import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import Flask


def utc_now() -> datetime:
    return datetime.now(UTC)


def instance_dir(config: dict[str, Any] | None) -> str:
    chosen = (config or {}).get("INSTANCE_PATH") or os.environ.get("FIELDWORK_INSTANCE") or "instance"
    return str(Path(chosen).resolve())


def configure(app: Flask, config: dict[str, Any] | None) -> None:
    """Fill app.config; the caller's dict wins over the environment, which wins over defaults."""
    overrides = dict(config or {})
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.update(
        DATABASE_URL=os.environ.get("DATABASE_URL") or _default_database_url(app.instance_path),
        MIGRATE_ON_START=True,
        CLOCK=utc_now,
        MAX_CONTENT_LENGTH=8 * 1024 * 1024,  # uploads are visit files and spreadsheets, never large
        DEFAULT_SOLVE_SECONDS=30,
        FEED_DAYS_AFTER_VISIT=_whole_number("FIELDWORK_FEED_DAYS_AFTER_VISIT", 30),
        # The longest solve a page may ask for, and how many solves run at once in this process
        # (the in-process runner; with workers, each worker's --concurrency is its cap).
        MAX_SOLVE_SECONDS=_whole_number("FIELDWORK_MAX_SOLVE_SECONDS", 600),
        MAX_CONCURRENT_SOLVES=_whole_number("FIELDWORK_MAX_CONCURRENT_SOLVES", 2),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
    )
    app.config.update(overrides)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = os.environ.get("SECRET_KEY") or _instance_secret(app.instance_path)


def _whole_number(variable: str, default: int) -> int:
    """A positive whole number from the environment, or a start-up error that names the variable."""
    text = os.environ.get(variable, "").strip()
    if not text:
        return default
    if not text.isdigit() or int(text) < 1:
        raise ValueError(f"{variable}={text!r}: give a whole number of at least 1")
    return int(text)


def _default_database_url(instance: str) -> str:
    from scheduler.db.engine import database_url

    return database_url(instance)


def _instance_secret(instance: str) -> str:
    """Generate the key once and keep it, so that logins survive a restart."""
    path = Path(instance) / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
