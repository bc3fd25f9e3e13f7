"""The held-out real passages (corpus/realgold): the seeded choice of experiments/realgold.py still
picks the passages the gold names, every gold mention is verbatim in its materialized passage, and the
metric fields come from the closed sets. Skipped when ../shared/realcorpus is absent."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import REPO, SHARED
from test_corpus_gold import _metric_errors
from vnfacts.evaluation.baseline import gold_sets

from experiments import realgold

GOLD = sorted((REPO / "corpus" / "realgold").glob("r*.json"))
needs_corpus = pytest.mark.skipif(not (SHARED / "realcorpus" / "political.jsonl").is_file(),
                                  reason="needs ../shared/realcorpus")


@pytest.fixture(scope="module")
def passages(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("realgold")
    assert len(realgold.materialize(SHARED, out)) == len(GOLD)
    return out


@needs_corpus
def test_selection_is_reproducible_and_names_the_gold_passages() -> None:
    chosen = realgold.select(SHARED)
    got = {c["name"]: (c["realcorpus_id"], c["start"], c["end"]) for c in chosen}
    want = {}
    for js in GOLD:
        src = json.loads(js.read_text(encoding="utf-8"))["source"]
        want[js.stem] = (src["realcorpus_id"], src["start"], src["end"])
    assert got == want


@needs_corpus
@pytest.mark.parametrize("gold", GOLD, ids=[p.name for p in GOLD])
def test_gold_mentions_are_in_the_passage(gold: Path, passages: Path) -> None:
    data = json.loads(gold.read_text(encoding="utf-8"))
    text = (passages / (gold.stem + ".txt")).read_text(encoding="utf-8")
    assert len(text) - 1 == data["source"]["end"] - data["source"]["start"]
    bad = [f"{k} {f['text']!r}" for k in ("dates", "documents", "bodies", "counts", "ratios")
           for f in data.get(k, []) if f["text"] not in text]
    bad += [f"persons {p['name']!r}" for p in data.get("persons", []) if p["name"] not in text]
    bad += [f"doubtful {d!r}" for d in data.get("doubtful", []) if d not in text]
    for kind in ("counts", "ratios"):
        bad += [f"{kind} {f['text']!r}: {e}" for f in data.get(kind, []) for e in _metric_errors(kind, f)]
    assert not bad, f"{gold.name}:\n" + "\n".join(bad)


def test_materialize_says_when_shared_is_absent(tmp_path: Path) -> None:
    assert realgold.main(["--shared", str(tmp_path / "nowhere"), "materialize", str(tmp_path / "out")]) == 2
    assert not (tmp_path / "out").exists()


def test_held_out_set_is_not_in_the_regression_gate() -> None:
    assert GOLD, "corpus/realgold has no gold"
    assert all(s.gold_dir.name != "realgold" for s in gold_sets(REPO / "corpus", None))
