"""The days on site: each session's record (held, running late, room freed, no-shows), and the
visit's milestones before it (dates set by coordinators, reminders sent).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "session_progress",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("session", sa.String(length=100), nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("late_minutes", sa.Integer(), nullable=False),
        sa.Column("room_freed", sa.Boolean(), nullable=False),
        sa.Column("no_shows", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["visit_id"], ["visits.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["updated_by"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("visit_id", "session"),
    )
    op.create_index("ix_session_progress_visit_id", "session_progress", ["visit_id"])
    op.create_table(
        "milestones",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("due", sa.String(length=10), nullable=True),
        sa.Column("reminded_for", sa.String(length=10), nullable=True),
        sa.Column("reminded_at", sa.DateTime(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["visit_id"], ["visits.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("visit_id", "kind"),
    )
    op.create_index("ix_milestones_visit_id", "milestones", ["visit_id"])


def downgrade() -> None:
    op.drop_index("ix_milestones_visit_id", table_name="milestones")
    op.drop_table("milestones")
    op.drop_index("ix_session_progress_visit_id", table_name="session_progress")
    op.drop_table("session_progress")
