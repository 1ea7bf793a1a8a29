"""CSV/XLSX export and import: preview with per-row errors, nothing written unless every row is right."""
from __future__ import annotations

import csv
import io

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from admin import workflow
from admin.models import Draft, HistoryEntry
from services_db.models import Faq, KbMeta, Synonym
from tests.admin.conftest import Staff, answer_text, wait_for_answer


def _counts(app) -> tuple[int, int, int, int]:
    with Session(app.extensions["isz_admin"].engine) as session:
        return (session.scalar(select(func.count()).select_from(Faq)),
                session.scalar(select(func.count()).select_from(Synonym)),
                session.scalar(select(func.count()).select_from(HistoryEntry)),
                session.get(KbMeta, 1).revision)


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(staff: Staff, entity: str, name: str, content: bytes):  # noqa: ANN202 - werkzeug response
    return staff.post("/transfer/preview", {"entity": entity, "file": (io.BytesIO(content), name)},
                      content_type="multipart/form-data")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_has_every_faq_with_its_version(app, reviewer: Staff, fmt: str) -> None:
    response = reviewer.get(f"/transfer/export/faq.{fmt}")
    assert response.status_code == 200
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    else:
        rows = [list(r) for r in load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True)]
    assert rows[0][:3] == ["编号", "所属办事指南", "问题类型"] and rows[0][-2:] == ["状态", "版本"]
    assert len(rows) - 1 == _counts(app)[0]
    assert "i深圳怎么注册" in str(rows[1][3])


def test_bad_rows_are_reported_and_nothing_is_written(app, reviewer: Staff) -> None:
    before = _counts(app)
    content = _xlsx([
        ["编号", "所属办事指南", "问题类型", "市民的问法（每行一个）", "标准回答"],
        ["", "isz_registration_login", "general", "好问题", "好回答"],          # fine
        ["", "no_such_service", "general", "问法", "回答"],                     # unknown service
        ["", "isz_registration_login", "whatever", "问法", "回答"],             # bad aspect
        ["", "isz_registration_login", "fee", "", ""],                        # empty fields
        ["99999", "isz_registration_login", "fee", "问法", "回答"],              # unknown id
    ])
    page = _upload(reviewer, "faq", "faqs.xlsx", content).get_data(as_text=True)
    assert "有 4 行有问题" in page and "这次没有写入任何内容" in page
    for message in ("没有编号为“no_such_service”的办事指南", "问题类型“whatever”无效", "“标准回答”不能为空",
                    "没有编号为“99999”的常见问答"):
        assert message in page
    assert "确认导入" not in page
    assert reviewer.post("/transfer/confirm").status_code == 302  # confirming anyway writes nothing
    assert _counts(app) == before


def test_unknown_columns_and_file_types_are_refused(app, reviewer: Staff) -> None:
    page = _upload(reviewer, "faq", "x.csv", "编号,颜色\n1,红\n".encode()).headers["Location"]
    assert "不认识的列：颜色" in reviewer.get(page).get_data(as_text=True)
    page = _upload(reviewer, "faq", "x.txt", b"hello").headers["Location"]
    assert "只支持 .csv 和 .xlsx" in reviewer.get(page).get_data(as_text=True)


def test_stale_row_from_an_old_export_is_refused(app, reviewer: Staff) -> None:
    exported = reviewer.get("/transfer/export/faq.csv").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(exported)))
    with Session(app.extensions["isz_admin"].engine, future=True) as session, session.begin():
        session.get(Faq, 1).answer = "别人刚刚改过"  # version 1 → 2
    rows[1][4] = "用旧表格覆盖"
    out = io.StringIO()
    csv.writer(out).writerows(rows[:2])
    page = _upload(reviewer, "faq", "faqs.csv", out.getvalue().encode("utf-8-sig")).get_data(as_text=True)
    assert "导出后这条内容已被修改" in page


def test_good_import_is_previewed_then_published(app, reviewer: Staff, kb) -> None:
    before = _counts(app)
    content = _xlsx([
        ["编号", "所属办事指南", "问题类型", "市民的问法（每行一个）", "标准回答", "长辈模式回答（更短更口语）"],
        ["", "isz_registration_login", "general", "i深圳能用指纹登录吗\ni深圳指纹登录", "【导入】可以在设置里开启指纹登录。", ""],
        ["1", "isz_registration_login", "how", "i深圳怎么注册", "【导入】下载i深圳后用手机号注册。", ""],
    ])
    page = _upload(reviewer, "faq", "faqs.xlsx", content).get_data(as_text=True)
    assert "全部 2 行检查通过" in page and "新增" in page and "修改" in page
    assert _counts(app) == before  # the preview wrote nothing
    assert reviewer.post("/transfer/confirm").status_code == 302
    wait_for_answer(kb, "【导入】下载i深圳后用手机号注册")
    wait_for_answer(kb, "指纹登录", question="i深圳能用指纹登录吗")
    after = _counts(app)
    assert after[0] == before[0] + 1 and after[2] == before[2] + 2 and after[3] == before[3] + 2


def test_import_failing_half_way_writes_nothing(app, reviewer: Staff, kb, monkeypatch) -> None:
    before, old = _counts(app), answer_text(kb)
    content = "编号,标准词,市民的说法\n,社会保险,社宝宝\n,公积金,公基基\n,居住证,居住纸\n".encode()
    assert "全部 3 行检查通过" in _upload(reviewer, "synonym", "s.csv", content).get_data(as_text=True)
    real, calls = workflow.publish_imported, []

    def failing(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        calls.append(1)
        if len(calls) == 2:
            raise workflow.WorkflowError("磁盘已满（测试）")
        return real(*args, **kwargs)

    monkeypatch.setattr(workflow, "publish_imported", failing)
    response = reviewer.post("/transfer/confirm")
    assert "没有写入任何内容" in reviewer.get(response.headers["Location"]).get_data(as_text=True)
    assert _counts(app) == before and answer_text(kb) == old


def test_editor_import_becomes_drafts_for_review(app, editor: Staff) -> None:
    before = _counts(app)
    content = "编号,词条\n,嘀嘀卡\n,滴滴码\n".encode()
    page = _upload(editor, "term", "t.csv", content).get_data(as_text=True)
    assert "提交审核" in page
    editor.post("/transfer/confirm")
    assert _counts(app) == before
    with Session(app.extensions["isz_admin"].engine) as session:
        assert session.scalars(select(Draft.state)).all() == ["review", "review"]
