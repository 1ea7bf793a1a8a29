"""Access control shared by every page: log-in required, some pages for reviewers only."""
from __future__ import annotations

from typing import Any

from flask import abort, redirect, request, url_for
from flask_admin import BaseView

from admin.context import actor
from admin.i18n import ChineseViewMixin


class StaffMixin(ChineseViewMixin):
    """Anonymous visitors are sent to the log-in page; ``reviewer_only`` pages answer 403 to editors."""

    reviewer_only = False

    def is_accessible(self) -> bool:
        user = actor()
        return user is not None and (user.can_publish or not self.reviewer_only)

    def inaccessible_callback(self, name: str, **kwargs: Any) -> Any:
        if actor() is None:
            return redirect(url_for("login.index", next=request.full_path.rstrip("?")))
        abort(403)


class StaffView(StaffMixin, BaseView):
    """A hand-made page (review queue, inbox, try-it…) behind the log-in."""
