"""Tables of the mock backend's own state (no other package reads them).

Identity numbers exist here only masked; money is stored in fen (integers) so
sums are exact; times are stored as UTC and come back as Shenzhen time.  Every
table is prefixed ``mock_`` so the mock can share a PostgreSQL database with
other components without a name clash.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import declarative_base, relationship
from sqlalchemy.types import TypeDecorator

from mock_services.clock import SHANGHAI

Base = declarative_base()


class AwareDateTime(TypeDecorator):
    """Accepts aware datetimes, stores naive UTC, returns Shenzhen time."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to AwareDateTime")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=timezone.utc).astimezone(SHANGHAI)


class Persona(Base):
    """A demo citizen the widget can log in as."""

    __tablename__ = "mock_personas"
    id = Column(String(32), primary_key=True)
    display_name = Column(String(16), nullable=False)
    description = Column(String(200), nullable=False)
    masked_id_number = Column(String(18), nullable=False)
    masked_phone = Column(String(11), nullable=False)
    gender = Column(String(2), nullable=False)
    age = Column(Integer, nullable=False)
    district = Column(String(16), nullable=False)
    shenzhen_hukou = Column(Boolean, nullable=False)
    owns_home_in_shenzhen = Column(Boolean, nullable=False)
    retired_on = Column(Date)
    monthly_pension_fen = Column(Integer)


class Contribution(Base):
    """One month of one insurance type, as the social-insurance system lists it."""

    __tablename__ = "mock_contributions"
    id = Column(Integer, primary_key=True)
    persona_id = Column(String(32), ForeignKey("mock_personas.id"), nullable=False, index=True)
    month = Column(String(7), nullable=False)
    insurance_type = Column(String(16), nullable=False)
    employer = Column(String(64), nullable=False)
    base_fen = Column(Integer, nullable=False)
    personal_fen = Column(Integer, nullable=False)
    employer_fen = Column(Integer, nullable=False)
    status = Column(String(16), nullable=False)


class HousingFundAccount(Base):
    __tablename__ = "mock_housing_fund_accounts"
    persona_id = Column(String(32), ForeignKey("mock_personas.id"), primary_key=True)
    masked_account_no = Column(String(24), nullable=False)
    status = Column(String(16), nullable=False)
    employer = Column(String(64), nullable=False)
    base_fen = Column(Integer, nullable=False)
    personal_rate_pct = Column(Integer, nullable=False)
    employer_rate_pct = Column(Integer, nullable=False)
    balance_fen = Column(Integer, nullable=False)
    opened_on = Column(Date, nullable=False)
    first_deposit_month = Column(String(7), nullable=False)
    last_deposit_month = Column(String(7), nullable=False)


class Application(Base):
    """An application (办件) and its progress."""

    __tablename__ = "mock_applications"
    id = Column(Integer, primary_key=True)
    number = Column(String(16), nullable=False, unique=True)
    persona_id = Column(String(32), ForeignKey("mock_personas.id"), nullable=False, index=True)
    service_name = Column(String(64), nullable=False)
    category = Column(String(32), nullable=False)
    department = Column(String(64), nullable=False)
    status = Column(String(16), nullable=False)
    submitted_at = Column(AwareDateTime, nullable=False)
    note = Column(String(200))
    steps = relationship("ApplicationStep", order_by="ApplicationStep.seq", cascade="all, delete-orphan")


class ApplicationStep(Base):
    __tablename__ = "mock_application_steps"
    id = Column(Integer, primary_key=True)
    application_id = Column(Integer, ForeignKey("mock_applications.id"), nullable=False, index=True)
    seq = Column(Integer, nullable=False)
    name = Column(String(32), nullable=False)
    state = Column(String(8), nullable=False)
    at = Column(AwareDateTime)
    note = Column(String(200))


class BookableService(Base):
    """A service a citizen can book a hall visit for."""

    __tablename__ = "mock_bookable_services"
    code = Column(String(32), primary_key=True)
    name = Column(String(64), nullable=False)
    category = Column(String(32), nullable=False)
    materials = Column(String(200), nullable=False)


class Hall(Base):
    __tablename__ = "mock_halls"
    id = Column(String(32), primary_key=True)
    name = Column(String(64), nullable=False)
    district = Column(String(16), nullable=False, index=True)
    address = Column(String(128), nullable=False)
    phone = Column(String(16), nullable=False)
    open_weekdays = Column(String(7), nullable=False)  # ISO weekday digits, "12345" = Mon–Fri
    slot_capacity = Column(Integer, nullable=False)
    service_codes = Column(String(256), nullable=False)  # comma separated BookableService codes


