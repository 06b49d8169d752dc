# schemagen — every target bootstraps what it needs from the pinned files in this repo:
# .venv from requirements.lock (+ this package, editable), node_modules from package-lock.json.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
STAMP  := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
PYTEST_ARGS ?=

.PHONY: all generate check test goldens conformance bench clean help

all: generate

help:
	@echo "make generate     render schemas/ into generated/"
	@echo "make check        fail (with a diff) if generated/ is out of date"
	@echo "make test         the whole test suite (bootstraps .venv and node tools)"
	@echo "make goldens      regenerate tests/goldens/*/expected from their schemas"
	@echo "make conformance  JSON-Schema-Test-Suite report (reports/conformance.md)"
	@echo "make bench        speed and memory benchmark"

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

generate: $(STAMP)
	$(BIN)/schemagen generate

check: $(STAMP)
	$(BIN)/schemagen check

test: $(STAMP) $(NODE_STAMP)
	$(BIN)/pytest -n auto $(PYTEST_ARGS)

goldens: $(STAMP)
	$(PY) -m tests.goldens_update

conformance: $(STAMP) $(NODE_STAMP)
	$(PY) -m tests.conformance.report
	SCHEMAGEN_PROPERTY_EXAMPLES=60 $(BIN)/pytest -n auto tests/conformance/test_properties.py

bench: $(STAMP)
	$(PY) -m tests.bench

clean:
	rm -rf $(VENV) node_modules .pytest_cache .mypy_cache
