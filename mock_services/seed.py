"""Writes the demo world (:mod:`mock_services.demo_data`) relative to one seed day.

Same seed day, same rows: numbers come from the same counters in the same
order, and nothing reads the real clock.
"""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import insert
from sqlalchemy.orm import Session

from mock_services.catalogue import INSURANCE_RATES, INSURANCE_TYPES, TICKET_CATEGORY_BY_ID
from mock_services.clock import at, month_add, month_of
from mock_services.demo_data import HALL_PHONE, HALLS, PERSONAS, SERVICES, PersonaSeed
from mock_services.models import (
    Application,
    ApplicationStep,
    BookableService,
    Contribution,
    Hall,
    HousingFundAccount,
    Persona,
    Vehicle,
    Violation,
)
from mock_services.numbering import next_number
from mock_services.routes.appointments import create_appointment
from mock_services.routes.halls import is_open
from mock_services.routes.tickets import create_ticket


def _first_day(month: str) -> date:
    return date.fromisoformat(f"{month}-01")


def _contributions(seed: PersonaSeed, this_month: str) -> list[dict]:
    rows = []
    for job in seed.jobs:
        for offset in range(job.first, job.last + 1):
            base = job.base_fen + job.yearly_raise_fen * ((offset - job.first) // 12)
            for kind in INSURANCE_TYPES:
                personal, employer = INSURANCE_RATES[kind]
                rows.append({
                    "persona_id": seed.id, "month": month_add(this_month, offset), "insurance_type": kind,
                    "employer": job.employer, "base_fen": base, "personal_fen": round(base * personal / 100),
                    "employer_fen": round(base * employer / 100),
                    "status": seed.status_overrides.get(offset, "paid"),
                })
    return rows


def _next_open_day(hall: Hall, after: date) -> date:
    day = after + timedelta(days=1)
    while not is_open(hall, day):
        day += timedelta(days=1)
    return day


def _seed_persona(session: Session, seed: PersonaSeed, day: date) -> None:
    this_month = month_of(day)
    retired = _first_day(month_add(this_month, seed.retired_month_offset)) \
        if seed.retired_month_offset is not None else None
    session.add(Persona(
        id=seed.id, display_name=seed.display_name, description=seed.description,
        masked_id_number=seed.masked_id_number, masked_phone=seed.masked_phone, gender=seed.gender, age=seed.age,
        district=seed.district, shenzhen_hukou=seed.shenzhen_hukou, owns_home_in_shenzhen=seed.owns_home_in_shenzhen,
        retired_on=retired, monthly_pension_fen=seed.monthly_pension_fen))
    session.flush()
    session.execute(insert(Contribution), _contributions(seed, this_month))
    fund = seed.fund
    session.add(HousingFundAccount(
        persona_id=seed.id, masked_account_no=fund.masked_account_no, status=fund.status,
        employer=seed.jobs[-1].employer, base_fen=fund.base_fen, personal_rate_pct=fund.rate_pct,
        employer_rate_pct=fund.rate_pct, balance_fen=fund.balance_fen,
        opened_on=_first_day(month_add(this_month, fund.first)),
        first_deposit_month=month_add(this_month, fund.first), last_deposit_month=month_add(this_month, fund.last)))
    for item in seed.applications:
        submitted = at(day - timedelta(days=item.days_ago), "10:00")
        session.add(Application(
            number=next_number(session, "SB", submitted), persona_id=seed.id, service_name=item.service_name,
            category=item.category, department=item.department, status=item.status, submitted_at=submitted,
            note=item.note,
            steps=[ApplicationStep(seq=i, name=s.name, state=s.state, note=s.note,
                                   at=None if s.hours is None else submitted + timedelta(hours=s.hours))
                   for i, s in enumerate(item.steps)]))
    for ticket in seed.tickets:
        create_ticket(session, persona_id=seed.id, kind=ticket.kind, category=TICKET_CATEGORY_BY_ID[ticket.category],
                      description=ticket.description, location=ticket.location, contact=seed.masked_phone,
                      anonymous=False, now=at(day - timedelta(days=ticket.days_ago), ticket.time))
    for vehicle in seed.vehicles:
        session.add(Vehicle(plate=vehicle.plate, persona_id=seed.id, vehicle_type=vehicle.vehicle_type,
                            registered_on=day.replace(year=day.year - vehicle.years_ago, day=1)))
        session.flush()
        for v in vehicle.violations:
            session.add(Violation(plate=vehicle.plate, occurred_at=at(day - timedelta(days=v.days_ago), v.time),
                                  location=v.location, behaviour=v.behaviour, fine_yuan=v.fine_yuan,
                                  points=v.points, handled=v.handled))
    booked_at = at(day - timedelta(days=1), "20:00")
    for appointment in seed.appointments:
        hall = session.get(Hall, appointment.hall_id)
        create_appointment(session, seed.id, hall, appointment.service_code, _next_open_day(hall, day),
                           appointment.slot, booked_at)


def seed(session: Session, day: date) -> None:
    """Write every demo row for seed day ``day`` into an empty database."""
    session.add_all(BookableService(code=code, name=name, category=category, materials=materials)
                    for code, name, category, materials in SERVICES)
    session.add_all(Hall(id=hall_id, name=name, district=district, address=address, phone=HALL_PHONE,
                         open_weekdays=weekdays, slot_capacity=capacity, service_codes=codes)
                    for hall_id, name, district, address, weekdays, capacity, codes in HALLS)
    session.flush()
    for persona in PERSONAS:
        _seed_persona(session, persona, day)

