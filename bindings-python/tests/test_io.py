"""Reading and writing mentions from Python, held to the core's test vectors."""

from __future__ import annotations

import pathlib
import tomllib
from typing import Any

import pytest

import otklik

BASE = '"id":"1","platform":"x","kind":"post","text":"t","published_at":"2025-01-01T00:00:00Z"'


def case_bytes(text: str) -> bytes:
    """The conventions of core/testdata/README.md: {BASE} and \\xHH raw bytes."""
    out = bytearray()
    text = text.replace("{BASE}", BASE)
    while (at := text.find("\\x")) >= 0:
        out += text[:at].encode()
        out.append(int(text[at + 2 : at + 4], 16))
        text = text[at + 4 :]
    return bytes(out + text.encode())


def load_cases(root: pathlib.Path) -> list[dict[str, Any]]:
    with open(root / "core" / "testdata" / "mention_io.toml", "rb") as f:
        cases: list[dict[str, Any]] = tomllib.load(f)["case"]
    return cases


def test_shared_vectors(root: pathlib.Path, tmp_path: pathlib.Path) -> None:
    cases = load_cases(root)
    assert len(cases) >= 20
    for i, case in enumerate(cases):
        path = tmp_path / f"case{i}.{case['format']}"
        path.write_bytes(case_bytes(case["input"]))
        read = otklik.read_jsonl if case["format"] == "jsonl" else otklik.read_csv
        if "kind" not in case:
            assert len(read(path)) == case["ok"], case["name"]
            continue
        with pytest.raises(otklik.InputError) as info:
            read(path)
        err = info.value
        assert err.kind == case["kind"], (case["name"], str(err))
        assert err.line == case["line"], (case["name"], str(err))
        if "field" in case:
            assert err.field == case["field"], (case["name"], str(err))
        if "column" in case:
            assert err.column == case["column"], (case["name"], str(err))
        assert str(err).startswith(f"line {err.line}")
        if case["format"] == "csv" and err.line == 1:
            # A bad CSV header leaves nothing readable: fatal even when skipping.
            with pytest.raises(otklik.InputError):
                read(path, on_error="skip")
        else:
            # In skip mode the good records before the error are all there, the error kept.
            result = read(path, on_error="skip")
            assert len(result) >= case["ok"], case["name"]
            assert result.errors, case["name"]


def test_skip_mode_collects_errors(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "m.jsonl"
    path.write_text(f'{{{BASE}}}\nbroken\n{{{BASE},"rating":9}}\n{{{BASE}}}\n', encoding="utf-8")
    result = otklik.read_jsonl(path, on_error="skip")
    assert len(result) == 2 and [m.id for m in result] == ["1", "1"]
    assert [(e.line, e.kind) for e in result.errors] == [(2, "syntax"), (3, "invalid_value")]
    assert result.errors[1].field == "rating"
    assert repr(result) == "ReadResult(2 mentions, 2 errors)"
    with pytest.raises(otklik.InputError, match="line 2"):
        otklik.read_jsonl(path)


def test_bad_arguments(tmp_path: pathlib.Path) -> None:
    with pytest.raises(ValueError, match="on_error"):
        otklik.read_jsonl(tmp_path / "x.jsonl", on_error="ignore")  # type: ignore[arg-type]
    with pytest.raises(FileNotFoundError, match="x.jsonl"):
        otklik.read_jsonl(tmp_path / "x.jsonl")
    with pytest.raises(TypeError):
        otklik.write_jsonl([1, 2], tmp_path / "y.jsonl")  # type: ignore[list-item]


def test_example_data_round_trips_through_both_formats(root: pathlib.Path, tmp_path: pathlib.Path) -> None:
    mentions = otklik.read_jsonl(root / "examples" / "data" / "mentions.jsonl")
    assert len(mentions) >= 300
    assert otklik.write_jsonl(mentions, tmp_path / "out.jsonl") == len(mentions)
    assert otklik.read_jsonl(tmp_path / "out.jsonl").mentions == mentions.mentions
    otklik.write_csv(mentions, tmp_path / "out.csv")
    assert otklik.read_csv(tmp_path / "out.csv").mentions == mentions.mentions


def test_real_tweets_read(shared_data: pathlib.Path) -> None:
    tweets = otklik.read_jsonl(shared_data / "sentirueval2016-banks.jsonl")
    assert len(tweets) == 3313
    assert {m.platform for m in tweets} == {"x"}
    assert all(isinstance(m.extra["labels"], dict) for m in tweets)
