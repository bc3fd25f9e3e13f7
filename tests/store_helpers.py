"""Helpers for the fact store tests: reading a store back as plain rows, and
running `vnfacts` in a real process."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "corpus" / "samples"

# tables whose contents are the store's data (runs and rejects are its log)
DATA_TABLES = ("articles", "dates", "documents", "bodies", "persons", "counts", "ratios",
               "documents_canonical", "bodies_canonical")
ALL_TABLES = (*DATA_TABLES, "runs", "rejects", "schema_migrations")
_ORDER = {"articles": "id", "documents_canonical": "doc_key", "bodies_canonical": "body_key"}


def connect(db: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(db), read_only=True)


def row_counts(db: Path, tables=ALL_TABLES) -> dict[str, int]:
    con = connect(db)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in tables}
    finally:
        con.close()


def contents(db: Path) -> dict[str, list[tuple]]:
    """Every data table's rows, sorted, without the columns that record when
    and by which run a row was written."""
    con = connect(db)
    try:
        out = {}
        for t in DATA_TABLES:
            cols = "* EXCLUDE (ingested_at, run_id)" if t == "articles" else "*"
            order = _ORDER.get(t, "article_id, idx")
            out[t] = con.execute(f"SELECT {cols} FROM {t} ORDER BY {order}").fetchall()
        return out
    finally:
        con.close()


def runs(db: Path) -> list[dict]:
    con = connect(db)
    try:
        cur = con.execute("SELECT * FROM runs ORDER BY run_id")
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]
    finally:
        con.close()


def assert_accounted(db: Path) -> None:
    """Every finished run: read = ingested + duplicate + rejected, and the
    rejects table holds one row per rejected input."""
    con = connect(db)
    try:
        for r in con.execute("SELECT run_id, status, n_read, n_ingested, n_duplicate, n_rejected FROM runs").fetchall():
            run_id, status, read, ingested, dup, rej = r
            assert read == ingested + dup + rej, r
            n = con.execute("SELECT count(*) FROM rejects WHERE run_id = ?", [run_id]).fetchall()[0][0]
            assert n == rej, (r, n)
    finally:
        con.close()


def vnfacts_cmd() -> list[str]:
    return [sys.executable, "-m", "vnfacts.cli"]


def run_vnfacts(*args: str, env: dict | None = None, timeout: float = 300, **kw) -> subprocess.CompletedProcess:
    e = dict(os.environ)
    e.pop("VNFACTS_TEST_KILL_AT", None)
    e.update(env or {})
    return subprocess.run([*vnfacts_cmd(), *args], capture_output=True, text=True, timeout=timeout, env=e,
                          cwd=str(REPO), check=False, **kw)


# ---------------------------------------------------------------- hand-made facts


def count_at(text: str, words: str, value: int, *, nth: int = 0, **fields):
    """A CountFact over the `nth` occurrence of `words` in `text` (fields:
    unit, predicate, subject, period, metric, modality, unit_class, grade,
    breakdown, qualifier)."""
    from vnfacts.models import CountFact
    start = -1
    for _ in range(nth + 1):
        start = text.index(words, start + 1)
    return CountFact(text=words, start=start, end=start + len(words), value=value, **fields)


def ratio_at(text: str, words: str, **fields):
    from vnfacts.models import RatioFact
    start = text.index(words)
    return RatioFact(text=words, start=start, end=start + len(words), **fields)


def store_facts(db: Path, articles: list[tuple[str, str, str | None, list, list]]) -> None:
    """Write hand-made articles straight into a store: (id, text, published,
    counts, ratios) each; the province comes from the text."""
    from vnfacts.models import Article, ExtractionResult
    from vnfacts.store import ArticleRecord, Batch, Store, article_rows
    records = []
    for art_id, text, published, counts, ratios in articles:
        res = ExtractionResult(source=f"{art_id}.txt", counts=counts, ratios=ratios,
                               article=Article(id=art_id, source=f"{art_id}.txt", title=text.splitlines()[0],
                                               published=published, body_text=text))
        records.append(article_rows(ArticleRecord(result=res, text=text)))  # province and keys: canonicalize
    with Store.open(db) as store:
        run = store.begin_run([a[0] for a in articles], workers=1, batch_size=len(records))
        store.write_batch(run, Batch.of(records, n_read=len(records)))
        store.finish_run(run, "completed", seconds=0.0, extract_seconds=0.0, write_seconds=0.0)
