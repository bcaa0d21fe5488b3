"""Keep spreadsheets uploaded for import parsed, in the database, until committed or a day old.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "import_uploads",
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("table", sa.JSON(), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_import_uploads_user_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["visits.id"], name=op.f("fk_import_uploads_visit_id_visits"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("token", name=op.f("pk_import_uploads")),
    )
    with op.batch_alter_table("import_uploads", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_import_uploads_uploaded_at"), ["uploaded_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_import_uploads_visit_id"), ["visit_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("import_uploads", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_uploads_visit_id"))
        batch_op.drop_index(batch_op.f("ix_import_uploads_uploaded_at"))
    op.drop_table("import_uploads")
