"""Rule sets and tagging: the shared cases of core/testdata/tagging.toml, errors, batches,
threads and the GIL."""

from __future__ import annotations

import gc
import pathlib
import sys
import threading
import time
import tomllib
from typing import Any

import pytest

import otklik

RULES = """
[[tag]]
id = "fraud"
category = "type"
query = '(просили OR назвати) NEAR/4 (код OR cvv)'
needs_reply = true
priority = "urgent"
queue = "fraud"

[[tag]]
id = "card"
category = "product"
query = "~картка OR ~карта"
"""


def test_shared_tagging_cases(root: pathlib.Path) -> None:
    data: dict[str, Any] = tomllib.loads((root / "core/testdata/tagging.toml").read_text("utf-8"))
    rs = otklik.RuleSet.from_toml(data["rules"])
    assert len(data["case"]) >= 20
    for case in data["case"]:
        if "platform" in case or "kind" in case or "rating" in case or "author_is_brand" in case:
            continue  # field filters: covered through Mention below
        t = rs.tag(case["text"])
        assert t.tags == case["tags"], case["text"]
        if "spans" in case:
            first = t.tags[0]
            got = [m.text for m in t.matches if m.tag == first]
            assert got == case["spans"], case["text"]


def test_tag_results() -> None:
    rs = otklik.RuleSet.from_toml(RULES)
    text = "😡 Мені дзвонили, просили назвати КОД з смс, картку заблокували"
    t = rs.tag(text)
    assert t.tags == ["fraud", "card"]
    assert t.categories == ["type", "product"]
    assert (t.needs_reply, t.priority, t.queue, t.truncated) == (True, "urgent", "fraud", False)
    assert "fraud" in t and t.has("card") and "atm" not in t
    for m in t.matches:
        assert text[m.start : m.end] == m.text  # str indices, even after an emoji
    assert [m.text for m in t.matches if m.tag == "card"] == ["картку"]
    assert repr(t) == 'TagResult(tags=["fraud", "card"])'


def test_rule_set_info_and_lint() -> None:
    rs = otklik.RuleSet.from_toml(RULES + '\n[[tag]]\nid = "any"\ncategory = "type"\nquery = "NOT спам"\n')
    assert [t.id for t in rs.tags] == ["fraud", "card", "any"]
    assert rs.tags[0].priority == "urgent" and rs.tags[0].queue == "fraud"
    assert len(rs) == 3
    assert any(f.tag == "any" and f.kind == "only_negative" for f in rs.lint)


def test_rule_errors_name_the_place() -> None:
    with pytest.raises(otklik.RuleError) as info:
        otklik.RuleSet.from_toml('[[tag]]\nid = "complaint"\ncategory = "type"\nquery = \'не працює OR "списали гроші"\'\n')
    e = info.value
    assert isinstance(e, otklik.OtklikError) and isinstance(e, ValueError)
    assert (e.kind, e.line, e.column, e.tag) == ("query", 4, 13, "complaint")
    assert str(e).startswith("line 4, column 13, tag `complaint`")
    with pytest.raises(otklik.RuleError) as info:
        otklik.RuleSet.from_toml(
            '[[tag]]\nid = "card"\ncategory = "product"\nquery = "картка"\nexamples.match = ["кредит"]\n'
        )
    assert (info.value.kind, info.value.example) == ("example", "кредит")


def test_files(tmp_path: pathlib.Path, root: pathlib.Path) -> None:
    rs = otklik.RuleSet.from_file(root / "examples/rules/bank.toml")
    assert len(rs) > 20
    json_rules = tmp_path / "rules.json"
    json_rules.write_text('{"tag": [{"id": "atm", "category": "product", "query": "банкомат*"}]}', "utf-8")
    assert otklik.RuleSet.from_file(json_rules).tag("Банкомат").tags == ["atm"]
    with pytest.raises(FileNotFoundError):
        otklik.RuleSet.from_file(tmp_path / "missing.toml")


