"""Reply scripts and the draft checker from Python, on the example files of the fictional bank."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import otklik

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "examples/replies/scripts.toml"
TONE = ROOT / "examples/replies/tone.toml"


def test_scripts_by_tags_language_and_platform() -> None:
    book = otklik.ScriptBook.from_file(SCRIPTS)
    found = book.suggest(["complaint", "blocking"], "instagram", "uk", {"name": "Олено"})
    assert [s.script for s in found] == ["card-blocked-uk", "complaint-uk", "any-uk"]
    assert found[0].private and found[0].variants == 2
    assert found[0].text is not None and found[0].text.startswith("Олено")
    complaint = found[1]
    assert complaint.text is None
    assert complaint.missing == ["case_id", "eta"]
    assert "[case_id]" in complaint.preview and "{" not in complaint.preview
    assert book.suggest(["complaint"], "google_play", "uk")[0].script == "review-uk"
    assert book.suggest(["question"], "vk", "be")[0].script == "question-be"
    assert book.suggest(["complaint"], "facebook", "mixed")[0].lang == "uk"
    with pytest.raises(ValueError, match="unknown platform"):
        book.suggest([], "myspace", "uk")


def test_suggest_replies_for_a_tagged_mention() -> None:
    rules = otklik.RuleSet.from_file(ROOT / "examples/rules/bank.toml")
    book = otklik.ScriptBook.from_file(SCRIPTS)
    m = otklik.Mention(
        "x-1", "x", "post", "@zoryabank my card was charged twice, this is ridiculous",
        dt.datetime(2025, 10, 1, 9, 0, tzinfo=dt.timezone.utc),
    )
    found = otklik.suggest_replies(book, m, rules.tag(m), {"name": "Chris", "case_id": "ZB-7", "eta": "today"})
    assert found[0].lang == "en" and found[0].script.endswith("-en")
    assert found[0].text is not None and "ZB-7" in found[0].text


def test_script_file_errors_carry_the_place() -> None:
    with pytest.raises(otklik.ReplyError) as info:
        otklik.ScriptBook.from_toml('[[script]]\nid = "a"\nlang = "uk"\nvariants = ["Hi {name"]\n')
    err = info.value
    assert (err.kind, err.line, err.item) == ("template", 4, "a")
    assert isinstance(err, otklik.OtklikError)
    with pytest.raises(otklik.ReplyError) as info:
        otklik.ToneChecker.from_toml("[[forbid]]\nid = \"x\"\nquery = '(open'\nmessage = \"m\"\n")
    assert (info.value.kind, info.value.item, info.value.line) == ("query", "x", 3)
    with pytest.raises(otklik.ReplyError) as info:
        otklik.ScriptBook.from_file("/nonexistent/scripts.toml")
    assert info.value.kind == "io" and info.value.file == "/nonexistent/scripts.toml"


def test_draft_checker_findings_and_clean_drafts() -> None:
    checker = otklik.ToneChecker.from_file(TONE)
    clean = checker.check(
        "Олено, вітаємо! Перепрошуємо за незручності. Напишіть нам в особисті, будь ласка.",
        "instagram", tags=["complaint"],
    )
    assert clean.passed and clean.findings == []
    draft = "Ваше обращение зарегистрировано. Продиктуйте код из СМС."
    check = checker.check(draft, "facebook", tags=["complaint"])
    kinds = [(f.severity, f.kind, f.rule) for f in check.findings]
    assert kinds[0] == ("error", "secret_request", "secret:code")
    assert ("warning", "forbidden", "bureaucratic") in kinds
    assert ("warning", "missing", "greeting") in kinds and ("warning", "missing", "apology") in kinds
    forbidden = next(f for f in check.findings if f.kind == "forbidden")
    assert forbidden.start is not None and forbidden.end is not None
    assert draft[forbidden.start:forbidden.end].lower().startswith("ваше обращение")
    card = "Вітаємо! Перепрошуємо. Картка 4111 1111 1111 1111 активна, напишіть нам."
    public = checker.check(card, "facebook", tags=["complaint"])
    assert [f.rule for f in public.findings] == ["pii:card"] and public.has_errors
    assert checker.check(card, "telegram_bot", tags=["complaint"]).passed
    assert checker.check(card, "facebook", public=False, tags=["complaint"]).passed


def test_x_length_and_limits() -> None:
    assert otklik.x_length("Дякуємо! https://zoryabank.ua/a/very/long/path?x=1 👍🏽") == 9 + 23 + 1 + 2
    checker = otklik.ToneChecker.builtin()
    long = "Вітаємо! " + "а" * 280
    check = checker.check(long, "x")
    assert check.limit == 280 and check.length == 289
    assert [f.kind for f in check.findings] == ["too_long"]
    assert checker.check(long, "facebook").passed
    assert otklik.detect_language("Дзякуй, усё працуе") == "be"
    assert otklik.detect_language("ok") is None


def test_clock_records_the_move_to_private() -> None:
    policy = otklik.Policy.from_toml('[[target]]\nname = "c"\nmetric = "first_reply"\nwithin = "10m"')
    clock = otklik.Clock(policy, platform="instagram", kind="comment")
    t0 = dt.datetime(2025, 3, 3, 10, 0, tzinfo=dt.timezone.utc)
    clock.push("created", t0)
    clock.push("agent_replied", t0 + dt.timedelta(minutes=4))
    assert clock.moved_to_private_at is None
    clock.push("paused", t0 + dt.timedelta(minutes=4), reason="moved_to_private")
    assert clock.moved_to_private_at == t0 + dt.timedelta(minutes=4)


def test_tagging_says_when_to_move_to_a_private_channel() -> None:
    rules = otklik.RuleSet.from_file(ROOT / "examples/rules/bank.toml")
    t0 = dt.datetime(2025, 10, 1, 9, 0, tzinfo=dt.timezone.utc)
    blocked = otklik.Mention("ig-1", "instagram", "comment", "Зоря, мою картку заблокували без причини!", t0)
    assert rules.tag(blocked).move_to_private
    card = otklik.Mention("ig-2", "instagram", "comment", "Зоря, де переказ на 4111 1111 1111 1111?", t0)
    assert rules.tag(card).move_to_private
    chat = otklik.Mention("tgb-3", "telegram_bot", "message", "Де переказ на 4111 1111 1111 1111?", t0)
    assert not rules.tag(chat).move_to_private
