"""``python -m mock_services [--reset] [--init-only]``: serve the mock backend.

Binds to settings.host:settings.mock_port over settings.mock_database_url;
``--reset`` drops and reseeds the demo data first, ``--init-only`` exits after
preparing the database (for setup scripts and CI).
"""
from __future__ import annotations

import argparse
import logging

from aiohttp import web

from bot.logging_setup import configure_logging
from bot.settings import settings
from mock_services.app import create_app
from mock_services.config import from_env
from mock_services.secret import token_key


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mock_services", description="i深圳 模拟政务服务后端")
    parser.add_argument("--reset", action="store_true", help="drop all mock data and seed the demo world again")
    parser.add_argument("--init-only", action="store_true", help="prepare the database, then exit")
    args = parser.parse_args(argv)
    configure_logging("mock_services")
    config = from_env()
    app = create_app(settings.mock_database_url, config=config, reset=args.reset, server_url=settings.mock_url,
                     token_key=token_key(settings.secret_key, settings.data_path))
    log = logging.getLogger("mock_services")
    if args.reset:
        log.info("demo data reseeded")
    if args.init_only:
        return 0
    if config.latency_ms or config.error_rate:
        log.warning("fault injection active: latency %d ms, error rate %.2f", config.latency_ms, config.error_rate)
    web.run_app(app, host=settings.host, port=settings.mock_port, access_log=logging.getLogger("aiohttp.access"),
                print=lambda message: log.info("%s", message))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
