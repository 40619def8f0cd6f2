# The README's two set-up commands are `make run` and `make test`; .ci/run calls `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format prepare verify bench bench-load clean

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -r requirements-dev.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

run: $(STAMP)  ## install, then start the app on the bundled data (warming its caches as it starts)
	$(BIN)/svd-dash serve

test: $(STAMP) lint  ## install, lint, then run every test
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

prepare: $(STAMP)  ## rebuild data/ and geo/ from data/raw
	$(BIN)/svd-dash prepare

verify: $(STAMP)  ## check data/ and geo/ against the manifest
	$(BIN)/svd-dash verify

bench: $(STAMP)  ## print speed figures (not a test)
	$(BIN)/python -m benchmarks.prepare_archive
	$(BIN)/python -m benchmarks.analytics
	$(BIN)/python -m benchmarks.dashboard
	$(BIN)/python -m benchmarks.browser
	$(BIN)/python -m benchmarks.exports
	$(BIN)/python -m benchmarks.analyst
	$(BIN)/python -m benchmarks.partner

bench-load: $(STAMP)  ## 10 then 20 concurrent sessions for two minutes each: page times, server CPU per view, memory
	$(BIN)/python -m benchmarks.load --sessions 10 --seconds 120
	$(BIN)/python -m benchmarks.load --sessions 20 --seconds 120

clean:
	rm -rf $(VENV)
