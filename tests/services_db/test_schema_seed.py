"""Schema, migrations and the idempotent seed, on SQLite and PostgreSQL."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from services_db.models import Category, Faq, KbMeta, LawArticle, Service, Synonym, metadata
from services_db.revision import bump_revision
from services_db.seed_files import PACKAGE_SEED_DIR
from services_db.seeding import seed_database


def _count(engine: Engine, column) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count(column))).scalar_one()


def _revision(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(KbMeta.revision)).scalar_one()


def _editable_copy(seed_dir: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "seed"
    shutil.copytree(seed_dir, copy)
    return copy


def test_migrations_create_exactly_the_models(engine: Engine) -> None:
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []
    assert _revision(engine) == 0


def test_seed_loads_every_service_faq_and_category(seeded_engine: Engine) -> None:
    assert _count(seeded_engine, Category.id) == 17
    assert _count(seeded_engine, Service.id) == 6
    assert _count(seeded_engine, Faq.id) == 19
    with Session(seeded_engine, future=True) as session:
        permit = session.get(Service, "residence_permit")
        assert permit.status == "published" and permit.category_id == "household_residence"
        assert permit.department.name == "深圳市公安局" and permit.hotline.number == "12345"
        assert permit.last_verified.isoformat() == "2026-11-26"
        assert "promised_time_limit" in permit.unverified
        assert [f.aspect for f in permit.faqs] == ["conditions", "how", "fee", "time"]
    assert _revision(seeded_engine) == 1


def test_reseeding_the_same_files_changes_nothing(seeded_engine: Engine, seed_dir: Path) -> None:
    report = seed_database(seeded_engine, seed_dir)
    assert not report.changed
    assert _count(seeded_engine, Service.id) == 6 and _count(seeded_engine, Faq.id) == 19
    assert _count(seeded_engine, Synonym.id) == 12
    assert _revision(seeded_engine) == 1


def test_reseeding_changed_files_updates_in_place_and_retires_removed(
        seeded_engine: Engine, seed_dir: Path, tmp_path: Path) -> None:
    edited = _editable_copy(seed_dir, tmp_path)
    path = edited / "services" / "exit_entry.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["services"][0]["faqs"][0]["answer"] = "往来港澳通行证（卡式）每证收费60元，以窗口公示为准。"
    del data["services"][1]  # hk_macao_endorsement leaves the seed
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    report = seed_database(seeded_engine, edited)

    assert report.changed and _revision(seeded_engine) == 2
    with Session(seeded_engine, future=True) as session:
        fee = session.scalars(select(Faq).where(Faq.service_id == "hk_macao_permit", Faq.position == 0)).one()
        assert fee.answer.endswith("以窗口公示为准。") and fee.version == 2
        assert session.get(Service, "hk_macao_endorsement").status == "retired"
    assert _count(seeded_engine, Faq.id) == 19  # updated and retired, never duplicated


def test_a_corrected_law_article_is_updated_in_place_and_a_dropped_one_removed(
        seeded_engine: Engine, seed_dir: Path, tmp_path: Path) -> None:
    edited = _editable_copy(seed_dir, tmp_path)
    laws = yaml.safe_load((PACKAGE_SEED_DIR / "laws.yml").read_text(encoding="utf-8"))
    id_law = next(law for law in laws["laws"] if law["title"] == "中华人民共和国居民身份证法")
    id_law["articles"]["第十二条"] += "（校对）"
    del id_law["articles"]["第二十一条"]
    (edited / "laws.yml").write_text(yaml.safe_dump(laws, allow_unicode=True), encoding="utf-8")
    with Session(seeded_engine, future=True) as session:
        before = session.scalars(select(LawArticle).where(LawArticle.number == 12,
                                                           LawArticle.law_title.like("%居民身份证法"))).one().id

    report = seed_database(seeded_engine, edited)

    assert report.changed
    with Session(seeded_engine, future=True) as session:
        articles = {a.number: a for a in session.scalars(
            select(LawArticle).where(LawArticle.law_title == "中华人民共和国居民身份证法"))}
        assert articles[12].text.endswith("（校对）") and articles[12].id == before
        assert 21 not in articles


def test_reseeding_leaves_rows_staff_created_alone(seeded_engine: Engine, seed_dir: Path) -> None:
    with Session(seeded_engine, future=True) as session, session.begin():
        session.add(Faq(service_id="residence_permit", position=10, aspect="where", origin="admin",
                        status="published", questions=["居住证在哪领", "去哪拿居住证", "居住证领取地点"],
                        answer="到社区居住登记服务站领取。", senior_answer="去社区服务站拿。"))
    seed_database(seeded_engine, seed_dir)
    with Session(seeded_engine, future=True) as session:
        staff = session.scalars(select(Faq).where(Faq.position == 10)).one()
        assert staff.status == "published" and staff.answer == "到社区居住登记服务站领取。"


def test_a_stale_edit_is_rejected_instead_of_overwriting(seeded_engine: Engine) -> None:
    """Two staff members open the same FAQ; the second save must not silently win."""
    first, second = Session(seeded_engine, future=True), Session(seeded_engine, future=True)
    query = select(Faq).where(Faq.service_id == "residence_permit", Faq.aspect == "fee")
    mine, theirs = first.scalars(query).one(), second.scalars(query).one()
    mine.answer = "首次申领居住证免费，补领需交工本费。"
    bump_revision(first)
    first.commit()
    theirs.answer = "免费。"
    with pytest.raises(StaleDataError):
        second.commit()
    second.rollback()
    first.close()
    second.close()
    assert _revision(seeded_engine) == 2
