"""Legal citations in the seed, checked against the article texts quoted in ``seed/laws.yml``.

A guide that says 《居民身份证法》第十二条 promises the citizen that the article
says so. ``laws.yml`` holds each cited article verbatim, with where it was read,
so a reviewer can diff it; this module checks that every article a guide cites is
quoted there and that every period or amount written next to a citation
(六十日, 15日, 百分之三) appears in the articles it cites.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from services_db.seed_files import LAWS_FILE, PACKAGE_SEED_DIR, load_seed
from zhtext.numbers import NUMERAL_CHARS, chinese_number

_PRC = "中华人民共和国"
_NUMBER = rf"(?:[0-9]+|[{NUMERAL_CHARS}]+)"
_CITATION = re.compile(rf"《(?P<title>[^《》]+)》(?P<refs>(?:第{_NUMBER}条(?:第{_NUMBER}款)?[、和及与至到]?)+)")
_ARTICLE = re.compile(rf"第({_NUMBER})条")
#: A period or an amount: 60日, 六十日, 30个工作日, 三个月, 百分之三, 3%.
_QUANTITY = re.compile(rf"({_NUMBER})\s*(个工作日|工作日|个月|日|天|周岁|元)|百分之({_NUMBER})|([0-9]+)\s*%")
#: Calendar dates and document numbers are not periods: 2025年5月10日, 国务院令第804号.
_NOT_A_QUANTITY = re.compile(rf"{_NUMBER}年{_NUMBER}月{_NUMBER}日|{_NUMBER}月{_NUMBER}日|《[^》]*》|令第{_NUMBER}号")
_UNIT = {"个工作日": "工作日", "个月": "月", "天": "日"}
#: A citation vouches for its own sentence, not for a whole note that also cites other sources.
_CLAUSE = re.compile(r"[^；;。\n]+")


@dataclass(frozen=True)
class Law:
    """One law as quoted in laws.yml: its articles by number, and where the text was read."""

    title: str
    version: str
    read_from: str
    articles: dict[int, str] = field(default_factory=dict)


def law_key(title: str) -> str:
    """《中华人民共和国居民身份证法》 and 《居民身份证法》 name the same law."""
    return title.strip().removeprefix(_PRC)


def load_laws(seed_dir: Path = PACKAGE_SEED_DIR) -> tuple[dict[str, Law], list[str]]:
    """The quoted laws of a seed by ``law_key``, and the problems found in laws.yml itself."""
    return parse_laws(load_seed(seed_dir).laws)


def parse_laws(entries: list[dict[str, Any]]) -> tuple[dict[str, Law], list[str]]:
    """laws.yml entries by ``law_key``, and what is wrong with them (no source, an unnumbered article)."""
    laws: dict[str, Law] = {}
    problems = []
    for entry in entries:
        title = str(entry.get("title") or "")
        where = f"{LAWS_FILE}: 《{title}》"
        missing = [name for name in ("title", "version", "repo", "path", "commit") if not entry.get(name)]
        if missing:
            problems.append(f"{where}: missing {', '.join(missing)}")
        articles: dict[int, str] = {}
        for label, text in (entry.get("articles") or {}).items():
            match = _ARTICLE.fullmatch(str(label))
            number = chinese_number(match[1]) if match else None
            if number is None or not str(text or "").strip():
                problems.append(f"{where}: article {label!r} needs a 第N条 label and its text")
                continue
            articles[number] = str(text)
        if not articles:
            problems.append(f"{where}: quotes no article")
        if law_key(title) in laws:
            problems.append(f"{where}: listed twice")
        read_from = f"{entry.get('repo')}/{entry.get('path')}@{str(entry.get('commit'))[:12]}"
        laws[law_key(title)] = Law(title, str(entry.get("version") or ""), read_from, articles)
    return laws, problems


def citations(text: str) -> Iterator[tuple[str, str, int]]:
    """(title as written, law_key, article number) for every 《法名》第N条 in ``text``."""
    for match in _CITATION.finditer(text):
        for number in cited_articles(match["refs"]):
            yield match["title"], law_key(match["title"]), number


#: An aside that only says where a rule comes from: （《居民身份证法》第十二条）, （第十五条）.
_CITATION_ASIDE = re.compile(rf"（[^（）]*?(?:《[^《》]+》)?第{_NUMBER}条[^（）]*）")


def without_citations(text: str) -> str:
    """The text without its legal asides, for 长辈模式: the rule stays, the article numbers go."""
    return _CITATION_ASIDE.sub("", text)


def cited_articles(refs: str) -> list[int]:
    """``第十一条、第十二条`` → [11, 12]; ``第一千零七十六条至第一千零七十八条`` → [1076, 1077, 1078]."""
    numbers: list[int] = []
    for match in _ARTICLE.finditer(refs):
        number = chinese_number(match[1])
        if number is None:
            continue
        between = refs[match.start() - 1] if match.start() else ""
        if between and between in "至到" and numbers:
            numbers.extend(range(numbers[-1] + 1, number))
        numbers.append(number)
    return numbers


def quantities(text: str) -> set[tuple[int, str]]:
    """The periods and amounts a text states, as (number, unit): 六十日 and 60天 are both (60, '日')."""
    found = set()
    for match in _QUANTITY.finditer(_NOT_A_QUANTITY.sub("", text)):
        if match[1]:
            found.add((chinese_number(match[1]), _UNIT.get(match[2], match[2])))
        else:
            found.add((chinese_number(match[3] or match[4]), "%"))
    return {(number, unit) for number, unit in found if number is not None}


def _texts(service: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(field name, text) for every string a guide shows, lists and channel maps included."""
    for name, value in service.items():
        if name == "faqs" or name.startswith("_"):  # _file and other loader keys
            continue
        values = value.values() if isinstance(value, dict) else value if isinstance(value, list) else [value]
        for item in values:
            if isinstance(item, str):
                yield name, item
    for number, faq in enumerate(service.get("faqs") or [], 1):
        for key in ("answer", "senior_answer"):
            if isinstance(faq.get(key), str):
                yield f"FAQ {number} {key}", faq[key]


def _clauses(service: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for name, text in _texts(service):
        for clause in _CLAUSE.findall(text):
            yield name, clause


def check_citations(services: list[dict[str, Any]], laws: dict[str, Law]) -> list[str]:
    """Cited articles of a quoted law must be quoted; periods next to a citation must be in them."""
    problems = []
    for service in services:
        where = f"{service.get('_file')}: {service.get('id')!r}"
        for name, clause in _clauses(service):
            articles: list[str] = []
            for title, key, number in citations(clause):
                law = laws.get(key)
                if law is None:
                    continue
                if number in law.articles:
                    articles.append(law.articles[number])
                else:
                    problems.append(f"{where}: {name} cites 《{title}》第{number}条, which {LAWS_FILE} does not quote")
            if not articles:
                continue
            stated = quantities(clause) - quantities("".join(articles))
            if stated:
                shown = ", ".join(f"{number}{unit}" for number, unit in sorted(stated))
                problems.append(f"{where}: {name} states {shown} next to a citation, "
                                "but the cited articles do not say so")
    return problems


def citation_count(services: list[dict[str, Any]], laws: dict[str, Law]) -> int:
    """How many guide fields cite an article quoted in laws.yml (for the verification report)."""
    return sum(1 for service in services for _, text in _texts(service)
               if any(key in laws for _, key, _ in citations(text)))
