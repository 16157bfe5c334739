"""SLA report by month: conversations of the bundled mentions on the desk's calendar and
policy (examples/sla/), the service level per month and platform, and the live queue.

    python examples/python/sla_by_month.py
"""

from __future__ import annotations

import datetime as dt
import pathlib

import polars as pl

import otklik

ROOT = pathlib.Path(__file__).resolve().parents[2]

mentions = list(otklik.read_jsonl(ROOT / "examples/data/mentions.jsonl"))
rules = otklik.RuleSet.from_file(ROOT / "examples/rules/bank.toml")
taggings = rules.tag_many(mentions)  # tags and priority choose the targets (fraud: 15 minutes)
policy = otklik.Policy.from_file(ROOT / "examples/sla/policy.toml")
now = max(m.published_at for m in mentions) + dt.timedelta(hours=1)

report = otklik.sla_report(
    mentions, policy, now, taggings=taggings, group_by=["month", "target"], abandoned="ignored"
)
print(report.to_table())

frame = pl.from_arrow(report.to_arrow())
assert isinstance(frame, pl.DataFrame)
worst = frame.filter(pl.col("service_level").is_not_null()).sort("service_level").head(3)
print("Weakest month and target:")
print(worst.select("month", "target", "count", "service_level", "p90_seconds"))

queue = otklik.live_queue(mentions, policy, now, taggings=taggings)
print(f"\n{len(queue)} clocks still open at {now:%Y-%m-%d %H:%M} UTC; the most urgent:")
for entry in queue[:5]:
    print(f"  {entry.conversation:12} {entry.target:16} {entry.state:9} left {entry.remaining}")
