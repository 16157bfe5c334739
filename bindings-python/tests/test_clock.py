"""Policies, clocks, conversations, SLA reports and the live queue: the shared cases of
core/testdata/clock.toml and report.toml, and real reply threads."""

from __future__ import annotations

import datetime as dt
import json
import pathlib
import tomllib
from collections import defaultdict
from typing import Any

import pytest

import otklik

UTC = dt.timezone.utc


def instant(value: dt.datetime | None) -> str:
    return "none" if value is None else value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def ts(text: str) -> dt.datetime:
    """An instant of the vectors, written `2025-10-06T03:00:00Z`."""
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_shared_clock_cases(root: pathlib.Path) -> None:
    data: dict[str, Any] = tomllib.loads((root / "core/testdata/clock.toml").read_text("utf-8"))
    policies = {name: otklik.Policy.from_toml(p["toml"]) for name, p in data["policy"].items()}
    failures: list[str] = []
    for case in data["case"]:
        clock = otklik.Clock(
            policies[case["policy"]],
            platform=case.get("platform", "other"),
            kind=case.get("kind", "message"),
        )
        refused = None
        for i, e in enumerate(case["events"]):
            try:
                clock.push(e["kind"], ts(e["at"]), agent=e.get("agent"), reason=e.get("reason"))
            except otklik.ClockError as err:
                refused = (err.kind, i)
                break
        want_error = (case["error"], case["error_at"]) if "error" in case else None
        if refused != want_error:
            failures.append(f"{case['name']}: refused {refused}, want {want_error}")
        for x in case.get("expect", []):
            m = getattr(clock.status(ts(x["now"])), x["metric"])
            got = {
                "state": m.state,
                "cycle": m.cycle,
                "elapsed": int(m.elapsed.total_seconds()),
                "remaining": int(m.remaining.total_seconds()),
                "warning": m.warning,
                "deadline": instant(m.deadline),
                "breached_at": instant(m.breached_at),
                "stopped_at": instant(m.stopped_at),
                "agent": m.agent or "",
            }
            for key, value in got.items():
                if key in x and x[key] != value:
                    failures.append(f"{case['name']} at {x['now']} {x['metric']}: {key} is {value}, want {x[key]}")
    assert not failures, "\n".join(failures)


def test_clock_errors_and_policy_errors() -> None:
    policy = otklik.Policy.from_toml('[[target]]\nname = "bot"\nmetric = "first_reply"\nwithin = "120s"\n')
    clock = otklik.Clock(policy, platform="telegram_bot", kind="message")
    t0 = dt.datetime(2025, 1, 15, 9, 0, tzinfo=UTC)
    with pytest.raises(otklik.ClockError) as info:
        clock.push("agent_replied", t0)
    assert info.value.kind == "event_order"
    with pytest.raises(ValueError, match="unknown event"):
        clock.push("replied", t0)  # type: ignore[arg-type]
    clock.push("created", t0)
    with pytest.raises(otklik.ClockError) as info:
        clock.push("resumed", t0)
    assert info.value.kind == "event_state"
    assert clock.status(t0 - dt.timedelta(seconds=1)).first_reply is not None
    with pytest.raises(otklik.PolicyError) as perr:
        otklik.Policy.from_toml('[[target]]\nname = "a"\nmetric = "first_reply"\nwithin = "10 minutes"\n')
    assert (perr.value.kind, perr.value.line, perr.value.column) == ("invalid_value", 4, 10)
    with pytest.raises(otklik.PolicyError, match="did you mean"):
        otklik.Policy.from_toml('[[target]]\nname = "a"\nmetric = "first_reply"\nwithin = "1h"\nplatform = ["telegramm"]\n')


def test_policy_selection() -> None:
    policy = otklik.Policy.from_toml(
        """
[[target]]
name = "urgent"
metric = "first_reply"
within = "5m"
priority = ["urgent"]

[[target]]
name = "mentions"
metric = "first_reply"
within = "2h"
"""
    )
    assert [t.name for t in policy.targets] == ["urgent", "mentions"]
    chosen = dict(policy.select(platform="instagram", kind="comment", priority="urgent"))
    first = chosen["first_reply"]
    assert first is not None and first.name == "urgent" and first.within == dt.timedelta(minutes=5)
    assert chosen["resolution"] is None
    other = dict(policy.select())["first_reply"]
    assert other is not None and other.name == "mentions"


def twcs_mentions(shared_data: pathlib.Path) -> list[otklik.Mention]:
    out = []
    for line in (shared_data / "twcs-sample.jsonl").read_text("utf-8").splitlines():
        t = json.loads(line)
        out.append(
            otklik.Mention(
                t["id"], "x", "post", t["text"],
                dt.datetime.fromisoformat(t["created_at"].replace("Z", "+00:00")),
                author=t["author"], author_is_brand=not t["inbound"], parent_id=t["in_response_to"],
            )
        )
    return out


