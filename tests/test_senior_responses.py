"""长辈模式 (issue 7): every domain response has a senior variant, and it reads like one.

Rasa picks a response variant whose conditions all match the slots (any of
them when several do), else one without a condition.  These tests pick the
same way for every state the conditions distinguish, so a response without a
senior variant, or with one that only covers some states, fails here.
"""
from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

DOMAIN: dict[str, Any] = yaml.safe_load((Path(__file__).resolve().parents[1] / "domain.yml").read_text(encoding="utf-8"))
RESPONSES: dict[str, list[dict[str, Any]]] = DOMAIN["responses"]
SENIOR = {"type": "slot", "name": "senior_mode", "value": True}

# identifiers a citizen has to read as they are, and the app's name; any other Latin letter is English
_NOT_ENGLISH = re.compile(r"i深圳|(?:YY|MS|SB)\d+|粤[A-Z]·?[A-Z0-9]{5,6}")
_ITEM = re.compile(r"(?m)^\s*(?:\d+[.、．]|[①②③④⑤⑥⑦⑧⑨]|[-•·])")
_SENTENCE = re.compile(r"[^。！？!?\n]+")
MAX_ITEMS = 3
MAX_SENTENCE_CHARS = 24


def is_senior(variant: dict[str, Any]) -> bool:
    return SENIOR in (variant.get("condition") or [])


def picked(variants: list[dict[str, Any]], slots: dict[str, Any]) -> list[dict[str, Any]]:
    """The variants Rasa may choose from for these slot values."""
    matching = [v for v in variants if v.get("condition")
                and all(slots.get(c["name"]) == c["value"] for c in v["condition"])]
    return matching or [v for v in variants if not v.get("condition")]


def states(variants: list[dict[str, Any]], senior: bool) -> list[dict[str, Any]]:
    """Every combination of the values the conditions test, with ``senior_mode`` fixed."""
    values: dict[str, set[Any]] = {}
    for variant in variants:
        for condition in variant.get("condition") or []:
            if condition["name"] != "senior_mode":
                initial = DOMAIN["slots"][condition["name"]].get("initial_value")
                values.setdefault(condition["name"], {initial}).add(condition["value"])
    names = sorted(values)
    return [{"senior_mode": senior, **dict(zip(names, combo, strict=True))}
            for combo in itertools.product(*(sorted(values[n], key=repr) for n in names))]


def pairs() -> list[Any]:
    """(response, senior variant, the standard variant of the same state) for every state."""
    found = []
    for name, variants in RESPONSES.items():
        for number, state in enumerate(states(variants, senior=True)):
            standard = picked(variants, {**state, "senior_mode": False})[0]
            found += [pytest.param(name, senior, standard, id=f"{name}-{number}") for senior in picked(variants, state)]
    return found


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_every_response_has_a_senior_variant_in_every_state(name: str) -> None:
    variants = RESPONSES[name]
    for state in states(variants, senior=True):
        chosen = picked(variants, state)
        assert all(is_senior(v) for v in chosen), f"{name}: no 长辈模式 variant when {state}"
    for state in states(variants, senior=False):
        assert not any(is_senior(v) for v in picked(variants, state)), f"{name}: senior wording in standard mode"


@pytest.mark.parametrize("name, senior, standard", pairs())
def test_senior_variant_is_shorter_plain_chinese_with_at_most_three_items(
        name: str, senior: dict[str, Any], standard: dict[str, Any]) -> None:
    text = senior["text"]
    assert len(text) < len(standard["text"]), f"{name}: the senior wording is not shorter"
    assert not re.search(r"[A-Za-z]", _NOT_ENGLISH.sub("", text)), f"{name}: English in {text!r}"
    assert len(_ITEM.findall(text)) <= MAX_ITEMS and len(senior.get("buttons") or []) <= MAX_ITEMS, name
    long = [s for s in _SENTENCE.findall(text) if len(s) > MAX_SENTENCE_CHARS]
    assert not long, f"{name}: sentences too long for 长辈模式: {long}"
    assert senior["metadata"] == standard["metadata"], f"{name}: the chat API meta must not change with the mode"


def test_senior_emergency_gives_the_emergency_numbers_and_a_crisis_line_first() -> None:
    [senior] = [v for v in RESPONSES["utter_emergency"] if is_senior(v)]
    first, second = senior["text"].splitlines()[:2]
    assert all(number in first for number in ("110", "119", "120")), first
    assert "12356" in second, second  # 心理援助热线
