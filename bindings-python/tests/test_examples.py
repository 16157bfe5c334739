"""The Python examples run and print what they promise (examples/python/)."""

from __future__ import annotations

import pathlib
import subprocess
import sys

import pytest

pytest.importorskip("polars")


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ("tag_dataframe.py", "need a reply"),
        ("sla_by_month.py", "SL = met / (met + missed)"),
        ("nps_with_intervals.py", "eNPS 2023: +60"),
    ],
)
def test_example_runs(root: pathlib.Path, script: str, expected: str) -> None:
    out = subprocess.run(
        [sys.executable, str(root / "examples/python" / script)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert expected in out.stdout
