"""Score the external routing set through POST /api/chat (../shared/eval/README.md).

Each text is the first message of a fresh session; the reply is right when the
first non-null ``meta.category`` among its messages (or null) is in ``accept``.
The rows are evaluation-only: never copy them into training data or tests.

    .venv/bin/python bench/bench_routing.py --start   # starts its own assistant on test ports
    .venv/bin/python bench/bench_routing.py --url http://127.0.0.1:8000   # a running one
                                      (start it with ISZ_RATE_LIMIT_ADDRESS=100000)
"""
from __future__ import annotations

import argparse
import asyncio
import json
import sys
import uuid
from collections import Counter, defaultdict
from pathlib import Path
from typing import Optional

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bot.settings import PROJECT_ROOT, settings  # noqa: E402

DEFAULT_SET = PROJECT_ROOT.parent / "shared" / "eval" / "routing_dev.jsonl"


def first_category(messages: list[dict]) -> Optional[str]:
    for message in messages:
        category = (message.get("meta") or {}).get("category")
        if category is not None:
            return category
    return None


async def score_row(client: aiohttp.ClientSession, url: str, row: dict) -> tuple[dict, Optional[str], bool]:
    body = {"session_id": f"bench-{uuid.uuid4()}", "text": row["text"][:500]}
    async with client.post(f"{url}/api/chat", json=body) as response:
        reply = await response.json()
    if response.status != 200:
        return row, f"HTTP {response.status}", False
    messages = reply.get("messages", [])
    row["reply_kinds"] = [(m.get("meta") or {}).get("kind") for m in messages]
    category = first_category(messages)
    return row, category, category in row["accept"]


async def run(url: str, rows: list[dict], concurrency: int) -> list[tuple[dict, Optional[str], bool]]:
    gate = asyncio.Semaphore(concurrency)
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as client:
        async def one(row: dict) -> tuple[dict, Optional[str], bool]:
            async with gate:
                return await score_row(client, url, row)
        return await asyncio.gather(*(one(row) for row in rows))


def report(results: list[tuple[dict, Optional[str], bool]], show_errors: int) -> None:
    per_set: dict[str, Counter] = defaultdict(Counter)
    for row, _, right in results:
        per_set[row["set"]]["right" if right else "wrong"] += 1
    print(f"{'set':<14}{'n':>6}{'accuracy':>10}")
    for name, counts in sorted(per_set.items()):
        n = counts["right"] + counts["wrong"]
        print(f"{name:<14}{n:>6}{counts['right'] / n:>10.3f}")
    total_right = sum(c["right"] for c in per_set.values())
    print(f"{'overall':<14}{len(results):>6}{total_right / len(results):>10.3f}")
    confusion = Counter((row["set"], got) for row, got, right in results if not right)
    if show_errors:
        print("\nmost common wrong first categories (set, got): count")
        for (name, got), count in confusion.most_common(show_errors):
            print(f"  {name:<14} {got!s:<20} {count}")


def dump(results: list[tuple[dict, Optional[str], bool]], path: Path) -> None:
    """Every row with what it got, for reading misses; keep the file outside the repository."""
    with path.open("w", encoding="utf-8") as out:
        for row, got, right in results:
            out.write(json.dumps({**row, "got": got, "right": right}, ensure_ascii=False) + "\n")


def finish(results: list[tuple[dict, Optional[str], bool]], args: argparse.Namespace) -> None:
    report(results, args.errors)
    if args.dump:
        dump(results, args.dump)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default=settings.gateway_url)
    parser.add_argument("--data", type=Path, default=DEFAULT_SET)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--errors", type=int, default=15, help="how many kinds of miss to list")
    parser.add_argument("--dump", type=Path, help="write every row and its result here (outside the repo)")
    parser.add_argument("--start", action="store_true", help="start a whole assistant on ports 18900-18903")
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not args.start:
        finish(asyncio.run(run(args.url.rstrip("/"), rows, args.concurrency)), args)
        return 0
    import tempfile

    from tests.e2e.stack import Stack

    with tempfile.TemporaryDirectory() as data_dir:
        stack = Stack(Path(data_dir), port_base=18900, rate_limit_address=1_000_000, rate_limit_session=1000)
        stack.prepare()
        stack.start("mock_services", "action_server", "rasa", "gateway")
        try:
            finish(asyncio.run(run(stack.settings.gateway_url, rows, args.concurrency)), args)
        finally:
            stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
