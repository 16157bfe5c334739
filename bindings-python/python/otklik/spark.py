"""otklik on Apache Spark: tagging and SLA reports over a cluster, through Arrow.

Install with the extra: ``pip install 'otklik[spark]'`` (pyspark and pyarrow). Every executor
needs the same ``otklik`` wheel installed (see ``examples/spark/README.md``).

- :func:`tag_dataframe` adds ``tags``, ``needs_reply``, ``priority`` and ``queue`` to a DataFrame
  of mentions with ``mapInArrow``: each Arrow batch is tagged in Rust, no Python loop per row.
- :func:`first_reply_times` groups mentions by thread and returns one row per conversation with
  its first reply and resolution, measured in Rust and already counted under the service-level
  convention.
- :func:`service_level` is the Spark ``groupBy`` over those rows that gives the same figures as
  :func:`otklik.sla_report`: counts, service level, mean, median and percentiles.

The rule file goes to the executors as text (a broadcast variable) and is compiled once per
Python worker process, on first use, and cached by a hash of its text: never per row or per
batch. It is compiled once on the driver first, so a broken rule file raises
:class:`otklik.RuleError` before any Spark job starts.

>>> import datetime as dt, otklik.spark as ospark                        # doctest: +SKIP
>>> df = spark.read.json("examples/data/mentions.jsonl")                  # doctest: +SKIP
>>> tagged = ospark.tag_dataframe(df, "examples/rules/bank.toml")         # doctest: +SKIP
>>> times = ospark.first_reply_times(df, "examples/sla/policy.toml",      # doctest: +SKIP
...     dt.datetime(2026, 1, 29, 12, tzinfo=dt.timezone.utc), rules="examples/rules/bank.toml")
>>> ospark.service_level(times, by=["month", "platform"]).show()          # doctest: +SKIP
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import os
import pathlib
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Literal, Union

try:
    import pyarrow as pa  # type: ignore[import-untyped]
    from pyspark import SparkFiles
    from pyspark.sql import Column, DataFrame
    from pyspark.sql import functions as F
    from pyspark.sql.pandas.types import from_arrow_schema, to_arrow_schema
    from pyspark.sql.types import ArrayType, BooleanType, StringType, StructField, StructType
except ImportError as e:  # pragma: no cover - exercised in a venv without pyspark
    raise ImportError(
        "otklik.spark needs pyspark and pyarrow: install the extra with "
        "pip install 'otklik[spark]'"
    ) from e

from . import Policy, RuleSet, thread_times

__all__ = [
    "PolicySource",
    "RuleSource",
    "compiled_rule_sets",
    "first_reply_times",
    "service_level",
    "tag_dataframe",
    "thread_keys",
]

PathLike = Union[str, "os.PathLike[str]"]


@dataclasses.dataclass(frozen=True)
class RuleSource:
    """A rule file as text, as it travels to the executors.

    >>> src = RuleSource.toml('[[tag]]\\nid = "fraud"\\ncategory = "type"\\nquery = "cvv"\\n')
    >>> src.compile().tag("назвіть cvv").tags
    ['fraud']
    >>> len(src.digest)
    64
    """

    text: str
    format: Literal["toml", "json"] = "toml"

    @classmethod
    def toml(cls, text: str) -> RuleSource:
        """A TOML rule file given as text."""
        return cls(text, "toml")

    @classmethod
    def json(cls, text: str) -> RuleSource:
        """A JSON rule file given as text."""
        return cls(text, "json")

    @classmethod
    def from_file(cls, path: PathLike) -> RuleSource:
        """Reads a rule file on the driver (``.json`` as JSON, anything else as TOML)."""
        p = pathlib.Path(path)
        fmt: Literal["toml", "json"] = "json" if p.suffix.lower() == ".json" else "toml"
        return cls(p.read_text(encoding="utf-8"), fmt)

    @property
    def digest(self) -> str:
        """SHA-256 of the format and text: the key compiled rule sets are cached by."""
        return hashlib.sha256(f"{self.format}\n{self.text}".encode()).hexdigest()

    def compile(self) -> RuleSet:
        """Compiles the rules (raises :class:`otklik.RuleError` for a broken file)."""
        if self.format == "json":
            return RuleSet.from_json(self.text)
        return RuleSet.from_toml(self.text)


@dataclasses.dataclass(frozen=True)
class PolicySource:
    """An SLA policy file and the directory tree it reads calendars and holidays from.

    With ``root`` set, the tree under it is shipped to the executors (``SparkContext.addFile``)
    and the policy is read there at ``path`` relative to ``root``; without it, the executors read
    ``path`` itself (local mode, or a file system every machine sees).

    >>> src = PolicySource("examples/sla/policy.toml", root="examples")
    >>> src.relative
    'sla/policy.toml'
    """

    path: str
    root: str | None = None

    @property
    def relative(self) -> str:
        """The policy file's path below ``root``."""
        if self.root is None:
            return self.path
        return pathlib.Path(self.path).resolve().relative_to(pathlib.Path(self.root).resolve()).as_posix()


