"""Serve the admin inside the aiohttp gateway at /admin, through aiohttp-wsgi.

Flask is synchronous: aiohttp-wsgi runs each request in a thread pool, so a
slow admin page never blocks the chat API on the event loop.  The admin gets
the gateway's own KnowledgeBase (so "试一试" answers exactly what citizens get)
and the gateway store's engine (inbox and dashboard).
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from aiohttp import web
from aiohttp_wsgi import WSGIHandler

from admin.app import MAX_UPLOAD, create_admin_app

PREFIX = "/admin"
THREADS = 4


def mount_admin(app: web.Application) -> None:
    """Add /admin routes to the gateway ``app`` (needs app["settings"], app["kb"], app["store"])."""
    flask_app = create_admin_app(app["settings"], kb=app["kb"], gateway_engine=app["store"].engine)
    executor = ThreadPoolExecutor(max_workers=THREADS, thread_name_prefix="admin")
    handler = WSGIHandler(flask_app, max_request_body_size=MAX_UPLOAD + 64 * 1024, executor=executor)

    async def to_admin_index(_: web.Request) -> web.Response:
        raise web.HTTPFound(f"{PREFIX}/")

    app.router.add_get(PREFIX, to_admin_index)
    app.router.add_route("*", PREFIX + "/{path_info:.*}", handler)

    async def stop_threads(_: web.Application) -> None:
        executor.shutdown(wait=False)
    app.on_cleanup.append(stop_threads)
