# otklik: the commands a newcomer types. `make test` runs every test of every language.
#
#   make test          Rust (unit, integration, doc tests), Python (pytest incl. Spark local[2], mypy),
#                      Kotlin (JUnit via Maven)
#   make run           the main job on the bundled example data
#   make lint          rustfmt and clippy, as CI runs them
#
# Python tools are installed into .venv from PyPI on first use; Maven fetches its own plugins.

SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
VENV_BIN := $(VENV)/bin

.PHONY: test test-rust test-python test-kotlin run lint bench-python bench-peers bench-spark

test: test-rust test-python test-kotlin

test-rust:
	cargo test --workspace

$(VENV)/.ready: Makefile
	$(PYTHON) -m venv $(VENV)
	$(VENV_BIN)/pip install --quiet "maturin>=1.9.4,<2" "pytest>=8" "mypy>=1.10" pyarrow polars pandas "pyspark>=4.0,<5"
	touch $@

test-python: $(VENV)/.ready
	VIRTUAL_ENV=$(abspath $(VENV)) $(VENV_BIN)/maturin develop --quiet -m bindings-python/Cargo.toml
	OTKLIK_REQUIRE_SPARK=1 $(VENV_BIN)/python -m pytest bindings-python/tests
	$(VENV_BIN)/python -m mypy --strict bindings-python/tests examples/python examples/spark

test-kotlin:
	cd bindings-kotlin && mvn -B --no-transfer-progress test

run:
	cargo run --release -p otklik-examples --bin triage

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings

# The Python binding benchmark: the module built with --release, against the Rust batch API.
bench-python: $(VENV)/.ready
	VIRTUAL_ENV=$(abspath $(VENV)) $(VENV_BIN)/maturin develop --quiet --release -m bindings-python/Cargo.toml
	$(VENV_BIN)/python benches/python/tag_many.py

# Issue 9: otklik against its peers (Python taggers, businesstimedelta, Lucene Monitor), one run.
PEERS_DATA ?= target/peers-data
bench-peers: $(VENV)/.ready
	$(VENV_BIN)/pip install --quiet pyahocorasick flashtext businesstimedelta
	-$(VENV_BIN)/pip install --quiet hyperscan
	VIRTUAL_ENV=$(abspath $(VENV)) $(VENV_BIN)/maturin develop --quiet --release -m bindings-python/Cargo.toml
	PYTHON=$(VENV_BIN)/python DATA=$(PEERS_DATA) bash benches/peers/run_all.sh

# Issue 10: otklik on Spark local[2] against a pure-Python `re` UDF, 1,000,000 mentions, 10,000 rules.
bench-spark: $(VENV)/.ready
	VIRTUAL_ENV=$(abspath $(VENV)) $(VENV_BIN)/maturin develop --quiet --release -m bindings-python/Cargo.toml
	$(VENV_BIN)/python benches/spark/bench.py
