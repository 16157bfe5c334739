"""otklik's ``RuleSet.tag_many`` against the Python peers, in one run on the same texts:

- pyahocorasick: one automaton of every keyword, whole-word checks on each hit, and the rules
  (here: OR of keywords) evaluated in Python;
- flashtext: a ``KeywordProcessor`` of every keyword, the tags of the keywords it extracts;
- Python ``re``, one compiled pattern per rule (``search`` each) and one big alternation of all
  keywords (``finditer``), the tags of the keywords found;
- hyperscan's Python bindings (where installable): one pattern per rule, ``HS_FLAG_SINGLEMATCH``,
  the tag ids collected in the match callback.

The peers run on the keyword-only variant of the generated rules (each tag ``a OR b OR c``), which
they all express exactly; otklik runs on that variant and on the full Boolean rules (alias lists,
phrases with NOT, NEAR, prefix wildcards, stems, hashtags, field filters) of the same size. A
peer's time counts only after its output has been compared with otklik's on the keyword-only
variant, text by text; differing texts are counted and printed, never hidden.

Every peer gets the texts as otklik's normalization would give them as far as plain Python can:
lower case, ``ё`` as ``е``, apostrophes unified, soft hyphens and zero-width characters dropped;
words are runs of letters and digits with apostrophes inside (otklik's tokens), so ``#brand`` and
``@brand`` contain the word ``brand`` and ``_`` splits words.

Run: ``python benches/peers/peers.py`` (``--help`` for sizes and sample counts). The files come
from ``cargo run --release -p otklik-benches --bin peers -- gen DIR``, which the script runs
when DIR has none. ``otklik`` must be importable (``maturin develop --release``).
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import re
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

from common import DEFAULT_DATA, ROOT, peers_bin



# What the peers do for normalization (a subset of otklik's: no NFKC, no look-alike folding).
TABLE = str.maketrans(
    {
        "ё": "е",
        "\u2019": "'",
        "\u02bc": "'",
        "\u2018": "'",
        "`": "'",
        "\u00b4": "'",
        "\u00ad": None,
        "\u200b": None,
        "\u2060": None,
        "\ufeff": None,
        "\u0301": None,
    }
)


RARE = re.compile("[`\u2019\u02bc\u2018\u00b4\u00ad\u200b\u2060\ufeff\u0301]")


def norm(text: str) -> str:
    t = text.lower()
    if not t.isascii():
        t = t.replace("ё", "е")
        if RARE.search(t):
            t = t.translate(TABLE)
    elif "`" in t:
        t = t.replace("`", "'")
    return t


Result = list[list[int]]


def generate(data: pathlib.Path) -> None:
    if (data / "real-texts.jsonl").exists():
        return
    print(f"generating the corpus and rule files into {data} ...", flush=True)
    subprocess.run(peers_bin() + ["gen", str(data)], cwd=ROOT, check=True)


def read_texts(path: pathlib.Path) -> list[str]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def best_of(rounds: int, work: Callable[[], Any]) -> tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(rounds):
        start = time.perf_counter()
        out = work()
        best = min(best, time.perf_counter() - start)
    return best, out


# ---- peers: each is build(keywords) -> run(texts) -> Result (sorted tag indices per text) ----


def tags_of_keywords(keywords: Sequence[Sequence[str]]) -> dict[str, list[int]]:
    tags: dict[str, list[int]] = {}
    for i, words in enumerate(keywords):
        for w in words:
            entry = tags.setdefault(w, [])
            if not entry or entry[-1] != i:
                entry.append(i)
    return tags


def build_pyahocorasick(keywords: Sequence[Sequence[str]]) -> Callable[[list[str]], Result]:
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for word in tags_of_keywords(keywords):
        automaton.add_word(word, (len(word), word))
    automaton.make_automaton()
    rules = [tuple(words) for words in keywords]
    by_word = tags_of_keywords(keywords)

    def run(texts: list[str]) -> Result:
        out: Result = []
        for text in texts:
            t = norm(text)
            n = len(t)
            found: set[str] = set()
            for end, (length, word) in automaton.iter(t):
                s, e = end - length + 1, end + 1
                if s > 0:
                    p = t[s - 1]
                    if p.isalnum() or (p == "'" and s > 1 and t[s - 2].isalnum()):
                        continue
                if e < n:
                    c = t[e]
                    if c.isalnum() or (c == "'" and e + 1 < n and t[e + 1].isalnum()):
                        continue
                found.add(word)
            # The rule evaluation: candidate rules of the words found, each rule's OR checked.
            candidates = {i for w in found for i in by_word[w]}
            out.append(sorted(i for i in candidates if any(w in found for w in rules[i])))
        return out

    return run


def build_flashtext(keywords: Sequence[Sequence[str]]) -> Callable[[list[str]], Result]:
    from flashtext import KeywordProcessor

    by_word = tags_of_keywords(keywords)
    kp = KeywordProcessor(case_sensitive=True)  # the texts are lower-cased by norm()
    return_words: dict[str, list[int]] = {}
    for word, tags in by_word.items():
        kp.add_keyword(word)
        return_words[word] = tags

    def run(texts: list[str]) -> Result:
        out: Result = []
        for text in texts:
            found = kp.extract_keywords(norm(text))
            out.append(sorted({i for w in found for i in return_words[w]}))
        return out

    def set_boundaries(texts: list[str]) -> None:
        # flashtext's word characters are [A-Za-z0-9_] by default, so Cyrillic words would match
        # inside longer words: every letter and digit of the corpus and the apostrophe join words.
        chars = {c for t in texts for c in norm(t) if c.isalnum()}
        chars |= {c for w in by_word for c in w}
        chars.add("'")
        kp.set_non_word_boundaries(chars)

    run.set_boundaries = set_boundaries  # type: ignore[attr-defined]
    return run


LEFT = r"(?<![^\W_])(?<![^\W_]')"
RIGHT = r"(?![^\W_])(?!'[^\W_])"


def build_re_per_rule(keywords: Sequence[Sequence[str]]) -> Callable[[list[str]], Result]:
    import re

    patterns = [
        re.compile(LEFT + "(?:" + "|".join(re.escape(w) for w in words) + ")" + RIGHT).search
        for words in keywords
    ]

    def run(texts: list[str]) -> Result:
        out: Result = []
        for text in texts:
            t = norm(text)
            out.append([i for i, search in enumerate(patterns) if search(t)])
        return out

    return run


def build_re_alternation(keywords: Sequence[Sequence[str]]) -> Callable[[list[str]], Result]:
    import re

    by_word = tags_of_keywords(keywords)
    words = sorted(by_word, key=lambda w: (-len(w), w))
    pattern = re.compile(LEFT + "(?:" + "|".join(re.escape(w) for w in words) + ")" + RIGHT)

    def run(texts: list[str]) -> Result:
        out: Result = []
        for text in texts:
            found = {m.group() for m in pattern.finditer(norm(text))}
            out.append(sorted({i for w in found for i in by_word[w]}))
        return out

    return run


def build_hyperscan(keywords: Sequence[Sequence[str]]) -> Callable[[list[str]], Result]:
    """One literal pattern per keyword (start of match reported); the callback checks word
    boundaries on the UTF-8 bytes and collects the keyword; the rules are OR-ed in Python.
    (Patterns with Unicode word-boundary classes compile in minutes at 1,000 rules.)"""
    import re

    import hyperscan

    by_word = tags_of_keywords(keywords)
    words = list(by_word)
    tags = [by_word[w] for w in words]
    flags = hyperscan.HS_FLAG_SOM_LEFTMOST
    db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    db.compile(
        expressions=[re.escape(w).encode() for w in words],
        ids=list(range(len(words))),
        elements=len(words),
        flags=[flags] * len(words),
    )

    def char_before(b: bytes, i: int) -> tuple[str, int]:
        """The character ending at byte i (exclusive) and its start."""
        j = i - 1
        while j > 0 and 0x80 <= b[j] < 0xC0:
            j -= 1
        return b[j:i].decode(), j

    def char_after(b: bytes, i: int) -> tuple[str, int]:
        lead = b[i]
        width = 1 if lead < 0x80 else 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
        return b[i:i + width].decode(), i + width

    def on_match(i: int, start: int, end: int, _flags: int, ctx: tuple[bytes, set[int]]) -> None:
        b, found = ctx
        if start > 0:
            c, j = char_before(b, start)
            if c.isalnum() or (c == "'" and j > 0 and char_before(b, j)[0].isalnum()):
                return
        if end < len(b):
            c, j = char_after(b, end)
            if c.isalnum() or (c == "'" and j < len(b) and char_after(b, j)[0].isalnum()):
                return
        found.add(i)

    def run(texts: list[str]) -> Result:
        out: Result = []
        for text in texts:
            data = norm(text).encode()
            found: set[int] = set()
            db.scan(data, match_event_handler=on_match, context=(data, found))
            out.append(sorted({t for k in found for t in tags[k]}))
        return out

    return run


PEERS: dict[str, tuple[str, Callable[[Sequence[Sequence[str]]], Callable[[list[str]], Result]]]] = {
    "pyahocorasick": ("pyahocorasick + rules in Python", build_pyahocorasick),
    "flashtext": ("flashtext", build_flashtext),
    "re-per-rule": ("re, one pattern per rule", build_re_per_rule),
    "re-alternation": ("re, one big alternation", build_re_alternation),
    "hyperscan": ("hyperscan, match callbacks", build_hyperscan),
}


def sample_for(peer: str, rules: int, n_texts: int, budget: int) -> int:
    """How many texts a slow peer runs on (its rate is extrapolated from them)."""
    if peer == "re-per-rule":
        return min(n_texts, max(20, budget // rules))
    if peer == "re-alternation":
        return min(n_texts, max(20, budget * 10 // rules))
    return n_texts


def otklik_rates(
    corpus: list[tuple[str, list[str], pathlib.Path, pathlib.Path | None]], rounds: int
) -> dict[str, dict[str, float]]:
    """mentions/s per corpus of ``tag_many`` (``keywords``, ``full``) and of ``tag_many`` with
    every result's ``.tags`` read out as a Python list (``keywords+tags``, ``full+tags``)."""
    import otklik

    out: dict[str, dict[str, float]] = {}
    for name, texts, kw_path, full_path in corpus:
        rates = {}
        for variant, path in (("keywords", kw_path), ("full", full_path)):
            if path is None:
                continue
            rs = otklik.RuleSet.from_file(path)
            rs.tag_many(texts[:1000])
            seconds, _ = best_of(rounds, lambda: rs.tag_many(texts))
            rates[variant] = len(texts) / seconds
            seconds, _ = best_of(rounds, lambda: [r.tags for r in rs.tag_many(texts)])
            rates[variant + "+tags"] = len(texts) / seconds
            del rs
        out[name] = rates
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=pathlib.Path, default=DEFAULT_DATA)
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--real-sizes", default="1000,10000")
    ap.add_argument("--texts", type=int, default=20_000, help="generated texts per size")
    ap.add_argument("--real-repeat", type=int, default=6, help="copies of the 3,313 real tweets")
    ap.add_argument("--rounds", type=int, default=3, help="best of this many runs (fast peers)")
    ap.add_argument("--re-budget", type=int, default=2_000_000,
                    help="regex searches for the per-rule re peer (sample = budget / rules)")
    ap.add_argument("--peers", default=",".join(PEERS), help="comma-separated peer names")
    ap.add_argument("--otklik-only", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()

    data: pathlib.Path = args.data
    generate(data)
    corpus = []
    for n in [int(s) for s in args.sizes.split(",") if s]:
        texts = read_texts(data / f"texts-{n}.jsonl")[: args.texts]
        corpus.append((f"generated {n:,}", texts, data / f"keywords-{n}.toml",
                       data / f"rules-{n}.toml", data / f"keywords-{n}.json", n))
    real = read_texts(data / "real-texts.jsonl") * args.real_repeat
    for n in [int(s) for s in args.real_sizes.split(",") if s]:
        corpus.append((f"real tweets {n:,}", real, data / f"real-keywords-{n}.toml", None,
                       data / f"real-keywords-{n}.json", n))
    spec = [(c[0], c[1], c[2], c[3]) for c in corpus]

    if args.otklik_only:
        print(json.dumps(otklik_rates(spec, args.rounds)))
        return

    import otklik

    # otklik on one thread, in a child process (rayon reads RAYON_NUM_THREADS once).
    child = subprocess.run(
        [sys.executable, __file__, "--otklik-only", "--data", str(data), "--sizes", args.sizes,
         "--real-sizes", args.real_sizes, "--texts", str(args.texts),
         "--real-repeat", str(args.real_repeat), "--rounds", str(args.rounds)],
        env={**os.environ, "RAYON_NUM_THREADS": "1"}, check=True, capture_output=True, text=True,
    )
    one_thread = json.loads(child.stdout)
    all_cores = otklik_rates(spec, args.rounds)
    peers = [p for p in PEERS if p in args.peers.split(",")]

    rows = []
    mismatches: dict[tuple[str, str], tuple[int, int]] = {}
    for name, texts, kw_path, full_path, kw_json, n_rules in corpus:
        keywords = json.loads(kw_json.read_text("utf-8"))
        rs = otklik.RuleSet.from_file(kw_path)
        reference: Result = [[int(t[1:]) for t in r.tags] for r in rs.tag_many(texts)]
        del rs
        tags_per_text = sum(map(len, reference)) / len(texts)
        print(f"\n{name} rules: {len(texts):,} texts, {tags_per_text:.2f} keyword tags per text",
              flush=True)
        for peer in peers:
            label, build_peer = PEERS[peer]
            try:
                start = time.perf_counter()
                run = build_peer(keywords)
                build = time.perf_counter() - start
            except ImportError as e:
                print(f"  {label}: not installed ({e})")
                continue
            sample = sample_for(peer, n_rules, len(texts), args.re_budget)
            part = texts[:sample]
            if hasattr(run, "set_boundaries"):
                run.set_boundaries(texts)
            rounds = args.rounds if sample == len(texts) and n_rules <= 10_000 else 1
            seconds, got = best_of(rounds, lambda: run(part))
            bad = sum(1 for a, b in zip(got, reference[:sample]) if a != b)
            mismatches[(name, peer)] = (bad, sample)
            rate = sample / seconds
            rows.append((name, label, rate, build, sample, bad, len(texts)))
            print(f"  {label:32} {rate:12,.0f} mentions/s  build {build:6.2f} s  "
                  f"texts {sample:,}{' (sample)' if sample < len(texts) else ''}  "
                  f"differing from otklik: {bad}", flush=True)
            del run

    print("\nmentions/s, one machine, one run. otklik's tag_many uses every core "
          f"({os.cpu_count()} here; the 1-thread figures are the same call with "
          "RAYON_NUM_THREADS=1); '+ .tags' also reads every result's tags out as a Python list. "
          "Ratios: otklik / peer (> 1: otklik faster); 'Boolean' is otklik on the full Boolean "
          "rules, the peers on the keyword-only variant; a sampled peer's rate is extrapolated.\n")
    print("| corpus, rules | engine | mentions/s | Boolean / peer | Boolean + .tags / peer | "
          "keyword-only / peer | 1-thread Boolean / peer | texts differing from otklik |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for name, texts, *_ in corpus:
        base, single = all_cores[name], one_thread[name]
        for variant, label in (("full", "Boolean rules"), ("keywords", "keyword-only")):
            if variant in base:
                print(f"| {name} | otklik tag_many, {label} | {base[variant]:,.0f} "
                      f"(+ .tags: {base[variant + '+tags']:,.0f}; 1 thread: "
                      f"{single[variant]:,.0f}) | | | | | |")
        for row_name, label, rate, _build, sample, bad, total in rows:
            if row_name != name:
                continue

            def ratio(rates: dict[str, float], key: str) -> str:
                return f"{rates[key] / rate:,.1f}x" if key in rates else "n/a"

            note = f" (sample of {sample:,})" if sample < total else ""
            print(f"| {name} | {label}{note} | {rate:,.0f} | {ratio(base, 'full')} | "
                  f"{ratio(base, 'full+tags')} | {ratio(base, 'keywords')} | "
                  f"{ratio(single, 'full')} | {bad} of {sample:,} |")


if __name__ == "__main__":
    main()
