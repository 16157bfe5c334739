"""otklik on Spark against the same job with a pure-Python UDF using ``re`` (issue 10).

One run, Spark local[2], on generated mentions (1,000,000 by default) and the keyword-only
variant of the generated rules (10,000 tags, each ``a OR b OR c`` of made-up names, which a
regular expression expresses exactly), all from the seeded generator of ``benches/lib.rs``
(``peers spark-gen``, run when the files are missing). Every job reads the same JSON Lines and
ends in Spark's ``noop`` sink, so each time is the whole job:

- ``read``: the mentions read and dropped (the floor);
- ``identity``: the same through ``mapInArrow`` with a function that returns each batch with four
  empty tagging columns (the cost of the trip to a Python worker and back, as Arrow);
- ``otklik``: ``otklik.spark.tag_dataframe`` (text only, ``fields=False``), the rule set built
  once per Python worker;
- ``re alternation``: a pure-Python UDF (``pyspark.sql.functions.udf``) with one big
  alternation of every keyword (``finditer``), the pattern compiled once per worker;
- ``re per rule``: a pure-Python UDF with one compiled pattern per rule (``search`` each), on a
  sample (it runs at tens of rows a second), extrapolated to the full count.

The ``re`` UDFs see the texts normalized as ``benches/peers/peers.py`` does (lower case, ``ё``
as ``е``, apostrophes) with the same word boundaries. Before any figure is printed their output
is compared with otklik's on a sample, row by row; the number of differing rows is printed. The
per-row cost of crossing into Rust is reported two ways: the Spark jobs' differences per row,
and, in this process, ``RuleSet.tag_arrow`` on Arrow batches against ``RuleSet.tag_many`` on a
Python list of the same texts and against the tagging alone (``tag_many`` on one large batch).

Run (with the binding built ``--release`` into the venv, pyspark installed, Java 17):

    .venv/bin/python benches/spark/bench.py            # --help for sizes and samples
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import pathlib
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "benches/peers"))

import peers  # noqa: E402  (normalization and word boundaries shared with the peer benchmark)
from common import peers_bin  # noqa: E402


def generate(data: pathlib.Path, count: int, rules: int) -> tuple[pathlib.Path, pathlib.Path, pathlib.Path]:
    mentions = data / f"spark-mentions-{count}.jsonl"
    toml = data / f"spark-keywords-{rules}.toml"
    keywords = data / f"spark-keywords-{rules}.json"
    if not (mentions.exists() and toml.exists() and keywords.exists()):
        subprocess.run(peers_bin() + ["spark-gen", str(data), str(count), str(rules)], check=True, cwd=ROOT)
    return mentions, toml, keywords


def timed(label: str, run: Callable[[], Any], rounds: int = 1) -> float:
    """The best wall-clock time of `rounds` runs."""
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - t0)
    print(f"  {label:<32} {best:9.1f} s" + (f" (best of {rounds})" if rounds > 1 else ""), flush=True)
    return best


def identity_batches(batches: Iterator[Any]) -> Iterator[Any]:
    import pyarrow as pa

    for b in batches:
        n = b.num_rows
        yield pa.RecordBatch.from_arrays(
            list(b.columns)
            + [
                pa.nulls(n, pa.list_(pa.string())),
                pa.nulls(n, pa.bool_()),
                pa.nulls(n, pa.string()),
                pa.nulls(n, pa.string()),
            ],
            names=list(b.schema.names) + ["tags", "needs_reply", "priority", "queue"],
        )


def re_alternation_udf(keywords: list[list[str]]) -> Callable[[str | None], list[str] | None]:
    """The UDF body: one alternation of every keyword, compiled on first use in each worker."""
    cache: dict[str, Any] = {}
    norm, left, right = peers.norm, peers.LEFT, peers.RIGHT  # the function, not the module

    def tag(text: str | None) -> list[str] | None:
        if text is None:
            return None
        if "pattern" not in cache:
            import re

            by_word: dict[str, list[int]] = {}
            for i, words in enumerate(keywords):
                for w in words:
                    by_word.setdefault(w, []).append(i)
            words = sorted(by_word, key=lambda w: (-len(w), w))
            cache["by_word"] = by_word
            cache["pattern"] = re.compile(left + "(?:" + "|".join(re.escape(w) for w in words) + ")" + right)
        found = {m.group() for m in cache["pattern"].finditer(norm(text))}
        return [f"k{i}" for i in sorted({i for w in found for i in cache["by_word"][w]})]

    return tag


def re_per_rule_udf(keywords: list[list[str]]) -> Callable[[str | None], list[str] | None]:
    """The UDF body: one compiled pattern per rule, each searched."""
    cache: dict[str, Any] = {}
    norm, left, right = peers.norm, peers.LEFT, peers.RIGHT

    def tag(text: str | None) -> list[str] | None:
        if text is None:
            return None
        if "searches" not in cache:
            import re

            cache["searches"] = [
                re.compile(left + "(?:" + "|".join(re.escape(w) for w in words) + ")" + right).search
                for words in keywords
            ]
        t = norm(text)
        return [f"k{i}" for i, search in enumerate(cache["searches"]) if search(t)]

    return tag


def rss_of_compiled(rules: pathlib.Path) -> tuple[float, float]:
    """(seconds to compile, MiB of resident memory it added) in a fresh Python process."""
    code = (
        "import resource, time, otklik, pathlib\n"
        "def rss():\n"
        "    for line in open('/proc/self/status'):\n"
        "        if line.startswith('VmRSS:'):\n"
        "            return int(line.split()[1]) / 1024\n"
        f"text = pathlib.Path({str(rules)!r}).read_text()\n"
        "before = rss(); t0 = time.perf_counter()\n"
        "r = otklik.RuleSet.from_toml(text)\n"
        "print(time.perf_counter() - t0, rss() - before)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    seconds, mib = out.stdout.split()
    return float(seconds), float(mib)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=pathlib.Path, default=ROOT / "target/spark-bench")
    ap.add_argument("--mentions", type=int, default=1_000_000)
    ap.add_argument("--rules", type=int, default=10_000)
    ap.add_argument("--alternation-sample", type=int, default=0, help="rows for the re alternation UDF (0: all)")
    ap.add_argument("--per-rule-sample", type=int, default=2_000, help="rows for the per-rule re UDF")
    ap.add_argument("--check-sample", type=int, default=20_000, help="rows whose outputs are compared")
    ap.add_argument("--partition-mb", type=int, default=16, help="spark.sql.files.maxPartitionBytes")
    args = ap.parse_args()

    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"  # loopback only
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    import pyarrow as pa
    import pyarrow.json as pj
    from pyspark import cloudpickle
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F
    from pyspark.sql.types import ArrayType, BooleanType, StringType, StructField, StructType

    import otklik
    import otklik.spark as ospark

    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    cloudpickle.register_pickle_by_value(peers)

    mentions_path, rules_path, keywords_path = generate(args.data, args.mentions, args.rules)
    keywords: list[list[str]] = json.loads(keywords_path.read_text())
    rules_text = rules_path.read_text()
    n = args.mentions
    print(f"{n:,} mentions ({mentions_path.stat().st_size / 2**20:.0f} MiB), {len(keywords):,} keyword rules "
          f"({len(rules_text.encode()) / 2**20:.2f} MiB of rule text); Spark local[2], {os.cpu_count()} cores")

    compile_s, compile_mib = rss_of_compiled(rules_path)
    print(f"compiled rule set: {compile_s:.2f} s, +{compile_mib:.0f} MiB resident in a fresh Python process")

    spark = (
        SparkSession.builder.master("local[2]")
        .appName("otklik-spark-bench")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", "6g")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.files.maxPartitionBytes", f"{args.partition_mb}m")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    df = spark.read.schema("id string, text string").json(str(mentions_path))
    print(f"{df.rdd.getNumPartitions()} input partitions")
    tag_schema = StructType(
        list(df.schema.fields)
        + [
            StructField("tags", ArrayType(StringType())),
            StructField("needs_reply", BooleanType()),
            StructField("priority", StringType()),
            StructField("queue", StringType()),
        ]
    )

    def noop(frame: Any) -> None:
        frame.write.format("noop").mode("overwrite").save()

    def rows(k: int) -> Any:
        """The first k mentions over two partitions (a bare limit would leave one core idle)."""
        return df if k >= n else df.limit(k).repartition(2)

    # Outputs agree before anything is timed.
    sample = df.limit(args.check_sample)
    alt = F.udf(re_alternation_udf(keywords), ArrayType(StringType()))
    per_rule = F.udf(re_per_rule_udf(keywords), ArrayType(StringType()))
    checked = ospark.tag_dataframe(sample, ospark.RuleSource.toml(rules_text), fields=False).withColumn(
        "re_tags", alt("text")
    )
    differ = checked.where(~F.col("tags").eqNullSafe(F.col("re_tags"))).count()
    small = ospark.tag_dataframe(df.limit(min(args.per_rule_sample, 500)), ospark.RuleSource.toml(rules_text), fields=False)
    differ_rule = small.withColumn("re_tags", per_rule("text")).where(~F.col("tags").eqNullSafe(F.col("re_tags"))).count()
    tagged_rows = checked.where(F.size("tags") > 0).count()
    print(f"outputs compared: re alternation differs on {differ} of {args.check_sample:,} rows, "
          f"re per rule on {differ_rule} of {min(args.per_rule_sample, 500)}; {tagged_rows:,} of the sample have a tag")

    print("Spark jobs (read JSON Lines -> ... -> noop sink), wall clock:")
    t_read = timed("read", lambda: noop(df), rounds=2)
    t_identity = timed("identity mapInArrow", lambda: noop(df.mapInArrow(identity_batches, tag_schema)), rounds=2)
    t_otklik = timed(
        "otklik tag_dataframe",
        lambda: noop(ospark.tag_dataframe(df, ospark.RuleSource.toml(rules_text), fields=False)),
        rounds=2,
    )
    t_otklik_fields = timed(
        "otklik, rows as mentions",
        lambda: noop(ospark.tag_dataframe(df, ospark.RuleSource.toml(rules_text), fields=True)),
    )
    alt_rows = args.alternation_sample or n
    t_alt = timed(f"re alternation ({alt_rows:,} rows)", lambda: noop(rows(alt_rows).withColumn("tags", alt("text"))))
    per_rows = args.per_rule_sample
    t_per = timed(f"re per rule ({per_rows:,} rows)", lambda: noop(rows(per_rows).withColumn("tags", per_rule("text"))))
    t_alt_full = t_alt * n / alt_rows
    t_per_full = t_per * n / per_rows

    # In this process: the Python/Rust boundary without Spark.
    table = pj.read_json(str(mentions_path))
    texts: list[str] = table.column("text").to_pylist()
    rules = otklik.RuleSet.from_toml(rules_text)
    batches = table.to_batches(max_chunksize=10_000)

    def tag_arrow_all() -> None:
        for b in batches:
            rules.tag_arrow(b, id_column=None)

    def tag_many_all() -> None:
        for i in range(0, len(texts), 10_000):
            rules.tag_many(texts[i : i + 10_000])

    print("in one process, all cores (10,000-row batches):")
    t_arrow = timed("tag_arrow", tag_arrow_all)
    t_many = timed("tag_many (list of str)", tag_many_all)
    py_rows = min(200_000, len(texts))
    t_many_py = timed(f"tag_many + .tags ({py_rows:,} rows)", lambda: [r.tags for r in rules.tag_many(texts[:py_rows])])

    us = lambda s: s / n * 1e6  # noqa: E731
    print()
    print(f"otklik tag_dataframe: {t_otklik:.1f} s = {n / t_otklik:,.0f} mentions/s")
    print(f"re alternation UDF:   {t_alt_full:.1f} s{' (extrapolated)' if alt_rows < n else ''} = {n / t_alt_full:,.0f} mentions/s"
          f"  -> otklik is {t_alt_full / t_otklik:,.1f}x faster")
    print(f"re per-rule UDF:      {t_per_full:,.0f} s (extrapolated from {per_rows:,} rows) = {n / t_per_full:,.1f} mentions/s"
          f"  -> otklik is {t_per_full / t_otklik:,.0f}x faster")
    print(f"per row, Spark local[2] wall clock: read {us(t_read):.2f} us; the trip to Python and back as Arrow "
          f"(identity - read) {us(t_identity - t_read):.2f} us; tagging in Rust (otklik - identity) {us(t_otklik - t_identity):.2f} us; "
          f"rows read as mentions (fields=True) {us(t_otklik_fields - t_otklik):+.2f} us more")
    print(f"per row, one process: tag_arrow {us(t_arrow):.2f} us, tag_many on a list of str {us(t_many):.2f} us "
          f"(difference {us(t_many - t_arrow):+.2f} us), tag_many with .tags read {t_many_py / py_rows * 1e6:.2f} us")
    print(f"share of the otklik job spent outside tagging: {(t_identity) / t_otklik:.0%} "
          f"(tag_arrow alone at 2 cores would take {t_arrow:.1f} s of its {t_otklik:.1f} s)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"driver Python peak RSS {peak:.0f} MiB")
    spark.stop()


if __name__ == "__main__":
    main()
