"""otklik.spark in a local Spark session (local[2]): tagging through mapInArrow equals tag_many,
the Spark SLA report equals the single-machine one, rule errors surface on the driver before any
job, and rule sets are compiled once per Python worker, not per batch."""

from __future__ import annotations

import datetime as dt
import doctest
import json
import math
import os
import pathlib
import subprocess
import sys
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

import otklik

pa = pytest.importorskip("pyarrow")

NOW = dt.datetime(2026, 1, 29, 12, 0, tzinfo=dt.timezone.utc)  # the main job's --now in the README
IDLE = dt.timedelta(hours=24)  # the main job's resolve_idle


def ospark() -> Any:
    import otklik.spark

    return otklik.spark


def bundled(root: pathlib.Path) -> tuple[pathlib.Path, pathlib.Path, pathlib.Path]:
    return (
        root / "examples/data/mentions.jsonl",
        root / "examples/rules/bank.toml",
        root / "examples/sla/policy.toml",
    )


def tagging_of(t: otklik.TagResult) -> tuple[Any, ...]:
    return (t.tags, t.needs_reply, t.priority, t.queue)


def close(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-9)
    return bool(a == b)


def assert_same_report(spark_rows: list[dict[str, Any]], local_rows: list[dict[str, Any]]) -> None:
    assert len(spark_rows) == len(local_rows) > 0
    for s, local in zip(spark_rows, local_rows):
        assert s.keys() == local.keys()
        diffs = {k: (s[k], local[k]) for k in s if not close(s[k], local[k])}
        assert not diffs, f"{[local[k] for k in list(local)[:3]]}: {diffs}"


# ---- tagging ----


def test_tagged_dataframe_equals_tag_many(spark: Any, root: pathlib.Path) -> None:
    mentions_path, rules_path, _ = bundled(root)
    df = spark.read.json(str(mentions_path))
    tagged = ospark().tag_dataframe(df, rules_path)
    assert tagged.columns == df.columns + ["tags", "needs_reply", "priority", "queue"]
    got = {r["id"]: (r["tags"], r["needs_reply"], r["priority"], r["queue"]) for r in tagged.collect()}

    rules = otklik.RuleSet.from_file(rules_path)
    mentions = otklik.read_jsonl(mentions_path).mentions
    expected = {m.id: tagging_of(t) for m, t in zip(mentions, rules.tag_many(mentions))}
    assert len(got) == len(expected) == 438
    assert got == expected
    # Field filters were seen: the bank's own posts carry no customer tags (`AND NOT brand:true`).
    assert sum(1 for t in expected.values() if t[0]) > 200


def test_text_only_tagging_on_real_tweets(spark: Any, shared_data: pathlib.Path, root: pathlib.Path) -> None:
    texts = [json.loads(line)["text"] for line in (shared_data / "sentirueval2016-banks.jsonl").open(encoding="utf-8")]
    spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", "500")  # several batches per task
    try:
        df = spark.createDataFrame([(i, t) for i, t in enumerate(texts)], "n long, body string").repartition(3)
        tagged = ospark().tag_dataframe(df, root / "examples/rules/bank.toml", text_column="body", fields=False)
        got = {r["n"]: (r["tags"], r["needs_reply"], r["priority"], r["queue"]) for r in tagged.collect()}
    finally:
        spark.conf.unset("spark.sql.execution.arrow.maxRecordsPerBatch")
    rules = otklik.RuleSet.from_file(root / "examples/rules/bank.toml")
    expected = {i: tagging_of(t) for i, t in enumerate(rules.tag_many(texts))}
    assert got == expected
    assert sum(1 for t in expected.values() if t[0]) > 1000


def test_null_and_odd_rows_have_a_defined_result(spark: Any, root: pathlib.Path) -> None:
    rows = [
        ("1", "Списали гроші двічі, поверніть!", "instagram", "comment"),
        ("2", None, "instagram", "comment"),  # no text: no tagging
        (None, "Списали гроші двічі, поверніть!", None, None),  # no id, no platform: still tagged
        ("4", "", "x", "post"),
    ]
    df = spark.createDataFrame(rows, "id string, text string, platform string, kind string")
    got = ospark().tag_dataframe(df, root / "examples/rules/bank.toml").orderBy("id").collect()
    by_text = {(r["id"], r["text"]): r for r in got}
    assert by_text[("2", None)]["tags"] is None and by_text[("2", None)]["needs_reply"] is None
    assert by_text[("4", "")]["tags"] == [] and by_text[("4", "")]["needs_reply"] is False
    assert by_text[("1", rows[0][1])]["tags"] == by_text[(None, rows[0][1])]["tags"] != []


