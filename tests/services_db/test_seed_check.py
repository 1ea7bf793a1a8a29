"""The seed validator: the real seed passes, and each kind of mistake is reported."""
from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from services_db.seed_check import TOP_SERVICES, check_seed, seed_warnings, source_kind, verification_report
from services_db.seed_files import PACKAGE_SEED_DIR, load_seed


def test_the_real_seed_is_valid() -> None:
    assert check_seed(PACKAGE_SEED_DIR) == []


def test_the_real_seed_covers_every_category() -> None:
    data = load_seed(PACKAGE_SEED_DIR)
    assert {s["category"] for s in data.services} <= {c["id"] for c in data.categories}
    assert len(data.services) >= 6


def test_every_kind_of_mistake_is_reported(seed_dir: Path, tmp_path: Path) -> None:
    broken = tmp_path / "seed"
    shutil.copytree(seed_dir, broken)
    path = broken / "services" / "household_residence.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    service = data["services"][0]
    del service["fee"]
    service["faqs"][0]["questions"] = service["faqs"][0]["questions"][:2]
    service["faqs"][1]["senior_answer"] = service["faqs"][1]["answer"] + "（长辈版反而更长）"
    service["faqs"][2]["aspect"] = "price"
    service["unverified"] = ["fee", "colour"]
    data["services"].append({**service, "category": "weather"})
    service["source_note"] = "SOURCE_NOTE"
    path.write_text(yaml.safe_dump(data, allow_unicode=True).replace("SOURCE_NOTE", "domain.md §1.4 #10 [S40]", 1),
                    encoding="utf-8")

    problems = "\n".join(check_seed(broken))

    assert "'residence_permit': missing fee" in problems
    assert "needs at least 3 question phrasings" in problems
    assert "senior_answer" in problems and "is not shorter" in problems
    assert "aspect 'price'" in problems
    assert "unknown fields ['colour']" in problems
    assert "category 'weather' is not in categories.yml" in problems
    assert "service id 'residence_permit' is used 2 times" in problems
    assert "' #' starts a YAML comment" in problems


def test_a_source_that_is_not_a_government_site_is_flagged(seed_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "seed"
    shutil.copytree(seed_dir, copy)
    path = copy / "services" / "exit_entry.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("https://sz.gdga.gd.gov.cn/", "https://blog.example.com/x"),
                    encoding="utf-8")
    assert seed_warnings(seed_dir) == []
    assert [w for w in seed_warnings(copy) if "blog.example.com" in w] and check_seed(copy) == []


def test_source_kind_tells_pages_from_front_pages_and_other_sites() -> None:
    assert source_kind("https://www.gdzwfw.gov.cn/") == "portal"
    assert source_kind("https://hrss.sz.gov.cn/xxgk/content/post_1.html") == "page"
    assert source_kind("https://gov.cn.example.com/a") == "other"
    assert source_kind("") == "other"


def test_verification_report_counts_sources_and_unverified_fields(seed_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "seed"
    shutil.copytree(seed_dir, copy)
    path = copy / "services" / "exit_entry.yml"
    text = path.read_text(encoding="utf-8")
    first, second, rest = text.split("https://sz.gdga.gd.gov.cn/")
    path.write_text(first + "https://sz.gdga.gd.gov.cn/guide/1.html" + second + "https://blog.example.com/x" + rest,
                    encoding="utf-8")

    report = verification_report(copy)

    assert report.services == 6
    assert report.sources == {"page": 1, "portal": 4, "other": 1}
    assert report.unverified_fields == {"promised_time_limit": 3, "locations": 1, "statutory_time_limit": 1, "fee": 1}
    assert report.unverified_total == 6 and report.nothing_unverified == 2 and len(report.fully_verified) == 1
    assert [row.split(": ")[0] for row in report.unofficial] == ["exit_entry.yml"]
    assert "residence_permit" in {sid for _, sid, _, _ in report.top_rows}
    assert len(report.top_rows) + len(report.top_missing) == len(TOP_SERVICES) == 30
    assert any(line.startswith("unverified fields: 6 in total") for line in report.lines())


def test_every_top_service_is_in_the_real_seed() -> None:
    assert verification_report(PACKAGE_SEED_DIR).top_missing == []
