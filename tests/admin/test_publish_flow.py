"""Log in → edit an answer → publish → the knowledge base answers with the new text, within 2 s."""
from __future__ import annotations

import time

from sqlalchemy import select
from sqlalchemy.orm import Session

from admin.models import AuditEntry, Draft, HistoryEntry
from services_db.models import Faq
from tests.admin.conftest import QUESTION, answer_text, faq_form, wait_for_answer

NEW_ANSWER = "【测试】请打开i深圳，点“注册”，输入手机号和验证码即可。以官方办事指南为准。"


def _faq(app, faq_id: int = 1) -> Faq:
    with Session(app.extensions["isz_admin"].engine) as session:
        return session.get(Faq, faq_id)


def test_reviewer_publishes_and_the_assistant_answers_within_two_seconds(app, reviewer, kb) -> None:
    assert NEW_ANSWER not in answer_text(kb)
    form = {**faq_form(reviewer, 1), "answer": NEW_ANSWER, "_action": "publish"}
    started = time.monotonic()
    response = reviewer.post("/faq/edit/?id=1", form)
    assert response.status_code == 302 and "/history/" in response.headers["Location"]
    wait_for_answer(kb, NEW_ANSWER)
    visible = time.monotonic() - started  # from pressing the button to the assistant's new answer
    print(f"publish → visible: {visible:.2f} s")
    assert visible < 2.0
    row = _faq(app)
    assert (row.answer, row.origin, row.version, row.status) == (NEW_ANSWER, "admin", 2, "published")
    page = reviewer.get(response.headers["Location"]).get_data(as_text=True)
    assert "<ins>" in page and "李审核" in page  # a readable diff and who did it
    tried = reviewer.get(f"/try/?q={QUESTION}").get_data(as_text=True)
    assert NEW_ANSWER in tried  # 试一试 shows the live answer


def test_editor_draft_is_invisible_until_a_reviewer_publishes_it(app, editor, reviewer, kb) -> None:
    old = answer_text(kb)
    response = editor.post("/faq/edit/?id=1", {**faq_form(editor, 1), "answer": NEW_ANSWER, "_action": "review"})
    assert response.status_code == 302 and "/review/" in response.headers["Location"]
    time.sleep(1.2)  # longer than the knowledge base's revision check
    assert answer_text(kb) == old and _faq(app).answer != NEW_ANSWER
    draft_page = response.headers["Location"]
    draft_id = int(draft_page.rstrip("/").rsplit("/", 1)[1])
    assert "待审核" in reviewer.get("/review/").get_data(as_text=True)
    assert NEW_ANSWER[:6] in reviewer.get(draft_page).get_data(as_text=True)  # the diff
    with Session(app.extensions["isz_admin"].engine) as session:
        lock = session.get(Draft, draft_id).version
    published = reviewer.post(f"/review/{draft_id}/publish", {"lock": str(lock)})
    assert published.status_code == 302 and "/history/" in published.headers["Location"]
    wait_for_answer(kb, NEW_ANSWER)
    with Session(app.extensions["isz_admin"].engine) as session:
        assert session.get(Draft, draft_id) is None
        actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert ["提交审核", "发布"] == [a for a in actions if a in ("提交审核", "发布")]


def test_rollback_restores_the_previous_answer(app, reviewer, kb) -> None:
    old = answer_text(kb)
    reviewer.post("/faq/edit/?id=1", {**faq_form(reviewer, 1), "answer": NEW_ANSWER, "_action": "publish"})
    wait_for_answer(kb, NEW_ANSWER)
    with Session(app.extensions["isz_admin"].engine) as session:
        entry_id = session.scalar(select(HistoryEntry.id).order_by(HistoryEntry.id.desc()))
    response = reviewer.post(f"/history/{entry_id}/rollback")
    assert response.status_code == 302
    wait_for_answer(kb, old.splitlines()[0])
    assert _faq(app).answer == old.split("\n")[0] or _faq(app).answer in old


def test_retire_takes_an_faq_offline_and_a_new_faq_goes_live(app, reviewer, kb) -> None:
    question = "i深圳能在月球上注册吗"
    assert "月球" not in answer_text(kb, question)
    form = {"service_id": "isz_registration_login", "aspect": "general", "questions": question,
            "answer": "【测试】月球上不能使用。", "senior_answer": "", "lock": "0:0:0", "_action": "publish"}
    assert reviewer.post("/faq/new/", form).status_code == 302
    wait_for_answer(kb, "月球上不能使用", question=question)
    with Session(app.extensions["isz_admin"].engine) as session:
        new_id = session.scalar(select(Faq.id).where(Faq.answer == "【测试】月球上不能使用。"))
    retire = {**faq_form(reviewer, new_id), "_action": "retire"}
    assert reviewer.post(f"/faq/edit/?id={new_id}", retire).status_code == 302
    assert _faq(app, new_id).status == "retired"
    deadline = time.monotonic() + 2
    while "月球" in answer_text(kb, question) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert "月球" not in answer_text(kb, question)


def test_new_synonym_reaches_retrieval_at_once(app, reviewer, kb) -> None:
    question = "深圳通卡片嘀嘀卡怎么注册i深圳"
    form = {"canonical": "i深圳", "variant": "嘀嘀卡", "lock": "0:0:0", "_action": "publish"}
    response = reviewer.post("/synonym/new/", form)
    assert response.status_code == 302
    page = reviewer.get(response.headers["Location"]).get_data(as_text=True)
    assert "下次训练" in page  # the admin says when the NLU learns it
    deadline = time.monotonic() + 2
    while "嘀嘀卡" not in kb.dictionary_terms() and time.monotonic() < deadline:
        kb.search(question)
        time.sleep(0.05)
    assert "嘀嘀卡" in kb.dictionary_terms()
