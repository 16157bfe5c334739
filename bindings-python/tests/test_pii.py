"""PII redaction: the shared cases of core/testdata/pii.toml and the options."""

from __future__ import annotations

import datetime as dt
import pathlib
import tomllib
from typing import Any

import pytest

import otklik


def test_shared_cases(root: pathlib.Path) -> None:
    data: dict[str, Any] = tomllib.loads((root / "core/testdata/pii.toml").read_text("utf-8"))
    assert len(data["case"]) >= 40
    failures = []
    for case in data["case"]:
        text, found = otklik.redact(case["text"], kinds=case.get("kinds"), allow=case.get("allow", []))
        want = [(m["kind"], m["found"], m["masked"]) for m in case.get("matches", [])]
        got = [(f.kind, f.found, f.masked) for f in found]
        if got != want:
            failures.append(f"{case['name']}: got {got}, want {want}")
        if "redacted" in case and text != case["redacted"]:
            failures.append(f"{case['name']}: redacted {text!r}")
        for f in found:
            if case["text"][f.start : f.end] != f.found:
                failures.append(f"{case['name']}: str indices {f.start}:{f.end} are not {f.found!r}")
        for m in case.get("matches", []):
            if "char_start" in m and not any(f.start == m["char_start"] for f in found):
                failures.append(f"{case['name']}: no finding at {m['char_start']}")
    assert not failures, "\n".join(failures)


def test_options_and_mentions() -> None:
    text = "Пишіть на olena.k@ukr.net або дзвоніть +380 67 123 45 67, карта 5555 5555 5555 4444"
    assert [f.kind for f in otklik.find_pii(text)] == ["email", "phone", "card"]
    assert [f.kind for f in otklik.find_pii(text, kinds=["card"])] == ["card"]
    assert [f.kind for f in otklik.find_pii(text, allow=["+380671234567"])] == ["email", "card"]
    with pytest.raises(ValueError, match="unknown kind"):
        otklik.find_pii(text, kinds=["ssn"])  # type: ignore[list-item]
    m = otklik.Mention("tg-1", "telegram_bot", "message", text, dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc))
    clean, found = otklik.redact_mention(m)
    assert "5555 5555 5555 4444" not in clean.text and "4444" in clean.text
    assert m.text == text and clean.id == "tg-1" and len(found) == 3
    assert otklik.redact("Сума 15 000 грн, замовлення 1234567812345678, 12.03.2024")[1] == []
