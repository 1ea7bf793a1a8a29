"""“试一试”: what the live assistant answers, from the knowledge base in this very process.

In-process rather than POST /api/chat: it is the same KnowledgeBase object the
gateway serves (so the same revision, visible at once after a publish), it
shows staff *why* (matched FAQ, score, aspect, typo corrections, alternatives),
and it adds no test conversations to the transcript, the inbox or the
dashboard.  What it does not show: replies that never reach the knowledge base
(greetings, transactions, hand-off after a second miss), which Rasa decides.
"""
from __future__ import annotations

from typing import Any

from flask import request
from flask_admin import expose

from admin.context import context
from admin.views.base import StaffView

MAX_QUESTION = 200


def ask(kb: Any, question: str, senior: bool) -> dict[str, Any]:
    result = kb.search(question)
    answer = None
    if result.found:
        answer = kb.answer(result.best.service_id, result.aspect, senior=senior, faq_id=result.best.faq_id)
    return {"result": result, "answer": answer, "revision": kb.revision()}


class TryItView(StaffView):
    @expose("/")
    def index(self) -> str:
        question = (request.args.get("q") or "").strip()[:MAX_QUESTION]
        senior = request.args.get("senior") == "1"
        outcome = ask(self._kb(), question, senior) if question else None
        return self.render("admin/isz/tryit.html", question=question, senior=senior, outcome=outcome)

    def _kb(self) -> Any:
        ctx = context()
        if ctx.kb is None:  # standalone admin (tests, CLI): open one on the same database
            from services_db import KnowledgeBase

            ctx.kb = KnowledgeBase(ctx.engine)
            ctx.kb.refresh()
        return ctx.kb
