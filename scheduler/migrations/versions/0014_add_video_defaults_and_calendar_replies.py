"""A visit's default video link, and replies that calendar apps send to invites.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.add_column(sa.Column("default_video_link", sa.Text(), nullable=True))
    op.create_table(
        "calendar_replies",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("visit_id", sa.Integer(), sa.ForeignKey("visits.id", ondelete="CASCADE"), nullable=True),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("sender", sa.String(320), nullable=False),
        sa.Column("subject", sa.String(500), nullable=False),
        sa.Column("method", sa.String(20), nullable=False),
        sa.Column("uid", sa.String(200), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=True),
        sa.Column("partstat", sa.String(20), nullable=False),
        sa.Column("session", sa.String(100), nullable=False),
        sa.Column("recipient_name", sa.String(300), nullable=False),
        sa.Column("proposed", sa.Text(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
    )
    op.create_index("ix_calendar_replies_visit_id", "calendar_replies", ["visit_id"])


def downgrade() -> None:
    op.drop_index("ix_calendar_replies_visit_id", table_name="calendar_replies")
    op.drop_table("calendar_replies")
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.drop_column("default_video_link")
