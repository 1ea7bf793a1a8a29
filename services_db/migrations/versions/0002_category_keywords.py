"""Category keywords: the vocabulary that routes questions no service answers.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN (SQLite supports it): a batch copy would have to drop
    # `categories`, which the services' foreign keys forbid.
    op.add_column("categories", sa.Column("keywords", sa.JSON(), server_default=sa.text("'{}'"), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("categories") as batch:
        batch.drop_column("keywords")
