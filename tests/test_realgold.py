"""The held-out real passages (corpus/realgold, and set 2 in corpus/realgold2): the seeded choice of
experiments/realgold.py still picks the passages the gold names, every gold mention is verbatim in its
materialized passage (set 2: at its start/end offsets), and the metric fields come from the closed sets.
Skipped when ../shared/realcorpus is absent."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import REPO, SHARED
from test_corpus_gold import _metric_errors
from vnfacts.evaluation.baseline import gold_sets

from experiments import realgold

GOLD = sorted((REPO / "corpus" / "realgold").glob("r*.json"))
GOLD2 = sorted((REPO / "corpus" / "realgold2").glob("g*.json"))
FACT_KINDS = ("dates", "documents", "bodies", "persons", "counts", "ratios")
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


@pytest.fixture(scope="module")
def passages2(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("realgold2")
    set2 = realgold.SETS[2]
    assert len(realgold.materialize(SHARED, out, set2.gold_dir, set2.prefix)) == len(GOLD2)
    return out


@needs_corpus
def test_set_2_selection_is_reproducible_and_avoids_set_1() -> None:
    set2 = realgold.SETS[2]
    chosen = realgold.select(SHARED, set2.n, set2.seed, set2.n_figures, set2.excluded_ids(), set2.prefix,
                             set2.strict)
    got = {c["name"]: (c["realcorpus_id"], c["start"], c["end"]) for c in chosen}
    want = {}
    for js in GOLD2:
        src = json.loads(js.read_text(encoding="utf-8"))["source"]
        want[js.stem] = (src["realcorpus_id"], src["start"], src["end"])
    assert got == want
    set1_ids = {json.loads(js.read_text(encoding="utf-8"))["source"]["realcorpus_id"] for js in GOLD}
    assert set1_ids and not set1_ids & {aid for aid, _, _ in got.values()}
    assert sum(c["kind"] == "figures" for c in chosen) >= 7


@needs_corpus
@pytest.mark.parametrize("gold", GOLD2, ids=[p.name for p in GOLD2])
def test_set_2_offsets_index_the_passage(gold: Path, passages2: Path) -> None:
    data = json.loads(gold.read_text(encoding="utf-8"))
    text = (passages2 / (gold.stem + ".txt")).read_text(encoding="utf-8")
    bad = []
    for kind in FACT_KINDS:
        starts = []
        for f in data.get(kind, []):
            surface = f["name"] if kind == "persons" else f["text"]
            if text[f["start"]:f["end"]] != surface:
                bad.append(f"{kind} {surface!r} at {f['start']}:{f['end']} reads {text[f['start']:f['end']]!r}")
            starts.append(f["start"])
        if starts != sorted(starts):
            bad.append(f"{kind}: not in order of appearance")
    bad += [f"doubtful {d!r}" for d in data.get("doubtful", []) if d not in text]
    for kind in ("counts", "ratios"):
        bad += [f"{kind} {f['text']!r}: {e}" for f in data.get(kind, []) for e in _metric_errors(kind, f)]
    assert not bad, f"{gold.name}:\n" + "\n".join(bad)


def test_materialize_says_when_shared_is_absent(tmp_path: Path) -> None:
    assert realgold.main(["--shared", str(tmp_path / "nowhere"), "materialize", str(tmp_path / "out")]) == 2
    assert not (tmp_path / "out").exists()


def test_held_out_set_is_not_in_the_regression_gate() -> None:
    assert GOLD, "corpus/realgold has no gold"
    assert GOLD2, "corpus/realgold2 has no gold"
    assert all(s.gold_dir.name not in ("realgold", "realgold2") for s in gold_sets(REPO / "corpus", None))
