"""Binding overhead of tagging from Python, in one run on the same texts and rules:

1. ``rs.tag_many(texts)``: one call, the GIL released, all cores;
2. ``[rs.tag(t) for t in texts]``: a Python loop;
3. the Rust batch API (``RuleSet::tag_many``) in a release binary.

The target is ``tag_many`` within 20% of Rust. Run with ``make bench-python`` (which builds the
Python module with ``--release``); the texts are the 3,313 real tweets of
``../shared/data/sentirueval2016-banks.jsonl`` repeated, the rules ``examples/rules/bank.toml``.
"""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable

import otklik

ROOT = pathlib.Path(__file__).resolve().parents[2]
ROUNDS = 5
REPEAT = 20


def best_of(rounds: int, work: Callable[[], object]) -> float:
    """The best wall time of `rounds` calls. The result is freed after the clock stops, as the
    Rust side drops its results after timing."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
        del result
    return best


def main() -> None:
    tweets = ROOT.parent / "shared" / "data" / "sentirueval2016-banks.jsonl"
    texts = [json.loads(line)["text"] for line in tweets.read_text("utf-8").splitlines()] * REPEAT
    rules_path = ROOT / "examples" / "rules" / "bank.toml"
    rs = otklik.RuleSet.from_file(rules_path)

    batch = best_of(ROUNDS, lambda: rs.tag_many(texts))
    loop = best_of(2, lambda: [rs.tag(t) for t in texts])
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for t in texts:
            f.write(json.dumps(t, ensure_ascii=False) + "\n")
    out = subprocess.run(
        ["cargo", "run", "--quiet", "--release", "-p", "otklik-benches", "--bin", "tag-batch", "--",
         str(rules_path), f.name, str(ROUNDS)],
        cwd=ROOT, check=True, capture_output=True, text=True,
    )
    rust = json.loads(out.stdout)["seconds"]
    n = len(texts)
    print(f"{n} texts, {len(rs)} tags, best of {ROUNDS} (loop: best of 2)")
    print(f"Rust RuleSet::tag_many   {rust:8.3f} s  {n / rust:10.0f} texts/s  1.00")
    print(f"Python rs.tag_many       {batch:8.3f} s  {n / batch:10.0f} texts/s  {batch / rust:.2f}")
    print(f"Python loop of rs.tag    {loop:8.3f} s  {n / loop:10.0f} texts/s  {loop / rust:.2f}")
    overhead = batch / rust - 1
    print(f"binding overhead of tag_many: {overhead:+.1%} (target: under +20%)")
    sys.exit(0)


if __name__ == "__main__":
    main()
