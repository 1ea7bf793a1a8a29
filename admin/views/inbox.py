"""Questions the assistant could not answer (or that got a 👎), each one click from a new FAQ."""
from __future__ import annotations

from flask_admin import expose

from admin.context import context
from admin.conversations import unanswered
from admin.views.base import StaffView


class InboxView(StaffView):
    @expose("/")
    def index(self) -> str:
        return self.render("admin/isz/inbox.html", items=unanswered(context().gateway_engine)[:200])
