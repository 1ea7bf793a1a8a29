"""Issue 7: 长辈模式 — large and clear text, big separated buttons, nothing moving, help in one place.

Measured from the rendered page after a real conversation (greeting, question,
answer), mostly at a phone's width, where older citizens use i深圳.
"""
from __future__ import annotations

import re
from itertools import combinations

from playwright.sync_api import Page, expect

from tests.browser.widget import (
    MOTION_JS,
    QUESTION,
    TARGETS_JS,
    TEXT_COLOURS_JS,
    contrast,
    effective_background,
    gap,
    messages,
    open_chat,
    parse_colour,
    send,
)

PHONE = {"width": 375, "height": 812}
MIN_TARGET_PX = 60
MIN_GAP_PX = 8


def senior_conversation(page: Page, viewport: dict = PHONE) -> None:
    page.set_viewport_size(viewport)
    open_chat(page)
    page.get_by_test_id("senior-toggle").click()
    expect(page.locator("html")).to_have_class(re.compile(r"\bsenior\b"))
    send(page, QUESTION)


def test_senior_text_is_large_well_spaced_and_high_contrast(page: Page) -> None:
    senior_conversation(page)

    texts = messages(page).get_by_test_id("message-text")
    assert texts.count() >= 3  # greeting, question, answer
    for i in range(texts.count()):
        size, line = texts.nth(i).evaluate(
            "(el) => { const cs = getComputedStyle(el); return [parseFloat(cs.fontSize), parseFloat(cs.lineHeight)]; }")
        assert size >= 24, f"message text {i} is {size}px (needs ≥ 24px)"
        assert line / size >= 1.5, f"message text {i} line-height is {line / size:.2f} (needs ≥ 1.5)"

    title_px = float(page.get_by_role("heading", level=1).evaluate("(el) => parseFloat(getComputedStyle(el).fontSize)"))
    assert title_px >= 40, f"the title is {title_px}px (needs ≥ 40px)"

    shown = page.evaluate(TEXT_COLOURS_JS)
    assert len(shown) > 20, "too little text found to judge"
    small = [f"{t['what']}: {t['fontSize']}px" for t in shown if t["fontSize"] < 24]
    assert small == [], "text smaller than 24px in 长辈模式:\n" + "\n".join(small)
    largest = max(shown, key=lambda t: t["fontSize"])
    assert largest["fontSize"] <= title_px, f"{largest['what']} is larger ({largest['fontSize']}px) than the title"
    low = []
    for text in shown:
        ratio = contrast(parse_colour(text["color"]), effective_background(text["backgrounds"]))
        if ratio < 7:
            low.append(f"{text['what']}: {text['color']} on {text['backgrounds'] or 'the page'} = {ratio:.2f}:1")
    assert low == [], "text below 7:1 in 长辈模式:\n" + "\n".join(low)


def test_senior_targets_are_at_least_60px_and_8px_apart(page: Page) -> None:
    senior_conversation(page)
    for width in (375, 1280):
        # A viewport as tall as the page, so sticky bars sit where they belong and
        # every target is measured in its place.
        page.set_viewport_size({"width": width, "height": 800})
        height = page.evaluate("() => document.documentElement.scrollHeight")
        page.set_viewport_size({"width": width, "height": height})
        targets = page.evaluate(TARGETS_JS)
        names = {t["what"] for t in targets}
        assert any("senior-toggle" in n for n in names) and any("quick-reply" in n for n in names), names

        small = [f"{t['what']}: {t['width']:.0f}×{t['height']:.0f}" for t in targets
                 if t["width"] < MIN_TARGET_PX - 0.5 or t["height"] < MIN_TARGET_PX - 0.5]
        assert small == [], f"{width}px: targets smaller than 60×60 px:\n" + "\n".join(small)
        close = [f"{a['what']} ↔ {b['what']}: {gap(a, b):.1f}px" for a, b in combinations(targets, 2)
                 if gap(a, b) < MIN_GAP_PX - 0.5]
        assert close == [], f"{width}px: targets closer than 8 px:\n" + "\n".join(close)


def test_nothing_moves_in_senior_mode(page: Page) -> None:
    senior_conversation(page)
    moving = [f"{m['what']}: animation {m['animation']}, transition {m['transition']}"
              for m in page.evaluate(MOTION_JS)
              if m["animation"] != "none" or any(float(d.strip().rstrip("ms") or 0) > 0
                                                  for d in m["transition"].split(","))]
    assert moving == [], "animations or transitions in 长辈模式:\n" + "\n".join(moving[:20])


def help_buttons(page: Page) -> dict[str, dict]:
    """Where 转人工 and 拨打12345 are on the screen, checking a finger can reach them."""
    boxes = {}
    for testid in ("handoff-button", "call-12345"):
        button = page.get_by_test_id(testid)
        expect(button).to_be_visible()
        box = button.bounding_box()
        assert box is not None
        reachable = page.evaluate(
            "([x, y, id]) => { const hit = document.elementFromPoint(x, y);"
            " return !!hit && !!hit.closest(`[data-testid=\"${id}\"]`); }",
            [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, testid])
        assert reachable, f"{testid} is covered by something else"
        viewport = page.viewport_size
        assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], f"{testid} is off the screen"
        boxes[testid] = box
    return boxes


def test_help_stays_in_the_same_place_in_senior_mode(page: Page) -> None:
    expect_text = {"handoff-button": "转人工", "call-12345": "拨打12345"}
    for viewport in ({"width": 1280, "height": 800}, PHONE):
        page.set_viewport_size(viewport)
        open_chat(page)
        if page.get_by_test_id("senior-toggle").get_attribute("aria-pressed") != "true":
            page.get_by_test_id("senior-toggle").click()
        for testid, text in expect_text.items():
            expect(page.get_by_test_id(testid)).to_contain_text(text)
        expect(page.get_by_test_id("call-12345")).to_have_attribute("href", "tel:12345")
        before = help_buttons(page)
        send(page, QUESTION)
        send(page, "要多少钱")
        assert page.evaluate("() => window.scrollY") > 0, "the conversation did not scroll; nothing was tested"
        after = help_buttons(page)
        for testid in before:
            b, a = before[testid], after[testid]
            if viewport["width"] >= 1024:  # title and help share one sticky row: exactly where it was
                assert a == b, f"{viewport['width']}px: {testid} moved from {b} to {a}"
            else:  # phones: the title scrolls away above the sticky help bar, which keeps its layout
                assert (a["x"], a["width"], a["height"]) == (b["x"], b["width"], b["height"]), \
                    f"{viewport['width']}px: {testid} changed from {b} to {a}"
