"""Tagging a DataFrame: the bundled mentions as a polars DataFrame, tagged in one columnar call,
then the weak spots by product and by process.

    python examples/python/tag_dataframe.py
"""

from __future__ import annotations

import pathlib

import polars as pl

import otklik

ROOT = pathlib.Path(__file__).resolve().parents[2]

mentions = otklik.read_jsonl(ROOT / "examples/data/mentions.jsonl")
frame = pl.DataFrame(
    {
        "id": [m.id for m in mentions],
        "platform": [m.platform for m in mentions],
        "text": [m.text for m in mentions],
    }
)

rules = otklik.RuleSet.from_file(ROOT / "examples/rules/bank.toml")
tags = pl.from_arrow(rules.tag_arrow(frame))  # GIL released, all cores, no per-row objects
assert isinstance(tags, pl.DataFrame)
tagged = frame.join(tags, on="id")

print(f"{tagged.height} mentions, {tagged['needs_reply'].sum()} need a reply")
category = {t.id: t.category for t in rules.tags}
exploded = tagged.explode("tags").drop_nulls("tags")
exploded = exploded.with_columns(pl.col("tags").replace_strict(category, default="other").alias("category"))
for cat in ["product", "process"]:
    top = (
        exploded.filter(pl.col("category") == cat)
        .group_by("tags")
        .agg(pl.len().alias("mentions"), pl.col("needs_reply").sum().alias("need_reply"))
        .sort("mentions", descending=True)
        .head(5)
    )
    print(f"\nTop {cat} tags:")
    print(top)
