"""The application factory: one aiohttp app over one database."""
from __future__ import annotations

from aiohttp import web

from mock_services.clock import real_now
from mock_services.config import MockConfig, from_env
from mock_services.db import make_engine, prepare, session_factory
from mock_services.dispatch import make_handler
from mock_services.errors import error_middleware
from mock_services.faults import FaultState, fault_middleware
from mock_services.openapi import all_schemas, build_spec
from mock_services.routes import route_groups
from mock_services.secret import token_key as default_token_key
from mock_services.state import STATE, AppState
from mock_services.validation import SchemaChecker


def create_app(db_url: str, *, config: MockConfig | None = None, token_key: bytes | None = None,
               reset: bool = False, server_url: str | None = None) -> web.Application:
    """Build the app; create tables and seed demo data if the database is empty (or ``reset``).

    ``config`` defaults to the ISZ_MOCK_* environment, ``token_key`` to the key
    derived from ``settings.secret_key`` (or the shared key file).
    """
    config = config or from_env()
    engine = make_engine(db_url)
    prepare(engine, config.seed_date or (config.now or real_now()).date(), reset=reset)
    groups = route_groups(config.faults_api)
    if server_url is None:
        from bot.settings import settings

        server_url = settings.mock_url
    app = web.Application(middlewares=[error_middleware, fault_middleware])
    app[STATE] = AppState(
        config=config, sessions=session_factory(engine),
        token_key=token_key if token_key is not None else default_token_key(),
        faults=FaultState(latency_ms=config.latency_ms, error_rate=config.error_rate),
        checker=SchemaChecker(all_schemas(groups)), spec=build_spec(groups, server_url),
    )
    for group in groups:
        for endpoint in group.endpoints:
            app.router.add_route(endpoint.method, endpoint.path, make_handler(endpoint))

    async def dispose(_app: web.Application) -> None:
        engine.dispose()

    app.on_cleanup.append(dispose)
    return app
