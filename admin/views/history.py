"""Revision history: who published what, the diff, and a one-click rollback."""
from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from sqlalchemy import func, select

from admin import diff, entities, workflow
from admin.context import db, published, require_actor
from admin.forms import ActionForm
from admin.models import HistoryEntry
from admin.views.base import StaffView

PAGE = 50


class HistoryView(StaffView):
    @expose("/")
    def index(self) -> str:
        query = select(HistoryEntry)
        entity, key = request.args.get("entity"), request.args.get("key")
        if entity in entities.ENTITIES:
            query = query.where(HistoryEntry.entity == entity)
        if key:
            query = query.where(HistoryEntry.key == key)
        page = max(request.args.get("page", 0, type=int), 0)
        total = db().scalar(select(func.count()).select_from(query.subquery()))
        found = db().scalars(query.order_by(HistoryEntry.id.desc()).offset(page * PAGE).limit(PAGE)).all()
        rows = [(e, entities.ENTITIES[e.entity]) for e in found]
        return self.render("admin/isz/history_list.html", rows=rows, page=page, pages=(total + PAGE - 1) // PAGE,
                           entity=entity, key=key)

    @expose("/<int:entry_id>")
    def entry(self, entry_id: int) -> str:
        found = self._entry(entry_id)
        entity = entities.ENTITIES[found.entity]
        return self.render("admin/isz/history_entry.html", entry=found, entity=entity, form=ActionForm(),
                           changes=diff.changes(entity, found.before, found.after))

    @expose("/<int:entry_id>/rollback", methods=("POST",))
    def rollback(self, entry_id: int) -> Any:
        if not ActionForm().validate_on_submit():
            abort(400)
        session = db()
        try:
            entry = workflow.rollback(session, require_actor(), self._entry(entry_id))
            session.commit()
            published()
        except workflow.WorkflowError as error:
            session.rollback()
            flash(str(error), "error")
            return redirect(url_for(".entry", entry_id=entry_id))
        flash("已回滚并发布：助手在2秒内按回滚后的内容回答。这次回滚本身也可以再回滚。", "success")
        return redirect(url_for(".entry", entry_id=entry.id))

    def _entry(self, entry_id: int) -> HistoryEntry:
        found = db().get(HistoryEntry, entry_id)
        if found is None:
            abort(404)
        return found