def test_tag_many_matches_tag_and_takes_mentions(root: pathlib.Path) -> None:
    rs = otklik.RuleSet.from_file(root / "examples/rules/bank.toml")
    mentions = otklik.read_jsonl(root / "examples/data/mentions.jsonl")
    texts = [m.text for m in mentions]
    batch = rs.tag_many(texts)
    assert [t.tags for t in batch] == [rs.tag(x).tags for x in texts]
    by_mention = rs.tag_many(mentions)
    assert [t.tags for t in by_mention] == [rs.tag(m).tags for m in mentions]
    mixed = rs.tag_many([texts[0], mentions[1]])
    assert [t.tags for t in mixed] == [batch[0].tags, by_mention[1].tags]
    with pytest.raises(TypeError, match="index 1"):
        rs.tag_many(["ok", 42])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        rs.tag(3.5)  # type: ignore[arg-type]


def test_large_batches_keep_order_texts_and_spans(root: pathlib.Path) -> None:
    # A large mixed batch (texts tagged in parallel, mentions apart): every result must still be
    # the one of its own item, with its own text (the result refers to the caller's string).
    rs = otklik.RuleSet.from_file(root / "examples/rules/bank.toml")
    mentions = otklik.read_jsonl(root / "examples/data/mentions.jsonl")
    items: list[str | otklik.Mention] = []
    for i in range(7_000):
        m = mentions[(i * 7) % len(mentions)]
        items.append(m if i % 5 == 0 else f"{m.text} #{i}")
    batch = rs.tag_many(items)
    assert len(batch) == len(items)
    for item, result in zip(items[::37], batch[::37]):
        single = rs.tag(item)
        assert result.tags == single.tags
        assert [(s.tag, s.start, s.end, s.text) for s in result.matches] == [
            (s.tag, s.start, s.end, s.text) for s in single.matches
        ]
    # A string that is not valid Unicode (a lone surrogate) deep in a batch is an error, not a crash.
    broken: list[str] = [m.text for m in mentions] * 20
    broken[5_000] = "bad \ud800 text"
    with pytest.raises(UnicodeEncodeError):
        rs.tag_many(broken)
    assert rs.tag_many(broken[:10])[0].tags == rs.tag(broken[0]).tags


def test_batch_results_are_not_followed_by_the_cycle_collector(root: pathlib.Path) -> None:
    # A result holds only its string and Rust data, so tag_many leaves the many results of a
    # batch untracked (each collection would otherwise traverse them); they stay usable, keep
    # their text after a full collection, and free their string when dropped.
    rs = otklik.RuleSet.from_file(root / "examples/rules/bank.toml")
    # Built at run time, so that no code constant also holds it and its count is the results'.
    text = "".join(["Банкомат не видав гроші, ", "картка заблокована"])
    before = sys.getrefcount(text)
    batch = rs.tag_many([text] * 300)
    assert not any(gc.is_tracked(r) for r in batch)
    gc.collect()
    assert all(r.tags == rs.tag(text).tags for r in batch)
    assert all(m.text for m in batch[0].matches)
    del batch
    gc.collect()
    assert sys.getrefcount(text) == before


def test_one_rule_set_from_eight_threads(root: pathlib.Path) -> None:
    rs = otklik.RuleSet.from_file(root / "examples/rules/bank.toml")
    texts = [m.text for m in otklik.read_jsonl(root / "examples/data/mentions.jsonl")]
    expected = [t.tags for t in rs.tag_many(texts)]
    results: list[list[list[str]]] = [[] for _ in range(8)]

    def work(i: int) -> None:
        results[i] = [rs.tag(x).tags for x in texts] if i % 2 else [t.tags for t in rs.tag_many(texts)]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r == expected for r in results)


def test_tag_many_releases_the_gil(root: pathlib.Path) -> None:
    rs = otklik.RuleSet.from_file(root / "examples/rules/bank.toml")
    texts = [m.text for m in otklik.read_jsonl(root / "examples/data/mentions.jsonl")] * 400
    ticks = 0
    done = threading.Event()

    def count() -> None:
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            time.sleep(0)

    counter = threading.Thread(target=count)
    counter.start()
    time.sleep(0.01)
    before = ticks
    rs.tag_many(texts)  # long enough for the counter to run many times if the GIL is free
    during = ticks - before
    done.set()
    counter.join()
    assert during > 50, f"the other thread ran {during} times while tag_many ran"


def test_normalize() -> None:
    assert otklik.normalize("СБЕРБAНК") == "сбербанк"  # a Latin A among Cyrillic letters
    assert otklik.normalize("Ёлка") == "елка"
