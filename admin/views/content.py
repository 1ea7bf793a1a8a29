"""Services, FAQs, synonyms and dictionary terms: Flask-Admin's list/create/edit views.

The library gives the list (search, filters, sorting, paging) and renders the
forms; saving goes through :mod:`admin.workflow` instead of writing the row, so
an editor's save becomes a draft and only a reviewer's publish changes what
citizens see.  A refused save returns False, and Flask-Admin then shows the
form again with exactly what the member of staff typed.
"""
from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from flask import flash, g, request, url_for
from flask_admin.contrib.sqla import ModelView
from flask_admin.contrib.sqla.filters import FilterEqual
from markupsafe import Markup, escape
from sqlalchemy import select

from admin import entities, workflow
from admin.context import db, published, require_actor
from admin.entities import ASPECT_LABELS, STATUS_LABELS, Entity
from admin.forms import ChineseForm, entity_form, fill_choices, form_values
from admin.models import Draft, HistoryEntry
from admin.views.base import StaffMixin
from services_db.models import Faq, Service

PUBLISHED_NOTE = "已发布：助手在2秒内按新内容回答，无需重新训练或重启。"


class ChoiceIs(FilterEqual):
    """Flask-Admin's equality filter, worded in Chinese."""

    def operation(self) -> str:
        return "是"


class ContentView(StaffMixin, ModelView):
    """One kind of entry (``entity``); the live rows are listed, changes go through drafts."""

    entity: Entity
    form_base_class = ChineseForm
    can_delete = False
    can_view_details = False
    page_size = 50
    list_template = "admin/isz/content_list.html"
    edit_template = "admin/isz/content_edit.html"
    create_template = "admin/isz/content_edit.html"
    column_display_pk = True

    def __init__(self, session: Any, **kwargs: Any) -> None:
        entity = self.entity
        super().__init__(entity.model, session, name=entity.label, endpoint=entity.name, url=f"/{entity.name}",
                         **kwargs)

    # ---- forms ------------------------------------------------------------------------
    def scaffold_form(self) -> type[ChineseForm]:
        return entity_form(self.entity)

    def _prepared(self, form: ChineseForm) -> ChineseForm:
        fill_choices(form, db(), self.entity)
        return form

    def _copy(self, key: str | None) -> workflow.WorkingCopy:
        draft_id = request.args.get("draft", type=int) or 0
        copy = workflow.working_copy(db(), self.entity, key, draft_id)
        g.working_copy = copy
        return copy

    def create_form(self, obj: Any = None) -> ChineseForm:
        copy = self._copy(None)
        data = dict(copy.data)
        if not data and request.args.get("question"):  # from the inbox: "create an FAQ from this"
            data = {"questions": [request.args["question"][:200]]}
        return self._prepared(super().create_form(SimpleNamespace(**data, lock=copy.lock.token())))

    def edit_form(self, obj: Any = None) -> ChineseForm:
        copy = self._copy(request.args.get("id"))
        form = self._prepared(super().edit_form(SimpleNamespace(**copy.data, lock=copy.lock.token())))
        if "id" in form:
            form.id.render_kw = {"readonly": True}  # a service's id is its identity
        return form

    # ---- saving -------------------------------------------------------------------------
    def create_model(self, form: ChineseForm) -> Any:
        return self._save(form, None)

    def update_model(self, form: ChineseForm, model: Any) -> bool:
        return self._save(form, str(self.get_pk_value(model))) is not None

    def _save(self, form: ChineseForm, key: str | None) -> Any:
        """Run the button's action in one transaction; on refusal flash why and keep the form."""
        user, session = require_actor(), db()
        action = request.form.get("_action", "draft")
        try:
            lock = workflow.Lock.parse(form.lock.data)
            result = self._run(action, user, key, form_values(form, self.entity), lock)
            session.commit()
            if isinstance(result, HistoryEntry):
                published()
        except workflow.Invalid as error:
            session.rollback()
            for message in error.errors:
                flash(message, "error")
            return None
        except workflow.WorkflowError as error:
            session.rollback()
            flash(str(error), "error")
            return None
        return result

    def _run(self, action: str, user: workflow.Actor, key: str | None, data: dict[str, Any],
             lock: workflow.Lock) -> Any:
        session = db()
        if action == "publish":
            entry = workflow.publish_now(session, user, self.entity, key, data, lock)
            flash(PUBLISHED_NOTE + _nlu_note(self.entity), "success")
            g.next_url = url_for("history.entry", entry_id=entry.id)
            return entry
        if action == "retire" and key is not None:
            if user.can_publish:
                entry = workflow.retire(session, user, self.entity, key, lock)
                flash("已停用：助手不再使用这条内容。可在“修改历史”中一键恢复。", "success")
                g.next_url = url_for("history.entry", entry_id=entry.id)
                return entry
            draft = workflow.propose_retire(session, user, self.entity, key, lock)
        else:
            draft = workflow.save_draft(session, user, self.entity, key, data, lock, submit=action == "review")
            flash("已提交审核，审核员发布后市民才能看到。" if action == "review"
                  else "草稿已保存。市民看到的仍是已发布的内容；需要上线时请“提交审核”。", "success")
        session.flush()
        g.next_url = url_for("review.draft", draft_id=draft.id)
        return draft

    def get_save_return_url(self, model: Any, is_created: bool = False) -> str:
        return getattr(g, "next_url", None) or self.get_url(".index_view")

    # ---- list -----------------------------------------------------------------------------
    def get_list(self, *args: Any, **kwargs: Any) -> Any:
        rows = db().execute(select(Draft.key, Draft.state).where(Draft.entity == self.entity.name))
        g.draft_states = {key: state for key, state in rows if key is not None}
        return super().get_list(*args, **kwargs)