# ---- the worker side: one compiled rule set and policy per Python process ----

_LOCK = threading.Lock()
_RULES: dict[str, RuleSet] = {}
_POLICIES: dict[str, Policy] = {}
_COMPILES = 0


def compiled_rule_sets() -> int:
    """How many rule sets this Python process has compiled for :mod:`otklik.spark` (on an
    executor: one per distinct rule text, however many batches it tags).

    >>> compiled_rule_sets() >= 0
    True
    """
    return _COMPILES


@dataclasses.dataclass(frozen=True)
class _Shipped:
    """Rule text on its way to the executors: its digest, and the text itself or the broadcast
    variable that holds it (read only when this process has not compiled it yet)."""

    digest: str
    format: Literal["toml", "json"]
    text: Any  # str, or a pyspark Broadcast[str]

    def rules(self) -> RuleSet:
        global _COMPILES
        with _LOCK:
            found = _RULES.get(self.digest)
            if found is None:
                text = self.text if isinstance(self.text, str) else self.text.value
                found = RuleSource(text, self.format).compile()
                _RULES[self.digest] = found
                _COMPILES += 1
            return found


def _ship(df: DataFrame, rules: RuleSource | PathLike) -> tuple[_Shipped, RuleSet]:
    """Reads and compiles the rules on the driver (so errors surface before any job), then
    broadcasts their text when the session has a SparkContext (classic Spark), else ships it in
    the closure (Spark Connect)."""
    source = rules if isinstance(rules, RuleSource) else RuleSource.from_file(rules)
    compiled = source.compile()
    text: Any = source.text
    try:
        text = df.sparkSession.sparkContext.broadcast(source.text)
    except Exception:  # Spark Connect has no SparkContext: the closure carries the text.
        pass
    return _Shipped(source.digest, source.format, text), compiled


def _empty_like(df: DataFrame) -> pa.Table | None:
    """An empty Arrow table with ``df``'s columns, or None when Spark cannot say their Arrow types."""
    try:
        schema = to_arrow_schema(df.schema, timezone="UTC")
    except Exception:
        return None
    return schema.empty_table()


def _tag_batches(
    shipped: _Shipped, text_column: str, fields: bool, batches: Iterator[pa.RecordBatch]
) -> Iterator[pa.RecordBatch]:
    rules = shipped.rules()
    for batch in batches:
        tagged = rules.tag_arrow(batch, text_column=text_column, id_column=None, mentions=fields)
        arrays = list(batch.columns) + [tagged.column(i).combine_chunks() for i in range(4)]
        names = list(batch.schema.names) + list(tagged.schema.names)
        yield pa.RecordBatch.from_arrays(arrays, names=names)


TAG_COLUMNS = ("tags", "needs_reply", "priority", "queue")


