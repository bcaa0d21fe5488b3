"""Add the invite ledger (every calendar message queued per person, with its RSVP answer) and the
outbox's calendar method for iMIP invites.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox_emails", schema=None) as batch_op:
        batch_op.add_column(sa.Column("calendar_method", sa.String(length=20), nullable=True))

    op.create_table(
        "invite_ledger",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("version_number", sa.Integer(), nullable=False),
        sa.Column("recipient_kind", sa.String(length=20), nullable=False),
        sa.Column("recipient_key", sa.String(length=100), nullable=False),
        sa.Column("recipient_name", sa.String(length=300), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("session", sa.String(length=100), nullable=False),
        sa.Column("event", sa.String(length=20), nullable=False),
        sa.Column("uid", sa.String(length=200), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.Column("outbox_id", sa.Integer(), nullable=True),
        sa.Column("queued_at", sa.DateTime(), nullable=False),
        sa.Column("rsvp_token_hash", sa.String(length=64), nullable=True),
        sa.Column("rsvp", sa.String(length=20), nullable=False),
        sa.Column("rsvp_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["visits.id"], name=op.f("fk_invite_ledger_visit_id_visits"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invite_ledger")),
        sa.UniqueConstraint("rsvp_token_hash", name=op.f("uq_invite_ledger_rsvp_token_hash")),
    )
    with op.batch_alter_table("invite_ledger", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_invite_ledger_visit_id"), ["visit_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_invite_ledger_uid"), ["uid"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("invite_ledger", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invite_ledger_uid"))
        batch_op.drop_index(batch_op.f("ix_invite_ledger_visit_id"))
    op.drop_table("invite_ledger")
    with op.batch_alter_table("outbox_emails", schema=None) as batch_op:
        batch_op.drop_column("calendar_method")
