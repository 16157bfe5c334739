#!/usr/bin/env bash
# The three peer comparisons of benches/README.md ("Peer comparisons") in one go:
# Python tagging peers, the SLA peer, and Lucene Monitor. PYTHON must have otklik (built with
# `maturin develop --release`) and pyahocorasick, flashtext, businesstimedelta, hyperscan.
set -euo pipefail
cd "$(dirname "$0")/../.."
PYTHON=${PYTHON:-python3}
DATA=${DATA:-target/peers-data}
cargo build --quiet --release -p otklik-benches --bin peers
export OTKLIK_PEERS_BIN="${CARGO_TARGET_DIR:-$PWD/target}/release/peers"
[ -f "$DATA/real-texts.jsonl" ] || "$OTKLIK_PEERS_BIN" gen "$DATA"
echo "== Python tagging peers"
"$PYTHON" benches/peers/peers.py --data "$DATA"
echo
echo "== SLA: business time"
"$PYTHON" benches/peers/sla.py --data "$DATA"
echo
echo "== Lucene Monitor"
"$PYTHON" benches/lucene-monitor/compare.py --data "$DATA"
