"""Content admin for service-centre staff, mounted by the gateway at /admin (docs/admin.md).

A Flask app with Flask-Admin views on the knowledge-base database: staff edit
services, FAQs, synonyms and dictionary terms as drafts, reviewers publish
them (the assistant answers with the change within 2 seconds), and every
publish is kept in a history that can be rolled back.
"""
from __future__ import annotations

from typing import Any


def create_admin_app(*args: Any, **kwargs: Any) -> Any:
    """See :func:`admin.app.create_admin_app` (imported lazily: Flask loads only when used)."""
    from admin.app import create_admin_app as create

    return create(*args, **kwargs)
