"""A Spark job to copy: read mentions (JSON Lines), tag them, compute the monthly first-reply
service level per platform, write Parquet.

    spark-submit examples/spark/sla_job.py --out /tmp/otklik-sla              # the bundled data
    spark-submit --master yarn examples/spark/sla_job.py \\
        --mentions hdfs:///social/mentions/*.jsonl --rules bank.toml \\
        --policy sla/policy.toml --files-root . --out hdfs:///reports/sla

It writes three Parquet data sets under ``--out``: ``tagged`` (every mention with ``tags``,
``needs_reply``, ``priority``, ``queue``), ``threads`` (one row per conversation: first reply and
resolution times, met or missed) and ``service_level`` (month x platform, the main job's
table). See ``README.md`` beside this file for what the executors need.
"""

from __future__ import annotations

import argparse
import datetime as dt
import pathlib
from collections.abc import Sequence

from pyspark.sql import SparkSession

import otklik.spark as ospark

HERE = pathlib.Path(__file__).resolve().parent
EXAMPLES = HERE.parent


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--mentions", default=str(EXAMPLES / "data/mentions.jsonl"), help="JSON Lines, any Spark path")
    p.add_argument("--rules", default=str(EXAMPLES / "rules/bank.toml"), help="rule file, read on the driver")
    p.add_argument("--policy", default=str(EXAMPLES / "sla/policy.toml"), help="SLA policy file")
    p.add_argument(
        "--files-root",
        default=str(EXAMPLES),
        help="directory shipped to the executors that holds the policy and the calendar and "
        "holiday files it names (default: examples/); '' to read --policy in place",
    )
    p.add_argument("--now", default=None, help="report instant, ISO 8601 with a zone (default: now)")
    p.add_argument("--resolve-idle-hours", type=float, default=24.0, help="resolved after this much silence")
    p.add_argument("--out", required=True, help="output directory (Parquet)")
    return p.parse_args(argv)


def run(spark: SparkSession, args: argparse.Namespace) -> None:
    now = dt.datetime.fromisoformat(args.now) if args.now else dt.datetime.now(dt.timezone.utc)
    mentions = spark.read.json(args.mentions)

    tagged = ospark.tag_dataframe(mentions, args.rules)
    tagged.write.mode("overwrite").parquet(f"{args.out}/tagged")

    policy = ospark.PolicySource(args.policy, root=args.files_root or None)
    threads = ospark.first_reply_times(
        mentions, policy, now, rules=args.rules, resolve_idle=dt.timedelta(hours=args.resolve_idle_hours)
    ).cache()
    threads.write.mode("overwrite").parquet(f"{args.out}/threads")

    report = ospark.service_level(threads, by=["month", "platform"])
    report.write.mode("overwrite").parquet(f"{args.out}/service_level")
    report.select("month", "platform", "count", "met", "missed", "service_level", "p90_seconds").show(
        100, truncate=False
    )
    threads.unpersist()


def main() -> None:
    args = parse_args()
    spark = SparkSession.builder.appName("otklik-sla").getOrCreate()
    try:
        run(spark, args)
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
