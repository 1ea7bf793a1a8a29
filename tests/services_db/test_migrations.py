"""A database created by an older release upgrades in place, keeping its content."""
from __future__ import annotations

from alembic import command
from sqlalchemy import text
from sqlalchemy.engine import Engine

from services_db.db import make_engine
from services_db.migrate import alembic_config, is_current, upgrade
from services_db.seeding import seed_database


def _at_first_release(engine: Engine) -> None:
    config = alembic_config(engine)
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")


def test_upgrade_from_the_first_schema_keeps_seeded_rows(db_url: str, seed_dir) -> None:  # noqa: ANN001
    engine = make_engine(db_url)
    try:
        _at_first_release(engine)
        with engine.begin() as conn:  # content as the first release stored it
            conn.execute(text("INSERT INTO categories (id, name, covers, department_text, position) "
                              "VALUES ('tax', '税务', '个税', '税务局', 1)"))
            conn.execute(text(
                "INSERT INTO services (id, name, aliases, category_id, applicant_type, summary, conditions, "
                "materials, steps, fee, statutory_time_limit, promised_time_limit, channels, locations, "
                "legal_basis, source_url, source_note, unverified, status, origin, version) VALUES "
                "('iit', '个人所得税汇算', '[]', 'tax', '自然人', '', '[]', '[]', '[]', '免费', '', '', '{}', "
                "'[]', '[]', '', '', '[]', 'published', 'seed', 1)"))
        upgrade(engine)  # categories is referenced by other tables: must not be rebuilt
        assert is_current(engine)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT name FROM categories WHERE id = 'tax'")).scalar_one() == "税务"
        seed_database(engine, seed_dir)  # and the new release's seed loads on top
    finally:
        engine.dispose()
