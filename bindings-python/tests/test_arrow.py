"""Columnar data: tag_arrow on pyarrow and polars tables, and reports as Arrow, pandas, polars."""

from __future__ import annotations

import datetime as dt
import pathlib

import pytest

import otklik

pa = pytest.importorskip("pyarrow")
pl = pytest.importorskip("polars")


@pytest.fixture(scope="module")
def rules(root: pathlib.Path) -> otklik.RuleSet:
    return otklik.RuleSet.from_file(root / "examples/rules/bank.toml")


@pytest.fixture(scope="module")
def mentions(root: pathlib.Path) -> list[otklik.Mention]:
    return list(otklik.read_jsonl(root / "examples/data/mentions.jsonl"))


def test_tag_arrow_on_pyarrow_matches_tag_many(rules: otklik.RuleSet, mentions: list[otklik.Mention]) -> None:
    table = pa.table({"id": [m.id for m in mentions], "text": [m.text for m in mentions]})
    out = rules.tag_arrow(table)
    assert out.column_names == ["id", "tags", "needs_reply", "priority", "queue"]
    assert out.schema.field("tags").type == pa.list_(pa.string())
    assert out.column("id").to_pylist() == [m.id for m in mentions]
    expected = rules.tag_many([m.text for m in mentions])
    assert out.column("tags").to_pylist() == [t.tags for t in expected]
    assert out.column("needs_reply").to_pylist() == [t.needs_reply for t in expected]
    assert out.column("priority").to_pylist() == [t.priority for t in expected]
    assert out.column("queue").to_pylist() == [t.queue for t in expected]


def test_tag_arrow_on_polars_batches_and_nulls(rules: otklik.RuleSet) -> None:
    df = pl.DataFrame({"post_id": [7, 8, 9], "body": ["Шахраї вкрали гроші з картки", None, "Дякую!"]})
    out = pl.from_arrow(rules.tag_arrow(df, text_column="body", id_column="post_id"))
    assert isinstance(out, pl.DataFrame)
    assert out["post_id"].to_list() == [7, 8, 9]
    assert out["tags"].to_list()[1] is None  # a null text gives a null row
    assert "fraud" in out["tags"].to_list()[0]
    # Several record batches in a stream come back in order.
    big = pa.concat_tables([pa.table({"id": [i], "text": ["Банкомат"]}) for i in range(5)])
    assert rules.tag_arrow(big).column("id").to_pylist() == list(range(5))
    no_id = rules.tag_arrow(pa.table({"text": ["a"]}), id_column=None)
    assert no_id.column_names == ["tags", "needs_reply", "priority", "queue"]


def test_tag_arrow_errors(rules: otklik.RuleSet) -> None:
    with pytest.raises(KeyError, match='"message"'):
        rules.tag_arrow(pa.table({"id": [1], "message": ["x"]}))
    with pytest.raises(ValueError, match="not a string column"):
        rules.tag_arrow(pa.table({"id": [1], "text": [1]}))
    with pytest.raises(TypeError, match="Arrow"):
        rules.tag_arrow([{"id": 1, "text": "x"}])


def test_report_frames(mentions: list[otklik.Mention]) -> None:
    policy = otklik.Policy.from_toml('[[target]]\nname = "all"\nmetric = "first_reply"\nwithin = "2h"\n')
    now = max(m.published_at for m in mentions) + dt.timedelta(days=1)
    report = otklik.sla_report(mentions, policy, now, group_by=["month", "platform"])
    table = report.to_arrow()
    assert table.column_names == report.columns()
    assert table.num_rows == len(report.rows)
    assert table.column("count").to_pylist() == [r.count for r in report.rows]
    frame = table.to_pandas()
    assert list(frame["platform"]) == [r.key[1] for r in report.rows]
    assert sum(frame["count"]) == report.total.count
    polars_frame = pl.from_arrow(table)
    assert isinstance(polars_frame, pl.DataFrame) and polars_frame.height == len(report.rows)
