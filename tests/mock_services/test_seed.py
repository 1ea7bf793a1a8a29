"""Seed data: deterministic, reseedable, masked, and consistent with shared conventions."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import yaml
from sqlalchemy import delete, select

from mock_services.catalogue import DISTRICTS, TICKET_CATEGORIES
from mock_services.db import make_engine, prepare
from mock_services.demo_data import HALLS, PERSONAS, SERVICES
from mock_services.models import Application, Appointment, Base, Persona, Ticket, Vehicle

from .conftest import SEED_DAY

CATEGORIES_YML = Path(__file__).resolve().parents[2] / "services_db" / "seed" / "categories.yml"


def dump(url: str) -> dict[str, list[tuple]]:
    """Every row of every mock table, by table name."""
    engine = make_engine(url)
    with engine.connect() as connection:
        tables = {table.name: sorted(map(tuple, connection.execute(select(table))), key=repr)
                  for table in Base.metadata.sorted_tables}
    engine.dispose()
    return tables


def test_same_seed_day_gives_identical_data(tmp_path: Path, db_url: str) -> None:
    other = f"sqlite:///{tmp_path / 'again.db'}"
    prepare(make_engine(other), SEED_DAY)
    assert dump(other) == dump(db_url)
    shifted = f"sqlite:///{tmp_path / 'later.db'}"
    prepare(make_engine(shifted), date(2027, 3, 1))
    assert dump(shifted)["mock_contributions"] != dump(db_url)["mock_contributions"]


def test_prepare_keeps_existing_data_and_reset_reseeds(db_url: str) -> None:
    engine = make_engine(db_url)
    with engine.begin() as connection:
        connection.execute(delete(Appointment))
    assert prepare(engine, SEED_DAY) is False
    with engine.connect() as connection:
        assert connection.execute(select(Appointment)).first() is None
    assert prepare(engine, SEED_DAY, reset=True) is True
    with engine.connect() as connection:
        assert len(connection.execute(select(Appointment)).all()) == 2
        assert len(connection.execute(select(Persona)).all()) == len(PERSONAS)
    engine.dispose()


def test_no_full_phone_or_id_number_is_stored(db_url: str) -> None:
    text_dump = repr(dump(db_url))
    assert not re.search(r"(?<!\d)1[3-9]\d{9}(?!\d)", text_dump)
    assert not re.search(r"(?<!\d)\d{17}[\dX](?!\d)", text_dump)


def test_numbers_follow_the_conventions(db_url: str) -> None:
    engine = make_engine(db_url)
    with engine.connect() as connection:
        def column(attribute) -> list[str]:
            return list(connection.execute(select(attribute)).scalars())
        tickets, applications = column(Ticket.number), column(Application.number)
        appointments, plates = column(Appointment.number), column(Vehicle.plate)
    engine.dispose()
    assert tickets and applications and appointments and plates
    assert all(re.fullmatch(r"MS\d{12}", n) for n in tickets)
    assert all(re.fullmatch(r"SB\d{14}", n) for n in applications)
    assert all(re.fullmatch(r"YY\d{10}", n) for n in appointments)
    assert all(re.fullmatch(r"粤[A-Z][A-Z0-9]{5,6}", plate) for plate in plates)


def test_categories_exist_in_the_shared_category_list() -> None:
    known = {c["id"] for c in yaml.safe_load(CATEGORIES_YML.read_text(encoding="utf-8"))["categories"]}
    used = {c.service_category for c in TICKET_CATEGORIES} | {category for _, _, category, _ in SERVICES}
    used |= {a.category for p in PERSONAS for a in p.applications}
    assert used <= known, used - known


def test_halls_cover_every_district_and_offer_known_services() -> None:
    assert {hall[2] for hall in HALLS} == set(DISTRICTS)
    codes = {code for code, *_ in SERVICES}
    for hall in HALLS:
        assert set(hall[6].split(",")) <= codes, hall[0]
