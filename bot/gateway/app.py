"""The aiohttp web gateway: the assistant's only public door (architecture.md)."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

from aiohttp import web

from bot.gateway import chat, login
from bot.gateway.health import healthz
from bot.gateway.rasa_client import RasaClient
from bot.gateway.security import allowed_origins, security_middleware
from bot.gateway.sessions import SessionGuard
from bot.gateway.store import ChatStore
from bot.settings import Settings

STATIC_DIR = Path(__file__).parent / "static"


def _static_file(name: str):  # noqa: ANN201 - aiohttp handler
    async def handler(_: web.Request) -> web.FileResponse:
        return web.FileResponse(STATIC_DIR / name, headers={"Cache-Control": "no-cache"})
    return handler


def create_app(settings: Settings, *, kb: Any = None, rasa: Optional[RasaClient] = None,
               store: Optional[ChatStore] = None) -> web.Application:
    """Build the gateway; tests pass their own knowledge base, Rasa client or store."""
    from admin.mount import mount_admin
    from bot.gateway import services_api
    from services_db import KnowledgeBase  # imported here: the KB loads jieba and the index

    app = web.Application(middlewares=[security_middleware(allowed_origins(settings.allowed_origins))],
                          client_max_size=64 * 1024)
    app["settings"] = settings
    app["store"] = store or ChatStore(settings.gateway_database_url)
    app["kb"] = kb or KnowledgeBase.open(settings.kb_database_url)
    app["rasa"] = rasa or RasaClient(settings.rasa_url, settings.rasa_timeout)
    app["sessions"] = SessionGuard(lambda: app["store"], settings.rate_limit_session,
                                   settings.rate_limit_address)

    chat.setup_routes(app)
    login.setup_routes(app)
    services_api.setup_routes(app, app["kb"])
    mount_admin(app)  # /admin: the content admin for staff (admin/, docs/admin.md)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/", _static_file("index.html"))
    app.router.add_get("/widget.js", _static_file("embed.js"))
    app.router.add_static("/static/", STATIC_DIR, follow_symlinks=False)

    async def close_clients(app: web.Application) -> None:
        await app["rasa"].close()
        if kb is None:  # only what this app opened
            app["kb"].close()
    app.on_cleanup.append(close_clients)
    return app
