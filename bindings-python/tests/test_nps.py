"""NPS from Python: the shared cases of core/testdata/nps.toml that the Python API covers."""

from __future__ import annotations

import pathlib
import tomllib
from typing import Any

import pytest

import otklik


@pytest.fixture(scope="module")
def cases(root: pathlib.Path) -> dict[str, Any]:
    return tomllib.loads((root / "core/testdata/nps.toml").read_text("utf-8"))


def counts(case: dict[str, Any], prefix: str = "") -> otklik.NpsResult:
    if prefix:
        p, pa, d = case[prefix]
        return otklik.nps_from_counts(promoters=p, passives=pa, detractors=d)
    return otklik.nps_from_counts(promoters=case["promoters"], passives=case["passives"], detractors=case["detractors"])


def test_counts(cases: dict[str, Any]) -> None:
    tol = cases["tolerance"]
    for case in cases["counts"]:
        r = counts(case)
        assert r.n == case["n"]
        assert r.score == (pytest.approx(case["score"], abs=tol) if "score" in case else None)
        assert r.exact == (tuple(case["exact"]) if "exact" in case else None)
        se = case.get("standard_error")
        assert r.standard_error == (pytest.approx(se, abs=case.get("tol", tol)) if se is not None else None)


def test_answers(cases: dict[str, Any]) -> None:
    for case in cases["answers"]:
        if "error" in case:
            with pytest.raises(otklik.MetricsError) as info:
                otklik.nps(case["answers"], on_out_of_range=case["on_out_of_range"])
            assert (info.value.kind, info.value.position) == (case["error"], case["error_position"])
            assert isinstance(info.value, ValueError)
            continue
        r = otklik.nps(case["answers"], on_out_of_range=case["on_out_of_range"])
        assert (r.promoters, r.passives, r.detractors, r.skipped) == (
            case["promoters"], case["passives"], case["detractors"], case["skipped"]
        )


def test_intervals(cases: dict[str, Any]) -> None:
    tol = cases["tolerance"]
    checked = 0
    for case in cases["interval"]:
        r = counts(case)
        got = r.interval(confidence=case["level"], method=case["method"])
        if "lower" not in case:
            assert got is None
            continue
        assert got is not None
        t = case.get("tol", tol)
        assert got[0] == pytest.approx(case["lower"], abs=t), case
        assert got[1] == pytest.approx(case["upper"], abs=t), case
        checked += 1
    assert checked >= 20


def test_independent_comparisons(cases: dict[str, Any]) -> None:
    tol = cases["tolerance"]
    for case in cases["independent"]:
        if "difference" not in case:  # an empty sample: no comparison
            with pytest.raises(otklik.MetricsError):
                otklik.compare_nps(counts(case, "first"), counts(case, "second"))
            continue
        c = otklik.compare_nps(counts(case, "first"), counts(case, "second"), method=case["method"], confidence=case["level"])
        t = case.get("tol", tol)
        assert c.difference == pytest.approx(case["difference"], abs=t)
        assert c.standard_error == pytest.approx(case["standard_error"], abs=t)
        assert c.low == pytest.approx(case["lower"], abs=t)
        assert c.high == pytest.approx(case["upper"], abs=t)
        if "p_value" in case:
            assert c.p_value == pytest.approx(case["p_value"], abs=t)


def test_rounding(cases: dict[str, Any]) -> None:
    for case in cases["rounding"]:
        assert counts(case).rounded(case["decimals"]) == case["value"]


def test_errors(cases: dict[str, Any]) -> None:
    r = otklik.nps([10, 9, 7, 3])
    for case in cases["confidence_error"]:
        with pytest.raises(otklik.MetricsError) as info:
            r.interval(confidence=case["level"])
        assert info.value.kind == case["error"]
    with pytest.raises(ValueError, match="method"):
        r.interval(method="bootstrap")  # type: ignore[arg-type]
    empty = otklik.nps([])
    assert (empty.score, empty.standard_error, empty.interval()) == (None, None, None)
    with pytest.raises(otklik.MetricsError) as info:
        otklik.compare_nps(empty, r)
    assert info.value.kind == "empty"
    with pytest.raises(otklik.MetricsError) as info:
        otklik.nps([10, 11])
    assert (info.value.position, info.value.value) == (1, 11.0)


def test_documented_calls() -> None:
    r = otklik.nps([10, 9, 7, 3])
    assert (r.score, r.n, r.promoters, r.passives, r.detractors) == (25.0, 4, 2, 1, 1)
    low, high = r.interval(confidence=0.95, method="adjusted_wald") or (0.0, 0.0)
    assert -100 <= low < 25 < high <= 100
    b = otklik.nps_from_counts(promoters=70, passives=20, detractors=10)
    c = otklik.compare_nps(r, b, method="wald")
    assert c.difference == pytest.approx(35.0)
    assert c.z is not None and c.p_value is not None and c.low < c.difference < c.high
