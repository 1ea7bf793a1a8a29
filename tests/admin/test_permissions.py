"""Who may do what: log-in required, editors cannot publish, forged forms are refused, log-in is throttled."""
from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from admin.models import AdminUser, Draft
from bot.settings import PROJECT_ROOT
from services_db.models import Faq, KbMeta
from tests.admin.conftest import EDITOR, PASSWORD, REVIEWER, Staff, faq_form, log_in


def _answer(app, faq_id: int = 1) -> str:
    with Session(app.extensions["isz_admin"].engine) as session:
        return session.get(Faq, faq_id).answer


def _revision(app) -> int:
    with Session(app.extensions["isz_admin"].engine) as session:
        return session.get(KbMeta, 1).revision


@pytest.mark.parametrize("url", ["/", "/faq/", "/faq/edit/?id=1", "/review/", "/history/", "/inbox/", "/try/?q=x",
                                 "/transfer/", "/transfer/export/faq.csv", "/audit/"])
def test_anonymous_users_get_the_login_page(app, url: str) -> None:
    response = app.test_client().get(url)
    assert response.status_code == 302 and "/login/" in response.headers["Location"]
    page = app.test_client().get(response.headers["Location"]).get_data(as_text=True)
    assert "登录内容管理后台" in page


def test_anonymous_post_changes_nothing(app) -> None:
    before = _answer(app)
    anonymous = Staff(app.test_client())
    anonymous.get("/login/")  # a real CSRF token, but no log-in
    response = anonymous.post("/faq/edit/?id=1", {"answer": "匿名修改", "_action": "publish"})
    assert response.status_code == 302 and "/login/" in response.headers["Location"]
    assert _answer(app) == before


def test_editor_cannot_publish(app, editor: Staff) -> None:
    before, revision = _answer(app), _revision(app)
    response = editor.post("/faq/edit/?id=1", {**faq_form(editor, 1), "answer": "编辑想直接发布", "_action": "publish"})
    assert response.status_code == 200 and "只有审核员可以发布" in response.get_data(as_text=True)
    assert "编辑想直接发布" in response.get_data(as_text=True)  # the text is kept in the form
    assert (_answer(app), _revision(app)) == (before, revision)
    assert "保存并发布" not in faq_form_page(editor)


def faq_form_page(staff: Staff) -> str:
    return staff.get("/faq/edit/?id=1").get_data(as_text=True)


def test_editor_cannot_publish_a_draft_or_roll_back(app, editor: Staff) -> None:
    editor.post("/faq/edit/?id=1", {**faq_form(editor, 1), "answer": "编辑的草稿", "_action": "review"})
    with Session(app.extensions["isz_admin"].engine) as session:
        draft = session.scalar(select(Draft))
    response = editor.post(f"/review/{draft.id}/publish", {"lock": str(draft.version)})
    assert response.status_code == 302
    assert "只有审核员" in editor.get(response.headers["Location"]).get_data(as_text=True)
    assert _answer(app) != "编辑的草稿"
    assert editor.post("/history/1/rollback").status_code in (302, 404)
    assert _answer(app) != "编辑的草稿"


def test_forged_form_without_csrf_token_is_refused(app, reviewer: Staff) -> None:
    before, revision = _answer(app), _revision(app)
    form = {**faq_form(reviewer, 1), "answer": "伪造的修改", "_action": "publish"}
    form.pop("csrf_token")
    response = reviewer.client.post("/faq/edit/?id=1", data=form)  # the raw client: no token added
    assert response.status_code == 400 and "安全令牌" in response.get_data(as_text=True)
    bad_token = reviewer.client.post("/faq/edit/?id=1", data={**form, "csrf_token": "forged"})
    assert bad_token.status_code == 400
    assert (_answer(app), _revision(app)) == (before, revision)


def test_login_is_rate_limited(app) -> None:
    attacker = Staff(app.test_client())
    attacker.get("/login/")
    for _ in range(5):
        assert attacker.post("/login/", {"name": REVIEWER, "password": "wrong password"}).status_code == 401
    response = attacker.post("/login/", {"name": REVIEWER, "password": PASSWORD})
    assert response.status_code == 429 and "分钟后再试" in response.get_data(as_text=True)


def test_session_cookie_is_httponly_and_samesite_lax(app) -> None:
    staff = Staff(app.test_client())
    staff.get("/login/")
    response = staff.post("/login/", {"name": EDITOR, "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and cookie.startswith("isz_admin=")


def test_pages_carry_a_strict_csp_and_no_inline_script(app, reviewer: Staff) -> None:
    response = reviewer.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp and "script-src 'self' 'nonce-" in csp
    page = response.get_data(as_text=True)
    assert "<svg" in page and "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    for tag in page.split("<script")[1:]:
        assert 'src="' in tag.split(">")[0]  # every script is a file from our own origin


def test_logout_needs_the_token_and_ends_the_session(app) -> None:
    staff = log_in(app, EDITOR)
    assert staff.client.post("/login/logout").status_code == 400
    assert staff.post("/login/logout").status_code == 302
    assert staff.client.get("/faq/").status_code == 302


def test_cli_creates_a_user_from_stdin(settings) -> None:
    command = [sys.executable, "-m", "admin", "--url", settings.kb_database_url, "create-user", "张三", "--role",
               "reviewer"]
    done = subprocess.run(command, input="a long enough password\n", capture_output=True, text=True,
                          cwd=PROJECT_ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    again = subprocess.run(command, input="a long enough password\n", capture_output=True, text=True,
                           cwd=PROJECT_ROOT, timeout=60)
    assert again.returncode == 1 and "已存在" in again.stderr
    short = subprocess.run(command[:-3] + ["李四"], input="short\n", capture_output=True, text=True,
                           cwd=PROJECT_ROOT, timeout=60)
    assert short.returncode == 1 and "至少" in short.stderr
    from services_db.db import make_engine

    with Session(make_engine(settings.kb_database_url)) as session:
        assert session.scalar(select(func.count()).select_from(AdminUser).where(AdminUser.name == "张三")) == 1
        assert session.scalar(select(AdminUser.role).where(AdminUser.name == "张三")) == "reviewer"
