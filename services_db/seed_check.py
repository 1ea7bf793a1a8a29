"""Validator for the YAML seed: what a reviewer would otherwise check by hand.

Used by a pytest test and by ``python -m services_db check``; returns readable
problems instead of raising so one run lists all of them.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from services_db.law_citations import check_citations, citation_count, parse_laws
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


#: ``key: text #21 …`` — YAML reads everything after " #" as a comment, so the value is cut short.
_CUT_BY_COMMENT = re.compile(r"^\s+(?:[a-z_]+:|-) (?![\"'\[{|>])[^#\n]* #")


def _check_comment_cuts(files: list[Path]) -> list[str]:
    return [f"{path.name}:{number}: ' #' starts a YAML comment and cuts the value short; quote the value"
            for path in files for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if _CUT_BY_COMMENT.match(line)]


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
        url = str(service.get("source_url") or "")
        if source_kind(url) == "other":
            host = urlparse(url).hostname or ""
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
    laws, law_problems = parse_laws(data.laws)
    problems += _check_comment_cuts(data.files)
    return problems + _check_duplicates(data) + law_problems + check_citations(data.services, laws)


# The top services of ../shared/reference/domain.md §1.4, in its order (#1 … #30): the issue
# asks for these with every field backed by a public source.
TOP_SERVICES = (
    "social_insurance_record_query", "social_security_card_apply", "social_security_card_loss_replacement",
    "medical_insurance_enrollment_tier", "cross_region_medical_filing", "housing_fund_account_query",
    "housing_fund_rent_withdrawal", "housing_fund_purchase_withdrawal", "residence_registration",
    "residence_permit", "talent_household_registration", "id_card_renewal_replacement", "hk_macao_permit",
    "hk_macao_endorsement", "ordinary_passport", "home_return_permit_renewal", "driving_licence_renewal",
    "traffic_violation_handling", "hospital_appointment", "school_place_grade1", "marriage_registration",
    "birth_registration", "birth_one_thing", "real_estate_registration", "old_age_allowance",
    "senior_preferential_treatment", "unemployment_insurance_benefit", "citizen_request_filing",
    "application_progress_query", "e_licence_card_wallet",
)


def source_kind(url: str) -> str:
    """``page`` (a government page), ``portal`` (a government site's front page only) or ``other``.

    A front page such as https://www.gdzwfw.gov.cn/ says where to check, not what a value is.
    """
    parsed = urlparse(url)
    host = parsed.hostname or ""
    if not (host == "gov.cn" or host.endswith(".gov.cn")):
        return "other"
    return "page" if parsed.path.strip("/") else "portal"


@dataclass
class VerificationReport:
    """How much of the seed is backed by official sources (``python -m services_db verification``)."""

    services: int = 0
    nothing_unverified: int = 0                                     # services with an empty `unverified`
    sources: Counter[str] = field(default_factory=Counter)          # source_kind → services
    unverified_fields: Counter[str] = field(default_factory=Counter)  # field → services listing it
    fully_verified: list[str] = field(default_factory=list)         # official page, nothing unverified
    unofficial: list[str] = field(default_factory=list)             # "file: id (host)" of non-government sources
    top_missing: list[str] = field(default_factory=list)            # TOP_SERVICES ids not in the seed
    top_rows: list[tuple[int, str, str, list[str]]] = field(default_factory=list)  # (#, id, kind, unverified)
    laws: int = 0                                                   # laws quoted in laws.yml
    law_articles: int = 0                                           # articles quoted there
    law_citing_fields: int = 0                                      # guide texts citing one of them

    @property
    def unverified_total(self) -> int:
        return sum(self.unverified_fields.values())

    @property
    def top_fully_verified(self) -> int:
        return sum(1 for _, _, kind, unverified in self.top_rows if kind == "page" and not unverified)

    def lines(self) -> list[str]:
        out = [f"services: {self.services}",
               "source_url: " + ", ".join(f"{kind} {self.sources.get(kind, 0)}" for kind in ("page", "portal", "other"))
               + "  (page = a *.gov.cn page, portal = a *.gov.cn front page only, other = not a government site)",
               f"services with nothing unverified and an official page: {len(self.fully_verified)}",
               f"services with nothing unverified: {self.nothing_unverified} "
               f"({self.nothing_unverified - len(self.fully_verified)} of them on a source that is not a government page)",
               f"unverified fields: {self.unverified_total} in total, "
               f"{sum(1 for _ in self.unverified_fields)} distinct field names",
               *(f"  {name:<22}{count:>4}" for name, count in self.unverified_fields.most_common()),
               f"law texts: {self.law_articles} articles of {self.laws} laws quoted verbatim in laws.yml; "
               f"{self.law_citing_fields} guide texts cite them",
               f"top {len(TOP_SERVICES)} (domain.md §1.4): {self.top_fully_verified} fully verified "
               "(official page, nothing unverified)"]
        out += [f"  #{number:<3}{sid:<38}{kind:<7}{len(unverified):>2} unverified"
                + (f": {', '.join(unverified)}" if unverified else "")
                for number, sid, kind, unverified in self.top_rows]
        out += [f"  missing from the seed: {sid}" for sid in self.top_missing]
        out += [f"not a government site ({len(self.unofficial)}):", *(f"  {row}" for row in self.unofficial)]
        return out


def verification_report(seed_dir: Path = PACKAGE_SEED_DIR) -> VerificationReport:
    """Counts for the verification state of the seed, computed from the files (not by hand)."""
    report = VerificationReport()
    by_id: dict[Any, tuple[str, list[str]]] = {}
    data = load_seed(seed_dir)
    services = data.services
    laws, _ = parse_laws(data.laws)
    report.laws, report.law_articles = len(laws), sum(len(law.articles) for law in laws.values())
    report.law_citing_fields = citation_count(services, laws)
    for service in services:
        report.services += 1
        kind = source_kind(str(service.get("source_url") or ""))
        unverified = [str(name) for name in service.get("unverified") or []]
        report.sources[kind] += 1
        report.unverified_fields.update(unverified)
        if not unverified:
            report.nothing_unverified += 1
            if kind == "page":
                report.fully_verified.append(str(service.get("id")))
        if kind == "other":
            host = urlparse(str(service.get("source_url") or "")).hostname or "(none)"
            report.unofficial.append(f"{service.get('_file')}: {service.get('id')} ({host})")
        by_id[service.get("id")] = (kind, unverified)
    for number, sid in enumerate(TOP_SERVICES, 1):
        if sid in by_id:
            report.top_rows.append((number, sid, *by_id[sid]))
        else:
            report.top_missing.append(sid)
    return report
