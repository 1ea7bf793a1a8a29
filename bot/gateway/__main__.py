"""``python -m bot.gateway``: serve the gateway (the launcher starts it this way)."""
from __future__ import annotations

from aiohttp import web

from bot.gateway.app import create_app
from bot.logging_setup import configure_logging
from bot.settings import settings


def main() -> None:
    configure_logging("gateway")
    web.run_app(create_app(settings), host=settings.gateway_host, port=settings.gateway_port,
                print=None, access_log=None)


if __name__ == "__main__":
    main()
