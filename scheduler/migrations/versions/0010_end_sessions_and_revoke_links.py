"""End every session of an account at logout, and revoke invite response links.

``users.session_nonce`` is part of the id a login cookie carries: logging out or changing the
password draws a new one, so every cookie issued before stops working on the server's word,
whoever holds a copy. Existing accounts get a nonce of their own here (their current cookies,
which carry no nonce, end with the upgrade). ``invite_ledger.rsvp_revoked_at`` marks an invite's
accept/decline links revoked, like the availability and feed links' own revocation.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("session_nonce", sa.String(length=64), nullable=False, server_default="")
        )
    connection = op.get_bind()
    for (user_id,) in connection.execute(sa.text("SELECT id FROM users")).all():
        connection.execute(
            sa.text("UPDATE users SET session_nonce = :nonce WHERE id = :id"),
            {"nonce": secrets.token_urlsafe(16), "id": user_id},
        )
    with op.batch_alter_table("invite_ledger", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rsvp_revoked_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("invite_ledger", schema=None) as batch_op:
        batch_op.drop_column("rsvp_revoked_at")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("session_nonce")
