"""Alembic environment: runs the migrations against ``sqlalchemy.url`` of the configuration.

``scheduler.db.engine.upgrade_database`` builds that configuration in code; the alembic.ini
beside this file serves the ``alembic`` command line, reading ``DATABASE_URL``.
"""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext

import scheduler.db  # noqa: F401  (registers every model on Base.metadata)
from scheduler.db.base import Base, UTCDateTime
from scheduler.db.engine import make_engine
from scheduler.settings import Settings

config = context.config
target_metadata = Base.metadata


def render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """Write our UTC timestamp type as a plain DateTime, so migrations never import app code."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False


def configured_url() -> str:
    # The app always passes its URL; a developer running `alembic` by hand gets DATABASE_URL's
    # (else the instance folder's SQLite file), as the app would.
    return config.get_main_option("sqlalchemy.url") or Settings.from_environment().connect_url()


def run_migrations_offline() -> None:
    context.configure(
        url=configured_url(), target_metadata=target_metadata, literal_binds=True, render_as_batch=True
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = make_engine(configured_url())
    try:
        with engine.connect() as connection:
            # Batch mode lets later migrations alter SQLite tables by copying them.
            context.configure(
                connection=connection,
                target_metadata=target_metadata,
                render_as_batch=True,
                render_item=render_item,
            )
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
