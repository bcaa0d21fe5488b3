"""Where availability came from, versions planned from earlier data, and removed sessions.

People and assessors record where their availability came from (the file, their own answer, a
coordinator) and when; a timetable version records that the visit changed while it was being
planned; a removed session is kept as it was, so invites already sent for it can be cancelled.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for table in ("people", "assessors"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("available_source", sa.String(length=20), nullable=False, server_default="file")
            )
            batch_op.add_column(sa.Column("available_set_at", sa.DateTime(), nullable=True))
    # Answers given before this migration were written into the visit: say so.
    for table, who_kind in (("people", "person"), ("assessors", "assessor")):
        op.execute(
            sa.text(
                f"UPDATE {table} SET available_source = 'answer', available_set_at = ("
                "SELECT a.submitted_at FROM availability_answers a WHERE a.visit_id = "
                f"{table}.visit_id AND a.who_kind = :who_kind AND a.key = {table}.key) "
                "WHERE EXISTS (SELECT 1 FROM availability_answers a WHERE a.visit_id = "
                f"{table}.visit_id AND a.who_kind = :who_kind AND a.key = {table}.key)"
            ).bindparams(who_kind=who_kind)
        )
    with op.batch_alter_table("timetable_versions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("planned_from_earlier", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_table(
        "removed_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("definition", sa.JSON(), nullable=False),
        sa.Column("removed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visits.id"],
            name=op.f("fk_removed_sessions_visit_id_visits"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_removed_sessions")),
        sa.UniqueConstraint("visit_id", "key", name=op.f("uq_removed_sessions_visit_id_key")),
    )
    with op.batch_alter_table("removed_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_removed_sessions_visit_id"), ["visit_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("removed_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_removed_sessions_visit_id"))
    op.drop_table("removed_sessions")
    with op.batch_alter_table("timetable_versions", schema=None) as batch_op:
        batch_op.drop_column("planned_from_earlier")
    for table in ("assessors", "people"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("available_set_at")
            batch_op.drop_column("available_source")
