"""Smoke test of retrieval over the real seed (the content writers' YAML)."""
from __future__ import annotations

from typing import Iterator

import pytest

from services_db import KnowledgeBase
from services_db.db import make_engine
from services_db.migrate import upgrade
from services_db.seed_files import load_seed
from services_db.seeding import seed_database


@pytest.fixture(scope="module")
def real_kb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    ids = {s["id"] for s in load_seed().services}
    if not {"residence_permit", "hk_macao_permit", "social_security_card_apply"} <= ids:
        pytest.skip("the real seed does not have these services yet")
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('real') / 'kb.db'}")
    upgrade(engine)
    seed_database(engine)
    kb = KnowledgeBase(engine)
    kb.refresh()
    yield kb
    kb.close()


@pytest.mark.parametrize(("question", "service_id", "aspect"), [
    ("深圳居住证要怎么申请", "residence_permit", "how"),
    ("居住正第一次办要钱吗", "residence_permit", "fee"),
    ("港澳通行證喺邊度辦", "hk_macao_permit", "where"),
    ("社宝卡要带什么去办", "social_security_card_apply", "materials"),
])
def test_real_questions_find_the_right_service_and_aspect(real_kb: KnowledgeBase, question: str,
                                                         service_id: str, aspect: str) -> None:
    result = real_kb.search(question)
    assert result.found and result.best.service_id == service_id and result.aspect == aspect
    answer = real_kb.answer(result.best.service_id, result.aspect, faq_id=result.best.faq_id)
    assert answer.text.splitlines()[-1].startswith("信息来源：")


@pytest.mark.parametrize("question", ["今天天气怎么样", "北京汛情预警"])
def test_real_kb_rejects_off_topic(real_kb: KnowledgeBase, question: str) -> None:
    assert not real_kb.search(question).found


def test_seniors_get_the_rule_without_article_numbers(real_kb: KnowledgeBase) -> None:
    standard = real_kb.answer("driving_licence_replacement", "conditions")
    senior = real_kb.answer("driving_licence_replacement", "conditions", senior=True)
    assert "《机动车驾驶证申领和使用规定》第六十九条" in standard.text
    assert "驾驶证遗失" in senior.text and "《" not in senior.text and "第六十九条" not in senior.text
