"""What a citizen notices: the right service, the asked-for part, and "not found" for the rest."""
from __future__ import annotations

import pytest

from services_db import KnowledgeBase, UnknownServiceError


@pytest.mark.parametrize(("question", "service_id"), [
    ("我想办一张社保卡", "social_security_card_apply"),
    ("社保卡弄丢了怎么办", "social_security_card_loss"),
    ("非深户怎么申请深圳居住证", "residence_permit"),
    ("港澳通行证过期了想换个新的", "hk_macao_permit"),
    ("去香港的签注用完了", "hk_macao_endorsement"),
    ("租房子可以提取公积金吗", "housing_fund_rent_withdrawal"),
])
def test_questions_find_their_service(fixture_kb: KnowledgeBase, question: str, service_id: str) -> None:
    result = fixture_kb.search(question)
    assert result.found and result.best.service_id == service_id
    assert 0 < result.best.score <= 1


@pytest.mark.parametrize(("question", "service_id", "correction"), [
    ("社宝卡丢了", "social_security_card_loss", None),                # homophone listed as a synonym
    ("居住正怎么办理", "residence_permit", None),                     # homophone listed as a synonym
    ("公基金租房提取", "housing_fund_rent_withdrawal", None),          # homophone listed as a synonym
    ("港奥通行证在哪里办", "hk_macao_permit", ("港奥通行证", "港澳通行证")),  # homophone found through pinyin
    ("居注证怎么办理", "residence_permit", ("居注证", "居住证")),          # one wrong character
])
def test_typos_and_homophones_are_understood(fixture_kb: KnowledgeBase, question: str, service_id: str,
                                             correction: tuple[str, str] | None) -> None:
    result = fixture_kb.search(question)
    assert result.found and result.best.service_id == service_id
    assert result.corrections == ([correction] if correction else [])


@pytest.mark.parametrize(("question", "service_id"), [
    ("居住證點樣辦理", "residence_permit"),          # Traditional + Cantonese
    ("辦港澳通行證要幾多錢", "hk_macao_permit"),
    ("社保卡唔見咗點算", "social_security_card_loss"),
])
def test_traditional_and_cantonese_questions(fixture_kb: KnowledgeBase, question: str, service_id: str) -> None:
    result = fixture_kb.search(question)
    assert result.found and result.best.service_id == service_id


@pytest.mark.parametrize(("question", "aspect", "expected_text"), [
    ("办港澳通行证要多少钱", "fee", "60元"),
    ("港澳通行证要带什么材料", "materials", "相片回执"),
    ("居住证多久能拿到", "time", "15个工作日"),
    ("什么人可以办居住证", "conditions", "居住登记满12个月"),
    ("签注机在哪里", "where", "自助签注机"),
])
def test_an_aspect_question_gets_that_part_of_the_guide(fixture_kb: KnowledgeBase, question: str, aspect: str,
                                                        expected_text: str) -> None:
    result = fixture_kb.search(question)
    assert result.found and result.aspect == aspect
    answer = fixture_kb.answer(result.best.service_id, result.aspect, faq_id=result.best.faq_id)
    assert expected_text in answer.text
    assert answer.aspect == aspect


def test_fee_answer_is_only_the_fee_not_the_whole_guide(fixture_kb: KnowledgeBase) -> None:
    result = fixture_kb.search("居住证要钱吗")
    text = fixture_kb.answer(result.best.service_id, result.aspect).text
    assert "免费" in text
    assert "居住登记满12个月" not in text and "登录i深圳" not in text


@pytest.mark.parametrize("question", ["今天天气怎么样", "北京汛情预警", "推荐个好吃的餐厅", "北京居住证怎么办", ""])
def test_off_topic_questions_are_not_found(fixture_kb: KnowledgeBase, question: str) -> None:
    result = fixture_kb.search(question)
    assert not result.found and result.best is None


def test_a_vague_question_gets_did_you_mean_alternatives(fixture_kb: KnowledgeBase) -> None:
    result = fixture_kb.search("社保")
    assert not result.found and result.category == "social_insurance"
    assert {h.service_id for h in result.alternatives} == {"social_security_card_apply", "social_security_card_loss"}


def test_a_category_name_alone_offers_that_category(fixture_kb: KnowledgeBase) -> None:
    result = fixture_kb.search("出入境")
    assert not result.found and result.category == "exit_entry"
    assert {h.service_id for h in result.alternatives} == {"hk_macao_permit", "hk_macao_endorsement"}


