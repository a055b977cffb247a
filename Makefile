# Everything a fresh machine needs: Python 3.11+ and make.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint typecheck check eval bench lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"

# Installs exactly what requirements.lock pins (hash-checked), then the project itself.
$(STAMP): requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/stancewatch demo

# With PostgreSQL installed, the store tests also run on a throwaway cluster (.ci/with_postgres.py).
test: $(STAMP)
	$(BIN)/python .ci/with_postgres.py $(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

check: lint typecheck test

# Extraction measured on ../shared: the attribution dev set (trained and blank
# pipelines) and the seed gold; then on our own annotated articles (tests/data/attribution);
# then positions on our labelled stance set and the seeds; then positions on real 2016 news
# (labels of ours on the shared attribution set's statements, measure-only).
eval: $(STAMP)
	$(BIN)/python -m bench.eval_extraction
	$(BIN)/python -m bench.eval_extraction --blank
	$(BIN)/python -m bench.eval_extraction --set own
	$(BIN)/python -m bench.eval_stance
	$(BIN)/python -m bench.eval_realnews

# The watchers' throughput: the Poller against naive loops over 2,000 feeds on loopback
# (FEEDS=200 for a quick look). Takes a few minutes: the naive loops are slow.
FEEDS ?= 2000
bench: $(STAMP)
	$(BIN)/python -m bench.bench_watchers --feeds $(FEEDS)

# Regenerates the lock file from pyproject.toml (needs network to PyPI).
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile --quiet --generate-hashes --universal --python-version 3.11 \
	    --extra dev --no-emit-package stancewatch -o requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
