"""Teams, line managers, supporters, people's daily caps, video links and supporters in timetables.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "teams",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("max_away", sa.Integer(), nullable=True),
        sa.Column("frontline", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["visit_id"], ["visits.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("visit_id", "name"),
    )
    with op.batch_alter_table("teams", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_teams_visit_id"), ["visit_id"], unique=False)
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("manager", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("supporters", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("max_sessions_per_day", sa.Integer(), nullable=True))
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("video_link", sa.Text(), nullable=True))
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("support", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.drop_column("support")
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.drop_column("video_link")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_column("max_sessions_per_day")
        batch_op.drop_column("supporters")
        batch_op.drop_column("manager")
    with op.batch_alter_table("teams", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_teams_visit_id"))
    op.drop_table("teams")
