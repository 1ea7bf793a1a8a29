"""Compare the jieba (config.yml) and spaCy (config_spacy.yml) NLU pipelines.

    .venv/bin/python bench/bench_nlu_pipelines.py [--work /tmp/nlu_compare] [--skip-train]

1. snapshots data/nlu, var/build/nlu and var/build/jieba into --work, so both
   runs see the same data even if someone edits data/ meanwhile;
2. builds the spaCy pipeline from the snapshot (bot.nlu.build_spacy_zh);
3. trains an NLU-only model per config (one at a time, each with an empty Rasa
   cache, after waiting for any other `rasa train`/`rasa test` on the machine);
4. evaluates each on the held-out tests/nlu/test_nlu.yml (`rasa test nlu`);
5. measures parse latency (median over --parses messages, rasa.core.agent);
6. prints a Markdown table and writes <work>/summary.json.

Results are described in docs/nlu_pipeline_comparison.md.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PIPELINES = {"jieba": "config.yml", "spacy": "config_spacy.yml"}
ENTITY_TYPES = ("service", "district")


def wait_for_free_machine(poll: float = 15.0) -> None:
    """Never train next to another training or evaluation (2 shared cores)."""
    announced = False
    while True:
        busy = subprocess.run(["pgrep", "-f", "rasa (train|test)"], capture_output=True, text=True).stdout.split()
        busy = [pid for pid in busy if int(pid) != os.getpid()]
        if not busy:
            return
        if not announced:
            print(f"waiting for other rasa train/test processes ({', '.join(busy)}) …", flush=True)
            announced = True
        time.sleep(poll)


def snapshot(work: Path) -> dict[str, Path]:
    paths = {"nlu": work / "nlu_train", "jieba": work / "jieba", "spacy_zh": work / "spacy_zh"}
    for path in paths.values():
        shutil.rmtree(path, ignore_errors=True)
    shutil.copytree(ROOT / "data" / "nlu", paths["nlu"] / "data_nlu")
    shutil.copytree(ROOT / "var" / "build" / "nlu", paths["nlu"] / "build_nlu")
    shutil.copytree(ROOT / "var" / "build" / "jieba", paths["jieba"])
    return paths


def build_spacy(paths: dict[str, Path]) -> None:
    from bot.rasa_env import rasa_environment

    command = [sys.executable, "-m", "bot.nlu.build_spacy_zh", "--out", str(paths["spacy_zh"]),
               "--jieba-dir", str(paths["jieba"]),
               "--lookup", str(paths["nlu"] / "build_nlu" / "service_lookup.yml"),
               "--lookup", str(paths["nlu"] / "data_nlu" / "lookups" / "district.yml")]
    subprocess.run(command, cwd=ROOT, env=rasa_environment(), check=True)


def bench_config(name: str, paths: dict[str, Path], work: Path) -> Path:
    """The project config with its var/build paths pointed at the snapshot."""
    config = yaml.safe_load((ROOT / PIPELINES[name]).read_text(encoding="utf-8"))
    for component in config["pipeline"]:
        if "dictionary_path" in component:
            component["dictionary_path"] = str(paths["jieba"])
        if component.get("name") == "SpacyNLP":
            component["model"] = str(paths["spacy_zh"])
    config.pop("policies", None)
    target = work / f"config_{name}.yml"
    target.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def rasa(args: list[str], env: dict[str, str], log: Path) -> float:
    started = time.monotonic()
    with open(log, "w", encoding="utf-8") as out:
        result = subprocess.run([sys.executable, "-m", "rasa", *args], cwd=ROOT, env=env,
                                stdout=out, stderr=subprocess.STDOUT)
    if result.returncode != 0:
        raise SystemExit(f"rasa {args[0]} {args[1]} failed, see {log}")
    return time.monotonic() - started


def f1(report: dict, key: str) -> float | None:
    entry = report.get(key)
    return round(entry["f1-score"], 4) if isinstance(entry, dict) and "f1-score" in entry else None


def read_results(out: Path) -> dict:
    intents = json.loads((out / "intent_report.json").read_text())
    result = {
        "intent_accuracy": round(intents["accuracy"], 4),
        "intent_macro_f1": f1(intents, "macro avg"),
        "intent_weighted_f1": f1(intents, "weighted avg"),
        "extractors": {},
    }
    for report_file in sorted(out.glob("*Extractor_report.json")) + sorted(out.glob("DIETClassifier_report.json")):
        report = json.loads(report_file.read_text())
        extractor = report_file.name.removesuffix("_report.json")
        result["extractors"][extractor] = {
            "micro_f1": f1(report, "micro avg"),
            "macro_f1": f1(report, "macro avg"),
            **{f"{entity}_f1": f1(report, entity) for entity in ENTITY_TYPES},
            **{f"{entity}_support": (report.get(entity) or {}).get("support") for entity in ENTITY_TYPES},
        }
    return result


def test_texts(test_file: Path, limit: int) -> list[str]:
    from rasa.shared.nlu.training_data.loading import load_data

    examples = load_data(str(test_file)).intent_examples
    step = max(1, len(examples) // limit)
    return [e.get("text") for e in examples[::step]][:limit]


def measure_latency(model: Path, test_file: Path, parses: int) -> dict:
    """Runs in a fresh process per model (jieba's dictionary is process-global)."""
    from rasa.core.agent import Agent

    started = time.monotonic()
    agent = Agent.load(str(model))
    load_seconds = time.monotonic() - started
    texts = test_texts(test_file, parses)

    async def run() -> list[float]:
        await agent.parse_message("你好")  # warm-up
        timings = []
        for text in texts:
            t0 = time.perf_counter()
            await agent.parse_message(text)
            timings.append((time.perf_counter() - t0) * 1000)
        return timings

    timings = asyncio.run(run())
    ordered = sorted(timings)
    return {"parses": len(timings), "median_ms": round(statistics.median(timings), 2),
            "p90_ms": round(ordered[int(0.9 * (len(ordered) - 1))], 2), "load_s": round(load_seconds, 1)}


def latency_in_subprocess(model: Path, test_file: Path, parses: int, env: dict[str, str]) -> dict:
    command = [sys.executable, __file__, "--latency-only", str(model), "--test", str(test_file),
               "--parses", str(parses)]
    output = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def run_pipeline(name: str, paths: dict[str, Path], work: Path, test_file: Path, parses: int,
                 skip_train: bool) -> dict:
    from bot.rasa_env import rasa_environment

    env = rasa_environment()
    cache = work / f"cache_{name}"
    env["RASA_CACHE_DIRECTORY"] = str(cache)  # no cache hits: honest training time
    model = work / "models" / f"{name}.tar.gz"
    config = bench_config(name, paths, work)
    result: dict = {"pipeline": name, "config": PIPELINES[name]}
    if not (skip_train and model.exists()):
        shutil.rmtree(cache, ignore_errors=True)
        wait_for_free_machine()
        print(f"[{name}] training …", flush=True)
        seconds = rasa(["train", "nlu", "--config", str(config), "--nlu", str(paths["nlu"]),
                        "--out", str(model.parent), "--fixed-model-name", name], env, work / f"train_{name}.log")
        (model.parent / f"{name}.train_s").write_text(f"{seconds:.1f}\n")
    timing = model.parent / f"{name}.train_s"
    result["train_s"] = float(timing.read_text()) if timing.exists() else None
    result["model_mb"] = round(model.stat().st_size / 1e6, 2)
    out = work / f"results_{name}"
    shutil.rmtree(out, ignore_errors=True)
    wait_for_free_machine()
    print(f"[{name}] evaluating on {test_file} …", flush=True)
    result["test_s"] = round(rasa(["test", "nlu", "--nlu", str(test_file), "--model", str(model), "--out", str(out)],
                                  env, work / f"test_{name}.log"), 1)
    result.update(read_results(out))
    print(f"[{name}] parse latency …", flush=True)
    result["latency"] = latency_in_subprocess(model, test_file, parses, env)
    return result


def fmt(value: object) -> str:
    return "–" if value is None else str(value)


def table(results: list[dict]) -> str:
    names = [r["pipeline"] for r in results]
    rows = [("intent accuracy", [r["intent_accuracy"] for r in results]),
            ("intent macro-F1", [r["intent_macro_f1"] for r in results]),
            ("intent weighted-F1", [r["intent_weighted_f1"] for r in results])]
    extractors = sorted({e for r in results for e in r["extractors"]})
    for extractor in extractors:
        for key in ("micro_f1", "macro_f1", *(f"{t}_f1" for t in ENTITY_TYPES)):
            rows.append((f"{extractor} {key.replace('_f1', '')} F1",
                         [(r["extractors"].get(extractor) or {}).get(key) for r in results]))
    rows += [("training time (s)", [r.get("train_s") for r in results]),
             ("model size (MB)", [r["model_mb"] for r in results]),
             ("parse latency median (ms)", [r["latency"]["median_ms"] for r in results]),
             ("parse latency p90 (ms)", [r["latency"]["p90_ms"] for r in results]),
             ("model load (s)", [r["latency"]["load_s"] for r in results])]
    lines = ["| metric | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    lines += [f"| {label} | " + " | ".join(fmt(v) for v in values) + " |" for label, values in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/nlu_compare"))
    parser.add_argument("--test", type=Path, default=ROOT / "tests" / "nlu" / "test_nlu.yml")
    parser.add_argument("--pipelines", default="jieba,spacy")
    parser.add_argument("--parses", type=int, default=100)
    parser.add_argument("--skip-train", action="store_true", help="reuse <work>/models/<name>.tar.gz if present")
    parser.add_argument("--keep-snapshot", action="store_true", help="reuse the data snapshot already in --work")
    parser.add_argument("--latency-only", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.latency_only:
        import bot.nlu.spacy_zh  # noqa: F401 - registers the spaCy tokenizer before a model loads it
        print(json.dumps(measure_latency(args.latency_only, args.test, args.parses)))
        return 0

    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    test_file = args.test.resolve()
    if args.keep_snapshot and (work / "nlu_train").exists():
        paths = {"nlu": work / "nlu_train", "jieba": work / "jieba", "spacy_zh": work / "spacy_zh"}
    else:
        paths = snapshot(work)
        build_spacy(paths)
    results = [run_pipeline(name, paths, work, test_file, args.parses, args.skip_train)
               for name in args.pipelines.split(",")]
    (work / "summary.json").write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
