"""otklik.Mention: construction, fields, JSON, datetimes."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest

import otklik

UTC = dt.timezone.utc


def make(**kwargs: object) -> otklik.Mention:
    return otklik.Mention(
        "tgb-1", "telegram_bot", "message", "Картку заблоковано 😡", dt.datetime(2025, 10, 1, 9, 0, tzinfo=UTC), **kwargs  # type: ignore[arg-type]
    )


def test_fields_and_defaults() -> None:
    m = make(author="olena", rating=2, reach=10, extra={"geo": {"lat": 50.45}})
    assert (m.id, m.platform, m.kind) == ("tgb-1", "telegram_bot", "message")
    assert m.text == "Картку заблоковано 😡"
    assert m.author == "olena" and m.url is None and m.author_is_brand is False
    assert m.rating == 2 and m.reach == 10 and m.views is None
    assert m.extra == {"geo": {"lat": 50.45}}
    assert not m.is_reply()
    assert m.conversation_id() == "tgb-1"


def test_setters_validate() -> None:
    m = make()
    m.parent_id = "tgb-0"
    assert m.is_reply() and m.conversation_id() == "tgb-0"
    m.platform = "Twitter"
    assert m.platform == "x"
    m.platform = "threads"
    assert m.platform == "threads"
    with pytest.raises(ValueError, match="platform name is empty"):
        m.platform = " "
    with pytest.raises(ValueError, match="rating must be 1 to 5, got 7"):
        m.rating = 7
    with pytest.raises(OverflowError):
        m.reach = -1
    with pytest.raises(KeyError, match="known field"):
        m.extra = {"text": "shadow"}


def test_aware_datetimes_in_any_zone_become_utc() -> None:
    kyiv = dt.datetime(2025, 3, 30, 4, 30, tzinfo=ZoneInfo("Europe/Kyiv"))  # just after spring-forward
    m = make()
    m.published_at = kyiv
    assert m.published_at == dt.datetime(2025, 3, 30, 1, 30, tzinfo=UTC)
    assert m.published_at.tzinfo is not None and m.published_at.utcoffset() == dt.timedelta(0)
    autumn = dt.datetime(2025, 10, 26, 3, 30, fold=1, tzinfo=ZoneInfo("Europe/Kyiv"))  # second 03:30
    m.published_at = autumn
    assert m.published_at == dt.datetime(2025, 10, 26, 1, 30, tzinfo=UTC)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(TypeError, match="naive datetime"):
        otklik.Mention("1", "x", "post", "t", dt.datetime(2025, 1, 1))
    with pytest.raises(TypeError, match="expected a datetime"):
        otklik.Mention("1", "x", "post", "t", "2025-01-01T00:00:00Z")  # type: ignore[arg-type]


def test_json_round_trip_keeps_unknown_fields() -> None:
    line = (
        '{"id":"ig-1","platform":"instagram","kind":"comment","text":"Де мій кешбек?",'
        '"published_at":"2025-10-03T10:15:00+03:00","campaign":"autumn","tags_vendor":["кешбек"]}'
    )
    m = otklik.Mention.from_json(line)
    assert m.extra == {"campaign": "autumn", "tags_vendor": ["кешбек"]}
    again = otklik.Mention.from_json(m.to_json())
    assert again == m
    assert json.loads(m.to_json())["published_at"] == "2025-10-03T07:15:00Z"


def test_from_json_errors_name_the_field() -> None:
    with pytest.raises(otklik.InputError) as info:
        otklik.Mention.from_json('{"id":"1","platform":"x","kind":"post","text":"t","published_at":"2025-01-01 10:00"}')
    err = info.value
    assert (err.line, err.field, err.kind) == (1, "published_at", "invalid_value")
    assert "no time zone" in err.reason
    assert isinstance(err, otklik.OtklikError) and isinstance(err, ValueError)


def test_repr_is_short() -> None:
    r = repr(make(author="a" * 100))
    assert r.startswith("Mention(id='tgb-1', platform='telegram_bot'") and "2025-10-01T09:00:00Z" in r
