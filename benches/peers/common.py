"""What the peer scripts share: where the project and the generated inputs are, and how to run
the `peers` binary."""

from __future__ import annotations

import os
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
DEFAULT_DATA = ROOT / "target" / "peers-data"


def peers_bin() -> list[str]:
    """The `peers` binary: $OTKLIK_PEERS_BIN if set (a prebuilt release build), else cargo run."""
    prebuilt = os.environ.get("OTKLIK_PEERS_BIN")
    if prebuilt:
        return [prebuilt]
    return ["cargo", "run", "--quiet", "--release", "-p", "otklik-benches", "--bin", "peers", "--"]
