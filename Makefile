# Every target creates or reuses the local virtualenv itself.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DB     ?= vnfacts.duckdb
SHARED ?= ../shared

.PHONY: run test eval bench bench-reliability lint install clean train ner-compare realgold realgold2

# compileall: the bytecode pip writes for a regular install (an editable one
# leaves it to the first run, which a PYTHONDONTWRITEBYTECODE=1 session never writes)
$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@# the editable install maps vnfacts -> extract/; setuptools' generic notice about editable installs is silenced
	PYTHONWARNINGS='ignore:Editable installation' $(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	$(BIN)/python -m compileall -q extract
	touch $(STAMP)

install: $(STAMP)

# make run: the sample articles (corpus/samples, plus ../shared seeds and devset
# when present) into an embedded DuckDB file, re-ingested idempotently (articles
# already stored by this pipeline version are duplicates), then an SQL report.
SAMPLES_DB     ?= out/samples.duckdb
SAMPLE_INPUTS  := corpus/samples $(wildcard $(SHARED)/seeds $(SHARED)/devset)

run: $(STAMP)
	$(BIN)/vnfacts ingest $(SAMPLE_INPUTS) --sidecar --db $(SAMPLES_DB)
	@echo
	$(BIN)/vnfacts report --db $(SAMPLES_DB)

test: $(STAMP)
	$(BIN)/python -m pytest

eval: $(STAMP)
	$(BIN)/vnfacts eval $(SHARED)/devset

# The held-out real passages (corpus/realgold): cut out of $(SHARED)/realcorpus into build/realgold
# beside their gold, scored by vnfacts eval (spans) and the reference attribute scorer (README:
# "Real passages (held out)").
REALGOLD ?= build/realgold

realgold: $(STAMP)
	$(BIN)/python experiments/realgold.py --shared $(SHARED) materialize $(REALGOLD)
	$(BIN)/vnfacts eval $(REALGOLD)
	$(BIN)/vnfacts extract --sidecar --format jsonl $(REALGOLD)/*.txt > $(REALGOLD)/pred.jsonl
	$(BIN)/python $(SHARED)/tools/score_attrs.py $(REALGOLD) $(REALGOLD)/pred.jsonl

# The second held-out set (corpus/realgold2, gNN.json): ten passages of articles set 1 does not use,
# annotated blind (the gold was committed before the extractor ever ran on them); scored the same way.
REALGOLD2 ?= build/realgold2

realgold2: $(STAMP)
	$(BIN)/python experiments/realgold.py --shared $(SHARED) --set 2 materialize $(REALGOLD2)
	$(BIN)/vnfacts eval $(REALGOLD2)
	$(BIN)/vnfacts extract --sidecar --format jsonl $(REALGOLD2)/*.txt > $(REALGOLD2)/pred.jsonl
	$(BIN)/python $(SHARED)/tools/score_attrs.py $(REALGOLD2) $(REALGOLD2)/pred.jsonl

# the bytecode of the current sources first, as an installed wheel has it (and
# as a normal first run writes it; a session with PYTHONDONTWRITEBYTECODE=1
# would otherwise compile every module in every timed process)
bench: $(STAMP)
	$(BIN)/python -m compileall -q extract
	$(BIN)/python -m experiments.bench --shared $(SHARED)

# time per KB of extraction from 1 KB to 5 MB of real text and on adversarial
# shapes (README, Reliability); a few minutes, results in bench_reliability.json
bench-reliability: $(STAMP)
	$(BIN)/python -m experiments.bench_reliability --shared $(SHARED)

# NER model from corpus/ gold (configs/ner.cfg), CPU, about half a minute
train: $(STAMP)
	$(BIN)/python -m experiments.train --shared $(SHARED)

# rules / rules + model / underthesea ner() on the devset (README table)
ner-compare: train
	$(BIN)/python -m experiments.nercompare --shared $(SHARED) --out build/ner/compare.json

lint: $(STAMP)
	$(BIN)/python -m pip install --quiet ruff
	$(BIN)/ruff check extract experiments tests

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache $(DB)
