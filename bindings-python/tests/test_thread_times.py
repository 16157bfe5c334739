"""otklik.thread_times without Spark: one row per conversation whose sums are sla_report's counts."""

from __future__ import annotations

import collections
import datetime as dt
import doctest
import pathlib
from typing import Any

import pytest

import otklik

pa = pytest.importorskip("pyarrow")

NOW = dt.datetime(2026, 1, 29, 12, 0, tzinfo=dt.timezone.utc)
IDLE = dt.timedelta(hours=24)


def bundled_table(root: pathlib.Path) -> Any:
    pj: Any = pytest.importorskip("pyarrow.json")
    table = pj.read_json(root / "examples/data/mentions.jsonl")
    # pyarrow reads the instants as timestamps without a zone; they are UTC.
    i = table.schema.get_field_index("published_at")
    return table.set_column(i, "published_at", table.column(i).cast(pa.timestamp("s", tz="UTC")))


@pytest.mark.parametrize("metric", ["first_reply", "resolution"])
def test_rows_sum_to_the_report(root: pathlib.Path, metric: str) -> None:
    rules = otklik.RuleSet.from_file(root / "examples/rules/bank.toml")
    policy = otklik.Policy.from_file(root / "examples/sla/policy.toml")
    rows = otklik.thread_times(bundled_table(root), policy, NOW, rules=rules, resolve_idle=IDLE).to_pylist()
    assert len(rows) == 127

    sums: dict[tuple[str, str], list[int]] = collections.defaultdict(lambda: [0, 0, 0, 0])
    for r in rows:
        if r[f"{metric}_outcome"] is not None:
            s = sums[(r[f"{metric}_month"], r["platform"])]
            s[0] += 1
            s[1] += r[f"{metric}_met"]
            s[2] += r[f"{metric}_missed"]
            s[3] += r[f"{metric}_reply_seconds"] is not None

    mentions = otklik.read_jsonl(root / "examples/data/mentions.jsonl").mentions
    report = otklik.sla_report(
        mentions, policy, NOW, taggings=rules.tag_many(mentions),
        group_by=["metric", "month", "platform"], resolve_idle=IDLE,
    )
    expected = {
        (r.key[1], r.key[2]): [r.count, r.met, r.missed, r.answered] for r in report.rows if r.key[0] == metric
    }
    assert dict(sums) == expected
    assert sum(v[2] for v in expected.values()) > 0  # some were missed: the comparison has teeth


def test_idle_resolution_changes_the_resolution_only(root: pathlib.Path) -> None:
    policy = otklik.Policy.from_file(root / "examples/sla/policy.toml")
    table = bundled_table(root)
    with_idle = otklik.thread_times(table, policy, NOW, resolve_idle=IDLE).to_pylist()
    without = otklik.thread_times(table, policy, NOW).to_pylist()
    def first(rows: list[dict[str, Any]]) -> list[Any]:
        return [r["first_reply_outcome"] for r in rows]

    def met(rows: list[dict[str, Any]]) -> int:
        return sum(bool(r["resolution_met"]) for r in rows)

    assert first(with_idle) == first(without)
    assert met(with_idle) > met(without) == 0


def test_stub_example(root: pathlib.Path) -> None:
    """The example in _otklik.pyi's thread_times docstring runs as written."""
    stub = (root / "bindings-python/python/otklik/_otklik.pyi").read_text("utf-8")
    start = stub.index("def thread_times(")
    doc = stub[stub.index('"""', start) + 3 : stub.index('"""', stub.index('"""', start) + 3)]
    test = doctest.DocTestParser().get_doctest(doc, vars(otklik), "thread_times", None, 0)
    runner = doctest.DocTestRunner()
    runner.run(test)
    assert runner.failures == 0 and runner.tries >= 4


def test_wrong_column_types_are_refused(root: pathlib.Path) -> None:
    policy = otklik.Policy.from_file(root / "examples/sla/policy.toml")
    naive = pa.table({"id": ["1"], "published_at": pa.array([dt.datetime(2025, 1, 1)], pa.timestamp("s"))})
    with pytest.raises(ValueError, match="without a time zone"):
        otklik.thread_times(naive, policy, NOW)
    with pytest.raises(ValueError, match='column "rating" is of type'):
        otklik.thread_times(pa.table({"id": ["1"], "rating": ["five"]}), policy, NOW)