def tag_dataframe(
    df: DataFrame,
    rules: RuleSource | PathLike,
    text_column: str = "text",
    *,
    fields: bool = True,
) -> DataFrame:
    """``df`` with the columns ``tags`` (array of tag ids, in rule-file order), ``needs_reply``,
    ``priority`` and ``queue`` added, tagged in Rust batch by batch (``mapInArrow``).

    ``rules`` is a rule file's path (read on the driver) or a :class:`RuleSource`. It is
    compiled on the driver first: a broken file raises :class:`otklik.RuleError` before any job
    starts. With ``fields`` (the default) each row is read as a mention, so field filters
    (``brand:true``, ``kind:review``, ``rating:<=2``) see the columns named like
    :class:`otklik.Mention`'s fields; ``fields=False`` tags the text alone, a little faster. A
    null text gives null tagging columns. The result equals ``RuleSet.tag_many`` on the same rows.

    >>> tagged = tag_dataframe(spark.read.json("mentions.jsonl"), "bank.toml")  # doctest: +SKIP
    >>> tagged.where("needs_reply").groupBy("queue").count().show()            # doctest: +SKIP
    """
    if text_column not in df.columns:
        raise KeyError(f"text column {text_column!r} is not in the DataFrame; its columns are {df.columns}")
    clash = [c for c in TAG_COLUMNS if c in df.columns]
    if clash:
        raise ValueError(f"the DataFrame already has the columns {clash}; drop or rename them first")
    shipped, compiled = _ship(df, rules)
    empty = _empty_like(df)
    if empty is not None:  # column types checked on the driver, as the executors will
        compiled.tag_arrow(empty, text_column=text_column, id_column=None, mentions=fields)
    schema = StructType(
        list(df.schema.fields)
        + [
            StructField("tags", ArrayType(StringType(), True), True),
            StructField("needs_reply", BooleanType(), True),
            StructField("priority", StringType(), True),
            StructField("queue", StringType(), True),
        ]
    )
    return df.mapInArrow(functools.partial(_tag_batches, shipped, text_column, fields), schema)


# ---- threads and their reply times ----

THREAD_COLUMN = "_otklik_thread"
LOOP_KEY = "\u0000parent-loop"


def thread_keys(df: DataFrame, *, column: str = THREAD_COLUMN, max_rounds: int = 32) -> DataFrame:
    """``df`` with ``column`` added: a key shared by every mention of a thread, to group by.

    A mention's key is its ``thread_id``; without one, the key of the end of its ``parent_id``
    chain (a mention with a thread id, one without a parent, or a parent missing from the
    data, whose id is then the key). Chains are followed by pointer jumping, one join per round
    (a chain of length n takes log2 n rounds), and only when some mention has a parent but no
    thread id; rounds stop when one resolves nothing more, after at most ``max_rounds``. Mentions
    in a parent loop (or in a chain longer than 2**max_rounds) share one key. The key only brings a thread together:
    the conversations inside a group are found again in Rust, exactly as on one machine.

    >>> thread_keys(spark.read.json("mentions.jsonl")).select("id", "_otklik_thread")  # doctest: +SKIP
    """
    cols = set(df.columns)
    thread = F.col("thread_id") if "thread_id" in cols else F.lit(None).cast("string")
    if "parent_id" not in cols or df.where(thread.isNull() & F.col("parent_id").isNotNull()).limit(1).count() == 0:
        return df.withColumn(column, F.coalesce(thread, F.col("id").cast("string"), F.lit("")))
    nodes = (
        df.select(
            F.col("id").cast("string").alias("id"),
            thread.alias("thread"),
            F.col("parent_id").cast("string").alias("parent"),
        )
        .where(F.col("id").isNotNull())
        .dropDuplicates(["id"])
    )
    # key: known once resolved; up: the next mention to look at while unresolved.
    state = nodes.select(
        "id",
        F.when(F.col("thread").isNotNull(), F.col("thread"))
        .when(F.col("parent").isNull(), F.col("id"))
        .alias("key"),
        F.when(F.col("thread").isNull(), F.col("parent")).alias("up"),
    ).localCheckpoint()
    # Each round resolves at least the nearest open mention of every chain that ends: a round
    # that resolves nothing leaves only loops (and chains into them).
    open_count = state.where(F.col("key").isNull()).count()
    for _ in range(max_rounds):
        if open_count == 0:
            break
        other = state.select(F.col("id").alias("o_id"), F.col("key").alias("o_key"), F.col("up").alias("o_up"))
        joined = state.join(other, state["up"] == other["o_id"], "left")
        open_ = F.col("key").isNull()
        state = joined.select(
            "id",
            F.when(~open_, F.col("key"))
            .when(F.col("o_id").isNull(), F.col("up"))  # the parent is not in the data
            .when(F.col("o_key").isNotNull(), F.col("o_key"))
            .alias("key"),
            F.when(open_ & F.col("o_id").isNotNull() & F.col("o_key").isNull(), F.col("o_up")).alias("up"),
        ).localCheckpoint()
        still_open = state.where(F.col("key").isNull()).count()
        if still_open == open_count:
            break
        open_count = still_open
    keys = state.select(F.col("id").alias("_k_id"), F.coalesce("key", F.lit(LOOP_KEY)).alias("_k_key"))
    joined = df.join(keys, F.col("id").cast("string") == keys["_k_id"], "left")
    return joined.withColumn(column, F.coalesce(F.col("_k_key"), thread, F.lit(""))).drop("_k_id", "_k_key")


