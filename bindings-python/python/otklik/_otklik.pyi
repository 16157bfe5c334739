"""Type stubs of the native module otklik._otklik (hand-curated; see the Rust sources)."""

import datetime
import os
from collections.abc import Iterable, Iterator
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
