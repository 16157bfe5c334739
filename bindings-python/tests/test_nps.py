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


def close(got: float | None, want: float | None, case: dict[str, Any], tol: float) -> bool:
    """A float within the case's tolerance: `rtol` (relative) when given, else `tol` (absolute)."""
    if got is None or want is None:
        return got is None and want is None
    if "rtol" in case:
        return bool(abs(got - want) <= case["rtol"] * abs(want))
    return bool(abs(got - want) <= case.get("tol", tol))


def test_weighted(cases: dict[str, Any]) -> None:
    tol = cases["tolerance"]
    for case in cases["weighted"]:
        if "error" in case:
            with pytest.raises(otklik.MetricsError) as info:
                otklik.weighted_nps(case["answers"], case["weights"])
            assert info.value.kind == case["error"]
            if "error_position" in case:
                assert info.value.position == case["error_position"]
            continue
        r = otklik.weighted_nps(case["answers"], case["weights"])
        for key in ["score", "effective_n", "standard_error", "linearized_standard_error"]:
            assert close(getattr(r, key), case.get(key), case, tol), (key, case)
        if "lower" in case:
            interval = r.interval(confidence=case["level"])
            assert interval is not None
            assert close(interval[0], case["lower"], case, tol) and close(interval[1], case["upper"], case, tol)


def test_paired(cases: dict[str, Any]) -> None:
    tol = cases["tolerance"]
    checked = 0
    for case in cases["paired"]:
        def run() -> otklik.NpsComparison:
            if "table" in case:
                return otklik.compare_nps_paired(transition=case["table"], confidence=case["level"])
            return otklik.compare_nps_paired(case["before"], case["after"], confidence=case["level"])

        if "error" in case:
            with pytest.raises(otklik.MetricsError) as info:
                run()
            assert info.value.kind == case["error"]
            continue
        c = run()
        assert close(c.difference, case["difference"], case, tol)
        assert close(c.standard_error, case["standard_error"], case, tol)
        assert close(c.p_value, case.get("p_value"), case, tol)
        assert close(c.low, case["lower"], case, tol) and close(c.high, case["upper"], case, tol)
        checked += 1
    assert checked >= 3
    same = otklik.compare_nps_paired([10, 9, 3], [10, 9, 3])
    assert same.difference == 0.0 and same.z is None
    with pytest.raises(ValueError, match="either"):
        otklik.compare_nps_paired([10])


def test_holm(cases: dict[str, Any]) -> None:
    for case in cases["holm"]:
        if "error" in case:
            with pytest.raises(otklik.MetricsError):
                otklik.holm(case["p_values"])
            continue
        assert otklik.holm(case["p_values"]) == pytest.approx(case["adjusted"], abs=1e-12)


def test_segments_and_trends(cases: dict[str, Any]) -> None:
    tol = cases["tolerance"]
    for case in cases["segments"]:
        if "error" in case:
            continue  # duplicate segment keys: per-answer keys are grouped, so they cannot occur
        keys: list[str] = []
        answers: list[int] = []
        for key, p, pa, d in case["segments"]:
            keys += [key] * (p + pa + d)
            answers += [10] * p + [8] * pa + [3] * d
        overall, rows = otklik.nps_segments(
            keys, answers, confidence=case["level"], test=case["test"], correction=case["correction"]
        )
        assert close(overall.score, case["overall_score"], case, tol)
        assert [r.key for r in rows] == [s[0] for s in case["segments"]]
        for row, score, p, adj, sig in zip(
            rows, case["scores"], case["p_values"], case["adjusted_p_values"], case["significant"], strict=True
        ):
            assert close(row.score, score, case, tol)
            assert close(row.p_value, p, case, tol) and close(row.adjusted_p_value, adj, case, tol)
            assert row.significant == sig
    for case in cases["trend"]:
        periods = [
            (key, otklik.nps_from_counts(promoters=p, passives=pa, detractors=d)) for key, p, pa, d in case["periods"]
        ]
        rows = otklik.nps_trend(periods, confidence=case["level"], test=case["test"], correction=case["correction"])
        assert [r.significant for r in rows[1:]] == case["significant"]
        for row, diff, p in zip(rows[1:], case["differences"], case["p_values"], strict=True):
            assert close(row.difference, diff, case, tol) and close(row.p_value, p, case, tol)


def test_sample_size(cases: dict[str, Any]) -> None:
    for case in cases["sample_size"]:
        kwargs: dict[str, Any] = {"confidence": case["level"], "population": case.get("population")}
        if "promoters" in case:
            kwargs |= {"promoters": case["promoters"], "detractors": case["detractors"]}
        if "error" in case:
            with pytest.raises(otklik.MetricsError):
                otklik.nps_sample_size(case["margin"], **kwargs)
            continue
        assert otklik.nps_sample_size(case["margin"], **kwargs) == case["n"]
    for case in cases["margin_of_error"]:
        got = otklik.nps_margin_of_error(
            case["n"], confidence=case["level"], promoters=case["promoters"], detractors=case["detractors"],
            population=case.get("population"),
        )
        assert close(got, case["margin"], case, cases["tolerance"])


def test_csat_and_ces(cases: dict[str, Any]) -> None:
    tol = cases["tolerance"]
    for case in cases["top_box"]:
        if "error" in case:
            with pytest.raises(otklik.MetricsError):
                otklik.csat(case["ratings"], threshold=case["threshold"], scale=(case["min"], case["max"]))
            continue
        r = otklik.csat(case["ratings"], threshold=case["threshold"], scale=(case["min"], case["max"]))
        assert (r.successes, r.n) == (case["successes"], case["n"])
        assert close(r.share, case.get("share"), case, tol)
        if "lower" in case:
            w = r.wilson(confidence=case["level"])
            assert w is not None and close(w[0], case["lower"], case, tol) and close(w[1], case["upper"], case, tol)
    for case in cases["mean_rating"]:
        if "error" in case:
            with pytest.raises(otklik.MetricsError):
                otklik.ces(case["ratings"], scale=(case["min"], case["max"]))
            continue
        m = otklik.ces(case["ratings"], scale=(case["min"], case["max"]))
        assert m.n == case["n"] and close(m.mean, case.get("mean"), case, tol)
        assert close(m.standard_error, case.get("standard_error"), case, tol)


def test_engagement(cases: dict[str, Any]) -> None:
    tol = cases["tolerance"]
    for case in cases["engagement"]:
        posts = [otklik.PostCounts(**p) for p in case["posts"]]
        kwargs: dict[str, Any] = {}
        if "interactions" in case:
            kwargs["interactions"] = case["interactions"]
        r = otklik.period_rate(posts, case["formula"], **kwargs)
        assert close(r.ratio_of_sums, case.get("ratio_of_sums"), case, tol), case
        assert close(r.mean_of_ratios, case.get("mean_of_ratios"), case, tol), case
        assert (r.posts_in_sum, r.posts_in_mean) == (case["posts_in_sum"], case["posts_in_mean"])
    for case in cases["change"]:
        if "error" in case:
            with pytest.raises(otklik.MetricsError):
                otklik.rate_change(case["before"], case["after"])
            continue
        c = otklik.rate_change(case["before"], case["after"])
        assert close(c.points, case["points"], case, tol) and close(c.relative, case.get("relative"), case, tol)
    post = otklik.PostCounts(reactions=400, shares=100, followers=100_000)
    assert post.rate("interactions_per_followers") == pytest.approx(0.5)  # Telagon's example
    with pytest.raises(ValueError, match="unknown formula"):
        post.rate("err")  # type: ignore[arg-type]
