"""Issue 6: asking, quick replies, history after a reload, 清除记录, and text that stays text."""
from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.widget import QUESTION, messages, open_chat, press_quick_reply, reload_chat, send


def test_question_gets_an_answer_and_a_quick_reply_gets_its_reply(page: Page) -> None:
    open_chat(page)
    greeting = messages(page).first
    expect(greeting).to_have_attribute("data-kind", "welcome")
    expect(greeting.get_by_test_id("quick-reply").first).to_be_enabled()

    replies = send(page, QUESTION)
    answer = replies[0]
    expect(answer).to_have_attribute("data-kind", "answer")
    expect(answer.get_by_test_id("message-text")).to_contain_text("居住证")
    expect(answer.get_by_test_id("thumb-up")).to_be_visible()
    # The question was answered, so the greeting's suggestions are spent.
    expect(greeting.get_by_test_id("quick-reply").first).to_be_disabled()

    follow_ups = answer.get_by_test_id("quick-reply")
    expect(follow_ups.first).to_be_visible()
    first_text = answer.get_by_test_id("message-text").inner_text()
    next_replies = press_quick_reply(page, follow_ups.first)
    follow_up = next_replies[0]
    expect(follow_up).to_have_attribute("data-kind", "answer")
    expect(follow_up.get_by_test_id("message-text")).not_to_have_text(first_text)
    expect(follow_ups.first).to_be_disabled()  # pressed once, it cannot restart the step


def test_history_survives_a_reload_and_clear_erases_it(page: Page) -> None:
    open_chat(page)
    answer = send(page, QUESTION)[0]
    answer_text = answer.get_by_test_id("message-text").inner_text()

    reload_chat(page)
    restored = messages(page)
    expect(restored).to_have_count(3)  # greeting, the question, the answer
    expect(restored.nth(0)).to_have_attribute("data-kind", "welcome")
    expect(restored.nth(1)).to_have_attribute("data-role", "user")
    expect(restored.nth(1).get_by_test_id("message-text")).to_have_text(QUESTION)
    expect(restored.nth(2)).to_have_attribute("data-kind", "answer")
    expect(restored.nth(2).get_by_test_id("message-text")).to_have_text(answer_text)
    # Only the latest answer keeps live suggestions after the reload.
    expect(restored.nth(0).get_by_test_id("quick-reply").first).to_be_disabled()
    expect(restored.nth(2).get_by_test_id("quick-reply").first).to_be_enabled()

    # 清除记录 asks first; 取消 (focused first) keeps everything.
    page.get_by_test_id("clear-button").click()
    expect(page.get_by_test_id("clear-confirm-panel")).to_be_visible()
    expect(page.get_by_test_id("clear-cancel-button")).to_be_focused()
    page.get_by_test_id("clear-cancel-button").click()
    expect(page.get_by_test_id("clear-confirm-panel")).to_be_hidden()
    expect(messages(page)).to_have_count(3)

    old_session = page.evaluate("() => localStorage.getItem('ishenzhen.chat.session')")
    page.get_by_test_id("clear-button").click()
    page.get_by_test_id("clear-confirm-button").click()
    expect(page.get_by_test_id("clear-confirm-panel")).to_be_hidden()
    expect(messages(page)).to_have_count(1)
    expect(messages(page).first).to_have_attribute("data-kind", "welcome")
    expect(page.get_by_test_id("chat-input")).to_be_focused()

    reload_chat(page)
    expect(messages(page)).to_have_count(1)
    expect(messages(page).first).to_have_attribute("data-kind", "welcome")
    # The server forgot it too: even this browser (same cookie) cannot get the old conversation back.
    old = page.request.get(f"/api/history?session_id={old_session}")
    assert old.ok and old.json()["messages"] == [], old.text()[:300]


def test_markup_is_shown_as_text_and_never_runs(page: Page) -> None:
    markup = "<img src=x onerror=alert(1)>"
    open_chat(page)
    send(page, markup)
    mine = messages(page, "user").last.get_by_test_id("message-text")
    expect(mine).to_have_text(markup)
    transcript = page.get_by_test_id("transcript")
    expect(transcript.locator("img")).to_have_count(0)

    reload_chat(page)  # the same text, now from the server's history
    expect(messages(page, "user").last.get_by_test_id("message-text")).to_have_text(markup)
    expect(transcript.locator("img")).to_have_count(0)
    assert page.dialogs == [], f"the message ran as code: {page.dialogs}"  # type: ignore[attr-defined]
