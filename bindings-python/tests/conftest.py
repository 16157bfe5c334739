"""Shared paths for the tests: the project's test vectors and example data, and ../shared/data."""

from __future__ import annotations

import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def root() -> pathlib.Path:
    return ROOT


@pytest.fixture(scope="session")
def shared_data() -> pathlib.Path:
    path = ROOT.parent / "shared" / "data"
    assert path.is_dir(), f"{path} is missing: the shared data sets must sit beside the project"
    return path
