"""Citations of law articles in the seed are checked against the verbatim texts in laws.yml."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from services_db.law_citations import cited_articles, load_laws, quantities, without_citations
from services_db.seed_check import check_seed, verification_report
from services_db.seed_files import PACKAGE_SEED_DIR

ID_LAW = {
    "title": "中华人民共和国居民身份证法", "version": "2011年10月29日修正", "repo": "LawRefBook/Laws",
    "path": "行政法/居民身份证法(2011-10-29).md", "commit": "0" * 40,
    "articles": {"第十二条": "公安机关应当自公民提交《居民身份证申领登记表》之日起六十日内发放居民身份证；"
                            "交通不便的地区，办理时间可以适当延长，但延长的时间不得超过三十日。"},
}


@pytest.fixture
def seed_with_laws(seed_dir: Path, tmp_path: Path) -> Path:
    """The fixture seed with its own laws.yml quoting one article."""
    copy = tmp_path / "seed"
    shutil.copytree(seed_dir, copy)
    (copy / "laws.yml").write_text(yaml.safe_dump({"laws": [ID_LAW]}, allow_unicode=True), encoding="utf-8")
    return copy


def _cite(seed: Path, statutory_time_limit: str) -> list[str]:
    path = seed / "services" / "household_residence.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["services"][0]["statutory_time_limit"] = statutory_time_limit
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return [p for p in check_seed(seed) if "statutory_time_limit" in p]


def test_a_citation_that_matches_its_article_passes(seed_with_laws: Path) -> None:
    assert _cite(seed_with_laws, "自提交申领登记表之日起60日内发放，延长不超过30天（《居民身份证法》第十二条）") == []


def test_a_period_the_article_does_not_state_is_reported(seed_with_laws: Path) -> None:
    problems = _cite(seed_with_laws, "《中华人民共和国居民身份证法》第十二条：15日内发放")
    assert problems and "15日" in problems[0]


def test_an_article_that_laws_yml_does_not_quote_is_reported(seed_with_laws: Path) -> None:
    problems = _cite(seed_with_laws, "《居民身份证法》第十三条规定的期限")
    assert problems and "第13条" in problems[0]


def test_a_law_laws_yml_does_not_hold_is_left_to_unverified(seed_with_laws: Path) -> None:
    assert _cite(seed_with_laws, "《深圳经济特区居住证条例》第二十条：10个工作日") == []


def test_laws_yml_entries_need_their_source_and_numbered_articles(seed_with_laws: Path) -> None:
    broken = {**ID_LAW, "commit": "", "articles": {"第十二条": "", "附则": "……"}}
    (seed_with_laws / "laws.yml").write_text(yaml.safe_dump({"laws": [broken]}, allow_unicode=True), "utf-8")
    _, problems = load_laws(seed_with_laws)
    assert any("missing commit" in p for p in problems)
    assert any("'第十二条'" in p for p in problems) and any("'附则'" in p for p in problems)


def test_article_ranges_and_periods_are_read_like_a_lawyer_reads_them() -> None:
    assert cited_articles("第一千零七十六条至第一千零七十八条") == [1076, 1077, 1078]
    assert cited_articles("第十一条、第十二条第二款") == [11, 12]
    assert quantities("六十日内发放，延长不超过30天，每日按罚款数额的百分之三") == {(60, "日"), (30, "日"), (3, "%")}
    assert quantities("《婚姻登记条例》（2025年4月6日国务院令第804号修订）") == set()


def test_the_real_seed_cites_only_quoted_articles_and_counts_them() -> None:
    """A regex that stopped matching would make every citation pass unchecked: the count guards that."""
    assert check_seed(PACKAGE_SEED_DIR) == []
    laws, problems = load_laws(PACKAGE_SEED_DIR)
    report = verification_report(PACKAGE_SEED_DIR)
    assert problems == [] and report.laws == len(laws) >= 30
    assert report.law_citing_fields >= 30


def test_legal_asides_can_be_left_out_for_seniors() -> None:
    assert without_citations("不收费（《婚姻登记条例》第六条：婚姻登记机关办理婚姻登记，不得收取费用）") == "不收费"
    assert without_citations("结婚证（第十五条）；照片（第三方资料，待核实）") == "结婚证；照片（第三方资料，待核实）"
