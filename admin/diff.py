"""A readable diff of two snapshots: changed fields only, with deleted and inserted text marked."""
from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from markupsafe import Markup, escape

from admin.entities import STATUS_LABELS, Entity


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str
    marked: Markup  # old text with <del>, new text with <ins>


def as_text(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "\n".join(str(v) for v in value)
    return "" if value is None else str(value)


def inline(old: str, new: str) -> Markup:
    """Character-level marks (Chinese has no spaces to diff words by)."""
    parts: list[Markup] = []
    for op, a1, a2, b1, b2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape(old[a1:a2]))
            continue
        if a2 > a1:
            parts.append(Markup("<del>{}</del>").format(old[a1:a2]))
        if b2 > b1:
            parts.append(Markup("<ins>{}</ins>").format(new[b1:b2]))
    return Markup("").join(parts)


def changes(entity: Entity, before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[FieldChange]:
    """Changed fields in form order, then the status; a missing side counts as empty."""
    before, after = before or {}, after or {}
    labels = [(f.name, f.label) for f in entity.fields] + [("status", "状态")]
    out = []
    for name, label in labels:
        old, new = before.get(name), after.get(name)
        if name == "status":
            old, new = STATUS_LABELS.get(old or "", old), STATUS_LABELS.get(new or "", new)
        old_text, new_text = as_text(old), as_text(new)
        if old_text != new_text:
            out.append(FieldChange(label, old_text, new_text, inline(old_text, new_text)))
    return out
