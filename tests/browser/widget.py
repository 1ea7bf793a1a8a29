"""What a citizen does with the chat widget, as Playwright steps, and what they can measure.

Only data-testid selectors (docs/widget.md). Answers come from the real Rasa
model, so the checks are about behaviour (an answer appears after the question,
it offers quick replies, ...), never about exact wording.
"""
from __future__ import annotations

import math
import re
from typing import Optional

from playwright.sync_api import Locator, Page, expect

QUESTION = "居住证怎么办"


# ---- opening and talking -------------------------------------------------------------------
def open_chat(page: Page, path: str = "/") -> None:
    page.goto(path)
    wait_ready(page)


def reload_chat(page: Page) -> None:
    page.reload()
    wait_ready(page)


def wait_ready(page: Page) -> None:
    """chat.js marks the page once history and personas have loaded."""
    page.locator('html[data-chat-ready="true"]').wait_for(state="attached")


def messages(page: Page, role: Optional[str] = None) -> Locator:
    selector = '[data-testid="message"]' + (f'[data-role="{role}"]' if role else "")
    return page.locator(selector)


def notices(page: Page) -> Locator:
    return page.get_by_test_id("system-notice")


def send(page: Page, text: str) -> list[Locator]:
    """Type into the input and press Enter; returns the bot messages that answered."""
    before = counts(page)
    box = page.get_by_test_id("chat-input")
    box.fill(text)
    box.press("Enter")
    return finish_turn(page, before, text)


def press_quick_reply(page: Page, button: Locator, key: Optional[str] = None) -> list[Locator]:
    """Click a quick reply (or press `key` on it); returns the bot messages that answered."""
    before = counts(page)
    title = button.inner_text().strip()
    if key:
        button.press(key)
    else:
        button.click()
    return finish_turn(page, before, title)


def counts(page: Page) -> tuple[int, int]:
    return messages(page).count(), notices(page).count()


def finish_turn(page: Page, before: tuple[int, int], shown: str) -> list[Locator]:
    """The citizen's words appear as "我", the typing status goes away, the bot answers below."""
    count, notice_count = before
    user = messages(page).nth(count)
    expect(user).to_have_attribute("data-role", "user")
    expect(user.get_by_test_id("message-speaker")).to_have_text("我说：")
    expect(user.get_by_test_id("message-text")).to_have_text(shown)
    expect(page.get_by_test_id("transcript")).to_have_attribute("aria-busy", "false")
    expect(page.get_by_test_id("typing")).to_have_text("")
    expect(notices(page)).to_have_count(notice_count)  # no "暂时无法回答" error notice
    total = messages(page).count()
    replies = [messages(page).nth(i) for i in range(count + 1, total)]
    assert replies, f"no answer to {shown!r}"
    for reply in replies:
        expect(reply).to_have_attribute("data-role", "bot")
        expect(reply.get_by_test_id("message-speaker")).to_have_text("小i助手说：")
    return replies


def focused_testid(page: Page) -> Optional[str]:
    return page.evaluate("() => document.activeElement && document.activeElement.getAttribute('data-testid')")


def tab_to(page: Page, testid: str, *, backwards: bool = False, limit: int = 40,
           enabled_only: bool = True) -> None:
    """Press Tab (or Shift+Tab) until the focus is on an element with this data-testid."""
    key = "Shift+Tab" if backwards else "Tab"
    seen = []
    for _ in range(limit):
        page.keyboard.press(key)
        now = focused_testid(page)
        seen.append(now)
        if now == testid:
            return
    raise AssertionError(f"{key} never reached {testid!r}; focus went {seen}")


# ---- measuring what a citizen sees ---------------------------------------------------------
Colour = tuple[float, float, float, float]


def parse_colour(value: str) -> Colour:
    """A computed colour: rgb(r, g, b), rgba(r, g, b, a) or rgb(r g b / a)."""
    numbers = [float(n) for n in re.findall(r"[\d.]+", value)]
    if not value.startswith("rgb") or len(numbers) < 3:
        raise ValueError(f"not an sRGB colour: {value}")
    return numbers[0], numbers[1], numbers[2], numbers[3] if len(numbers) > 3 else 1.0


def over(top: Colour, below: Colour) -> Colour:
    """`top` painted over an opaque `below`."""
    alpha = top[3]
    return (*(top[i] * alpha + below[i] * (1 - alpha) for i in range(3)), 1.0)  # type: ignore[return-value]


