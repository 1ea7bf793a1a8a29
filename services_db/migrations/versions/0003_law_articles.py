"""Law articles: the verbatim texts the guides cite (seed/laws.yml), shown with the guide.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "law_articles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("law_title", sa.String(200), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("version", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_law_articles")),
        sa.UniqueConstraint("law_title", "number", name="uq_law_articles_law_title"),
    )
    op.create_index(op.f("ix_law_articles_law_title"), "law_articles", ["law_title"])


def downgrade() -> None:
    op.drop_index(op.f("ix_law_articles_law_title"), table_name="law_articles")
    op.drop_table("law_articles")
