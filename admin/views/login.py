"""Log-in and log-out: argon2 password check, throttled per account and per address."""
from __future__ import annotations

from typing import Any

from flask import flash, redirect, request, session, url_for
from flask_admin import BaseView, expose

from admin.accounts import authenticate, session_stamp
from admin.audit import record
from admin.context import context, db
from admin.forms import ChineseForm, LoginForm
from admin.i18n import ChineseViewMixin


def _safe_next(target: str | None) -> str:
    """Only paths inside the admin: never an open redirect to another site."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return request.script_root + target
    return url_for("admin.index")


class LoginView(ChineseViewMixin, BaseView):
    """Reachable without a session; not in the menu."""

    def is_visible(self) -> bool:
        return False

    @expose("/", methods=("GET", "POST"))
    def index(self) -> Any:
        form = LoginForm()
        if form.validate_on_submit():
            address = request.remote_addr or "?"
            keys = (f"name:{form.name.data.strip()}", f"addr:{address}")
            wait = context().throttle.retry_after(*keys)
            if wait:
                flash(f"登录失败次数过多，请 {max(1, wait // 60)} 分钟后再试。", "error")
                return self.render("admin/isz/login.html", form=form), 429
            user = authenticate(db(), form.name.data, form.password.data)
            if user is None:
                context().throttle.failed(*keys)
                record(db(), form.name.data.strip()[:64] or "?", "登录失败", detail=f"地址 {address}")
                db().commit()
                flash("用户名或密码不正确。", "error")
                return self.render("admin/isz/login.html", form=form), 401
            context().throttle.succeeded(keys[0])
            session.clear()  # a fresh session on log-in: no fixation
            session.permanent = True
            session.update(uid=user.id, stamp=session_stamp(user))
            record(db(), user.name, "登录", detail=f"地址 {address}")
            db().commit()
            return redirect(_safe_next(request.args.get("next")))
        return self.render("admin/isz/login.html", form=form)

    @expose("/logout", methods=("POST",))
    def logout(self) -> Any:
        ChineseForm()  # CSRFProtect has already checked the token
        session.clear()
        flash("您已退出登录。", "success")
        return redirect(url_for(".index"))
