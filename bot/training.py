"""Train the Rasa model only when its inputs changed.

The model is named by a hash of everything that shapes it: config, domain,
training data, the custom NLU components, the text normaliser, the jieba
dictionary and lookup tables generated from the knowledge base, and the Rasa
version.  An unchanged tree reuses ``var/models/<hash>.tar.gz``.
"""
from __future__ import annotations

import hashlib
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Iterable, Optional

from bot.rasa_env import JIEBA_DIR, NLU_BUILD_DIR, model_dir, rasa_environment
from bot.settings import PROJECT_ROOT

INPUTS = ("config.yml", "domain.yml", "data", "bot/nlu", "zhtext")
GENERATED = (JIEBA_DIR, NLU_BUILD_DIR)


def _files(paths: Iterable[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            found.extend(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return sorted(found)


def inputs_hash() -> str:
    import rasa

    digest = hashlib.sha256(f"rasa {rasa.__version__}\n".encode())
    for file in _files([*(PROJECT_ROOT / p for p in INPUTS), *GENERATED]):
        digest.update(str(file.relative_to(PROJECT_ROOT)).encode() + b"\0")
        digest.update(file.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def export_nlu_resources() -> None:
    """Regenerate the jieba dictionary and `service` lookup table from the knowledge base."""
    from bot.settings import settings
    from services_db.cli import main as kb_cli

    if kb_cli(["--url", settings.kb_database_url, "export-dict", str(JIEBA_DIR),
               "--lookup-dir", str(NLU_BUILD_DIR)]) != 0:
        raise RuntimeError("无法从知识库导出分词词典，请先运行 python -m services_db setup")


def model_path(digest: Optional[str] = None) -> Path:
    return model_dir() / f"{digest or inputs_hash()}.tar.gz"


def ensure_model(progress: Callable[[str], None] = print, log_file: Optional[Path] = None) -> Path:
    """The trained model for the current inputs, training it if needed."""
    export_nlu_resources()
    target = model_path()
    if target.exists():
        progress(f"模型未变化，复用 {target.relative_to(PROJECT_ROOT)}")
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    progress("训练对话模型（训练数据或配置有变化，约需几分钟）…")
    command = [sys.executable, "-m", "rasa", "train", "--config", "config.yml", "--domain", "domain.yml",
               "--data", "data", str(NLU_BUILD_DIR), "--out", str(target.parent),
               "--fixed-model-name", target.name.removesuffix(".tar.gz")]
    started = time.monotonic()
    output = open(log_file, "a", encoding="utf-8") if log_file else None
    try:
        result = subprocess.run(command, cwd=PROJECT_ROOT, env=rasa_environment(),
                                stdout=output or None, stderr=subprocess.STDOUT if output else None)
    finally:
        if output:
            output.close()
    if result.returncode != 0 or not target.exists():
        hint = f"，详见 {log_file}" if log_file else ""
        raise RuntimeError(f"模型训练失败（退出码 {result.returncode}）{hint}")
    progress(f"模型训练完成，用时 {time.monotonic() - started:.0f} 秒")
    return target
