# One command each for the two jobs the README names; .ci/run calls `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test lint venv bench clean

$(BIN)/kg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/kg

venv: $(BIN)/kg

## Set up and run the main job: build the bundled sample minutes into the store (./store).
run: venv
	$(BIN)/kg build

## Set up and run every check: lint, types, tests.
test: venv lint
	$(BIN)/python -m pytest -q

lint: venv
	$(BIN)/ruff check kg tests bench
	$(BIN)/ruff format --check kg tests bench
	$(BIN)/mypy

## Run every benchmark and write BENCHMARKS.md (e.g. make bench BENCH_RECORDS="100 1000 10000").
BENCH_RECORDS ?= 100 1000
bench: venv
	$(BIN)/python -m bench all $(foreach n,$(BENCH_RECORDS),--records $(n))

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
