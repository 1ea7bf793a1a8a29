"""Issue 6: a whole conversation without a mouse, and Chinese input methods (IME)."""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.widget import QUESTION, counts, finish_turn, focused_testid, messages, open_chat, tab_to


def focus_ring_width(page: Page) -> float:
    """The outline a keyboard user sees around the focused element, in px."""
    return page.evaluate("""() => {
      const cs = getComputedStyle(document.activeElement);
      return cs.outlineStyle === 'none' ? 0 : parseFloat(cs.outlineWidth);
    }""")


def press_focused_quick_reply(page: Page, key: str) -> list:
    assert focused_testid(page) == "quick-reply"
    assert focus_ring_width(page) >= 2, "no visible focus ring on the quick reply"
    title = page.evaluate("() => document.activeElement.textContent.trim()")
    before = counts(page)
    page.keyboard.press(key)
    return finish_turn(page, before, title)


def test_whole_conversation_by_keyboard_only(page: Page) -> None:
    open_chat(page)
    box = page.get_by_test_id("chat-input")

    tab_to(page, "chat-input")
    assert focus_ring_width(page) >= 2, "no visible focus ring on the input"
    page.keyboard.type(QUESTION)
    expect(page.get_by_test_id("char-counter")).to_have_text(f"已输入 {len(QUESTION)}/500 字")
    before = counts(page)
    page.keyboard.press("Enter")
    answer = finish_turn(page, before, QUESTION)[0]
    expect(answer).to_have_attribute("data-kind", "answer")
    expect(box).to_be_focused()  # ready for the next question
    expect(box).to_have_value("")

    # Back up from the input to the answer's suggestions and press one with Enter ...
    tab_to(page, "quick-reply", backwards=True)
    follow_up = press_focused_quick_reply(page, "Enter")[0]
    expect(follow_up).to_have_attribute("data-kind", "answer")
    expect(box).to_be_focused()  # the pressed button was retired; focus was not dropped on <body>

    # ... and another with Space.
    tab_to(page, "quick-reply", backwards=True)
    press_focused_quick_reply(page, "Space")
    expect(messages(page, "user")).to_have_count(3)

    # 长辈模式 on with Space, off with Enter; the focus stays on the toggle.
    html = page.locator("html")
    toggle = page.get_by_test_id("senior-toggle")
    tab_to(page, "senior-toggle", backwards=True, limit=80)
    page.keyboard.press("Space")
    expect(html).to_have_class(re.compile(r"\bsenior\b"))
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(toggle).to_be_focused()
    text_px = float(messages(page).last.get_by_test_id("message-text").evaluate(
        "(el) => parseFloat(getComputedStyle(el).fontSize)"))
    assert text_px >= 24, f"senior mode did not enlarge the text ({text_px}px)"
    page.keyboard.press("Enter")
    expect(html).not_to_have_class(re.compile(r"\bsenior\b"))
    expect(toggle).to_have_attribute("aria-pressed", "false")


def test_enter_that_confirms_an_ime_candidate_does_not_send(page: Page) -> None:
    open_chat(page)
    box = page.get_by_test_id("chat-input")
    box.click()
    ime = page.context.new_cdp_session(page)

    # Chromium with a pinyin IME: the Enter that picks the candidate arrives as
    # keydown (keyCode 229, isComposing), then the text is committed (compositionend).
    ime.send("Input.imeSetComposition", {"text": "居住证", "selectionStart": 3, "selectionEnd": 3})
    ime.send("Input.dispatchKeyEvent", {"type": "rawKeyDown", "key": "Enter", "code": "Enter",
                                        "windowsVirtualKeyCode": 229, "nativeVirtualKeyCode": 229})
    ime.send("Input.insertText", {"text": "居住证"})
    ime.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": "Enter", "code": "Enter",
                                        "windowsVirtualKeyCode": 13, "nativeVirtualKeyCode": 13})
    # Safari reports the confirming Enter after compositionend, as keyCode 229;
    # other IMEs send a plain Enter keydown flagged isComposing.
    box.dispatch_event("keydown", {"key": "Enter", "code": "Enter", "keyCode": 229, "which": 229,
                                   "bubbles": True, "cancelable": True})
    box.dispatch_event("compositionstart", {"data": ""})
    box.dispatch_event("keydown", {"key": "Enter", "code": "Enter", "keyCode": 13, "isComposing": True,
                                   "bubbles": True, "cancelable": True})
    box.dispatch_event("compositionend", {"data": "居住证"})
    page.wait_for_timeout(300)  # a send would show the message at once; give it a moment anyway
    expect(messages(page, "user")).to_have_count(0)
    expect(box).to_have_value("居住证")

    # A plain Enter after the composition sends.
    before = counts(page)
    page.keyboard.press("Enter")
    finish_turn(page, before, "居住证")
    expect(box).to_have_value("")
