"""Database schema of the service knowledge base (SQLAlchemy 1.4, 2.0 style).

One ``services`` row is one official 办事指南; list-like guide fields are JSON
so one row can be reviewed and edited as a whole by staff.  ``status`` and
``version`` exist on services and FAQs for the admin: only ``published`` rows
are visible to citizens, and ``version`` is SQLAlchemy's optimistic-locking
column (a stale save raises ``StaleDataError`` instead of overwriting a
colleague's edit).  ``kb_meta`` holds the revision number every published edit
bumps; the retrieval index rebuilds when it changes.
"""
from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import declarative_base, relationship

STATUSES = ("draft", "published", "retired")
ASPECTS = ("general", "conditions", "materials", "fee", "time", "where", "how", "hotline")

# Stable constraint names so Alembic migrations work the same on SQLite and PostgreSQL.
metadata = MetaData(naming_convention={
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})
Base = declarative_base(metadata=metadata)


class _Timestamped:
    """Creation and last-change times, for the admin's history and for audits."""

    created_at = Column(DateTime(timezone=True), nullable=False, server_default=func.now())
    updated_at = Column(DateTime(timezone=True), nullable=False, server_default=func.now(), onupdate=func.now())


class KbMeta(Base):
    """Single row (id = 1): the published revision and the hash of the last seed."""

    __tablename__ = "kb_meta"
    id = Column(Integer, primary_key=True)
    revision = Column(Integer, nullable=False, default=0)
    seed_hash = Column(String(64))
    seeded_at = Column(DateTime(timezone=True))
    updated_at = Column(DateTime(timezone=True), nullable=False, server_default=func.now(), onupdate=func.now())


class Department(Base):
    __tablename__ = "departments"
    id = Column(Integer, primary_key=True)
    name = Column(String(200), nullable=False, unique=True)


class Hotline(Base):
    __tablename__ = "hotlines"
    id = Column(Integer, primary_key=True)
    number = Column(String(40), nullable=False, unique=True)
    label = Column(String(200))


category_departments = Table(
    "category_departments",
    metadata,
    Column("category_id", String(64), ForeignKey("categories.id", ondelete="CASCADE"), primary_key=True),
    Column("department_id", Integer, ForeignKey("departments.id", ondelete="CASCADE"), primary_key=True),
)


class Category(Base):
    __tablename__ = "categories"
    id = Column(String(64), primary_key=True)
    name = Column(String(100), nullable=False)
    covers = Column(Text, nullable=False, default="")
    department_text = Column(String(300), nullable=False, default="")
    hotline_id = Column(Integer, ForeignKey("hotlines.id"))
    position = Column(Integer, nullable=False, default=0)
    # word → weight (1.0 a clear word of the domain, 0.5 an ambiguous one): routes questions
    # that no service answers to the category (docs/knowledge_base.md, "Category routing")
    keywords = Column(JSON, nullable=False, default=dict, server_default=text("'{}'"))

    hotline = relationship(Hotline, lazy="joined")
    departments = relationship(Department, secondary=category_departments)


class Service(_Timestamped, Base):
    __tablename__ = "services"
    id = Column(String(64), primary_key=True)
    name = Column(String(200), nullable=False)
    aliases = Column(JSON, nullable=False, default=list)
    category_id = Column(String(64), ForeignKey("categories.id"), nullable=False, index=True)
    department_id = Column(Integer, ForeignKey("departments.id"))
    applicant_type = Column(String(100), nullable=False, default="")
    summary = Column(Text, nullable=False, default="")
    conditions = Column(JSON, nullable=False, default=list)
    materials = Column(JSON, nullable=False, default=list)
    steps = Column(JSON, nullable=False, default=list)
    fee = Column(Text, nullable=False, default="")
    statutory_time_limit = Column(Text, nullable=False, default="")
    promised_time_limit = Column(Text, nullable=False, default="")
    channels = Column(JSON, nullable=False, default=dict)
    locations = Column(JSON, nullable=False, default=list)
    hotline_id = Column(Integer, ForeignKey("hotlines.id"))
    legal_basis = Column(JSON, nullable=False, default=list)
    source_url = Column(Text, nullable=False, default="")
    source_note = Column(Text, nullable=False, default="")
    effective_from = Column(Date)
    last_verified = Column(Date)
    unverified = Column(JSON, nullable=False, default=list)
    status = Column(String(16), nullable=False, default="draft", index=True)
    origin = Column(String(16), nullable=False, default="admin")  # "seed" rows are managed by `seed`
    version = Column(Integer, nullable=False, default=1)

    category = relationship(Category)
    department = relationship(Department)
    hotline = relationship(Hotline)
    faqs = relationship("Faq", back_populates="service", order_by="Faq.position",
                        cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}


class Faq(_Timestamped, Base):
    __tablename__ = "faqs"
    id = Column(Integer, primary_key=True)
    service_id = Column(String(64), ForeignKey("services.id", ondelete="CASCADE"), nullable=False, index=True)
    position = Column(Integer, nullable=False, default=0)
    aspect = Column(String(16), nullable=False, default="general")
    questions = Column(JSON, nullable=False, default=list)
    answer = Column(Text, nullable=False)
    senior_answer = Column(Text, nullable=False, default="")
    status = Column(String(16), nullable=False, default="draft", index=True)
    origin = Column(String(16), nullable=False, default="admin")
    version = Column(Integer, nullable=False, default=1)

    service = relationship(Service, back_populates="faqs")

    __table_args__ = (UniqueConstraint("service_id", "position", name="uq_faqs_service_position"),)
    __mapper_args__ = {"version_id_col": version}


class Synonym(Base):
    """``variant`` is a word citizens use for ``canonical`` (社宝 → 社会保险)."""

    __tablename__ = "synonyms"
    id = Column(Integer, primary_key=True)
    canonical = Column(String(100), nullable=False, index=True)
    variant = Column(String(100), nullable=False)
    origin = Column(String(16), nullable=False, default="admin")

    __table_args__ = (UniqueConstraint("canonical", "variant", name="uq_synonyms_canonical_variant"),)


class DictionaryTerm(Base):
    """A word the tokenizers must keep whole (i深圳, 港澳通行证)."""

    __tablename__ = "dictionary_terms"
    id = Column(Integer, primary_key=True)
    term = Column(String(100), nullable=False, unique=True)
    origin = Column(String(16), nullable=False, default="admin")


class LawArticle(Base):
    """One article of a law a guide cites, verbatim, with where its text was read (seed/laws.yml)."""

    __tablename__ = "law_articles"
    id = Column(Integer, primary_key=True)
    law_title = Column(String(200), nullable=False, index=True)  # the official name, as inside 《》
    number = Column(Integer, nullable=False)                       # 第十二条 → 12
    text = Column(Text, nullable=False)
    version = Column(Text, nullable=False, default="")             # 2011年10月29日修正
    source = Column(Text, nullable=False, default="")              # repo/path@commit of the text
    origin = Column(String(16), nullable=False, default="admin")

    __table_args__ = (UniqueConstraint("law_title", "number", name="uq_law_articles_law_title"),)
