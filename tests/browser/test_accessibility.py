"""Issue 6/7: axe-core in both modes, and screenshots at phone and desktop widths."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import AXE_JS, SCREENSHOTS
from tests.browser.widget import QUESTION, open_chat, send

SERIOUS = ("serious", "critical")


def set_mode(page: Page, mode: str) -> None:
    toggle = page.get_by_test_id("senior-toggle")
    if toggle.get_attribute("aria-pressed") != str(mode == "senior").lower():
        toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", str(mode == "senior").lower())


def serious_violations(page: Page) -> list[str]:
    found = page.evaluate("""async () => {
      const result = await axe.run(document, { resultTypes: ['violations'] });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
    }""")
    return [f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes']}" for v in found if v["impact"] in SERIOUS]


@pytest.mark.parametrize("mode", ["standard", "senior"])
def test_axe_finds_no_serious_problems(csp_free_page: Page, mode: str) -> None:
    page = csp_free_page
    assert AXE_JS.exists(), "axe-core is missing: run bash scripts/setup_browser.sh"
    open_chat(page)
    set_mode(page, mode)
    send(page, QUESTION)  # a real answer: quick replies, 👍/👎, disabled suggestions
    page.add_script_tag(path=str(AXE_JS))

    problems = serious_violations(page)
    page.get_by_test_id("end-button").click()  # the rating form
    expect(page.get_by_test_id("rating-panel")).to_be_visible()
    problems += serious_violations(page)
    page.get_by_test_id("rating-cancel").click()
    page.get_by_test_id("clear-button").click()  # the clear confirm
    expect(page.get_by_test_id("clear-confirm-panel")).to_be_visible()
    problems += serious_violations(page)
    assert problems == [], "\n".join(problems)


def test_screenshots_at_phone_and_desktop_width(page: Page) -> None:
    """Saved under results/screenshots/ for people to look at; no sideways scrolling at either width."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 375, "height": 812})
    open_chat(page)
    send(page, QUESTION)
    for mode in ("standard", "senior"):
        set_mode(page, mode)
        expect(page.locator("html")).to_have_class(re.compile(r"\bsenior\b") if mode == "senior"
                                                   else re.compile(r"^(?!.*\bsenior\b)"))
        for width, height in ((375, 812), (1280, 800)):
            page.set_viewport_size({"width": width, "height": height})
            overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{width}px {mode}: the page scrolls sideways by {overflow}px"
            # What the citizen sees right after the answer, then the whole page in a
            # viewport as tall as it (so the sticky bars are drawn where they belong).
            page.get_by_test_id("message").last.scroll_into_view_if_needed()
            shots = [SCREENSHOTS / f"chat-{width}px-{mode}.png", SCREENSHOTS / f"chat-{width}px-{mode}-full.png"]
            page.screenshot(path=str(shots[0]))
            page.set_viewport_size({"width": width, "height": page.evaluate("() => document.documentElement.scrollHeight")})
            page.screenshot(path=str(shots[1]))
            for path in shots:
                assert path.stat().st_size > 10_000, f"{path} looks empty"
