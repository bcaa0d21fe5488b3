"""Teams in the browser and the coverage page: a team's limit as a share, a default daily cap
for staff, the themes a visit must cover and the tags of its sessions.

None of these is in the visit format: they are the app's own data and leave the files unchanged.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.add_column(sa.Column("staff_max_sessions_per_day", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("coverage_themes", sa.JSON(), nullable=True))
    with op.batch_alter_table("teams", schema=None) as batch_op:
        batch_op.add_column(sa.Column("max_away_percent", sa.Integer(), nullable=True))
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tags", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.drop_column("tags")
    with op.batch_alter_table("teams", schema=None) as batch_op:
        batch_op.drop_column("max_away_percent")
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.drop_column("coverage_themes")
        batch_op.drop_column("staff_max_sessions_per_day")