def luminance(colour: Colour) -> float:
    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in colour[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground: Colour, background: Colour) -> float:
    """WCAG 2 contrast ratio of a (possibly translucent) text colour on an opaque background."""
    fg = over(foreground, background)
    high, low = sorted((luminance(fg), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def effective_background(layers: list[str]) -> Colour:
    """Backgrounds from the element outwards, composited over the white canvas."""
    result: Colour = (255.0, 255.0, 255.0, 1.0)
    for layer in reversed(layers):
        result = over(parse_colour(layer), result)
    return result


def gap(a: dict, b: dict) -> float:
    """Shortest distance between two boxes ({x, y, width, height}); 0 when they touch or overlap."""
    dx = max(0.0, b["x"] - (a["x"] + a["width"]), a["x"] - (b["x"] + b["width"]))
    dy = max(0.0, b["y"] - (a["y"] + a["height"]), a["y"] - (b["y"] + b["height"]))
    return math.hypot(dx, dy)


# Text with the colours behind it: every visible element with its own text, and
# every ::before/::after with generated content. Inactive controls are exempt
# from WCAG 1.4.3/1.4.6 and left out.
TEXT_COLOURS_JS = """() => {
  const out = [];
  const shown = (el) => {
    const r = el.getBoundingClientRect(), cs = getComputedStyle(el);
    return r.width > 1 && r.height > 1 && cs.visibility !== 'hidden' && cs.opacity !== '0';
  };
  const backgrounds = (el) => {
    const layers = [];
    for (let node = el; node; node = node.parentElement) {
      const bg = getComputedStyle(node).backgroundColor;
      if (bg === 'rgba(0, 0, 0, 0)' || bg === 'transparent') continue;
      layers.push(bg);
      if (!bg.startsWith('rgba')) break;
    }
    return layers;
  };
  const label = (el) => {
    const owner = el.closest('[data-testid]');
    return (owner ? owner.getAttribute('data-testid') : el.tagName.toLowerCase()) +
      ' "' + (el.textContent || '').trim().slice(0, 20) + '"';
  };
  for (const el of document.body.querySelectorAll('*')) {
    if (!shown(el) || el.closest('.sr-only, :disabled, [aria-disabled="true"], script, style')) continue;
    const add = (what, cs) => out.push({ what, color: cs.color, backgrounds: backgrounds(el),
      fontSize: parseFloat(cs.fontSize), lineHeight: cs.lineHeight });
    if ([...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) add(label(el), getComputedStyle(el));
    if ((el.tagName === 'TEXTAREA' || el.tagName === 'INPUT') && !el.value && el.placeholder) {
      add(label(el) + '::placeholder', getComputedStyle(el, '::placeholder'));
    }
    for (const pseudo of ['::before', '::after']) {
      const cs = getComputedStyle(el, pseudo);
      if (cs.content && !['none', 'normal', '""'].includes(cs.content) && cs.display !== 'none') add(label(el) + pseudo, cs);
    }
  }
  return out;
}"""

# Everything a finger can press: visible native controls (not the scrollable
# transcript itself, not the skip link parked above the page until focused).
TARGETS_JS = """() => {
  const selector = 'button, a[href], input:not([type=hidden]), select, textarea, [role=button]';
  const all = [...document.querySelectorAll(selector)].filter((el) => {
    const r = el.getBoundingClientRect(), cs = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && r.bottom + window.scrollY > 0 &&
      !el.closest('.sr-only');
  });
  return all.filter((el) => !all.some((other) => other !== el && other.contains(el))).map((el) => {
    const r = el.getBoundingClientRect();
    return { what: (el.getAttribute('data-testid') || el.tagName.toLowerCase()) + ' "' +
               (el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 16) + '"',
             x: r.x + window.scrollX, y: r.y + window.scrollY, width: r.width, height: r.height };
  });
}"""

# Anything that moves: animations and transitions on every element and pseudo-element.
MOTION_JS = """() => {
  const moving = [];
  for (const el of document.querySelectorAll('*')) {
    for (const pseudo of [null, '::before', '::after']) {
      const cs = getComputedStyle(el, pseudo);
      moving.push({ what: (el.getAttribute('data-testid') || el.getAttribute('class') || el.tagName) + (pseudo || ''),
                    animation: cs.animationName, transition: cs.transitionDuration });
    }
  }
  return moving;
}"""
