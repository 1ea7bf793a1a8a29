"""The inbox lists what went unanswered (one click to a new FAQ); the dashboard draws the numbers in SVG."""
from __future__ import annotations

import time

from admin.conversations import stats, unanswered
from bot.gateway.store import ChatStore
from tests.admin.conftest import Staff


def _conversations(store: ChatStore) -> None:
    store.create_session("s1", "secret-1", "standard")
    store.add_message("s1", "user", "我家狗的疫苗在哪里打")
    store.add_message("s1", "bot", "抱歉，我没听懂。", meta={"kind": "fallback", "category": None, "service_id": None})
    store.add_message("s1", "user", "居住证怎么办")
    answer = store.add_message("s1", "bot", "居住证可以在i深圳申请。",
                               meta={"kind": "answer", "category": "household_residence",
                                     "service_id": "residence_permit"})
    store.add_feedback("s1", answer, "down", "居住证怎么办", "居住证可以在i深圳申请。")
    store.create_session("s2", "secret-2", "senior")
    store.add_message("s2", "user", "我家狗的疫苗在哪里打")
    store.add_message("s2", "bot", "您是不是想问：…", meta={"kind": "clarify", "category": None, "service_id": None})
    store.add_message("s2", "user", "居住证怎么办")
    up = store.add_message("s2", "bot", "居住证可以在i深圳申请。",
                           meta={"kind": "answer", "category": "household_residence",
                                 "service_id": "residence_permit"})
    store.add_feedback("s2", up, "up", "居住证怎么办", "居住证可以在i深圳申请。")
    store.add_rating("s2", 4, None)


def test_unanswered_groups_fallbacks_and_thumbs_down(settings) -> None:
    store = ChatStore(settings.gateway_database_url)
    _conversations(store)
    items = {i.question: i for i in unanswered(store.engine)}
    assert items["我家狗的疫苗在哪里打"].count == 2
    assert items["居住证怎么办"].reason == "👎 不满意"


def test_stats_count_questions_fallbacks_and_satisfaction(settings) -> None:
    store = ChatStore(settings.gateway_database_url)
    _conversations(store)
    numbers = stats(store.engine, now=time.time())
    assert numbers.questions == 4 and numbers.questions_per_day[-1] == 4
    assert numbers.fallback_rate == 0.5
    assert numbers.top_services == [("residence_permit", 2)]
    assert numbers.top_categories == [("household_residence", 2)]
    assert (numbers.thumbs_up, numbers.thumbs_down, numbers.satisfaction) == (1, 1, 0.5)
    assert (numbers.rating_average, numbers.ratings) == (4.0, 1)


def test_inbox_offers_create_an_faq_from_the_question(app, editor: Staff, settings) -> None:
    _conversations(ChatStore(settings.gateway_database_url))
    page = editor.get("/inbox/").get_data(as_text=True)
    assert "我家狗的疫苗在哪里打" in page and "没听懂" in page and "用它新建问答" in page
    form = editor.get("/faq/new/?question=我家狗的疫苗在哪里打").get_data(as_text=True)
    assert ">\r\n我家狗的疫苗在哪里打</textarea>" in form


def test_dashboard_draws_svg_charts_with_the_numbers(app, reviewer: Staff, settings) -> None:
    _conversations(ChatStore(settings.gateway_database_url))
    page = reviewer.get("/").get_data(as_text=True)
    assert page.count("<svg") == 4 and "居住证" in page and "50%" in page
    assert "<script>" not in page and "style=" not in page.split("<svg", 1)[1]
