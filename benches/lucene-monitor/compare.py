"""otklik (Rust, one thread) against Lucene Monitor (one thread), in one run on the same texts and
the same rules, at 1,000, 10,000 and 100,000 rules.

- otklik: ``RuleSet::tag_text`` over the texts in a release binary (``peers tag``), best of 3;
- Lucene Monitor 8.11.2 (``MonitorBench.java``): the rules of ``peers gen`` translated to Lucene
  queries (term, phrase, prefix and wildcard queries, Boolean MUST / SHOULD / MUST_NOT, unordered
  or ordered ``SpanNearQuery`` with the NEAR distance as slop, a second field for hashtags and
  handles, a ``platform`` field), registered in a ``Monitor`` with the default
  ``TermFilteredPresearcher``, and matched a document at a time and in batches of 64, best of 2
  after a warm-up. The analyzer splits letters-or-digits runs, lower-cases and maps ``ё`` to
  ``е``, as otklik's tokenizer does.

Both run the full Boolean rules and the keyword-only variant (and keyword rules over the real
tweets). Matches are compared text by text on the rules Lucene expresses identically (all but the
``~stem`` terms, whose Lucene form is the bare word); differences on the others are shown apart.

Run: ``python3 benches/lucene-monitor/compare.py`` (``--help``); needs ``mvn`` and Java 17.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import subprocess
import sys
from collections import Counter

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "peers"))
from common import DEFAULT_DATA, ROOT, peers_bin  # noqa: E402




def lines(path: pathlib.Path) -> list[set[str]]:
    return [set(line.split()) for line in path.read_text("utf-8").split("\n")[:-1]]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=pathlib.Path, default=DEFAULT_DATA)
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--texts", default="1000=10000,10000=10000,100000=1500",
                    help="texts matched per rule-set size (SIZE=COUNT,...)")
    ap.add_argument("--real-sizes", default="1000,10000")
    ap.add_argument("--java", default=os.environ.get("JAVA", "java"))
    ap.add_argument("--heap", default="8g")
    args = ap.parse_args()

    # Absolute: Maven and Java run in this directory, the Rust side in the workspace root.
    data: pathlib.Path = args.data.resolve()
    out = data / "lucene-out"
    out.mkdir(parents=True, exist_ok=True)
    if not (data / "real-texts.jsonl").exists():
        subprocess.run(peers_bin() + ["gen", str(data)], cwd=ROOT, check=True)
    mvn = ["mvn", "-B", "-q", "--no-transfer-progress"]
    subprocess.run(mvn + ["compile"], cwd=HERE, check=True)
    build = ROOT / "target" / "lucene-monitor"  # the pom's build directory
    subprocess.run(mvn + ["dependency:build-classpath", f"-Dmdep.outputFile={build}/classpath.txt"],
                   cwd=HERE, check=True, stdout=subprocess.DEVNULL)
    classpath = f"{build}/classes:" + (build / "classpath.txt").read_text().strip()

    counts = dict(tuple(map(int, kv.split("="))) for kv in args.texts.split(","))
    runs: list[tuple[str, str, str, str, int]] = []  # name, rules, lucene tsv, texts, count
    for n in [int(s) for s in args.sizes.split(",") if s]:
        count = counts.get(n, 4000)
        runs.append((f"rules-{n}", f"rules-{n}.toml", f"lucene-rules-{n}.tsv",
                     f"texts-{n}.jsonl", count))
        runs.append((f"keywords-{n}", f"keywords-{n}.toml", f"lucene-keywords-{n}.tsv",
                     f"texts-{n}.jsonl", count))
    for n in [int(s) for s in args.real_sizes.split(",") if s]:
        runs.append((f"real-keywords-{n}", f"real-keywords-{n}.toml",
                     f"lucene-real-keywords-{n}.tsv", "real-texts.jsonl", 3313))

    otklik: dict[str, dict[str, float]] = {}
    for name, rules, _tsv, texts, count in runs:
        proc = subprocess.run(
            peers_bin() + ["tag", str(data / rules), str(data / texts), str(count), "3",
                           str(out / f"otklik-{name}.txt")],
            cwd=ROOT, check=True, capture_output=True, text=True,
        )
        otklik[name] = json.loads(proc.stdout)
        print(f"otklik {name}: {otklik[name]['mentions_per_s']:,.0f} mentions/s", flush=True)

    proc = subprocess.Popen(
        [args.java, f"-Xmx{args.heap}", "-cp", classpath, "otklik.peers.MonitorBench", str(data),
         str(out)] + [f"{name}:{tsv}:{texts}:{count}" for name, _r, tsv, texts, count in runs],
        cwd=HERE, stdout=subprocess.PIPE, text=True,
    )
    lucene: dict[str, dict[str, float]] = {}
    assert proc.stdout is not None
    for line in proc.stdout:
        row = json.loads(line)
        lucene[row["name"]] = row
        print(f"Lucene Monitor {row['name']}: {row['one_per_s']:,.0f} mentions/s a document at a "
              f"time, {row['batch_per_s']:,.0f} in batches (registering {row['register_s']:.1f} s)",
              flush=True)
    if proc.wait() != 0:
        sys.exit("MonitorBench failed")

    print("\nmentions/s, one thread each, one run; ratio = otklik / Monitor's better mode.\n")
    print("| rule set | rules | texts | otklik (Rust) | Monitor, one doc | Monitor, batches of 64 "
          "| otklik / Monitor | texts differing (exact rules) | tag differences (other rules) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, _rules, tsv, _texts, count in runs:
        exact = {}
        for line in (data / tsv).read_text("utf-8").splitlines():
            tag, flag, _ = line.split("\t", 2)
            exact[tag] = flag == "1"
        ours = lines(out / f"otklik-{name}.txt")
        theirs = lines(out / f"lucene-{name}.txt")
        differing = 0
        other: Counter[str] = Counter()
        for a, b in zip(ours, theirs):
            diff = a ^ b
            if any(exact[t] for t in diff):
                differing += 1
            for t in diff:
                if not exact[t]:
                    other["otklik only" if t in a else "Lucene only"] += 1
        o, m = otklik[name]["mentions_per_s"], lucene[name]
        best = max(m["one_per_s"], m["batch_per_s"])
        n_exact = sum(exact.values())
        kind = "Boolean" if name.startswith("rules") else "keyword-only"
        if name.startswith("real"):
            kind = "keyword-only, real tweets"
        others = ", ".join(f"{v} {k}" for k, v in sorted(other.items())) or "0"
        print(f"| {kind} | {len(exact):,} ({n_exact:,} exact) | {count:,} | {o:,.0f} | "
              f"{m['one_per_s']:,.0f} | {m['batch_per_s']:,.0f} | {o / best:,.1f}x | "
              f"{differing} of {min(len(ours), len(theirs)):,} | {others} |")


if __name__ == "__main__":
    main()
