"""Compare standard and 长辈模式 answers on the same questions (issue 7).

For every held-out question the knowledge base retrieves, answer it in both
modes and print the average characters per message and items per message
(numbered points or lines).  Senior answers should average ≤ 60% of the
standard length.  Also compares the domain responses that have a senior variant.

    .venv/bin/python bench/bench_senior.py
"""
from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path
from statistics import mean

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bot.settings import PROJECT_ROOT  # noqa: E402
from services_db import KnowledgeBase  # noqa: E402
from services_db.cli import main as kb_cli  # noqa: E402

ITEM = re.compile(r"(?m)^\s*(?:\d+[.、．)]|[①②③④⑤⑥⑦⑧⑨]|[-•])")


def items(text: str) -> int:
    """Numbered or bulleted points, or 1 for running text."""
    return max(1, len(ITEM.findall(text)))


def body(text: str) -> str:
    """The answer without its source line, which both modes carry."""
    return "\n".join(line for line in text.splitlines() if not line.startswith("信息来源"))


def knowledge_base_answers(kb: KnowledgeBase) -> list[tuple[str, str]]:
    questions = yaml.safe_load((PROJECT_ROOT / "tests/data/kb_heldout.yml").read_text(encoding="utf-8"))
    pairs = []
    for question in questions["questions"]:
        result = kb.search(question["text"])
        if not result.found:
            continue
        hit = result.best
        standard = kb.answer(hit.service_id, result.aspect, senior=False, faq_id=hit.faq_id).text
        senior = kb.answer(hit.service_id, result.aspect, senior=True, faq_id=hit.faq_id).text
        pairs.append((body(standard), body(senior)))
    return pairs


def domain_responses() -> list[tuple[str, str]]:
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    pairs = []
    for variants in domain["responses"].values():
        senior = [v["text"] for v in variants if v.get("condition")]
        standard = [v["text"] for v in variants if not v.get("condition")]
        if senior and standard:
            pairs.append((standard[0], senior[0]))
    return pairs


def report(name: str, pairs: list[tuple[str, str]]) -> None:
    standard_chars = mean(len(s) for s, _ in pairs)
    senior_chars = mean(len(e) for _, e in pairs)
    print(f"{name} ({len(pairs)} pairs)")
    print(f"  average characters per message: standard {standard_chars:.0f}, senior {senior_chars:.0f} "
          f"({senior_chars / standard_chars:.0%} of standard)")
    print(f"  average items per message:      standard {mean(items(s) for s, _ in pairs):.1f}, "
          f"senior {mean(items(e) for _, e in pairs):.1f} (senior max {max(items(e) for _, e in pairs)})")


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/kb.db"
        kb_cli(["--url", url, "setup"])
        kb = KnowledgeBase.open(url)
        report("knowledge-base answers to held-out questions", knowledge_base_answers(kb))
        kb.close()
    report("domain responses with a senior variant", domain_responses())
    return 0


if __name__ == "__main__":
    sys.exit(main())
