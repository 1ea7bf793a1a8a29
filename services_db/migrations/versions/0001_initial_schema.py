"""Initial knowledge-base schema.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _timestamps() -> list[sa.Column]:
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    ]


def _editable() -> list[sa.Column]:
    """Columns the admin's publishing workflow relies on (status, origin, optimistic lock)."""
    return [
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "departments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_departments")),
        sa.UniqueConstraint("name", name=op.f("uq_departments_name")),
    )
    op.create_table(
        "hotlines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(40), nullable=False),
        sa.Column("label", sa.String(200), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hotlines")),
        sa.UniqueConstraint("number", name=op.f("uq_hotlines_number")),
    )
    op.create_table(
        "dictionary_terms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("term", sa.String(100), nullable=False),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dictionary_terms")),
        sa.UniqueConstraint("term", name=op.f("uq_dictionary_terms_term")),
    )
    kb_meta = op.create_table(
        "kb_meta",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("seed_hash", sa.String(64), nullable=True),
        sa.Column("seeded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kb_meta")),
    )
    op.bulk_insert(kb_meta, [{"id": 1, "revision": 0}])
    op.create_table(
        "synonyms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("canonical", sa.String(100), nullable=False),
        sa.Column("variant", sa.String(100), nullable=False),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_synonyms")),
        sa.UniqueConstraint("canonical", "variant", name="uq_synonyms_canonical_variant"),
    )
    op.create_index(op.f("ix_synonyms_canonical"), "synonyms", ["canonical"])
    op.create_table(
        "categories",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("covers", sa.Text(), nullable=False),
        sa.Column("department_text", sa.String(300), nullable=False),
        sa.Column("hotline_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["hotline_id"], ["hotlines.id"], name=op.f("fk_categories_hotline_id_hotlines")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_categories")),
    )
    op.create_table(
        "category_departments",
        sa.Column("category_id", sa.String(64), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["category_id"], ["categories.id"], ondelete="CASCADE",
                                name=op.f("fk_category_departments_category_id_categories")),
        sa.ForeignKeyConstraint(["department_id"], ["departments.id"], ondelete="CASCADE",
                                name=op.f("fk_category_departments_department_id_departments")),
        sa.PrimaryKeyConstraint("category_id", "department_id", name=op.f("pk_category_departments")),
    )
    op.create_table(
        "services",
        *_timestamps(),
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("category_id", sa.String(64), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("applicant_type", sa.String(100), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("conditions", sa.JSON(), nullable=False),
        sa.Column("materials", sa.JSON(), nullable=False),
        sa.Column("steps", sa.JSON(), nullable=False),
        sa.Column("fee", sa.Text(), nullable=False),
        sa.Column("statutory_time_limit", sa.Text(), nullable=False),
        sa.Column("promised_time_limit", sa.Text(), nullable=False),
        sa.Column("channels", sa.JSON(), nullable=False),
        sa.Column("locations", sa.JSON(), nullable=False),
        sa.Column("hotline_id", sa.Integer(), nullable=True),
        sa.Column("legal_basis", sa.JSON(), nullable=False),
        sa.Column("source_url", sa.Text(), nullable=False),
        sa.Column("source_note", sa.Text(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=True),
        sa.Column("last_verified", sa.Date(), nullable=True),
        sa.Column("unverified", sa.JSON(), nullable=False),
        *_editable(),
        sa.ForeignKeyConstraint(["category_id"], ["categories.id"], name=op.f("fk_services_category_id_categories")),
        sa.ForeignKeyConstraint(["department_id"], ["departments.id"],
                                name=op.f("fk_services_department_id_departments")),
        sa.ForeignKeyConstraint(["hotline_id"], ["hotlines.id"], name=op.f("fk_services_hotline_id_hotlines")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_services")),
    )
    op.create_index(op.f("ix_services_category_id"), "services", ["category_id"])
    op.create_index(op.f("ix_services_status"), "services", ["status"])
    op.create_table(
        "faqs",
        *_timestamps(),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.String(64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("aspect", sa.String(16), nullable=False),
        sa.Column("questions", sa.JSON(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("senior_answer", sa.Text(), nullable=False),
        *_editable(),
        sa.ForeignKeyConstraint(["service_id"], ["services.id"], ondelete="CASCADE",
                                name=op.f("fk_faqs_service_id_services")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_faqs")),
        sa.UniqueConstraint("service_id", "position", name="uq_faqs_service_position"),
    )
    op.create_index(op.f("ix_faqs_service_id"), "faqs", ["service_id"])
    op.create_index(op.f("ix_faqs_status"), "faqs", ["status"])


def downgrade() -> None:
    for table in ("faqs", "services", "category_departments", "categories", "synonyms",
                  "kb_meta", "dictionary_terms", "hotlines", "departments"):
        op.drop_table(table)
