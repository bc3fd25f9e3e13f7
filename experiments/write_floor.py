"""How fast DuckDB itself takes one ingest's batches: the floor under "facts written per second".

The Arrow tables of real extraction results are built once (outside the clock), then written as
vnfacts' writer does (an in-memory engine ATTACHes the store per batch: BEGIN, one INSERT per
table, COMMIT, DETACH), into a store created and migrated by vnfacts, for variants:

- `cur`: the writer's settings (the commit is the checkpoint: checkpoint_threshold 0, no vacuum);
- `wal`: the commit goes to the write-ahead log and the checkpoint happens at DETACH (the writer
  before this stop);
- `hold`: `cur` with the store kept attached between batches (no reader could open it);
- `noart` / `onlyart`: `cur` without the articles' rows / with only them (what the text costs).

Env BS sets the batch size (default 1000, vnfacts ingest's); rounds alternate the variants.

    python -m experiments.bench_write extract ../shared/realcorpus/political.jsonl /tmp/w.pkl --articles 1500
    python experiments/write_floor.py /tmp/w.pkl cur,wal,noart,onlyart 5
"""
from __future__ import annotations

import os
import pickle
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import duckdb
from vnfacts.store import Batch, Store
from vnfacts.store.rows import CANONICAL_TABLES, FACT_TABLES, build_tables

ARTICLES = "stored_articles"


def batches_of(pkl: str, size: int) -> tuple[list[dict], int]:
    outs = pickle.loads(Path(pkl).read_bytes())["outcomes"]
    rows = [o.rows for o in outs if o.status == "extracted"]
    out = []
    for i in range(0, len(rows), size):
        b = Batch.of(rows[i:i + size], n_read=len(rows[i:i + size]))
        out.append(build_tables(b, run_id=1, version="x", now=datetime.now(timezone.utc)))
    return out, sum(t[n].num_rows for t in out for n in FACT_TABLES)


def write(path: str, variant: str, batches: list[dict]) -> dict[str, float]:
    """Write the batches into the store at `path`; seconds per step, summed over batches."""
    eng = duckdb.connect(":memory:", config={"threads": "1"})
    parts = {"attach": 0.0, "insert": 0.0, "commit": 0.0, "detach": 0.0}
    hold = variant == "hold"
    for bi, tables in enumerate(batches):
        t0 = time.perf_counter()
        if not hold or bi == 0:
            eng.execute(f"ATTACH '{path}' AS store")
            eng.execute("USE store")
            eng.execute("SET max_vacuum_tasks = 0")
            eng.execute(f"SET checkpoint_threshold = '{'16MB' if variant == 'wal' else '0b'}'")
        t1 = time.perf_counter()
        eng.execute("BEGIN TRANSACTION")
        for name in (ARTICLES, *FACT_TABLES, "rejects", *CANONICAL_TABLES):
            if (variant == "noart" and name == ARTICLES) or (variant == "onlyart" and name != ARTICLES):
                continue
            _batch = tables[name]  # noqa: F841 - read by the INSERT's replacement scan
            if not _batch.num_rows:
                continue
            if name in CANONICAL_TABLES:
                key = CANONICAL_TABLES[name]
                eng.execute(f"INSERT INTO {name} BY NAME SELECT * FROM _batch b "
                            f"WHERE NOT EXISTS (SELECT 1 FROM {name} c WHERE c.{key} = b.{key})")
            else:
                eng.execute(f"INSERT INTO {name} BY NAME SELECT * FROM _batch")
        t2 = time.perf_counter()
        eng.execute("COMMIT")
        t3 = time.perf_counter()
        if not hold or bi == len(batches) - 1:
            eng.execute("USE memory")
            eng.execute("DETACH store")
        t4 = time.perf_counter()
        for k, v in zip(parts, (t1 - t0, t2 - t1, t3 - t2, t4 - t3)):
            parts[k] += v
    eng.close()
    return parts


def main(argv: list[str]) -> None:
    pkl, variants = argv[0], argv[1].split(",")
    rounds = int(argv[2]) if len(argv) > 2 else 3
    batches, nfacts = batches_of(pkl, int(os.environ.get("BS", 1000)))
    res: dict[str, list] = {v: [] for v in variants}
    with tempfile.TemporaryDirectory() as td:
        for r in range(rounds):
            for v in (variants if r % 2 == 0 else variants[::-1]):
                p = f"{td}/{v}{r}.duckdb"
                Store.open(p, threads=1).close()  # created and migrated by vnfacts
                parts = write(p, v, batches)
                res[v].append((sum(parts.values()), parts, os.path.getsize(p)))
    for v in variants:
        m = statistics.median(x[0] for x in res[v])
        best = min(res[v], key=lambda x: x[0])
        print(v, f"facts={nfacts} median {m:.3f}s -> {nfacts / m:,.0f} facts/s",
              {k: round(val, 3) for k, val in best[1].items()}, f"{best[2] / 1e6:.1f} MB")


if __name__ == "__main__":
    main(sys.argv[1:])
