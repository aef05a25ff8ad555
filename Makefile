# ehelse: the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test test-pg system-deps bench lint audit clean corpus sample-workbooks help

help:
	@echo "make run    – installer, last eksempeldata (hvis databasen er tom) og start dashbordet"
	@echo "make test   – installer alt testene trenger (også chromium) og kjør hele testsuiten"
	@echo "make bench  – kjør ytelsesmålingene og skriv en tabell med forholdstall"
	@echo "make lint   – ruff og mypy"
	@echo "make audit  – sjekk avhengigheter for kjente sårbarheter (pip-audit)"

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.run-installed: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install -q -c constraints.txt -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install -q -c constraints.txt -e '.[dev]'
	touch $@ $(VENV)/.run-installed

# `ehelse serve` says which database it shows (and that the default file is shared per user).
run: $(VENV)/.run-installed
	@$(BIN)/ehelse sample
	@EHELSE_AUTH_MODE=$${EHELSE_AUTH_MODE:-local} EHELSE_LOCAL_ROLE=$${EHELSE_LOCAL_ROLE:-administrator} $(BIN)/ehelse serve --port $(PORT)

# Debian packages the tests use (chromium, LibreOffice Calc and Impress, poppler, DejaVu fonts):
# scripts/system-deps installs whichever is missing; `scripts/system-deps --check` only lists them.
system-deps:
	@scripts/system-deps

# Four workers on two cores: the browser tests mostly wait (on Streamlit, Chromium, LibreOffice),
# so four keep both cores busy; a file's tests stay on one worker (its module fixtures once).
# Measured on the 2-core CI machine: whole suite 8.7 min with -n 4, 13.6 min with -n 2.
PYTEST_ARGS ?= -n 4 --dist loadfile

test: $(VENV)/.dev-installed system-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-pg: $(VENV)/.dev-installed system-deps
	EHELSE_TEST_DB_URL=$${EHELSE_TEST_DB_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test} $(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(VENV)/.dev-installed system-deps
	$(BIN)/python -m tests.bench.run

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy model importers cli dashboard sample_data

audit: $(VENV)/.dev-installed
	$(BIN)/pip install -q pip-audit
	$(BIN)/python -m tests.audit

corpus: $(VENV)/.dev-installed system-deps
	$(BIN)/python tests/data/make_corpus.py

sample-workbooks: $(VENV)/.run-installed
	$(BIN)/python -m sample_data.generate

clean:
	rm -rf $(VENV) build *.egg-info test-artifacts bench-results
