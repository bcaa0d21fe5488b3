"""Home visits and pen profiles the assessors write themselves.

A case-tracking conversation held at the person's home keeps the home's address and the
assessors' travel minutes to it beside the case-tracking entry (never in the visit itself, which
exports and shared pages read). An assessor's pen profile records when they last wrote it
through their own link, so readiness can show who has not.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("case_tracking_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("home_address", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("home_travel_minutes", sa.Integer(), nullable=True))
    with op.batch_alter_table("assessors", schema=None) as batch_op:
        batch_op.add_column(sa.Column("profile_written_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("assessors", schema=None) as batch_op:
        batch_op.drop_column("profile_written_at")
    with op.batch_alter_table("case_tracking_entries", schema=None) as batch_op:
        batch_op.drop_column("home_travel_minutes")
        batch_op.drop_column("home_address")
