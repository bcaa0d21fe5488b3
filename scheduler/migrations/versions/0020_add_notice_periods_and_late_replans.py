"""Re-planning during the visit: a notice period per visit, and what a solve job keeps frozen.

``visits.notice_minutes`` is how long before a session starts it may still be moved by a re-plan
"from now" (default two hours). A solve job records the moment before which the plan it keeps
stays as it is (``frozen_before``, "YYYY-MM-DD HH:MM" in the visit's time), and for "the day
runs late" by how many minutes the rest of that day is first shifted (``late_minutes``).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.add_column(sa.Column("notice_minutes", sa.Integer(), nullable=False, server_default="120"))
    with op.batch_alter_table("solve_jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("frozen_before", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("late_minutes", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("solve_jobs", schema=None) as batch_op:
        batch_op.drop_column("late_minutes")
        batch_op.drop_column("frozen_before")
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.drop_column("notice_minutes")