class SlotUsage(Base):
    """Booked count of one hall slot; a conditional UPDATE on it prevents overbooking."""

    __tablename__ = "mock_slot_usage"
    __table_args__ = (UniqueConstraint("hall_id", "day", "slot"),)
    id = Column(Integer, primary_key=True)
    hall_id = Column(String(32), ForeignKey("mock_halls.id"), nullable=False)
    day = Column(Date, nullable=False)
    slot = Column(String(11), nullable=False)
    booked = Column(Integer, nullable=False, default=0)


class Appointment(Base):
    __tablename__ = "mock_appointments"
    id = Column(Integer, primary_key=True)
    number = Column(String(12), nullable=False, unique=True)
    persona_id = Column(String(32), ForeignKey("mock_personas.id"), nullable=False, index=True)
    hall_id = Column(String(32), ForeignKey("mock_halls.id"), nullable=False)
    service_code = Column(String(32), ForeignKey("mock_bookable_services.code"), nullable=False)
    day = Column(Date, nullable=False)
    slot = Column(String(11), nullable=False)
    status = Column(String(16), nullable=False)
    created_at = Column(AwareDateTime, nullable=False)
    cancelled_at = Column(AwareDateTime)


class Ticket(Base):
    """A 民生诉求 work order."""

    __tablename__ = "mock_tickets"
    id = Column(Integer, primary_key=True)
    number = Column(String(14), nullable=False, unique=True)
    persona_id = Column(String(32), ForeignKey("mock_personas.id"), index=True)
    kind = Column(String(16), nullable=False)
    category = Column(String(32), nullable=False)
    description = Column(Text, nullable=False)
    location = Column(String(200), nullable=False)
    district = Column(String(16))
    masked_contact_phone = Column(String(11))
    anonymous = Column(Boolean, nullable=False)
    department = Column(String(64), nullable=False)
    created_at = Column(AwareDateTime, nullable=False)
    events = relationship("TicketEvent", order_by="TicketEvent.seq", cascade="all, delete-orphan")


class TicketEvent(Base):
    """A status change; scheduled at filing, visible once its time has come."""

    __tablename__ = "mock_ticket_events"
    id = Column(Integer, primary_key=True)
    ticket_id = Column(Integer, ForeignKey("mock_tickets.id"), nullable=False, index=True)
    seq = Column(Integer, nullable=False)
    status = Column(String(16), nullable=False)
    at = Column(AwareDateTime, nullable=False)
    note = Column(String(200), nullable=False)


class Vehicle(Base):
    __tablename__ = "mock_vehicles"
    plate = Column(String(10), primary_key=True)  # normalised: no "·", upper case
    persona_id = Column(String(32), ForeignKey("mock_personas.id"), nullable=False, index=True)
    vehicle_type = Column(String(16), nullable=False)
    registered_on = Column(Date, nullable=False)


class Violation(Base):
    __tablename__ = "mock_violations"
    id = Column(Integer, primary_key=True)
    plate = Column(String(10), ForeignKey("mock_vehicles.plate"), nullable=False, index=True)
    occurred_at = Column(AwareDateTime, nullable=False)
    location = Column(String(128), nullable=False)
    behaviour = Column(String(128), nullable=False)
    fine_yuan = Column(Integer, nullable=False)
    points = Column(Integer, nullable=False)
    handled = Column(Boolean, nullable=False)


class QueueEntry(Base):
    """A place in the human-agent queue; served once ``pickup_at`` has passed."""

    __tablename__ = "mock_queue_entries"
    id = Column(String(20), primary_key=True)
    persona_id = Column(String(32), ForeignKey("mock_personas.id"), index=True)
    topic = Column(String(200))
    joined_at = Column(AwareDateTime, nullable=False)
    pickup_at = Column(AwareDateTime, nullable=False)
    left_at = Column(AwareDateTime)


class IdempotencyRecord(Base):
    """The first answer to a submission, replayed for the same key."""

    __tablename__ = "mock_idempotency_records"
    __table_args__ = (UniqueConstraint("scope", "owner", "key"),)
    id = Column(Integer, primary_key=True)
    scope = Column(String(64), nullable=False)
    owner = Column(String(32), nullable=False)
    key = Column(String(200), nullable=False)
    request_hash = Column(String(64), nullable=False)
    status = Column(Integer, nullable=False)
    body = Column(Text, nullable=False)
    created_at = Column(AwareDateTime, nullable=False)


class Counter(Base):
    """Per-day sequence behind MS/SB/YY numbers."""

    __tablename__ = "mock_counters"
    name = Column(String(8), primary_key=True)
    day = Column(String(8), primary_key=True)
    value = Column(Integer, nullable=False)
