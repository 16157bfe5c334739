"""Shared paths for the tests: the project's test vectors and example data, and ../shared/data."""

from __future__ import annotations

import os
import pathlib
import sys
from collections.abc import Iterator
from typing import Any

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


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """One local Spark session for the whole test run: local[2], no UI, few shuffle partitions,
    on the loopback interface, its Python workers running this interpreter (which has otklik).

    Skipped when pyspark is not installed, unless OTKLIK_REQUIRE_SPARK is set (`make test` sets
    it, so a missing pyspark fails there instead of passing silently)."""
    if os.environ.get("OTKLIK_REQUIRE_SPARK"):
        import pyspark  # noqa: F401  (fails the tests that need it)
    else:
        pytest.importorskip("pyspark")
    from pyspark.sql import SparkSession

    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"  # loopback only
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("otklik-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.default.parallelism", "4")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.memory", "2g")
        .config("spark.sql.adaptive.enabled", "false")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
