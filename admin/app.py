"""The admin's Flask app: Flask-Admin views, log-in, CSRF, cookie and CSP settings.

Built once per process by :func:`create_admin_app`; the gateway mounts it at
/admin (:mod:`admin.mount`), tests drive it with Flask's test client.
"""
from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask, g, render_template, session
from flask_admin import Admin
from flask_admin.theme import Bootstrap4Theme
from flask_wtf.csrf import CSRFError, CSRFProtect
from sqlalchemy.engine import Engine
from sqlalchemy.orm import scoped_session, sessionmaker

from admin.accounts import session_stamp
from admin.context import EXTENSION, AdminContext
from admin.models import AdminUser, create_tables
from admin.secret import session_key
from admin.throttle import LoginThrottle
from admin.workflow import Actor
from bot.settings import Settings

HERE = Path(__file__).resolve().parent
SESSION_HOURS = 8
MAX_UPLOAD = 5 * 1024 * 1024


def create_admin_app(settings: Settings, *, kb: Any = None, kb_engine: Engine | None = None,
                     gateway_engine: Engine | None = None) -> Flask:
    """The admin for ``settings``; pass the gateway's KnowledgeBase and store engine when mounted there."""
    from services_db.db import make_engine

    engine = kb_engine or (kb.engine if kb is not None else make_engine(settings.kb_database_url))
    create_tables(engine)
    if gateway_engine is None:
        from bot.gateway.store import ChatStore

        gateway_engine = ChatStore(settings.gateway_database_url).engine
    app = Flask(__name__, template_folder=str(HERE / "templates"), static_folder=str(HERE / "static"),
                static_url_path="/assets")
    app.config.update(
        SECRET_KEY=session_key(settings),
        SESSION_COOKIE_NAME="isz_admin",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=bool(settings.admin_secure_cookie),
        PERMANENT_SESSION_LIFETIME=timedelta(hours=SESSION_HOURS),
        WTF_CSRF_TIME_LIMIT=None,  # valid as long as the log-in: writing a long answer must not expire it
        WTF_I18N_ENABLED=False,  # WTForms' own Chinese messages (forms.ChineseForm.Meta)
        MAX_CONTENT_LENGTH=MAX_UPLOAD,
    )
    sessions = scoped_session(sessionmaker(bind=engine, future=True))
    app.extensions[EXTENSION] = AdminContext(engine, sessions, kb, gateway_engine, LoginThrottle(),
                                                 settings.data_path / "admin_uploads")
    CSRFProtect(app)
    _install_filters(app)
    _install_hooks(app, sessions)
    _install_views(app, sessions)
    return app


def _install_hooks(app: Flask, sessions: scoped_session) -> None:
    @app.before_request
    def load_user() -> None:
        g.csp_nonce = secrets.token_urlsafe(16)
        g.actor = None
        uid = session.get("uid")
        if uid is None:
            return
        user = sessions.get(AdminUser, uid)
        if user is None or not user.active or session.get("stamp") != session_stamp(user):
            session.clear()
            return
        g.actor = Actor(user.name, user.role)

    @app.after_request
    def security_headers(response: Any) -> Any:
        nonce = getattr(g, "csp_nonce", "")
        response.headers["Content-Security-Policy"] = (
            f"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'nonce-{nonce}'; "
            "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
            "form-action 'self'; frame-ancestors 'none'")
        response.headers["X-Frame-Options"] = "DENY"
        if response.mimetype == "text/html":
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.teardown_appcontext
    def close_session(_: BaseException | None) -> None:
        sessions.remove()

    @app.errorhandler(CSRFError)
    def csrf_refused(error: CSRFError) -> Any:
        return render_template("admin/isz/error.html", title="请求被拒绝",
                               message="表单缺少有效的安全令牌（可能已过期或来自其他网站）。请返回上一页，刷新后重试。"), 400

    @app.errorhandler(403)
    def forbidden(_: Any) -> Any:
        return render_template("admin/isz/error.html", title="没有权限",
                               message="您的账号没有权限打开这个页面。发布、停用和回滚需要审核员账号。"), 403

    @app.errorhandler(404)
    def not_found(_: Any) -> Any:
        return render_template("admin/isz/error.html", title="页面不存在", message="没有找到这个页面。"), 404

    @app.errorhandler(413)
    def too_large(_: Any) -> Any:
        return render_template("admin/isz/error.html", title="文件太大",
                               message=f"上传的文件不能超过 {MAX_UPLOAD // 1024 // 1024} MB。"), 413


def _install_filters(app: Flask) -> None:
    from admin.entities import ASPECT_LABELS, STATUS_LABELS
    from admin.timefmt import beijing

    actions = {"publish": "发布修改", "retire": "停用", "rollback": "回滚", "import": "导入"}
    app.add_template_filter(beijing, "beijing")
    app.add_template_filter(lambda s: STATUS_LABELS.get(s or "", s), "status_label")
    app.add_template_filter(lambda a: ASPECT_LABELS.get(a or "", a or "—"), "aspect_label")
    app.add_template_filter(lambda a, before: "新建并发布" if a == "publish" and before is None
                            else actions.get(a, a), "action_label")


def _install_views(app: Flask, sessions: scoped_session) -> None:
    from admin.views.audit import AuditView
    from admin.views.content import FaqView, ServiceView, SynonymView, TermView
    from admin.views.dashboard import DashboardView
    from admin.views.history import HistoryView
    from admin.views.inbox import InboxView
    from admin.views.login import LoginView
    from admin.views.review import ReviewView
    from admin.views.transfer import TransferView
    from admin.views.tryit import TryItView

    admin = Admin(app, name="i深圳助手 · 内容管理", url="/",
                  index_view=DashboardView(name="概览", url="/"),
                  theme=Bootstrap4Theme(base_template="admin/isz/base.html", fluid=True),
                  csp_nonce_generator=lambda: g.csp_nonce)
    content = "内容"
    admin.add_view(FaqView(sessions, category=content))
    admin.add_view(ServiceView(sessions, category=content))
    admin.add_view(SynonymView(sessions, category=content))
    admin.add_view(TermView(sessions, category=content))
    admin.add_view(ReviewView(name="待审核", endpoint="review", url="/review"))
    admin.add_view(HistoryView(name="修改历史", endpoint="history", url="/history"))
    admin.add_view(InboxView(name="未答问题", endpoint="inbox", url="/inbox"))
    admin.add_view(TryItView(name="试一试", endpoint="tryit", url="/try"))
    admin.add_view(TransferView(name="导入导出", endpoint="transfer", url="/transfer"))
    admin.add_view(AuditView(sessions, name="操作日志", endpoint="audit", url="/audit"))
    admin.add_view(LoginView(name="登录", endpoint="login", url="/login"))