def test_off_topic_questions_offer_no_random_suggestions(fixture_kb: KnowledgeBase) -> None:
    result = fixture_kb.search("今天天气怎么样")
    assert result.alternatives == [] and result.category is None


def test_follow_up_question_uses_the_service_under_discussion(fixture_kb: KnowledgeBase) -> None:
    follow_up = fixture_kb.search("那要多少钱？", service_hint="hk_macao_endorsement")
    assert follow_up.found and follow_up.best.service_id == "hk_macao_endorsement"
    assert follow_up.aspect == "fee"
    assert "15元" in fixture_kb.answer(follow_up.best.service_id, follow_up.aspect).text
    assert not fixture_kb.search("那要多少钱？").found  # without context nobody knows what "that" is


def test_a_named_service_overrides_the_hint(fixture_kb: KnowledgeBase) -> None:
    result = fixture_kb.search("居住证要多少钱", service_hint="hk_macao_permit")
    assert result.best.service_id == "residence_permit"


def test_off_topic_text_is_not_pinned_to_the_hint(fixture_kb: KnowledgeBase) -> None:
    assert not fixture_kb.search("今天天气怎么样", service_hint="residence_permit").found


@pytest.mark.parametrize(("mention", "service_id"), [
    ("社保卡", "social_security_card_apply"), ("居住正", "residence_permit"), ("港澳通", "hk_macao_permit"),
    ("深圳居住證", "residence_permit"), ("天气预报", None),
])
def test_resolve_service_maps_mentions(fixture_kb: KnowledgeBase, mention: str, service_id: str | None) -> None:
    assert fixture_kb.resolve_service(mention) == service_id


def test_answer_ends_with_source_and_date_and_flags_unverified_values(fixture_kb: KnowledgeBase) -> None:
    verified = fixture_kb.answer("hk_macao_permit", "fee")
    assert verified.text.splitlines()[-1] == ("信息来源：深圳市公安局出入境管理局（https://sz.gdga.gd.gov.cn/）"
                                             " ｜核实日期：2026-11-26")
    assert not verified.unverified and "尚未核实" not in verified.text
    unverified = fixture_kb.answer("residence_permit", "time")
    assert unverified.unverified
    assert "（此项信息尚未核实，以官方办事指南为准，可咨询 12345）" in unverified.text
    assert unverified.hotline == "12345" and unverified.last_verified == "2026-11-26"


def test_senior_answers_are_shorter(fixture_kb: KnowledgeBase) -> None:
    for aspect in ("how", "fee", "conditions"):
        standard = fixture_kb.answer("residence_permit", aspect)
        senior = fixture_kb.answer("residence_permit", aspect, senior=True)
        assert len(senior.text) < len(standard.text)


def test_aspect_without_faq_is_composed_from_the_guide(fixture_kb: KnowledgeBase) -> None:
    answer = fixture_kb.answer("residence_permit", "materials")
    assert answer.faq_id is None and "1. 居民身份证" in answer.text and "2. 相片回执" in answer.text
    overview = fixture_kb.answer("residence_permit", None)
    assert overview.text.startswith("深圳经济特区居住证申领：") and "咨询电话：12345" in overview.text


def test_answer_for_unknown_service_raises(fixture_kb: KnowledgeBase) -> None:
    with pytest.raises(UnknownServiceError):
        fixture_kb.answer("no_such_service", "fee")


def test_catalog_views(fixture_kb: KnowledgeBase) -> None:
    assert [s["id"] for s in fixture_kb.list_services("exit_entry")] == ["hk_macao_endorsement", "hk_macao_permit"]
    assert len(fixture_kb.list_services()) == 6
    guide = fixture_kb.get_service("residence_permit")
    assert guide["source_url"] == "https://www.sz.gov.cn/" and guide["last_verified"] == "2026-11-26"
    assert fixture_kb.get_service("nope") is None
    assert fixture_kb.category("exit_entry")["hotline"] == "12367"
    assert fixture_kb.health() and fixture_kb.revision() == 1


def test_dictionary_terms_cover_names_aliases_synonyms_and_districts(fixture_kb: KnowledgeBase) -> None:
    terms = set(fixture_kb.dictionary_terms())
    assert {"深圳经济特区居住证申领", "居住证", "社宝卡", "住房公积金", "i深圳", "南山区", "大鹏新区"} <= terms
