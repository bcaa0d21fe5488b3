"""Add asking for availability (settings, requests and reminders sent, assessors' change
requests) and the case tracking list with reserves.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "availability_settings",
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("unanswered_as", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visits.id"],
            name=op.f("fk_availability_settings_visit_id_visits"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("visit_id", name=op.f("pk_availability_settings")),
    )
    op.create_table(
        "availability_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("who_kind", sa.String(length=20), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visits.id"],
            name=op.f("fk_availability_requests_visit_id_visits"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_availability_requests")),
    )
    with op.batch_alter_table("availability_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_availability_requests_visit_id"), ["visit_id"], unique=False)
    op.create_table(
        "assessor_change_requests",
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("assessor_key", sa.String(length=100), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["change_requests.id"],
            name=op.f("fk_assessor_change_requests_request_id_change_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("request_id", name=op.f("pk_assessor_change_requests")),
    )
    op.create_table(
        "case_tracking_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("person_key", sa.String(length=100), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("consent", sa.String(length=10), nullable=False),
        sa.Column("consent_date", sa.String(length=10), nullable=True),
        sa.Column("support", sa.JSON(), nullable=False),
        sa.Column("setting", sa.String(length=20), nullable=False),
        sa.Column("session_key", sa.String(length=100), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visits.id"],
            name=op.f("fk_case_tracking_entries_visit_id_visits"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_tracking_entries")),
        sa.UniqueConstraint("visit_id", "person_key", name=op.f("uq_case_tracking_entries_visit_id_person_key")),
    )
    with op.batch_alter_table("case_tracking_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_tracking_entries_visit_id"), ["visit_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("case_tracking_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_tracking_entries_visit_id"))
    op.drop_table("case_tracking_entries")
    op.drop_table("assessor_change_requests")
    with op.batch_alter_table("availability_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_availability_requests_visit_id"))
    op.drop_table("availability_requests")
    op.drop_table("availability_settings")
