"""The real corpus (../shared/realcorpus, 2,715 articles nobody here wrote):
a seeded sample is ingested and every article is accounted for, and the
pipeline's on-demand word segmentation gives the facts of a full one on it.
`make bench` ingests all of them and reports the times."""
from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

REAL = Path(__file__).resolve().parents[2] / "shared" / "realcorpus" / "political.jsonl"
SEED = 14
pytestmark = [pytest.mark.slow, pytest.mark.skipif(not REAL.is_file(), reason="needs ../shared/realcorpus")]


def _sample(n: int, seed: int = SEED) -> list[dict]:
    rows = [json.loads(line) for line in REAL.read_text(encoding="utf-8").splitlines() if line.strip()]
    return random.Random(seed).sample(rows, n)


def test_a_sample_of_real_articles_is_ingested_and_every_one_accounted_for(tmp_path: Path) -> None:
    from vnfacts.ingest.local import IngestOptions, ingest
    from vnfacts.store import Store

    rows = _sample(100)
    src = tmp_path / "sample.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    rep = ingest([str(src)], tmp_path / "s.duckdb", IngestOptions(batch_size=32))
    run = rep.run
    assert [r.reason for r in rep.rejects] == []
    assert run.read == len(rows) and run.ingested + run.duplicate + run.rejected == run.read
    with Store.open(tmp_path / "s.duckdb", read_only=True) as st:
        lines = {int(s.rsplit(":", 1)[1]) for s in st.query("SELECT source FROM articles").column(0).to_pylist()}
        n_facts = st.query("SELECT count(*) FROM bodies").column(0)[0].as_py()
    assert len(lines) == run.ingested
    # an article that is not stored is a duplicate of one that is (same normalized text)
    from vnfacts.pipeline.normalize import normalize
    ids = [normalize(r["text"], url=r.get("url"), published=r.get("published")).article.id for r in rows]
    assert len(set(ids)) == run.ingested
    assert n_facts > len(rows)  # national political news names bodies


def test_on_demand_segmentation_gives_the_full_segmentations_facts_on_real_articles() -> None:
    from vnfacts.pipeline import extract_normalized
    from vnfacts.pipeline.normalize import normalize

    for r in _sample(40, seed=SEED + 1):
        norm = normalize(r["text"], url=r.get("url"), published=r.get("published"))
        assert extract_normalized(norm).model_dump() == extract_normalized(norm, all_words=True).model_dump(), r["id"]
