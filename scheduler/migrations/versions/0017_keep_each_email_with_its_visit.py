"""The outbox knows each email's visit, so a visit's coordinators can see what waits to be sent.

``visit_id`` names the visit an email belongs to (null for mail of no one visit); emails already
queued as invites get theirs from the invite ledger. ``body_private`` marks an email whose body
holds a secret meant for its recipient alone (a link to set a password): the outbox page shows
its subject and state, never its body.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox_emails", schema=None) as batch_op:
        batch_op.add_column(sa.Column("visit_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("body_private", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.create_index(batch_op.f("ix_outbox_emails_visit_id"), ["visit_id"], unique=False)
    op.execute(
        sa.text(
            "UPDATE outbox_emails SET visit_id = (SELECT MIN(invite_ledger.visit_id) FROM invite_ledger"
            " WHERE invite_ledger.outbox_id = outbox_emails.id) WHERE visit_id IS NULL"
        )
    )


def downgrade() -> None:
    with op.batch_alter_table("outbox_emails", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_emails_visit_id"))
        batch_op.drop_column("body_private")
        batch_op.drop_column("visit_id")
