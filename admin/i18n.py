"""Chinese for Flask-Admin's own words (列表, 保存, 搜索…) without adding Flask-Babel.

Flask-Admin ships a zh_Hans_CN catalogue but only reads it through Flask-Babel,
which is not a dependency.  Python's own :mod:`gettext` reads the same ``.mo``
file; :class:`ChineseViewMixin` hands it to every template the admin renders.
"""
from __future__ import annotations

import gettext as _gettext_module
from pathlib import Path
from typing import Any

import flask_admin

_CATALOGUE = Path(flask_admin.__file__).parent / "translations" / "zh_Hans_CN" / "LC_MESSAGES"
_translations = _gettext_module.translation("admin", localedir=str(_CATALOGUE.parent.parent),
                                            languages=["zh_Hans_CN"], fallback=True)
# Words the catalogue lacks or says in a way staff would not.
_OURS = {"Record was successfully saved.": "", "Record was successfully created.": "",
         "Home": "概览", "List": "列表", "Create": "新建", "Edit": "编辑"}


def gettext(string: str, **variables: Any) -> str:
    text = _OURS.get(string)
    text = _translations.gettext(string) if text is None else text
    return text % variables if variables else text


def ngettext(singular: str, plural: str, num: int, **variables: Any) -> str:
    variables.setdefault("num", num)
    return _translations.ngettext(singular, plural, num) % variables


class ChineseViewMixin:
    """Render every Flask-Admin template with the Chinese catalogue."""

    def render(self, template: str, **kwargs: Any) -> str:
        self._template_args.update(_gettext=gettext, _ngettext=ngettext)  # type: ignore[attr-defined]
        return super().render(template, **kwargs)  # type: ignore[misc]
