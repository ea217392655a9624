# The two commands of the quick start: `make run` and `make test`. Both create .venv and
# install what they need, so they work on a fresh clone with only Python 3.11+ and pip.

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.run-deps: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e ".[all]"
	touch $@

$(VENV)/.test-deps: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e ".[test]"
	touch $@

run: $(VENV)/.run-deps
	$(BIN)/pesco-graph build

test: $(VENV)/.test-deps
	$(BIN)/ruff check pesco_graph tests benchmarks
	$(BIN)/python -m mypy --strict pesco_graph
	$(BIN)/python -m pytest

lint: $(VENV)/.test-deps
	$(BIN)/ruff check pesco_graph tests benchmarks
	$(BIN)/python -m mypy --strict pesco_graph

bench: $(VENV)/.test-deps
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) dist build analysis .pytest_cache
