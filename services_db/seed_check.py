"""Validator for the YAML seed: what a reviewer would otherwise check by hand.

Used by a pytest test and by ``python -m services_db check``; returns readable
problems instead of raising so one run lists all of them.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from services_db.models import ASPECTS
from services_db.seed_files import PACKAGE_SEED_DIR, SeedData, load_seed

REQUIRED_FIELDS = (
    "id", "name", "aliases", "category", "authority", "applicant_type", "summary", "conditions",
    "materials", "steps", "fee", "statutory_time_limit", "promised_time_limit", "channels",
    "locations", "hotline", "legal_basis", "source_url", "last_verified", "faqs",
)
# present, but may be null / empty
OPTIONAL_FIELDS = ("effective_from", "unverified", "source_note")
VERIFIABLE_FIELDS = frozenset(REQUIRED_FIELDS + OPTIONAL_FIELDS) - {"id", "faqs", "category"}
MIN_FAQS = 3
MIN_PHRASINGS = 3
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str | list | dict) and not value)


def _check_faqs(where: str, faqs: Any) -> list[str]:
    if not isinstance(faqs, list) or len(faqs) < MIN_FAQS:
        return [f"{where}: needs at least {MIN_FAQS} FAQs"]
    problems = []
    for number, faq in enumerate(faqs, 1):
        at = f"{where} FAQ {number}"
        if faq.get("aspect") not in ASPECTS:
            problems.append(f"{at}: aspect {faq.get('aspect')!r} is not one of {', '.join(ASPECTS)}")
        questions = faq.get("questions") or []
        if len(questions) < MIN_PHRASINGS:
            problems.append(f"{at}: needs at least {MIN_PHRASINGS} question phrasings")
        answer, senior = str(faq.get("answer") or ""), str(faq.get("senior_answer") or "")
        if not answer:
            problems.append(f"{at}: answer is empty")
        if not senior:
            problems.append(f"{at}: senior_answer is empty")
        elif len(senior) >= len(answer):
            problems.append(f"{at}: senior_answer ({len(senior)} chars) is not shorter than answer ({len(answer)})")
    return problems


def _check_service(service: dict[str, Any], category_ids: set[str]) -> list[str]:
    where = f"{service.get('_file')}: {service.get('id')!r}"
    problems = [f"{where}: missing {name}" for name in REQUIRED_FIELDS if _is_blank(service.get(name))]
    problems += [f"{where}: missing key {name} (use null or [] when unknown)"
                 for name in OPTIONAL_FIELDS if name not in service and name != "source_note"]
    if not _ID.match(str(service.get("id") or "")):
        problems.append(f"{where}: id must be snake_case")
    category = service.get("category")
    if category not in category_ids:
        problems.append(f"{where}: category {category!r} is not in categories.yml")
    elif Path(str(service.get("_file"))).stem != category:
        problems.append(f"{where}: category {category!r} differs from its file name")
    if not isinstance(service.get("last_verified"), dt.date):
        problems.append(f"{where}: last_verified must be a date (YYYY-MM-DD)")
    unknown = set(service.get("unverified") or []) - VERIFIABLE_FIELDS
    if unknown:
        problems.append(f"{where}: unverified names unknown fields {sorted(unknown)}")
    return problems + _check_faqs(where, service.get("faqs"))


def _check_category(category: dict[str, Any]) -> list[str]:
    """``keywords`` / ``weak_keywords``: lists of words, none of them in both lists."""
    where = f"category {category.get('id')!r}"
    problems = []
    lists = {}
    for key in ("keywords", "weak_keywords"):
        value = category.get(key) or []
        if not isinstance(value, list) or any(isinstance(t, dict | list) or not str(t).strip() for t in value):
            problems.append(f"{where}: {key} must be a list of words")
            value = []
        lists[key] = {str(t).strip() for t in value}
    both = lists["keywords"] & lists["weak_keywords"]
    if both:
        problems.append(f"{where}: {sorted(both)} are both keywords and weak_keywords")
    return problems


def _check_duplicates(data: SeedData) -> list[str]:
    problems = [f"service id {sid!r} is used {n} times"
                for sid, n in Counter(s.get("id") for s in data.services).items() if n > 1]
    owner: dict[str, str] = {}
    for service in data.services:
        for faq in service.get("faqs") or []:
            for question in faq.get("questions") or []:
                other = owner.setdefault(str(question), str(service.get("id")))
                if other != service.get("id"):
                    problems.append(f"question {question!r} appears in both {other!r} and {service.get('id')!r}")
    return problems


def seed_warnings(seed_dir: Path = PACKAGE_SEED_DIR) -> list[str]:
    """Things a reviewer should look at that do not make the seed invalid.

    Every answer shows its ``source_url`` to citizens, so a source that is not
    a government site (``*.gov.cn``) deserves a second look.
    """
    warnings = []
    for service in load_seed(seed_dir).services:
        host = urlparse(str(service.get("source_url") or "")).hostname or ""
        if not (host == "gov.cn" or host.endswith(".gov.cn")):
            warnings.append(f"{service.get('_file')}: {service.get('id')!r}: source_url {host or '(none)'} "
                            "is not a government site")
    return warnings


def check_seed(seed_dir: Path = PACKAGE_SEED_DIR) -> list[str]:
    """All problems found in the seed under ``seed_dir`` (empty list = valid)."""
    data = load_seed(seed_dir)
    category_ids = {str(c.get("id")) for c in data.categories}
    problems = [f"category id {cid!r} is used {n} times"
                for cid, n in Counter(str(c.get("id")) for c in data.categories).items() if n > 1]
    for category in data.categories:
        problems += _check_category(category)
    for service in data.services:
        problems += _check_service(service, category_ids)
    return problems + _check_duplicates(data)
