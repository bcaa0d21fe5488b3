"""The migrations form one straight line, so every database upgrades to the same schema."""

from __future__ import annotations

from alembic.script import ScriptDirectory

from scheduler.db.engine import alembic_config


def test_the_migrations_have_exactly_one_head():
    scripts = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert len(scripts.get_heads()) == 1, scripts.get_heads()


def test_every_migration_but_the_first_follows_exactly_one_other():
    scripts = ScriptDirectory.from_config(alembic_config("sqlite://"))
    revisions = list(scripts.walk_revisions())
    roots = [revision.revision for revision in revisions if revision.down_revision is None]
    assert roots == ["0001"]
    assert all(isinstance(r.down_revision, str) for r in revisions if r.down_revision is not None)