# The mention fields thread_times reads (for clocks, and for field filters when rules tag).
_CLOCK_FIELDS = (
    "id", "platform", "kind", "published_at", "author", "author_is_brand", "url", "parent_id",
    "thread_id", "lang", "region", "rating", "reach", "reactions", "comments", "shares", "views",
)


@dataclasses.dataclass(frozen=True)
class _TimesSpec:
    policy: PolicySource
    now: dt.datetime
    rules: _Shipped | None
    resolve_idle: dt.timedelta | None
    text_column: str
    convention: dict[str, Any]
    drop: tuple[str, ...]

    def policy_here(self) -> Policy:
        path = self.policy.path if self.policy.root is None else os.path.join(
            SparkFiles.get(pathlib.Path(self.policy.root).resolve().name), self.policy.relative
        )
        with _LOCK:
            found = _POLICIES.get(path)
            if found is None:
                found = Policy.from_file(path)
                _POLICIES[path] = found
            return found


def _times_of_group(spec: _TimesSpec, table: pa.Table) -> pa.Table:
    if "published_at" in table.column_names:
        keys = [("published_at", "ascending")]
        if "id" in table.column_names:
            keys.append(("id", "ascending"))
        table = table.sort_by(keys)  # ties in time: by id, whatever order the shuffle gave
    out: pa.Table = thread_times(
        table.drop_columns(list(spec.drop)),
        spec.policy_here(),
        spec.now,
        rules=spec.rules.rules() if spec.rules is not None else None,
        resolve_idle=spec.resolve_idle,
        text_column=spec.text_column,
        **spec.convention,
    )
    return out


def _group_function(spec: _TimesSpec) -> Callable[[pa.Table], pa.Table]:
    """The function each group goes through: a plain function of one table, whose type hints
    tell ``applyInArrow`` that it takes and returns a ``pyarrow.Table``."""

    def times_of_group(table: pa.Table) -> pa.Table:
        return _times_of_group(spec, table)

    return times_of_group


def _times_schema(policy: Policy, now: dt.datetime) -> StructType:
    empty = pa.table({"id": pa.array([], pa.string())})
    schema: pa.Schema = thread_times(empty, policy, now).schema
    return from_arrow_schema(schema, prefer_timestamp_ntz=False)


