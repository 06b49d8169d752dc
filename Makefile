# schemagen — every target bootstraps what it needs from the pinned files in this repo:
# .venv from requirements.lock (+ this package, editable), node_modules from package-lock.json.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
STAMP  := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
PYTEST_ARGS ?=

.PHONY: all generate check test realworld realworld-slow goldens conformance review-oracle bench bench-stress fuzz ts-lib clean help

all: generate

help:
	@echo "make generate     render schemas/ into generated/"
	@echo "make check        fail (with a diff) if generated/ is out of date"
	@echo "make test         the whole test suite (bootstraps .venv and node tools)"
	@echo "make realworld    the real-world schema corpus (tests/realworld/)"
	@echo "make goldens      regenerate tests/goldens/*/expected from their schemas"
	@echo "make conformance  JSON-Schema-Test-Suite report (reports/conformance.md)"
	@echo "make review-oracle source findings against mypy/tsc on 200 drawn schema edits (docs/review-source-findings.md)"
	@echo "make bench        speed and memory beside datamodel-code-generator and json-schema-to-typescript (docs/limits.md)"
	@echo "make bench-stress deep, wide and long single schemas"
	@echo "make fuzz         10,000 hostile schemas: 0 canaries, tracebacks, import/tsc/node/mypy failures"
	@echo "make ts-lib       rederive generator/lower/ts_lib_types.py from the pinned TypeScript lib files"

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

# Real-world schema sets (tests/realworld/): generation in two worker processes, one mypy and one
# tsc over all of them; a pytest run of its own so the fixture builds the corpus once.
realworld: $(STAMP) $(NODE_STAMP)
	SCHEMAGEN_REALWORLD=1 $(BIN)/pytest -p no:xdist -q tests/test_realworld.py tests/test_realworld_validators.py tests/test_black_layout.py::test_real_world_sets

# The same with the sets whose generation takes minutes (issue 10, class 10).
realworld-slow: $(STAMP) $(NODE_STAMP)
	SCHEMAGEN_REALWORLD=1 SCHEMAGEN_REALWORLD_SLOW=1 $(BIN)/pytest -p no:xdist -q tests/test_realworld.py tests/test_realworld_validators.py tests/test_black_layout.py::test_real_world_sets

# Source findings checked by the compilers on a larger hypothesis draw (issue 23); the test suite
# runs the rule examples and a small fixed sample (tests/review/test_source_oracle.py).
review-oracle: $(STAMP) $(NODE_STAMP)
	nice -n 10 $(PY) -m tests.review.oracle_run --count $(or $(COUNT),200) --seed $(or $(SEED),1)

goldens: $(STAMP)
	$(PY) -m tests.goldens_update

conformance: $(STAMP) $(NODE_STAMP)
	$(PY) -m tests.conformance.report
	SCHEMAGEN_PROPERTY_EXAMPLES=60 $(BIN)/pytest -n auto tests/conformance/test_properties.py

bench: $(STAMP) $(NODE_STAMP)
	$(PY) -m tests.bench $(BENCH_ARGS)
	$(PY) -m tests.bench_validators

bench-stress: $(STAMP)
	$(PY) -m tests.bench_stress

FUZZ_ARGS ?=
ts-lib: $(STAMP) $(NODE_STAMP)
	$(PY) -m tests.ts_lib_update

fuzz: $(STAMP) $(NODE_STAMP)
	$(PY) -m tests.fuzz $(FUZZ_ARGS)

clean:
	rm -rf $(VENV) node_modules .pytest_cache .mypy_cache
