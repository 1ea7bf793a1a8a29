"""The audit log, read-only, in Flask-Admin's list view (search, filter, paging for free)."""
from __future__ import annotations

from typing import Any

from flask_admin.contrib.sqla import ModelView

from admin.forms import ChineseForm
from admin.models import AuditEntry
from admin.timefmt import beijing
from admin.views.base import StaffMixin


class AuditView(StaffMixin, ModelView):
    form_base_class = ChineseForm
    can_create = can_edit = can_delete = False
    column_list = ("at", "user", "action", "entity", "key", "detail")
    column_labels = {"at": "时间", "user": "用户", "action": "操作", "entity": "类型", "key": "编号",
                     "detail": "内容"}
    column_searchable_list = ("user", "action", "detail", "key")
    column_default_sort = ("id", True)
    page_size = 100
    column_formatters = {"at": lambda v, c, m, n: beijing(m.at)}

    def __init__(self, session: Any, **kwargs: Any) -> None:
        super().__init__(AuditEntry, session, **kwargs)