def test_conversations_and_reports_on_real_threads(shared_data: pathlib.Path) -> None:
    mentions = twcs_mentions(shared_data)
    found = otklik.conversations(mentions)
    # Independently: a root customer tweet and the earliest brand tweet among its replies.
    children: dict[str, list[otklik.Mention]] = defaultdict(list)
    for m in mentions:
        if m.parent_id is not None:
            children[m.parent_id].append(m)
    first_reply: dict[str, float] = {}
    for root in (m for m in mentions if not m.author_is_brand and m.parent_id is None):
        stack, best = list(children[root.id]), None
        while stack:
            m = stack.pop()
            if m.author_is_brand and (best is None or (m.published_at, m.id) < (best.published_at, best.id)):
                best = m
            stack.extend(children[m.id])
        if best is not None:
            first_reply[root.id] = (best.published_at - root.published_at).total_seconds()
    by_key = {c.key: c for c in found}
    assert len(first_reply) > 500
    for key, seconds in first_reply.items():
        c = by_key[key]
        replies = [e for e in c.events if e[0] == "agent_replied"]
        assert (replies[0][1] - c.events[0][1]).total_seconds() == seconds

    policy = otklik.Policy.from_toml('[[target]]\nname = "tweets"\nmetric = "first_reply"\nwithin = "1h"\n')
    now = max(m.published_at for m in mentions)
    report = otklik.sla_report(mentions, policy, now, group_by=["agent"])
    amazon = next(r for r in report.rows if r.key == ["AmazonHelp"])
    assert amazon.answered > 90 and amazon.service_level is not None and 0.5 < amazon.service_level <= 1.0
    assert report.total.count == sum(r.count for r in report.rows if r.key != ["(none)"]) + sum(
        r.count for r in report.rows if r.key == ["(none)"]
    )
    assert report.columns()[0] == "agent" and "AmazonHelp" in report.to_csv()
    parsed = json.loads(report.to_json())
    assert parsed["group_by"] == ["agent"] and len(parsed["rows"]) == len(report.rows)
    assert "SL = met / (met + missed)" in report.to_table()


def test_live_queue_and_taggings() -> None:
    t0 = dt.datetime(2025, 1, 15, 9, 0, tzinfo=UTC)
    mentions = [
        otklik.Mention("a", "telegram_bot", "message", "Де мої гроші?", t0),
        otklik.Mention("b", "telegram_bot", "message", "У мене вкрали гроші, шахраї!", t0 + dt.timedelta(seconds=60)),
        otklik.Mention("c", "telegram_bot", "message", "Дякую", t0 + dt.timedelta(seconds=100)),
    ]
    rules = otklik.RuleSet.from_toml(
        '[[tag]]\nid = "fraud"\ncategory = "type"\nquery = "шахра*"\nneeds_reply = true\npriority = "urgent"\nqueue = "fraud"\n'
    )
    taggings = rules.tag_many(mentions)
    policy = otklik.Policy.from_toml(
        '[[target]]\nname = "fraud"\nmetric = "first_reply"\nwithin = "30s"\npriority = ["urgent"]\n'
        '[[target]]\nname = "chats"\nmetric = "first_reply"\nwithin = "120s"\n'
    )
    queue = otklik.live_queue(mentions, policy, t0 + dt.timedelta(seconds=110), taggings=taggings)
    assert [(e.conversation, e.target, e.state) for e in queue] == [
        ("b", "fraud", "breached"),
        ("a", "chats", "active"),
        ("c", "chats", "active"),
    ]
    assert queue[1].warning and not queue[2].warning
    report = otklik.sla_report(mentions, policy, t0 + dt.timedelta(hours=1), taggings=taggings, group_by=["queue"])
    assert [r.key for r in report.rows] == [["(none)"], ["fraud"]]
    with pytest.raises(otklik.SlaError, match="taggings"):
        otklik.sla_report(mentions, policy, t0, taggings=taggings[:2])


def test_service_level_of_reply_times(root: pathlib.Path) -> None:
    data: dict[str, Any] = tomllib.loads((root / "core/testdata/report.toml").read_text("utf-8"))
    checked = 0
    for case in data["service_level"]:
        if any(g["state"] not in ("met", "breached") or "stopped" in g for g in case["items"]):
            continue  # abandons and open items need clocks: see test_shared_clock_cases
        times: list[dt.timedelta | None] = []
        for g in case["items"]:
            times += [dt.timedelta(seconds=g["elapsed"])] * g["n"]
        r = otklik.service_level(
            times, dt.timedelta(seconds=case["limit"]), comparison="<" if case.get("comparison") == "below" else "<="
        )
        assert (r.met, r.missed) == (case["expect_met"], case["expect_missed"]), case["name"]
        assert r.service_level == pytest.approx(case["expect_service_level"], abs=1e-12)
        checked += 1
    assert checked >= 3
    r = otklik.service_level([dt.timedelta(seconds=s) for s in (3, 6, 7, 8, 8, 10, 13, 15, 16, 20)] + [None], dt.timedelta(seconds=60))
    assert (r.open, r.p90, r.median) == (1, dt.timedelta(seconds=16), dt.timedelta(seconds=9))
    linear = otklik.service_level([dt.timedelta(seconds=s) for s in (3, 6, 7, 8, 8, 10, 13, 15, 16, 20)], dt.timedelta(seconds=60), percentiles="linear")
    assert linear.p90 == dt.timedelta(seconds=16.4)
    with pytest.raises(otklik.SlaError):
        otklik.service_level([dt.timedelta(seconds=-1)], dt.timedelta(seconds=60))