def _nlu_note(entity: Entity) -> str:
    if entity.name in ("synonym", "term"):
        return "新词已立即用于知识库检索；意图识别（NLU）在下次训练模型时才会学到它。"
    return ""


def _draft_badge(view: ContentView, context: Any, model: Any, name: str) -> Markup:
    state = getattr(g, "draft_states", {}).get(str(model.id))
    if state is None:
        return Markup("")
    label = "待审核" if state == "review" else "有草稿"
    return Markup('<span class="badge badge-warning">{}</span>').format(label)


def _status(view: ContentView, context: Any, model: Any, name: str) -> Markup:
    css = {"published": "success", "retired": "secondary", "draft": "info"}.get(model.status, "light")
    return Markup('<span class="badge badge-{}">{}</span>').format(css, STATUS_LABELS.get(model.status, model.status))


def _first_question(view: ContentView, context: Any, model: Any, name: str) -> str:
    return (model.questions or [""])[0]


def _short(length: int):  # noqa: ANN202 - a formatter factory
    def formatter(view: ContentView, context: Any, model: Any, name: str) -> str:
        text = str(getattr(model, name) or "")
        return text if len(text) <= length else text[:length] + "…"
    return formatter


def _service_name(view: ContentView, context: Any, model: Any, name: str) -> Markup:
    return escape(model.service.name if model.service else model.service_id)


class ServiceView(ContentView):
    entity = entities.SERVICE
    column_list = ("id", "name", "category", "status", "updated_at", "draft")
    column_labels = {"id": "编号", "name": "事项名称", "category": "类别", "category.name": "类别",
                     "status": "状态", "updated_at": "最后修改", "draft": "草稿", "summary": "简介"}
    column_searchable_list = ("id", "name", "summary")
    column_sortable_list = ("id", "name", "status", "updated_at")
    column_default_sort = "id"
    column_formatters = {"status": _status, "draft": _draft_badge,
                         "category": lambda v, c, m, n: m.category.name if m.category else m.category_id}
    column_filters = (ChoiceIs(Service.status, "状态", options=tuple(STATUS_LABELS.items())),)


class FaqView(ContentView):
    entity = entities.FAQ
    column_list = ("id", "service", "aspect", "question", "answer", "status", "updated_at", "draft")
    column_labels = {"id": "编号", "service": "办事指南", "aspect": "问题类型", "question": "市民的问法",
                     "answer": "标准回答", "status": "状态", "updated_at": "最后修改", "draft": "草稿",
                     "service.name": "办事指南", "senior_answer": "长辈模式回答"}
    column_searchable_list = ("answer", "senior_answer", "service.name")
    column_sortable_list = ("id", "aspect", "status", "updated_at")
    column_default_sort = ("id", False)
    column_formatters = {"status": _status, "draft": _draft_badge, "question": _first_question,
                         "answer": _short(60), "service": _service_name,
                         "aspect": lambda v, c, m, n: ASPECT_LABELS.get(m.aspect, m.aspect)}
    column_filters = (ChoiceIs(Faq.status, "状态", options=tuple(STATUS_LABELS.items())),
                      ChoiceIs(Faq.aspect, "问题类型", options=tuple(ASPECT_LABELS.items())))


class SynonymView(ContentView):
    entity = entities.SYNONYM
    column_list = ("canonical", "variant", "origin", "draft")
    column_labels = {"canonical": "标准词", "variant": "市民的说法", "origin": "来源", "draft": "草稿"}
    column_searchable_list = ("canonical", "variant")
    column_default_sort = "canonical"
    column_formatters = {"draft": _draft_badge,
                         "origin": lambda v, c, m, n: "种子数据" if m.origin == "seed" else "后台添加"}


class TermView(ContentView):
    entity = entities.TERM
    column_list = ("term", "origin", "draft")
    column_labels = {"term": "词条", "origin": "来源", "draft": "草稿"}
    column_searchable_list = ("term",)
    column_default_sort = "term"
    column_formatters = SynonymView.column_formatters
