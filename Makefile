# Two entry points: `make demo` diagnoses the bundled example runs, `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test install-test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.core: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[png]'
	touch $@

$(VENV)/.test: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[png,test,keras,lightning,hf,mlflow]'
	bash scripts/install-browser.sh
	bash scripts/install-fonts.sh
	touch $@ $(VENV)/.core

demo: $(VENV)/.core
	$(BIN)/lossdoctor diagnose examples/ --format html -o lossdoctor-report.html
	$(BIN)/lossdoctor diagnose examples/

test: $(VENV)/.test
	$(BIN)/python -m pytest
