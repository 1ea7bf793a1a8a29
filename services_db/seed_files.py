"""Reading the YAML seed (docs/kb_seed_format.md) into plain Python data.

Kept separate from the database code so the validator, the seeder and the
bench read the files the same way.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

PACKAGE_SEED_DIR = Path(__file__).resolve().parent / "seed"
LAWS_FILE = "laws.yml"

try:  # the C loader is ~10x faster on the full seed
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader


@dataclass
class SeedData:
    """Everything the seed files say, merged across files."""

    categories: list[dict[str, Any]] = field(default_factory=list)
    services: list[dict[str, Any]] = field(default_factory=list)  # each has "_file"
    synonyms: dict[str, list[str]] = field(default_factory=dict)
    dictionary: list[str] = field(default_factory=list)
    laws: list[dict[str, Any]] = field(default_factory=list)  # laws.yml entries, as written
    files: list[Path] = field(default_factory=list)


def _read(path: Path) -> dict[str, Any]:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    return data if isinstance(data, dict) else {}


def seed_files(seed_dir: Path = PACKAGE_SEED_DIR) -> list[Path]:
    """The files that make up a seed, in a stable order.

    A seed folder without its own categories.yml uses the package's one, so test
    fixtures only need their services.
    """
    categories = seed_dir / "categories.yml"
    if not categories.is_file():
        categories = PACKAGE_SEED_DIR / "categories.yml"
    services = sorted((seed_dir / "services").glob("*.yml"))
    synonyms = sorted(seed_dir.glob("synonyms*.yml"))
    laws = laws_file(seed_dir)
    return [categories, *services, *synonyms, *([laws] if laws.is_file() else [])]


def laws_file(seed_dir: Path = PACKAGE_SEED_DIR) -> Path:
    """The seed's laws.yml, or the package's one for fixture seeds without their own."""
    own = seed_dir / LAWS_FILE
    return own if own.is_file() else PACKAGE_SEED_DIR / LAWS_FILE


def seed_hash(seed_dir: Path = PACKAGE_SEED_DIR) -> str:
    """SHA-256 over names and bytes of the seed files: `setup` re-seeds only when it changes."""
    digest = hashlib.sha256()
    for path in seed_files(seed_dir):
        digest.update(path.name.encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def load_seed(seed_dir: Path = PACKAGE_SEED_DIR) -> SeedData:
    """Parse every seed file; structural problems are left to ``seed_check``."""
    files = seed_files(seed_dir)
    data = SeedData(files=files)
    data.categories = list(_read(files[0]).get("categories") or [])
    for path in files[1:]:
        content = _read(path)
        if path.parent.name == "services":
            for service in content.get("services") or []:
                if isinstance(service, dict):
                    data.services.append({**service, "_file": path.name})
            continue
        if path.name == LAWS_FILE:
            data.laws = [law for law in content.get("laws") or [] if isinstance(law, dict)]
            continue
        for canonical, variants in (content.get("synonyms") or {}).items():
            merged = data.synonyms.setdefault(str(canonical), [])
            merged.extend(str(v) for v in (variants or []) if str(v) not in merged)
        data.dictionary.extend(str(term) for term in content.get("dictionary") or [])
    data.dictionary = list(dict.fromkeys(data.dictionary))
    return data
