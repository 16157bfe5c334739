"""Type stubs of the native module otklik._otklik (hand-curated; see the Rust sources)."""

import datetime
import os
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Literal, final, overload

__version__: str

Platform = str
"""A platform name: instagram, facebook, x, telegram, telegram_bot, vk, youtube, tiktok, app_store,
google_play, google_maps, yandex_maps, forum, news, web, other, or any other name (kept as given)."""

Kind = str
"""A kind name: post, comment, reply, review, message, or any other name (kept as given)."""

class OtklikError(ValueError):
    """Base class of every error otklik raises for bad input."""

class InputError(OtklikError):
    """A record that could not be read.

    The message names the place, e.g. ``line 12, column 40, field `rating`: rating must be 1 to 5, got 7``.
    """

    line: int
    """The line the record starts on, counted from 1 (0 when not tied to a line)."""
    column: int | None
    """The 1-based byte column within the line (JSON Lines), where known."""
    field: str | None
    """The JSON key or CSV column being read, where known."""
    kind: Literal["io", "invalid_utf8", "too_large", "syntax", "missing_field", "invalid_value", "too_many_errors"]
    """What kind of problem it is."""
    reason: str
    """The reason alone, without the place."""

class Mention:
    """A post, comment, reply, review or message about the bank.

    Unknown fields read from a file are kept in ``extra`` and written back unchanged.
    Instants are aware ``datetime`` objects in UTC; naive datetimes are refused with ``TypeError``.

    >>> import datetime as dt
    >>> m = Mention("gp-1", "google_play", "review", "Вилітає після оновлення",
    ...             dt.datetime(2025, 11, 2, 8, 30, tzinfo=dt.timezone.utc), rating=1)
    >>> m.rating
    1
    """

    id: str
    platform: Platform
    kind: Kind
    text: str
    published_at: datetime.datetime
    author: str | None
    author_is_brand: bool
    url: str | None
    parent_id: str | None
    thread_id: str | None
    lang: str | None
    region: str | None
    rating: int | None
    """Star rating of a review, 1 to 5 (``ValueError`` otherwise)."""
    reach: int | None
    reactions: int | None
    comments: int | None
    shares: int | None
    views: int | None
    extra: dict[str, Any]
    """Unknown fields. Reading returns a new dict: assign a dict to change them."""

    def __init__(
        self,
        id: str,
        platform: Platform,
        kind: Kind,
        text: str,
        published_at: datetime.datetime,
        *,
        author: str | None = None,
        author_is_brand: bool = False,
        url: str | None = None,
        parent_id: str | None = None,
        thread_id: str | None = None,
        lang: str | None = None,
        region: str | None = None,
        rating: int | None = None,
        reach: int | None = None,
        reactions: int | None = None,
        comments: int | None = None,
        shares: int | None = None,
        views: int | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None: ...
    @staticmethod
    def from_json(text: str) -> Mention:
        """Reads one mention from a JSON object; raises ``InputError`` naming the field at fault."""
    def to_json(self) -> str:
        """The mention as one JSON object (a line of JSON Lines without the newline)."""
    def is_reply(self) -> bool:
        """Whether it answers another mention (has a parent, or its kind is ``reply``)."""
    def conversation_id(self) -> str:
        """``thread_id``, else ``parent_id``, else ``id``."""
    def __eq__(self, other: object) -> bool: ...

@final
class ReadResult:
    """The mentions read from a file and the bad records skipped.

    Iterating, ``len()`` and indexing work on the mentions.
    """

    mentions: list[Mention]
    errors: list[InputError]
    """Skipped records (``on_error="skip"``), each an ``InputError`` with its line."""
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[Mention]: ...
    @overload
    def __getitem__(self, index: int) -> Mention: ...
    @overload
    def __getitem__(self, index: slice) -> list[Mention]: ...

def read_jsonl(
    path: str | os.PathLike[str],
    *,
    on_error: Literal["stop", "skip"] = "stop",
    max_record_bytes: int | None = None,
) -> ReadResult:
    """Reads a JSON Lines file of mentions (GIL released).

    With ``on_error="stop"`` the first bad record raises ``InputError``; with ``"skip"`` bad records
    are collected in ``ReadResult.errors``. I/O errors raise ``OSError``.
    """

def read_csv(
    path: str | os.PathLike[str],
    *,
    on_error: Literal["stop", "skip"] = "stop",
    max_record_bytes: int | None = None,
) -> ReadResult:
    """Reads a CSV file of mentions with a header row (GIL released). Unknown columns go to ``extra``."""

def write_jsonl(mentions: Iterable[Mention], path: str | os.PathLike[str]) -> int:
    """Writes mentions as JSON Lines (replacing the file); returns how many were written."""

def write_csv(mentions: Iterable[Mention], path: str | os.PathLike[str]) -> int:
    """Writes mentions as CSV with every known column and an ``extra`` JSON column."""

# ---- errors of rules, SLA and metrics ----

class RuleError(OtklikError):
    """A rule file that does not compile; the message names the place and the tag."""

    kind: Literal["syntax", "query", "duplicate_id", "unknown_category", "invalid_value", "alias", "example"]
    line: int | None
    """Line in the rule file, from 1, where known."""
    column: int | None
    """Column (in characters) in that line, from 1, where known."""
    tag: str | None
    """The id of the tag at fault, where known."""
    example: str | None
    """The example at fault (kind ``example``)."""
    reason: str
    """The reason alone, without the place."""

class SlaError(OtklikError):
    """A calendar, policy or clock problem."""

    kind: Literal[
        "syntax", "invalid_value", "unknown_zone", "io", "end_before_start", "out_of_range",
        "never_open", "event_order", "event_state", "unknown_name",
    ]
    file: str | None
    """The file at fault (a holiday file named by a calendar, a calendar named by a policy)."""
    line: int | None
    column: int | None
    reason: str

class CalendarError(SlaError):
    """A calendar that cannot be built, or a computation refused (end before start, out of range)."""

class PolicyError(SlaError):
    """A policy that cannot be built: a bad target, an unknown calendar, a target that can never apply."""

class ClockError(SlaError):
    """A conversation event refused: out of order, before creation, impossible in its state."""

class MetricsError(OtklikError):
    """An NPS, CSAT, CES or engagement input refused."""

    kind: str
    """``answer_out_of_range``, ``invalid_weight``, ``invalid_confidence``, ``length_mismatch``, ``empty``, ..."""
    position: int | None
    """The 0-based index of the value at fault, where there is one."""
    value: float | None
    """The value at fault, where there is one."""
    reason: str

# ---- text and tagging ----

def normalize(text: str) -> str:
    """The text as rules see it: lower case, ё as е, Latin look-alikes in Cyrillic words folded,
    apostrophes unified, NFKC.

    >>> normalize("СБЕРБAНК")  # the A is Latin
    'сбербанк'
    """

@final
class TagInfo:
    """A tag of a rule set, as written in the rule file."""

    id: str
    category: str
    query: str
    """The query in canonical form."""
    needs_reply: bool
    priority: Literal["low", "normal", "high", "urgent"] | None
    queue: str | None
    description: str | None

@final
class LintFinding:
    """Something about a rule that compiles but deserves a look."""

    tag: str
    kind: Literal["always_evaluated", "never_matches", "only_negative", "short_wildcard", "regex_case"]
    message: str

@final
class TagSpan:
    """The part of the input that made a tag fire: ``input[start:end] == text``."""

    tag: str
    category: str
    start: int
    """Start index into the input ``str``."""
    end: int
    """End index (exclusive)."""
    text: str

@final
class TagResult:
    """The result of tagging one text or mention."""

    @property
    def tags(self) -> list[str]:
        """The ids of the tags that fired, in rule-file order."""
    @property
    def categories(self) -> list[str]:
        """The category of each tag in ``tags``."""
    @property
    def matches(self) -> list[TagSpan]:
        """The parts of the text that made each tag fire, tag by tag."""
    @property
    def needs_reply(self) -> bool:
        """Whether any tag that fired needs a reply."""
    @property
    def move_to_private(self) -> bool:
        """The case should move to a private channel: a tag needs account details
        (``private = true``), or a public mention holds personal data."""
    @property
    def priority(self) -> Literal["low", "normal", "high", "urgent"] | None:
        """The highest priority among the tags that fired."""
    @property
    def queue(self) -> str | None:
        """The queue of the most urgent tag that names one."""
    @property
    def truncated(self) -> bool:
        """Whether the text was longer than 16 MiB and only its beginning was tagged."""
    def has(self, tag: str) -> bool: ...
    def __contains__(self, tag: str) -> bool: ...

@final
class RuleSet:
    """A compiled rule file: tags with Boolean queries, checked against their examples.

    >>> rs = RuleSet.from_toml('[[tag]]\\nid = "atm"\\ncategory = "product"\\nquery = "банкомат*"')
    >>> rs.tag("Банкомат з'їв картку").tags
    ['atm']
    """

    @staticmethod
    def from_toml(text: str) -> RuleSet:
        """Compiles a TOML rule file given as text; raises ``RuleError`` naming line, column and tag."""
    @staticmethod
    def from_json(text: str) -> RuleSet:
        """Compiles a JSON rule file given as text."""
    @staticmethod
    def from_file(path: str | os.PathLike[str]) -> RuleSet:
        """Reads and compiles a rule file (``.json`` as JSON, anything else as TOML)."""
    @property
    def tags(self) -> list[TagInfo]:
        """The tags, in rule-file order."""
    @property
    def lint(self) -> list[LintFinding]:
        """Findings about rules that compile but deserve a look."""
    def tag(self, item: str | Mention) -> TagResult:
        """Tags a text, or a mention (its text and, for field filters, its fields)."""
    def tag_many(self, items: Iterable[str | Mention]) -> list[TagResult]:
        """Tags many texts or mentions, in order, on all cores, with the GIL released."""
    def tag_arrow(
        self, data: Any, *, text_column: str = "text", id_column: str | None = "id", mentions: bool = False
    ) -> Any:
        """Tags the string column of an Arrow table or record batch (anything with
        ``__arrow_c_stream__`` or ``__arrow_c_array__``: pyarrow, polars, arro3, DuckDB) with the
        GIL released, and returns an Arrow table of ``id_column`` (as it came; omitted when None),
        ``tags`` (list of strings), ``needs_reply``, ``priority`` and ``queue``; a null text gives a
        null row. With ``mentions=True`` each row is read as a mention: columns named like
        ``Mention``'s fields (``platform``, ``kind``, ``author_is_brand``, ``rating``, ``lang``, ...)
        are what field filters see, as ``tag_many`` on ``Mention`` objects; absent ones are unset,
        and a column of the wrong type raises ``ValueError``. The result is a ``pyarrow.Table`` when pyarrow is installed, else an
        ``arro3.core.Table``, else an object with ``__arrow_c_stream__`` (``polars.DataFrame(...)``
        takes it). Raises ``KeyError`` for a missing column."""
    def __len__(self) -> int: ...

# ---- calendars, policies, clocks, reports ----

Hours = list[tuple[str, str]] | list[str]
"""Intervals of a day: ``[("09:00", "13:00"), ("14:00", "18:00")]`` or ``["09:00-13:00"]``.
``"24:00"`` ends a day; an end at or before its start is a night shift of the day it starts."""

@final
class Calendar:
    """When the desk is open: weekly hours in an IANA time zone, holidays and special days.

    Business time is counted in real seconds inside the local opening hours, across DST changes.
    Instants go in as aware datetimes (naive ones raise ``TypeError``) and come out in UTC.

    >>> import datetime as dt
    >>> cal = Calendar(timezone="Europe/Kyiv", hours={"weekdays": [("09:00", "18:00")]})
    >>> friday = dt.datetime(2025, 10, 3, 17, 0, tzinfo=dt.timezone(dt.timedelta(hours=3)))
    >>> cal.add_business_time(friday, dt.timedelta(hours=2))
    datetime.datetime(2025, 10, 6, 7, 0, tzinfo=datetime.timezone.utc)
    """

    def __init__(
        self,
        timezone: str,
        hours: dict[str, Hours],
        *,
        holidays: Iterable[datetime.date] | dict[datetime.date, str] | None = None,
        special_days: dict[datetime.date, Hours] | None = None,
        name: str | None = None,
    ) -> None:
        """``hours`` keys: ``mon`` ... ``sun``, ``weekdays``, ``weekend``, ``daily`` (a single day
        overrides ``weekdays``/``weekend``, which override ``daily``). ``holidays`` are closed all
        day; ``special_days`` have their own hours (a shortened day, a working Saturday)."""
    @staticmethod
    def always() -> Calendar:
        """Open around the clock every day (UTC)."""
    @staticmethod
    def from_toml(text: str) -> Calendar:
        """A calendar from the text of a calendar file."""
    @staticmethod
    def from_file(path: str | os.PathLike[str]) -> Calendar:
        """A calendar file; the holiday files it names are read relative to it."""
    @property
    def name(self) -> str | None: ...
    @property
    def timezone(self) -> str: ...
    def hours_on(self, day: datetime.date) -> list[tuple[str, str]]:
        """The opening intervals of a local date (its holiday or special hours, or the weekly ones)."""
    def is_open(self, at: datetime.datetime) -> bool:
        """Whether the desk is open at ``at`` (open at the opening instant, closed at the closing one)."""
    def next_open(self, at: datetime.datetime) -> datetime.datetime | None:
        """``at`` if open, else the next opening; ``None`` if it never opens again."""
    def next_close(self, at: datetime.datetime) -> datetime.datetime | None:
        """``at`` if closed, else the end of the current interval; ``None`` if it never closes."""
    def business_duration(self, start: datetime.datetime, end: datetime.datetime) -> datetime.timedelta:
        """Business time in ``[start, end)``; ``end < start`` raises ``CalendarError``."""
    def business_durations(
        self, starts: Sequence[datetime.datetime], ends: Sequence[datetime.datetime]
    ) -> list[datetime.timedelta]:
        """Business time of many pairs at once (GIL released); a refused pair raises
        ``CalendarError`` naming its index."""
    def add_business_time(self, start: datetime.datetime, duration: datetime.timedelta) -> datetime.datetime:
        """The deadline: the earliest instant at which ``duration`` of business time is used up
        (a duration that fills a day ends at closing time; zero outside hours gives the next opening)."""
    def subtract_business_time(self, end: datetime.datetime, duration: datetime.timedelta) -> datetime.datetime:
        """The latest instant from which ``duration`` of business time runs up to ``end``."""
    def open_intervals(
        self, start: datetime.datetime, end: datetime.datetime
    ) -> list[tuple[datetime.datetime, datetime.datetime]]:
        """The open intervals within ``[start, end)``."""

Metric = Literal["first_reply", "next_reply", "resolution"]
State = Literal["not_started", "active", "paused", "met", "breached", "abandoned"]
Priority = Literal["low", "normal", "high", "urgent"]

@final
class Target:
    """One reply-time target of a policy."""

    name: str
    metric: Metric
    within: datetime.timedelta
    calendar: str
    """The name of its calendar (``"24/7"`` for the built-in one)."""
    warn_at: float
    """The fraction of the limit at which it warns."""

@final
class Policy:
    """Reply-time targets; for each metric the first target in written order whose conditions
    (platform, kind, tag, priority) hold applies."""

    @staticmethod
    def from_toml(text: str) -> Policy:
        """A policy from the text of a policy file (inline calendars); raises ``PolicyError``."""
    @staticmethod
    def from_file(path: str | os.PathLike[str]) -> Policy:
        """A policy file; calendars given as paths are read relative to it."""
    @property
    def targets(self) -> list[Target]: ...
    def select(
        self,
        *,
        platform: Platform = "other",
        kind: Kind = "post",
        tags: list[str] = ...,
        priority: Priority | None = None,
    ) -> list[tuple[Metric, Target | None]]:
        """The target that applies for each metric, as ``(metric, target)`` pairs (``dict()`` them)."""

@final
class MetricStatus:
    """One metric of a conversation at an instant."""

    metric: Metric
    target: str
    limit: datetime.timedelta
    cycle: int
    state: State
    warning: bool
    """Past the warning fraction while still running or paused."""
    started_at: datetime.datetime | None
    stopped_at: datetime.datetime | None
    elapsed: datetime.timedelta
    """Business time used."""
    remaining: datetime.timedelta
    """Limit minus business time used; negative once more than the limit is used."""
    deadline: datetime.datetime | None
    """When the limit is (or was) used up; ``None`` while paused within it."""
    breached_at: datetime.datetime | None
    agent: str | None
    abandoned: bool
    """Stopped because the conversation was resolved without a reply."""

@final
class ClockStatus:
    """All metrics of a conversation at an instant."""

    now: datetime.datetime
    first_reply: MetricStatus | None
    next_reply: MetricStatus | None
    resolution: MetricStatus | None
    paused: bool
    resolved: bool

EventKind = Literal["created", "agent_replied", "customer_replied", "paused", "resumed", "resolved", "reopened"]

@final
class Clock:
    """The reply-time clocks of one conversation, fed its events in time order.

    >>> import datetime as dt
    >>> policy = Policy.from_toml('[[target]]\\nname = "bot"\\nmetric = "first_reply"\\nwithin = "120s"')
    >>> clock = Clock(policy, platform="telegram_bot", kind="message")
    >>> t0 = dt.datetime(2025, 1, 15, 9, 0, tzinfo=dt.timezone.utc)
    >>> clock.push("created", t0)
    >>> clock.push("agent_replied", t0 + dt.timedelta(seconds=97), agent="olena")
    >>> clock.status(t0 + dt.timedelta(hours=1)).first_reply.state
    'met'
    """

    def __init__(
        self,
        policy: Policy,
        *,
        platform: Platform = "other",
        kind: Kind = "post",
        tags: list[str] = ...,
        priority: Priority | None = None,
    ) -> None: ...
    def push(
        self,
        kind: EventKind,
        at: datetime.datetime,
        *,
        agent: str | None = None,
        reason: str | None = None,
    ) -> None:
        """Adds the next event; a refused one raises ``ClockError`` and changes nothing.

        Moving a conversation to a private channel is ``push("paused", at, reason="moved_to_private")``;
        reports count such conversations (``ReportRow.moved_to_private``)."""
    @property
    def moved_to_private_at(self) -> datetime.datetime | None:
        """When the conversation first moved to a private channel."""
    def status(self, now: datetime.datetime) -> ClockStatus:
        """The status of every metric with a target, as of ``now`` (later events are ignored)."""
    def cycles(self, metric: Metric, now: datetime.datetime) -> list[MetricStatus]:
        """Every cycle of a metric started by ``now`` (several for ``next_reply``)."""

@final
class Conversation:
    """A conversation found among mentions."""

    key: str
    """Its ``thread_id``, or the id of the root of its ``parent_id`` chain."""
    mentions: list[int]
    """Indices of its mentions in the input, in time order."""
    first_customer: int
    """Index of its first customer message."""
    events: list[tuple[EventKind, datetime.datetime, str | None]]
    """Its clock events as ``(kind, at, agent)``."""

def conversations(mentions: Iterable[Mention]) -> list[Conversation]:
    """Groups mentions into conversations by thread; the bank's own replies (``author_is_brand``)
    are the agent replies."""

@final
class ServiceLevelResult:
    """Counts, service level and reply-time statistics of a group (or of all items)."""

    key: list[str]
    """The group's values, one per ``group_by`` (empty for a total)."""
    count: int
    answered: int
    met: int
    missed: int
    open: int
    """Still open within the limit (never counted)."""
    open_late: int
    abandoned: int
    short_abandoned: int
    moved_to_private: int
    service_level: float | None
    """``met / (met + missed)`` from 0 to 1; ``None`` when nothing is counted."""
    mean: datetime.timedelta | None
    median: datetime.timedelta | None
    p50: datetime.timedelta | None
    p90: datetime.timedelta | None
    p95: datetime.timedelta | None
    p99: datetime.timedelta | None

def service_level(
    reply_times: list[datetime.timedelta | None],
    target: datetime.timedelta,
    *,
    comparison: Literal["<=", "<"] = "<=",
    percentiles: Literal["nearest_rank", "linear"] = "nearest_rank",
) -> ServiceLevelResult:
    """The service level of reply times against a target; ``None`` is not answered yet (open)."""

GroupBy = Literal["month", "week", "day", "platform", "kind", "agent", "tag", "queue", "metric", "target"]

@final
class Report:
    """A service-level report: rows per group, sorted by key, and a total."""

    @property
    def group_by(self) -> list[GroupBy]: ...
    @property
    def rows(self) -> list[ServiceLevelResult]: ...
    @property
    def total(self) -> ServiceLevelResult: ...
    @property
    def convention(self) -> str:
        """The service-level convention in words."""
    def to_table(self) -> str: ...
    def to_json(self) -> str:
        """JSON with ``rows`` and ``total`` as objects keyed by ``columns()``."""
    def to_csv(self) -> str:
        """CSV with a header line; the total is the last line (``pandas.read_csv(io.StringIO(...))``)."""
    def columns(self) -> list[str]: ...
    def to_arrow(self) -> Any:
        """The rows as an Arrow table (a ``pyarrow.Table`` when pyarrow is installed):
        ``report.to_arrow().to_pandas()``, ``polars.from_arrow(report.to_arrow())``."""

def sla_report(
    mentions: Iterable[Mention],
    policy: Policy,
    now: datetime.datetime,
    *,
    taggings: Iterable[TagResult] | None = None,
    group_by: list[GroupBy] = ...,
    abandoned: Literal["ignored", "missed", "met"] = "ignored",
    short_abandon: datetime.timedelta | None = None,
    comparison: Literal["<=", "<"] = "<=",
    open_late: Literal["missed", "ignored"] = "missed",
    percentiles: Literal["nearest_rank", "linear"] = "nearest_rank",
    resolve_idle: datetime.timedelta | None = None,
) -> Report:
    """The SLA report of mentions at ``now`` (GIL released): conversations, clocks under ``policy``,
    every metric's cycles, grouped (default by month, in each target calendar's zone).
    ``resolve_idle`` resolves a conversation whose last message is the bank's once it has been
    idle that long by ``now`` (the main job's rule, with 24 hours)."""

def thread_times(
    data: Any,
    policy: Policy,
    now: datetime.datetime,
    *,
    rules: RuleSet | None = None,
    resolve_idle: datetime.timedelta | None = None,
    text_column: str = "text",
    abandoned: Literal["ignored", "missed", "met"] = "ignored",
    short_abandon: datetime.timedelta | None = None,
    comparison: Literal["<=", "<"] = "<=",
    open_late: Literal["missed", "ignored"] = "missed",
) -> Any:
    """One row per conversation among the mentions of an Arrow table (pyarrow, polars, ...; columns
    named like ``Mention``'s fields, ``published_at`` an RFC 3339 string or a timestamp with a time
    zone), as an Arrow table (GIL released): ``thread``, ``first_mention``, ``mentions``,
    ``platform``, ``kind``, ``tags``, ``priority``, ``queue``, ``moved_to_private``,
    ``next_replies``, and for ``first_reply`` and ``resolution`` the columns ``<metric>_target``,
    ``_limit_seconds``, ``_started_at``, ``_month``, ``_week``, ``_day`` (in the target calendar's
    zone), ``_state``, ``_outcome`` (``open``, ``open_late``, ``met``, ``missed``, ``abandoned``,
    ``short_abandoned``), ``_met`` and ``_missed`` (counted under the convention given, as
    ``sla_report`` counts), ``_elapsed_seconds``, ``_reply_seconds`` (when the bank replied),
    ``_stopped_at``, ``_deadline``, ``_agent``; nulls where the policy has no target. ``rules``
    tags the customers' mentions to select targets (as the main job does). A row without an
    ``id`` or a valid ``published_at`` is left out; a null text is not tagged.

    Summing ``first_reply_met`` and ``first_reply_missed`` by ``first_reply_month`` and ``platform``
    gives the counts of ``sla_report(..., group_by=["month", "platform"])`` for the first reply:
    what ``otklik.spark.service_level`` does in Spark.

    >>> import datetime as dt, pyarrow as pa
    >>> policy = Policy.from_toml('[[target]]\nname = "chats"\nmetric = "first_reply"\nwithin = "2m"\n')
    >>> t0 = "2025-03-03T10:00:00Z"
    >>> table = pa.table({"id": ["1", "2"], "platform": ["telegram_bot"] * 2, "kind": ["message"] * 2,
    ...     "text": ["Де мій переказ?", "Перевіряємо"], "published_at": [t0, "2025-03-03T10:01:30Z"],
    ...     "author_is_brand": [False, True], "thread_id": ["1", "1"]})
    >>> row = thread_times(table, policy, dt.datetime(2025, 3, 4, tzinfo=dt.timezone.utc)).to_pylist()[0]
    >>> row["thread"], row["first_reply_outcome"], row["first_reply_reply_seconds"], row["first_reply_month"]
    ('1', 'met', 90.0, '2025-03')
    """

@final
class QueueEntry:
    """One open clock in the live queue."""

    conversation: str
    metric: Metric
    target: str
    state: State
    remaining: datetime.timedelta
    deadline: datetime.datetime | None
    breached_at: datetime.datetime | None
    warning: bool

def live_queue(
    mentions: Iterable[Mention],
    policy: Policy,
    now: datetime.datetime,
    *,
    taggings: Iterable[TagResult] | None = None,
) -> list[QueueEntry]:
    """The open clocks at ``now``, most urgent first (breached, then by deadline, paused last)."""

# ---- NPS ----

@final
class NpsResult:
    """Net Promoter Score of a sample, on the -100..100 scale."""

    @property
    def promoters(self) -> int: ...
    @property
    def passives(self) -> int: ...
    @property
    def detractors(self) -> int: ...
    @property
    def n(self) -> int: ...
    @property
    def skipped(self) -> int:
        """Answers outside 0-10 skipped with ``on_out_of_range="skip"``."""
    @property
    def score(self) -> float | None:
        """``100 (P - D) / n``; ``None`` with no answers (never 0 for an empty sample)."""
    @property
    def exact(self) -> tuple[int, int] | None:
        """The score as a reduced fraction ``(numerator, denominator)``."""
    def rounded(self, decimals: int = 0) -> float | None:
        """The score rounded half away from zero on the exact fraction (-2.5 gives -3)."""
    @property
    def standard_error(self) -> float | None:
        """``100 sqrt((p + d - (p - d)^2) / n)``, in points."""
    def interval(
        self,
        confidence: float = 0.95,
        method: Literal["adjusted_wald", "wald", "score"] = "adjusted_wald",
    ) -> tuple[float, float] | None:
        """Confidence interval, clamped to -100..100; ``None`` with no answers. Adjusted-Wald is the
        default (good coverage at any n); Wald only for large n; score near +-100 or for small n."""

def nps(answers: list[int], *, on_out_of_range: Literal["error", "skip"] = "error") -> NpsResult:
    """NPS of 0-10 answers; an answer outside 0-10 raises ``MetricsError`` naming its index."""

def nps_from_counts(*, promoters: int, passives: int, detractors: int) -> NpsResult:
    """NPS from counts."""

@final
class NpsComparison:
    """Two NPS from different respondents compared: ``difference`` is b minus a, in points."""

    difference: float
    standard_error: float
    z: float | None
    p_value: float | None
    low: float
    high: float

def compare_nps(
    a: NpsResult,
    b: NpsResult,
    *,
    method: Literal["adjusted_wald", "wald"] = "adjusted_wald",
    confidence: float = 0.95,
) -> NpsComparison:
    """Compares two independent samples (two periods, two segments); raises ``MetricsError`` if one is empty."""

@final
class WeightedNpsResult:
    """NPS with survey weights."""

    @property
    def score(self) -> float | None: ...
    @property
    def effective_n(self) -> float | None:
        """Kish's effective sample size, (sum w)^2 / sum w^2."""
    @property
    def standard_error(self) -> float | None:
        """With Kish's effective n, in points."""
    @property
    def linearized_standard_error(self) -> float | None:
        """By linearisation (as R's ``survey::svymean``), in points."""
    @property
    def n(self) -> int: ...
    def interval(self, confidence: float = 0.95) -> tuple[float, float] | None: ...

def weighted_nps(answers: list[int], weights: list[float]) -> WeightedNpsResult:
    """NPS with survey weights; a zero, negative or non-finite weight raises ``MetricsError``."""

def compare_nps_paired(
    before: list[int] | None = None,
    after: list[int] | None = None,
    *,
    transition: list[list[int]] | None = None,
    confidence: float = 0.95,
) -> NpsComparison:
    """The same respondents surveyed twice: ``after - before`` from answer pairs (same people,
    same order) or a 3x3 transition table (rows before D/Pa/P, columns after D/Pa/P). Treating
    such waves as independent overstates the standard error."""

def holm(p_values: list[float]) -> list[float]:
    """Holm's step-down adjusted p-values, in the input order."""

@final
class NpsRow:
    """A segment or a period: counts, score and interval, and its comparison (with the rest of
    the sample for a segment, with the previous period for a trend)."""

    key: str
    n: int
    promoters: int
    passives: int
    detractors: int
    score: float | None
    low: float | None
    high: float | None
    difference: float | None
    p_value: float | None
    adjusted_p_value: float | None
    significant: bool

def nps_segments(
    keys: list[str],
    answers: list[int],
    *,
    confidence: float = 0.95,
    interval: Literal["adjusted_wald", "wald", "score"] = "adjusted_wald",
    test: Literal["adjusted_wald", "wald"] = "adjusted_wald",
    correction: Literal["holm", "none"] = "holm",
) -> tuple[NpsRow, list[NpsRow]]:
    """NPS per segment (``keys[i]`` is the segment of ``answers[i]``) against the rest, and the
    count-weighted overall: ``(overall, rows)``."""

def nps_trend(
    periods: list[tuple[str, NpsResult]],
    *,
    confidence: float = 0.95,
    interval: Literal["adjusted_wald", "wald", "score"] = "adjusted_wald",
    test: Literal["adjusted_wald", "wald"] = "adjusted_wald",
    correction: Literal["holm", "none"] = "holm",
) -> list[NpsRow]:
    """Consecutive periods; each change against the previous period is flagged only when
    significant after the correction."""

def nps_sample_size(
    margin: float,
    *,
    confidence: float = 0.95,
    promoters: float | None = None,
    detractors: float | None = None,
    population: int | None = None,
) -> int:
    """Answers needed for a margin of error of ``margin`` points (expected shares 0 to 1, or the
    worst case)."""

def nps_margin_of_error(
    n: int,
    *,
    confidence: float = 0.95,
    promoters: float | None = None,
    detractors: float | None = None,
    population: int | None = None,
) -> float:
    """The margin of error of ``n`` answers, in points."""

@final
class ShareResult:
    """A share of answers (CSAT's top box), in %."""

    @property
    def successes(self) -> int: ...
    @property
    def n(self) -> int: ...
    @property
    def share(self) -> float | None: ...
    def wilson(self, confidence: float = 0.95) -> tuple[float, float] | None:
        """Wilson interval, in %."""

def csat(ratings: list[int], *, threshold: int = 4, scale: tuple[int, int] = (1, 5)) -> ShareResult:
    """CSAT: the share of ratings at or above ``threshold`` (4-5 of 1-5 by default)."""

@final
class MeanRatingResult:
    """The mean of ratings on a scale (CES)."""

    @property
    def n(self) -> int: ...
    @property
    def mean(self) -> float | None: ...
    @property
    def standard_deviation(self) -> float | None: ...
    @property
    def standard_error(self) -> float | None: ...
    def interval(self, confidence: float = 0.95) -> tuple[float, float] | None: ...

def ces(ratings: list[int], *, scale: tuple[int, int] = (1, 7)) -> MeanRatingResult:
    """CES: the mean of 1-7 ratings."""

Interaction = Literal["reactions", "comments", "shares", "saves", "poll_votes"]
Formula = Literal["interactions_per_reach", "interactions_per_views", "interactions_per_followers", "views_per_followers"]

@final
class PostCounts:
    """The counts of one post. Rates are named by formula because "ERR" means interactions/reach
    in SMM tools, views/subscribers in TGStat and interactions/views in Telagon."""

    def __init__(
        self,
        *,
        reactions: int = 0,
        comments: int = 0,
        shares: int = 0,
        saves: int = 0,
        poll_votes: int = 0,
        views: int | None = None,
        reach: int | None = None,
        followers: int | None = None,
    ) -> None: ...
    def rate(self, formula: Formula, *, interactions: list[Interaction] = ...) -> float | None:
        """The rate in %; ``None`` when its denominator is missing or 0."""

@final
class PeriodRate:
    """A period's rate both ways (they differ): ratio of sums and mean of per-post ratios, in %."""

    ratio_of_sums: float | None
    mean_of_ratios: float | None
    posts_in_sum: int
    posts_in_mean: int

def period_rate(posts: list[PostCounts], formula: Formula, *, interactions: list[Interaction] = ...) -> PeriodRate: ...

@final
class RateChange:
    """A change of a rate: ``points`` (pp) and ``relative`` (%, ``None`` from 0)."""

    points: float
    relative: float | None

def rate_change(before: float, after: float) -> RateChange:
    """2.71 -> 3.42 is +0.71 pp and +26.2%. For an NPS report only the points."""

# ---- personal data ----

PiiKind = Literal["card", "iban", "account", "phone", "email", "tax_id", "passport"]

@final
class PiiFinding:
    """One piece of personal data: ``input[start:end] == found``, replaced by ``masked``."""

    kind: PiiKind
    start: int
    end: int
    found: str
    masked: str

def find_pii(text: str, *, kinds: list[PiiKind] | None = None, allow: list[str] = ...) -> list[PiiFinding]:
    """Cards (Luhn-valid), IBANs (mod 97), Russian accounts (with their BIK), phones (UA, BY, RU, KZ,
    E.164), e-mails, tax ids and passports (after a keyword). Amounts, dates, order numbers and
    waybills are left alone. ``allow`` lists values to keep (the bank's own numbers)."""

def redact(text: str, *, kinds: list[PiiKind] | None = None, allow: list[str] = ...) -> tuple[str, list[PiiFinding]]:
    """The text with its personal data masked (``**** **** **** 1111``) and the findings, whose
    indices refer to the original text.

    >>> redact("Карта 4111 1111 1111 1111")[0]
    'Карта **** **** **** 1111'
    """

def redact_mention(
    mention: Mention, *, kinds: list[PiiKind] | None = None, allow: list[str] = ...
) -> tuple[Mention, list[PiiFinding]]:
    """A copy of the mention with its text redacted, and the findings."""

# --- replies -----------------------------------------------------------------------------

class ReplyError(OtklikError):
    """A reply-script or tone-of-voice file refused."""

    kind: Literal["io", "syntax", "duplicate_id", "template", "query", "invalid_value"]
    file: str | None
    line: int | None
    column: int | None
    item: str | None
    """The id of the script or rule."""
    reason: str

@final
class Suggestion:
    """A script chosen for a mention, its variant filled with the values that were known."""

    script: str
    lang: str
    variant: int
    variants: int
    matched_tags: int
    private: bool
    text: str | None
    """The reply; ``None`` while a placeholder has no value (see ``missing``)."""
    missing: list[str]
    preview: str
    """The reply with missing placeholders shown as ``[name]``: for the agent, never to post."""

@final
class ScriptBook:
    """Reply scripts keyed by tags (a combination), language and platform.

    >>> book = ScriptBook.from_toml('[[script]]\nid = "c"\ntags = ["complaint"]\nlang = "uk"\nvariants = ["{name}, перепрошуємо!"]')
    >>> s = book.suggest(["complaint"], "instagram", "uk")[0]
    >>> (s.script, s.text, s.missing)
    ('c', None, ['name'])
    """

    @staticmethod
    def from_toml(text: str) -> ScriptBook: ...
    @staticmethod
    def from_file(path: str | os.PathLike[str]) -> ScriptBook: ...
    @property
    def scripts(self) -> list[str]: ...
    def suggest(
        self,
        tags: list[str],
        platform: Platform,
        lang: str,
        values: dict[str, str] = ...,
        variant_seed: int = 0,
    ) -> list[Suggestion]:
        """The scripts that fit, most specific first (more tags, platform-specific, file order)."""

def suggest_replies(
    book: ScriptBook, mention: Mention, tagging: TagResult, values: dict[str, str] = ...
) -> list[Suggestion]:
    """The scripts for a tagged mention in its language (its ``lang``, else detected)."""

@final
class DraftFinding:
    kind: Literal["forbidden", "missing", "too_long", "personal_data", "secret_request"]
    rule: str
    severity: Literal["info", "warning", "error"]
    message: str
    start: int | None
    """Index into the draft ``str``, when the finding is a part of it."""
    end: int | None

@final
class DraftCheck:
    findings: list[DraftFinding]
    """Errors first, then in text order."""
    length: int
    """The draft's length as the platform counts it."""
    limit: int | None
    passed: bool
    """No error and no warning."""
    has_errors: bool

@final
class ToneChecker:
    """A tone-of-voice file compiled, plus the checks no file can turn off.

    >>> fraud = ToneChecker.builtin().check("Напишіть, будь ласка, CVV з картки", "instagram")
    >>> [(f.severity, f.kind) for f in fraud.findings]
    [('error', 'secret_request')]
    """

    @staticmethod
    def builtin() -> ToneChecker: ...
    @staticmethod
    def from_toml(text: str) -> ToneChecker: ...
    @staticmethod
    def from_file(path: str | os.PathLike[str]) -> ToneChecker: ...
    def check(
        self, draft: str, platform: Platform, *, public: bool | None = None, tags: list[str] = ...
    ) -> DraftCheck:
        """Checks a draft; ``public`` defaults to every platform but the Telegram bot."""

def x_length(text: str) -> int:
    """The length of a post as X counts it (URLs 23, emoji 2, CJK 2, others 1)."""

def detect_language(text: str) -> str | None:
    """``"uk"``, ``"ru"``, ``"be"`` or ``"en"``; ``None`` when too short to tell."""
