# Every target creates or reuses the local virtualenv itself.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DB     ?= vnfacts.duckdb
SHARED ?= ../shared

.PHONY: run test eval bench lint install clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/vnfacts run-samples --shared $(SHARED)

test: $(STAMP)
	$(BIN)/python -m pytest

eval: $(STAMP)
	$(BIN)/vnfacts eval $(SHARED)/devset

bench: $(STAMP)
	$(BIN)/python -m extract.bench --shared $(SHARED)

lint: $(STAMP)
	$(BIN)/python -m pip install --quiet ruff
	$(BIN)/ruff check extract tests

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache $(DB)
