"""Category routing: questions no service answers go to their category, others to none.

Uses the real seed (its categories' keywords and services) and the questions in
fixtures/category_questions.yml; bench/bench_retrieval.py prints the same numbers.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest
import yaml

from services_db import KnowledgeBase
from services_db.db import make_engine
from services_db.migrate import upgrade
from services_db.seed_files import load_seed
from services_db.seeding import seed_database
from services_db.terms import TermMatcher

QUESTIONS = Path(__file__).resolve().parent / "fixtures" / "category_questions.yml"
MIN_ACCURACY = 0.85
MAX_OUT_OF_SCOPE_ANSWERED = 2  # of 40: 溺水…急救 gets the emergency-numbers answer, 基金定投 a false positive


def _questions() -> dict:
    return yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))


def _routed(kb: KnowledgeBase, text: str) -> str | None:
    """The category the assistant replies with: the answer's, else the knowledge base's guess."""
    result = kb.search(text)
    return result.best.category if result.found and result.best is not None else result.category


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('categories') / 'kb.db'}")
    upgrade(engine)
    seed_database(engine)
    knowledge_base = KnowledgeBase(engine)
    knowledge_base.refresh()
    yield knowledge_base
    knowledge_base.close()


def test_every_category_has_a_vocabulary() -> None:
    for category in load_seed().categories:
        assert 30 <= len(category.get("keywords") or []) <= 100, category["id"]


def test_in_category_questions_get_their_category(kb: KnowledgeBase) -> None:
    questions = _questions()["questions"]
    assert len({q["category"] for q in questions}) == len(load_seed().categories)
    misses = [(q["text"], q["category"], got) for q in questions if (got := _routed(kb, q["text"])) != q["category"]]
    accuracy = 1 - len(misses) / len(questions)
    assert accuracy >= MIN_ACCURACY, f"accuracy {accuracy:.3f}; misses: {misses}"


def test_out_of_scope_questions_get_no_category(kb: KnowledgeBase) -> None:
    """The category guess never invents a topic; a wrongly *found* service (a retrieval
    false positive such as 基金定投 → 维修基金) is the service threshold's business, allowed rarely."""
    texts = _questions()["out_of_scope"]
    results = {text: kb.search(text) for text in texts}
    assert [(t, r.category) for t, r in results.items() if not r.found and r.category is not None] == []
    answered = [(t, r.best.service_id) for t, r in results.items() if r.found and r.best is not None]
    assert len(answered) <= MAX_OUT_OF_SCOPE_ANSWERED, answered


@pytest.mark.parametrize("question", ["怎么办理", "申请需要什么手续", "多少钱", "在哪里办", "需要什么材料"])
def test_generic_words_alone_name_no_category(kb: KnowledgeBase, question: str) -> None:
    assert kb._current().category_of(question) is None


@pytest.mark.parametrize(("question", "category"), [
    ("发票", "tax"), ("公积金封存", "housing_fund"), ("残疾人", "elderly_civil"), ("营业执照", "business"),
    ("医保", "medical_insurance"), ("养老保险", "social_insurance"), ("养老院", "elderly_civil"),
])
def test_one_clear_word_names_its_category(kb: KnowledgeBase, question: str, category: str) -> None:
    assert kb._current().category_of(question) == category


@pytest.mark.parametrize("question", ["企业发生生产安全事故后应当如何报告", "台风天企业要停工吗",
                                      "申请高新技术企业认定要提交什么材料",  # 科技创新局's, not 市场监管's
                                      "体校招生的流程是什么"])
def test_topics_outside_every_category_outweigh_a_category_word(kb: KnowledgeBase, question: str) -> None:
    assert kb._current().category_of(question) is None and kb.search(question).category is None


@pytest.mark.parametrize("question", ["养老", "提取", "车牌", "补贴", "公司"])
def test_an_ambiguous_word_alone_names_no_category(kb: KnowledgeBase, question: str) -> None:
    assert kb._current().category_of(question) is None


@pytest.mark.parametrize(("question", "category"), [
    ("发票丢了怎么办", "tax"),                       # a taxi's lost-property FAQ matches, but this is tax
    ("单位为职工多缴了住房公积金怎么退回", "housing_fund"),
    ("外地车牌限行规定", "traffic_police"),
])
def test_a_clear_category_word_routes_the_question(kb: KnowledgeBase, question: str, category: str) -> None:
    result = kb.search(question)
    assert not result.found and result.category == category
    assert result.alternatives == [] or all(h.score > 0 for h in result.alternatives)  # no filler list


def test_keywords_match_only_as_written() -> None:
    """个睡 (in 讲个睡前故事) must not become 个税: keywords are not typo-corrected."""
    matcher = TermMatcher()
    matcher.add_category("tax", "税务", "", [("个税", 1.0)])
    matcher.finish()
    assert [m.term for m in matcher.scan("讲个睡前故事").topic_matches] == []
    assert [m.term for m in matcher.scan("个税怎么交").topic_matches] == ["个税"]
    assert matcher.scan("个税怎么交").matches == []  # retrieval reads names and synonyms only


def test_a_term_claimed_by_two_categories_is_split() -> None:
    matcher = TermMatcher()
    matcher.add_category("social_insurance", "社会保险", "", [("养老", 0.5), ("养老保险", 1.0)])
    matcher.add_category("elderly_civil", "养老与民政", "", [("养老", 0.5)])
    matcher.finish()
    assert matcher.lookup("养老").category_weights() == {"social_insurance": 0.5, "elderly_civil": 0.5}
    assert matcher.lookup("养老保险").category_weights() == {"social_insurance": 1.0}


@pytest.mark.parametrize("question", ["用人单位的工伤保险费率如何确定", "劳动合同到期后养老保险怎么办"])
def test_words_of_two_categories_of_one_department_route_to_it(kb: KnowledgeBase, question: str) -> None:
    """社会保险 and 就业 are both 人社局's (12333): a question between them is not ambiguous."""
    assert kb._current().category_of(question) in {"social_insurance", "employment"}


def test_words_of_two_departments_name_no_category(kb: KnowledgeBase) -> None:
    assert kb._current().category_of("公积金和医保卡") is None



def test_general_verbs_of_the_covers_text_are_no_evidence() -> None:
    matcher = TermMatcher()
    matcher.add_category("traffic_police", "车驾管与交通违法", "交通违法查询与处理, 记分")
    matcher.finish()
    assert [m.term for m in matcher.scan("劳动争议怎么处理").topic_matches] == []
    assert [m.term for m in matcher.scan("扣了多少记分").topic_matches] == ["记分"]
