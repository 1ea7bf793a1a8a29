"""Two members of staff edit the same FAQ: the second save is refused and their text is kept."""
from __future__ import annotations

from sqlalchemy.orm import Session

from services_db.models import Faq
from tests.admin.conftest import EDITOR, REVIEWER, faq_form, log_in


def test_second_save_of_the_same_faq_is_refused_and_keeps_the_text(app) -> None:
    first, second = log_in(app, REVIEWER), log_in(app, EDITOR)
    form_1, form_2 = faq_form(first, 1), faq_form(second, 1)
    assert form_1["lock"] == form_2["lock"]  # both opened version 1
    assert first.post("/faq/edit/?id=1", {**form_1, "answer": "第一位同事的回答", "_action": "publish"}).status_code == 302

    mine = "第二位同事认真写的回答，不能丢"
    refused = second.post("/faq/edit/?id=1", {**form_2, "answer": mine, "_action": "draft"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 200
    assert "保存未成功" in page and "李审核" in page and "没有丢失" in page
    assert mine in page  # their text is still in the form
    with Session(app.extensions["isz_admin"].engine) as session:
        assert session.get(Faq, 1).answer == "第一位同事的回答"

    # after reloading, the same text saves fine
    fresh = faq_form(second, 1)
    assert second.post("/faq/edit/?id=1", {**fresh, "answer": mine, "_action": "draft"}).status_code == 302


def test_two_drafts_of_the_same_faq_do_not_overwrite_each_other(app) -> None:
    one, two = log_in(app, EDITOR), log_in(app, REVIEWER)
    form_1, form_2 = faq_form(one, 1), faq_form(two, 1)
    assert one.post("/faq/edit/?id=1", {**form_1, "answer": "草稿一", "_action": "draft"}).status_code == 302
    refused = two.post("/faq/edit/?id=1", {**form_2, "answer": "草稿二", "_action": "draft"})
    assert refused.status_code == 200 and "王编辑（草稿）" in refused.get_data(as_text=True)
    assert "草稿一" in faq_form(two, 1)["answer"]  # reopening shows the colleague's draft


def test_publishing_a_draft_based_on_an_old_version_is_refused(app) -> None:
    editor, reviewer = log_in(app, EDITOR), log_in(app, REVIEWER)
    editor.post("/faq/edit/?id=1", {**faq_form(editor, 1), "answer": "旧版本上的草稿", "_action": "review"})
    from sqlalchemy import select

    from admin.models import Draft, HistoryEntry
    engine = app.extensions["isz_admin"].engine
    with Session(engine) as session:
        draft = session.scalar(select(Draft))
    # meanwhile a reviewer changes the live FAQ directly (their form shows the draft: they publish it as-is)
    from admin import entities, workflow
    with Session(engine, future=True) as session, session.begin():
        row = session.get(Faq, 1)
        workflow._publish(session, workflow.Actor("别人", "reviewer"), entities.FAQ, "1",
                          {**entities.snapshot(entities.FAQ, row), "answer": "别人直接发布"}, "publish")
    response = reviewer.post(f"/review/{draft.id}/publish", {"lock": str(draft.version)})
    page = reviewer.get(response.headers["Location"]).get_data(as_text=True)
    assert "基于旧版本" in page
    with Session(engine) as session:
        assert session.get(Faq, 1).answer == "别人直接发布"
        assert session.scalar(select(HistoryEntry.user).order_by(HistoryEntry.id.desc())) == "别人"
