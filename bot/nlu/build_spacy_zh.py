"""Build the offline Chinese spaCy pipeline used by config_spacy.yml.

    python -m bot.nlu.build_spacy_zh [--out var/build/spacy_zh]
        [--jieba-dir var/build/jieba] [--lookup FILE.yml ...]

Writes ``spacy.blank("zh")`` with the project's jieba tokenizer (segmenter jieba,
the user dictionary generated from the knowledge base saved inside the model)
and an ``entity_ruler`` with gazetteer patterns from the lookup tables
(``service`` from var/build/nlu/service_lookup.yml, ``district`` from
data/nlu/lookups/district.yml).  No model download: nothing here needs a
network.  See docs/nlu_pipeline_comparison.md.
"""
from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path
from typing import Iterable

import yaml

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = PROJECT_ROOT / "var" / "build" / "spacy_zh"
DEFAULT_JIEBA_DIR = PROJECT_ROOT / "var" / "build" / "jieba"
DEFAULT_LOOKUPS = (
    PROJECT_ROOT / "var" / "build" / "nlu" / "service_lookup.yml",
    PROJECT_ROOT / "data" / "nlu" / "lookups" / "district.yml",
)
GAZETTEER_LABELS = ("service", "district")


def read_lookups(files: Iterable[Path], labels: Iterable[str] = GAZETTEER_LABELS) -> dict[str, list[str]]:
    """``{label: [entries]}`` from Rasa YAML lookup tables (``- lookup: x / examples: |``)."""
    wanted = set(labels)
    tables: dict[str, list[str]] = {}
    for file in files:
        document = yaml.safe_load(Path(file).read_text(encoding="utf-8")) or {}
        for item in document.get("nlu") or []:
            name = item.get("lookup") if isinstance(item, dict) else None
            if name not in wanted:
                continue
            entries = tables.setdefault(name, [])
            for line in str(item.get("examples") or "").splitlines():
                entry = line.strip().removeprefix("-").strip()
                if entry and entry not in entries:
                    entries.append(entry)
    return tables


def read_userdict(jieba_dir: Path) -> str:
    """All jieba dictionary files of the directory, as JiebaTokenizer would load them."""
    files = sorted(p for p in Path(jieba_dir).glob("*") if p.is_file())
    return "".join(p.read_text(encoding="utf-8").rstrip("\n") + "\n" for p in files)


def build(out: Path = DEFAULT_OUT, jieba_dir: Path = DEFAULT_JIEBA_DIR,
          lookups: Iterable[Path] = DEFAULT_LOOKUPS) -> Path:
    import spacy

    from bot.nlu.spacy_zh import TOKENIZER_NAME
    from zhtext import normalize_aligned

    userdict = read_userdict(jieba_dir)
    # The stock form is {"segmenter": "jieba"}; ours adds normalisation and a persisted dictionary.
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER_NAME}}})
    nlp.tokenizer.set_userdict(userdict)  # before the patterns are tokenised
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "NORM", "overwrite_ents": True})
    tables = read_lookups(lookups)
    patterns = []
    for label, entries in tables.items():
        seen: set[str] = set()
        for entry in entries:
            key = normalize_aligned(entry)
            if key not in seen:
                seen.add(key)
                patterns.append({"label": label, "pattern": entry, "id": key})
    ruler.add_patterns(patterns)
    nlp.meta["name"] = "isz_zh_jieba"
    nlp.meta["description"] = "blank zh + jieba with the knowledge-base dictionary + entity_ruler gazetteers"
    digest = hashlib.sha256(userdict.encode() + repr(sorted(tables.items())).encode()).hexdigest()[:12]
    nlp.meta["version"] = "0.0.0+" + digest
    out = Path(out)
    nlp.to_disk(out)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--jieba-dir", type=Path, default=DEFAULT_JIEBA_DIR)
    parser.add_argument("--lookup", type=Path, action="append", help="lookup-table YAML (repeatable)")
    args = parser.parse_args(argv)
    out = build(args.out, args.jieba_dir, args.lookup or DEFAULT_LOOKUPS)
    counts = {label: len(v) for label, v in read_lookups(args.lookup or DEFAULT_LOOKUPS).items()}
    print(f"spaCy zh pipeline written to {out} (gazetteers: {counts})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
