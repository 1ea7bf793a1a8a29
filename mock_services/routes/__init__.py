"""Endpoint groups, one module per resource, in the order the OpenAPI document lists them."""
from __future__ import annotations

from mock_services import faults
from mock_services.endpoints import Routes
from mock_services.routes import (
    agent_queue,
    applications,
    appointments,
    halls,
    housing_fund,
    meta,
    personas,
    social_insurance,
    tickets,
    traffic,
)

BUSINESS: tuple[Routes, ...] = tuple(module.routes for module in (
    meta, personas, social_insurance, housing_fund, applications, halls, appointments, tickets, traffic,
    agent_queue,
))


def route_groups(faults_api: bool) -> list[Routes]:
    """The groups an app serves; ``/_faults`` only when the faults API is enabled."""
    return [*BUSINESS, faults.routes] if faults_api else list(BUSINESS)
