"""The review queue: every pending draft, its diff against the live entry, publish or send back."""
from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, url_for
from flask_admin import expose
from sqlalchemy import case, select

from admin import diff, entities, workflow
from admin.context import db, published, require_actor
from admin.forms import ActionForm
from admin.models import Draft
from admin.views.base import StaffView
from admin.views.content import PUBLISHED_NOTE


def edit_url(draft: Draft) -> str:
    """Where to go on editing this draft: the entry's edit page, or the create page for a new entry."""
    if draft.key is None:
        return url_for(f"{draft.entity}.create_view", draft=draft.id)
    return url_for(f"{draft.entity}.edit_view", id=draft.key)


class ReviewView(StaffView):
    @expose("/")
    def index(self) -> str:
        drafts = db().scalars(select(Draft).order_by(case((Draft.state == "review", 0), else_=1),
                                                     Draft.updated_at.desc())).all()
        rows = [(d, entities.ENTITIES[d.entity]) for d in drafts]
        return self.render("admin/isz/review_list.html", rows=rows)

    @expose("/<int:draft_id>")
    def draft(self, draft_id: int) -> str:
        found = self._draft(draft_id)
        entity = entities.ENTITIES[found.entity]
        row = entities.load(db(), entity, found.key) if found.key else None
        live = entities.snapshot(entity, row) if row is not None else None
        stale = entity.versioned and row is not None and row.version != found.base_version
        form = ActionForm(lock=str(found.version))
        return self.render("admin/isz/review_draft.html", draft=found, entity=entity, live=live, stale=stale,
                           changes=diff.changes(entity, live, found.data), form=form, edit_url=edit_url(found))

    @expose("/<int:draft_id>/<action>", methods=("POST",))
    def act(self, draft_id: int, action: str) -> Any:
        form = ActionForm()
        if not form.validate_on_submit():
            abort(400)
        user, session, found = require_actor(), db(), self._draft(draft_id)
        target = url_for(".draft", draft_id=draft_id)
        try:
            if action == "publish":
                entry = workflow.publish_draft(session, user, found, workflow.Lock(0, found.id, int(form.lock.data)))
                target = url_for("history.entry", entry_id=entry.id)
                flash(PUBLISHED_NOTE, "success")
            elif action == "reject":
                workflow.reject(session, user, found, form.note.data or "")
                flash("已退回给编辑修改。", "success")
            elif action == "submit":
                workflow.submit(session, user, found)
                flash("已提交审核。", "success")
            elif action == "discard":
                workflow.discard(session, user, found)
                target = url_for(".index")
                flash("草稿已删除。", "success")
            else:
                abort(404)
            session.commit()
            if action == "publish":
                published()
        except workflow.WorkflowError as error:
            session.rollback()
            flash(str(error), "error")
        return redirect(target)

    def _draft(self, draft_id: int) -> Draft:
        found = db().get(Draft, draft_id)
        if found is None:
            abort(404)
        return found