def first_reply_times(
    df: DataFrame,
    policy: PolicySource | PathLike,
    now: dt.datetime,
    *,
    rules: RuleSource | PathLike | None = None,
    resolve_idle: dt.timedelta | None = None,
    thread_column: str | None = None,
    text_column: str = "text",
    abandoned: str = "ignored",
    short_abandon: dt.timedelta | None = None,
    comparison: str = "<=",
    open_late: str = "missed",
) -> DataFrame:
    """One row per conversation among the mentions of ``df``, at ``now``: ``thread``,
    ``first_mention``, ``platform``, ``kind``, ``tags``, ``priority``, ``queue``, and for
    ``first_reply`` and ``resolution`` the columns ``<metric>_target``, ``_started_at``,
    ``_month``, ``_week``, ``_day``, ``_state``, ``_outcome``, ``_met``, ``_missed``,
    ``_elapsed_seconds``, ``_reply_seconds``, ``_stopped_at``, ``_deadline``, ``_agent`` (see
    ``otklik.thread_times``).

    Mentions are grouped by thread (``thread_column``, else :func:`thread_keys`) and each group
    is measured in Rust (``applyInArrow``): its conversations, their clocks under ``policy``
    (a policy file's path, or a :class:`PolicySource` to ship its calendars), ``rules`` tagging
    the customers' mentions to select targets, as the main job does; ``resolve_idle`` resolves
    a conversation the bank answered last after that much silence. ``_met`` and ``_missed`` are
    counted under the convention given (as :func:`otklik.sla_report` takes it), so a report is
    a sum: :func:`service_level`. The policy and rules are read on the driver first, so a
    broken file raises before any job starts.

    >>> times = first_reply_times(df, "policy.toml", now, rules="bank.toml",  # doctest: +SKIP
    ...                           resolve_idle=dt.timedelta(hours=24))
    >>> service_level(times, by=["month", "platform"]).show()                  # doctest: +SKIP
    """
    source = policy if isinstance(policy, PolicySource) else PolicySource(os.fspath(policy))
    compiled_policy = Policy.from_file(source.path)  # PolicyError on the driver
    if now.tzinfo is None or now.utcoffset() is None:
        raise TypeError(f"now: naive datetime {now}; pass an aware one")
    shipped = _ship(df, rules)[0] if rules is not None else None
    convention: dict[str, Any] = {
        "abandoned": abandoned,
        "short_abandon": short_abandon,
        "comparison": comparison,
        "open_late": open_late,
    }
    # Checks the convention's names and the column types on the driver too.
    empty = _empty_like(df)
    if empty is not None:
        thread_times(empty, compiled_policy, now, text_column=text_column, **convention)
    schema = _times_schema(compiled_policy, now)
    if source.root is not None:
        df.sparkSession.sparkContext.addFile(str(pathlib.Path(source.root).resolve()), recursive=True)
    # Only what the clocks read crosses the shuffle: the text only when rules tag it.
    keep = set(_CLOCK_FIELDS) | ({text_column} if rules is not None else set()) | {thread_column or ""}
    df = df.select(*[c for c in df.columns if c in keep])
    if thread_column is None:
        df = thread_keys(df)
        thread_column = THREAD_COLUMN
        drop: tuple[str, ...] = (THREAD_COLUMN,)
    else:
        drop = ()
    spec = _TimesSpec(source, now, shipped, resolve_idle, text_column, convention, drop)
    return df.groupBy(thread_column).applyInArrow(_group_function(spec), schema)


# ---- the report: one groupBy ----

Grouping = Literal["month", "week", "day", "platform", "kind", "queue", "target", "agent", "tag"]


def _percentile(column: str, p: float, method: str) -> Column:
    if method == "nearest_rank":
        return F.expr(f"percentile_disc({p}) WITHIN GROUP (ORDER BY `{column}`)")
    return F.expr(f"percentile_cont({p}) WITHIN GROUP (ORDER BY `{column}`)")


