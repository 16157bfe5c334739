"""otklik: tag, triage and measure what people write about a bank on social media.

The native engine is written in Rust; this package is its Python face. Every call that works on
many records releases the GIL.

>>> import datetime as dt, otklik
>>> m = otklik.Mention("tgb-1", "telegram_bot", "message", "Де мій переказ?",
...                    dt.datetime(2025, 10, 1, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=3))))
>>> m.published_at
datetime.datetime(2025, 10, 1, 9, 0, tzinfo=datetime.timezone.utc)
"""

from ._otklik import (
    InputError,
    Mention,
    OtklikError,
    ReadResult,
    __version__,
    read_csv,
    read_jsonl,
    write_csv,
    write_jsonl,
)

__all__ = [
    "InputError",
    "Mention",
    "OtklikError",
    "ReadResult",
    "__version__",
    "read_csv",
    "read_jsonl",
    "write_csv",
    "write_jsonl",
]
