"""Browser tests of the chat widget (issues 6 and 7) against one real assistant.

One session-wide stack (mock services, action server, Rasa, gateway) on ports
18400-18403, started with tests/e2e/stack.py; one headless Debian Chromium
(/usr/bin/chromium, from scripts/setup_browser.sh) driven by Playwright; a
fresh browser context (so a fresh session id and cookie) for every test.

ISZ_BROWSER_TEST_URL=http://127.0.0.1:8000 runs the tests against an assistant
that is already running instead (quick iterations on the widget).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from tests.e2e.stack import Stack

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
HERE = Path(__file__).resolve().parent
AXE_JS = HERE / "node_modules" / "axe-core" / "axe.min.js"
RESULTS = HERE.parent.parent / "results"
SCREENSHOTS = RESULTS / "screenshots"
PORT_BASE = 18400
PARTS = ("mock_services", "action_server", "rasa", "gateway")
DESKTOP = {"width": 1280, "height": 800}

# Rasa answers within a second or two, but the machine may be busy training.
expect.set_options(timeout=30_000)


# Package scope, not session: Playwright's sync API keeps an event loop running
# in the main thread while it is open, which would break every asyncio test
# (aiohttp test client) collected after this folder.
@pytest.fixture(scope="package")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The gateway of ONE real assistant shared by every browser test."""
    external = os.environ.get("ISZ_BROWSER_TEST_URL", "").rstrip("/")
    if external:
        yield external
        return
    # Every test talks from 127.0.0.1: the per-address limit (60/min) is for
    # real deployments; each test still gets its own session and its limit.
    running = Stack(tmp_path_factory.mktemp("browser-stack"), port_base=PORT_BASE, rate_limit_address=1000)
    running.prepare()
    try:
        running.start(*PARTS)
        yield running.settings.gateway_url
    finally:
        running.stop()


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail("没有 /usr/bin/chromium：请先运行 bash scripts/setup_browser.sh")
    # Playwright 1.48 asks for the old headless mode unless told otherwise; Debian's
    # current Chromium only has the new one.
    os.environ["PLAYWRIGHT_CHROMIUM_USE_HEADLESS_NEW"] = "1"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def _context(browser: Browser, **options: object) -> BrowserContext:
    context = browser.new_context(locale="zh-CN", viewport=DESKTOP, **options)
    context.set_default_timeout(30_000)
    return context


def _watched_page(context: BrowserContext) -> Page:
    """A page that records dialogs (then dismisses them) and uncaught script errors."""
    page = context.new_page()
    page.dialogs = []  # type: ignore[attr-defined]
    page.script_errors = []  # type: ignore[attr-defined]

    def on_dialog(dialog) -> None:  # noqa: ANN001 - playwright Dialog
        page.dialogs.append(f"{dialog.type}: {dialog.message}")  # type: ignore[attr-defined]
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda error: page.script_errors.append(str(error)))  # type: ignore[attr-defined]
    return page


@pytest.fixture()
def page(request: pytest.FixtureRequest, browser: Browser, base_url: str) -> Iterator[Page]:
    """A fresh context (empty storage, no cookie) per test, under the page's real CSP."""
    yield from _page_in(_context(browser, base_url=base_url), request)


@pytest.fixture()
def csp_free_page(request: pytest.FixtureRequest, browser: Browser, base_url: str) -> Iterator[Page]:
    """Only for injecting axe-core, which the page's CSP (rightly) refuses."""
    yield from _page_in(_context(browser, base_url=base_url, bypass_csp=True), request)


def _page_in(context: BrowserContext, request: pytest.FixtureRequest) -> Iterator[Page]:
    page = _watched_page(context)
    try:
        yield page
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:
            failures = SCREENSHOTS / "failures"
            failures.mkdir(parents=True, exist_ok=True)
            try:
                page.screenshot(path=str(failures / f"{request.node.name}.png"), full_page=True)
            except Exception:  # a screenshot must not hide the real failure
                pass
        assert page.script_errors == [], f"script errors on the page: {page.script_errors}"  # type: ignore[attr-defined]
    finally:
        context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