def test_rule_error_on_the_driver_before_any_job(spark: Any, root: pathlib.Path, tmp_path: pathlib.Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('[[tag]]\nid = "x"\ncategory = "type"\nquery = "списали гроші"\n', encoding="utf-8")
    df = spark.read.json(str(root / "examples/data/mentions.jsonl"))
    sc = spark.sparkContext
    group = f"rule-error-{uuid.uuid4()}"
    sc.setJobGroup(group, "a broken rule file")
    try:
        with pytest.raises(otklik.RuleError) as err:
            ospark().tag_dataframe(df, broken)
        assert err.value.line == 4
        with pytest.raises(otklik.RuleError):
            ospark().first_reply_times(df, root / "examples/sla/policy.toml", NOW, rules=broken)
        with pytest.raises(otklik.RuleError):
            ospark().tag_dataframe(df, ospark().RuleSource.json('{"tag": [{"id": "x"}]}'))
    finally:
        sc.setLocalProperty("spark.jobGroup.id", None)
    assert list(sc.statusTracker().getJobIdsForGroup(group)) == []


def test_policy_error_on_the_driver(spark: Any, root: pathlib.Path, tmp_path: pathlib.Path) -> None:
    bad = tmp_path / "policy.toml"
    bad.write_text('[[target]]\nname = "a"\nmetric = "first_reply"\nwithin = "10 minutes"\n', encoding="utf-8")
    df = spark.read.json(str(root / "examples/data/mentions.jsonl"))
    with pytest.raises(otklik.PolicyError):
        ospark().first_reply_times(df, bad, NOW)


def test_column_types_checked_on_the_driver(spark: Any, root: pathlib.Path) -> None:
    df = spark.createDataFrame([(1, "текст", "2025-03-03T10:00:00")], "id long, text string, published_at string")
    with pytest.raises(ValueError, match="column \"id\" is of type Int64"):
        ospark().tag_dataframe(df, root / "examples/rules/bank.toml")
    assert ospark().tag_dataframe(df, root / "examples/rules/bank.toml", fields=False).count() == 1
    from pyspark.sql import functions as F

    naive = spark.createDataFrame([("1", "текст")], "id string, text string").withColumn(
        "published_at", F.to_timestamp_ntz(F.lit("2025-03-03 10:00:00"))
    )
    with pytest.raises(ValueError, match="without a time zone"):
        ospark().first_reply_times(naive, root / "examples/sla/policy.toml", NOW)


def _counting_tagger(shipped: Any, batches: Iterator[Any]) -> Iterator[Any]:
    """The worker function tag_dataframe uses, with this process's compile count and pid added
    to each batch it yields."""
    import otklik.spark as s

    for batch in s._tag_batches(shipped, "text", True, batches):
        n = batch.num_rows
        yield pa.RecordBatch.from_arrays(
            [pa.array([os.getpid()] * n, pa.int64()), pa.array([s.compiled_rule_sets()] * n, pa.int64())],
            names=["pid", "compiles"],
        )


def test_rules_compile_once_per_worker_not_per_batch(spark: Any, root: pathlib.Path) -> None:
    import functools

    from pyspark import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # type: ignore[no-untyped-call]
    s = ospark()
    # A rule text no worker has seen yet.
    text = (root / "examples/rules/bank.toml").read_text("utf-8") + f"\n# {uuid.uuid4()}\n"
    df = spark.read.json(str(root / "examples/data/mentions.jsonl")).repartition(8)
    shipped, _ = s._ship(df, s.RuleSource.toml(text))
    spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", "16")
    try:
        out = df.mapInArrow(functools.partial(_counting_tagger, shipped), "pid long, compiles long").collect()
    finally:
        spark.conf.unset("spark.sql.execution.arrow.maxRecordsPerBatch")
    by_pid: dict[int, list[int]] = {}
    for r in out:
        by_pid.setdefault(r["pid"], []).append(r["compiles"])
    batches = len(out)
    assert batches >= 438 // 16  # one row per batch yielded: many batches, over 8 tasks
    for pid, counts in by_pid.items():
        # Every batch a worker tagged saw the same count: it compiled before the first batch and
        # never again, across its batches and tasks.
        assert len(set(counts)) == 1, (pid, sorted(set(counts)))
    assert max(len(c) for c in by_pid.values()) > 2
    assert len(by_pid) < batches


# ---- SLA ----


def single_machine_report(root: pathlib.Path, group_by: list[str], metric: str) -> list[dict[str, Any]]:
    """The main job's report: tags of the customers' mentions, idle resolution after 24 h."""
    mentions_path, rules_path, policy_path = bundled(root)
    mentions = otklik.read_jsonl(mentions_path).mentions
    rules = otklik.RuleSet.from_file(rules_path)
    report = otklik.sla_report(
        mentions,
        otklik.Policy.from_file(policy_path),
        NOW,
        taggings=rules.tag_many(mentions),
        group_by=["metric", *group_by],  # type: ignore[list-item]
        resolve_idle=IDLE,
    )
    rows: list[dict[str, Any]] = report.to_arrow().to_pylist()
    return [{k: v for k, v in r.items() if k != "metric"} for r in rows if r["metric"] == metric]


@pytest.fixture(scope="module")
def bundled_times(spark: Any, root: pathlib.Path) -> Any:
    mentions_path, rules_path, policy_path = bundled(root)
    s = ospark()
    df = spark.read.json(str(mentions_path))
    policy = s.PolicySource(str(policy_path), root=str(root / "examples"))  # ships calendars, holidays
    return s.first_reply_times(df, policy, NOW, rules=rules_path, resolve_idle=IDLE).cache()


@pytest.mark.parametrize(
    ("by", "metric"),
    [
        (["month", "platform"], "first_reply"),  # the main job's table
        (["month", "platform"], "resolution"),
        (["queue"], "first_reply"),
        (["tag"], "resolution"),
        (["agent", "target"], "first_reply"),
        ([], "first_reply"),
    ],
)
def test_spark_report_equals_the_single_machine_report(
    bundled_times: Any, root: pathlib.Path, by: list[str], metric: str
) -> None:
    got = [r.asDict() for r in ospark().service_level(bundled_times, by=by, metric=metric).collect()]
    expected = single_machine_report(root, by, metric)
    if not by:
        expected = expected[:1]
    assert_same_report(got, expected)


def test_one_row_per_conversation(bundled_times: Any, root: pathlib.Path) -> None:
    rows = bundled_times.collect()
    mentions = otklik.read_jsonl(bundled(root)[0]).mentions
    found = otklik.conversations(mentions)
    assert sorted(r["thread"] for r in rows) == sorted(c.key for c in found if c.key in {r["thread"] for r in rows})
    assert len(rows) == 127  # "127 conversations on a clock", as the main job prints
    assert len({r["thread"] for r in rows}) == len(rows)


def twcs_frames(spark: Any, shared_data: pathlib.Path) -> tuple[Any, list[otklik.Mention]]:
    raw = [json.loads(line) for line in (shared_data / "twcs-sample.jsonl").open(encoding="utf-8")]
    rows = [
        (t["id"], "x", "post", t["text"], t["created_at"], t["author"], not t["inbound"], t["in_response_to"])
        for t in raw
    ]
    schema = "id string, platform string, kind string, text string, published_at string, author string, author_is_brand boolean, parent_id string"
    mentions = [
        otklik.Mention(
            r[0], r[1], r[2], r[3], dt.datetime.fromisoformat(r[4].replace("Z", "+00:00")),
            author=r[5], author_is_brand=r[6], parent_id=r[7],
        )
        for r in rows
    ]
    return spark.createDataFrame(rows, schema).repartition(4), mentions


def test_parent_chains_of_real_threads(spark: Any, shared_data: pathlib.Path) -> None:
    """Customer Support on Twitter: threads only by `in_response_to`, chains of many replies,
    parents outside the sample. The Spark grouping finds the same threads as one machine."""
    df, mentions = twcs_frames(spark, shared_data)
    policy_text = '[[target]]\nname = "tweets"\nmetric = "first_reply"\nwithin = "1h"\n'
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = pathlib.Path(tmp) / "policy.toml"
        path.write_text(policy_text, encoding="utf-8")
        now = max(m.published_at for m in mentions)
        times = ospark().first_reply_times(df, path, now)
        got = [r.asDict() for r in ospark().service_level(times, by=["agent"]).collect()]
        threads = {r["thread"] for r in times.select("thread").collect()}
    report = otklik.sla_report(mentions, otklik.Policy.from_toml(policy_text), now, group_by=["agent"])
    assert_same_report(got, report.to_arrow().to_pylist())
    assert threads == {c.key for c in otklik.conversations(mentions)}
    assert len(threads) > 500


def test_thread_keys_follow_chains_missing_parents_and_loops(spark: Any) -> None:
    t0 = "2025-03-03T10:0{}:00Z"
    rows = [
        # a chain of five without thread ids: root c0
        ("c0", None, None, False, 0), ("c1", None, "c0", True, 1), ("c2", None, "c1", False, 2),
        ("c3", None, "c2", True, 3), ("c4", None, "c3", False, 4),
        # a reply into a thread named by its parent's thread id
        ("t0", "T", None, False, 0), ("t1", None, "t0", True, 5),
        # two replies to a parent missing from the data: one thread keyed by the parent's id
        ("m1", None, "gone", False, 1), ("m2", None, "gone", True, 6),
        # a loop
        ("l1", None, "l2", False, 2), ("l2", None, "l1", True, 7),
    ]
    data = [(i, th, p, b, t0.format(m), "vk", "comment", "text") for i, th, p, b, m in rows]
    schema = "id string, thread_id string, parent_id string, author_is_brand boolean, published_at string, platform string, kind string, text string"
    df = spark.createDataFrame(data, schema)
    keys = {r["id"]: r["_otklik_thread"] for r in ospark().thread_keys(df).collect()}
    assert {keys[i] for i in ("c0", "c1", "c2", "c3", "c4")} == {"c0"}
    assert keys["t1"] == keys["t0"] == "T"
    assert keys["m1"] == keys["m2"] == "gone"
    assert keys["l1"] == keys["l2"]
    # The rows per conversation equal thread_times on the whole table at once.
    policy = otklik.Policy.from_toml('[[target]]\nname = "c"\nmetric = "first_reply"\nwithin = "2m"\n')
    table = pa.table({name: [d[i] for d in data] for i, name in enumerate(df.columns)})
    now = dt.datetime(2025, 3, 4, tzinfo=dt.timezone.utc)
    local = otklik.thread_times(table, policy, now).to_pylist()
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = pathlib.Path(tmp) / "p.toml"
        path.write_text('[[target]]\nname = "c"\nmetric = "first_reply"\nwithin = "2m"\n', encoding="utf-8")
        got = [r.asDict(recursive=True) for r in ospark().first_reply_times(df, path, now).collect()]
    def norm(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
        fields = ("thread", "first_mention", "mentions", "first_reply_outcome", "first_reply_reply_seconds")
        return sorted(tuple(r[f] for f in fields) for r in rows)

    assert norm(got) == norm(local)
    assert len(local) == 4


def test_bad_rows_in_threads(spark: Any, tmp_path: pathlib.Path) -> None:
    data = [
        ("a", "a", "2025-03-03T10:00:00Z", False, "Де гроші?"),
        ("b", "a", "2025-03-03T10:01:00Z", True, "Перевіряємо"),
        (None, "a", "2025-03-03T10:00:30Z", True, "no id: left out"),
        ("c", "c", None, False, "no time: left out"),
        ("d", "d", "not a time", False, "bad time: left out"),
        ("e", "e", "2025-03-03T10:00:00Z", False, None),  # no text: on a clock, untagged
    ]
    df = spark.createDataFrame(data, "id string, thread_id string, published_at string, author_is_brand boolean, text string")
    path = tmp_path / "p.toml"
    path.write_text('[[target]]\nname = "c"\nmetric = "first_reply"\nwithin = "2m"\n', encoding="utf-8")
    rules = tmp_path / "r.toml"
    rules.write_text('[[tag]]\nid = "q"\ncategory = "type"\nquery = "гроші"\nneeds_reply = true\n', encoding="utf-8")
    now = dt.datetime(2025, 3, 4, tzinfo=dt.timezone.utc)
    got = {r["thread"]: r for r in ospark().first_reply_times(df, path, now, rules=rules).collect()}
    assert set(got) == {"a", "e"}
    assert (got["a"]["mentions"], got["a"]["first_reply_reply_seconds"], got["a"]["tags"]) == (2, 60.0, ["q"])
    assert (got["e"]["first_reply_outcome"], got["e"]["tags"]) == ("open_late", [])


# ---- the example job, the docs, the optional dependency ----


def test_spark_example_job(spark: Any, root: pathlib.Path, tmp_path: pathlib.Path) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("sla_job", root / "examples/spark/sla_job.py")
    assert spec is not None and spec.loader is not None
    sla_job: Any = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sla_job)
    out = tmp_path / "out"
    sla_job.run(spark, sla_job.parse_args(["--out", str(out), "--now", NOW.isoformat()]))
    sl = spark.read.parquet(str(out / "service_level")).orderBy("month", "platform").collect()
    assert_same_report([r.asDict() for r in sl], single_machine_report(root, ["month", "platform"], "first_reply"))
    tagged = spark.read.parquet(str(out / "tagged"))
    assert tagged.count() == 438 and "queue" in tagged.columns


def test_module_doctests() -> None:
    result = doctest.testmod(ospark(), optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 3 and result.failed == 0


def test_import_without_pyspark(root: pathlib.Path) -> None:
    """`import otklik` works without pyspark; `import otklik.spark` names the extra."""
    code = (
        "import sys, importlib.abc\n"
        "class Block(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path, target=None):\n"
        "        if name == 'pyspark' or name.startswith('pyspark.'):\n"
        "            raise ImportError('no pyspark here')\n"
        "sys.meta_path.insert(0, Block())\n"
        "import otklik\n"
        "assert otklik.RuleSet.from_toml('[[tag]]\\nid = \"a\"\\ncategory = \"type\"\\nquery = \"a\"\\n')\n"
        "try:\n"
        "    import otklik.spark\n"
        "except ImportError as e:\n"
        "    print('ImportError:', e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert "ImportError:" in out.stdout and "otklik[spark]" in out.stdout