def service_level(
    times: DataFrame,
    by: Sequence[Grouping] = ("month", "platform"),
    *,
    metric: Literal["first_reply", "resolution"] = "first_reply",
    percentiles: Literal["nearest_rank", "linear"] = "nearest_rank",
) -> DataFrame:
    """The service-level report of one metric over :func:`first_reply_times` rows, grouped by
    ``by`` in one Spark ``groupBy``: the columns of ``otklik.Report.to_arrow()`` (``count``,
    ``answered``, ``met``, ``missed``, ``open``, ``open_late``, ``abandoned``,
    ``short_abandoned``, ``moved_to_private``, ``service_level`` = met / (met + missed),
    ``mean_seconds``, ``median_seconds``, ``p50_seconds`` ... ``p99_seconds``), sorted by key.
    Months, weeks and days are those of the target's calendar zone, as in reports.

    >>> service_level(times, by=["month", "platform"]).show()         # doctest: +SKIP
    >>> service_level(times, by=["queue"], metric="resolution")        # doctest: +SKIP
    """
    if percentiles not in ("nearest_rank", "linear"):
        raise ValueError(f'percentiles must be "nearest_rank" or "linear", not {percentiles!r}')
    m = metric
    outcome = F.col(f"{m}_outcome")
    rows = times.where(outcome.isNotNull() & (outcome != "not_started"))
    keys: list[str] = []
    for g in by:
        if g in ("month", "week", "day"):
            rows = rows.withColumn(g, F.col(f"{m}_{g}"))
        elif g in ("platform", "kind"):
            pass
        elif g == "queue":
            rows = rows.withColumn("queue", F.coalesce(F.col("queue"), F.lit("(none)")))
        elif g == "target":
            rows = rows.withColumn("target", F.col(f"{m}_target"))
        elif g == "agent":
            rows = rows.withColumn("agent", F.coalesce(F.col(f"{m}_agent"), F.lit("(none)")))
        elif g == "tag":
            tags = F.when(F.size("tags") > 0, F.col("tags")).otherwise(F.array(F.lit("(none)")))
            rows = rows.withColumn("tag", F.explode(tags))
        else:
            raise ValueError(
                f"cannot group by {g!r}; use month, week, day, platform, kind, queue, target, agent or tag"
            )
        keys.append(g)

    def count_of(condition: Column) -> Column:
        return F.sum(F.when(condition, 1).otherwise(0)).cast("long")

    reply = f"{m}_reply_seconds"
    met, missed = count_of(F.col(f"{m}_met")), count_of(F.col(f"{m}_missed"))
    aggregated = rows.groupBy(*keys).agg(
        F.count(F.lit(1)).alias("count"),
        F.count(reply).alias("answered"),
        met.alias("met"),
        missed.alias("missed"),
        count_of(outcome == "open").alias("open"),
        count_of(outcome == "open_late").alias("open_late"),
        count_of(outcome.isin("abandoned", "short_abandoned")).alias("abandoned"),
        count_of(outcome == "short_abandoned").alias("short_abandoned"),
        count_of(F.col("moved_to_private")).alias("moved_to_private"),
        F.avg(reply).alias("mean_seconds"),
        F.median(reply).alias("median_seconds"),
        *[_percentile(reply, p, percentiles).alias(f"p{int(p * 100)}_seconds") for p in (0.5, 0.9, 0.95, 0.99)],
    )
    counted = F.col("met") + F.col("missed")
    report = aggregated.withColumn(
        "service_level", F.when(counted > 0, F.col("met") / counted)
    ).select(
        *keys,
        "count",
        "answered",
        "met",
        "missed",
        "open",
        "open_late",
        "abandoned",
        "short_abandoned",
        "moved_to_private",
        "service_level",
        "mean_seconds",
        "median_seconds",
        "p50_seconds",
        "p90_seconds",
        "p95_seconds",
        "p99_seconds",
    )
    return report.orderBy(*keys) if keys else report
