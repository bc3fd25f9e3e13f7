"""Every SQL statement the store runs besides the migrations (sql/*.sql):
batch writes, run bookkeeping, stats and the canned report."""
from __future__ import annotations

# ---------------------------------------------------------------- writing

# One INSERT ... SELECT per table per batch, from an Arrow table registered as _batch.
INSERT_FROM_ARROW = "INSERT INTO {table} BY NAME SELECT * FROM _batch"

# Canonical rows: only keys not stored yet (the first article to name a
# document or body gives its label).
INSERT_NEW_CANONICAL = """
INSERT INTO {table} BY NAME
SELECT * FROM _batch b WHERE NOT EXISTS (SELECT 1 FROM {table} c WHERE c.{key} = b.{key})
"""

# An article stored by an older pipeline version: its facts go, the new ones come in.
DELETE_FACTS_OF = "DELETE FROM {table} WHERE article_id IN (SELECT id FROM _replaced)"
DELETE_ARTICLES = "DELETE FROM articles WHERE id IN (SELECT id FROM _replaced)"

STORED_VERSIONS = "SELECT id, pipeline_version FROM articles"

NEXT_RUN_ID = "SELECT coalesce(max(run_id), 0) + 1 FROM runs"

BEGIN_RUN = """
INSERT INTO runs (run_id, started_at, status, inputs, pipeline_version, workers, batch_size)
VALUES (?, ?, 'running', ?, ?, ?, ?)
"""

# A run still marked running when a writer opens the store was killed: no
# other writer can have it open (DuckDB locks the file).
MARK_INTERRUPTED = "UPDATE runs SET status = 'interrupted' WHERE status = 'running'"

ADD_TO_RUN = """
UPDATE runs SET n_read = n_read + ?, n_ingested = n_ingested + ?, n_replaced = n_replaced + ?,
                n_duplicate = n_duplicate + ?, n_rejected = n_rejected + ?,
                seconds = ?, extract_seconds = ?, write_seconds = ?
WHERE run_id = ?
"""

FINISH_RUN = """
UPDATE runs SET status = ?, finished_at = ?, seconds = ?, extract_seconds = ?, write_seconds = ?
WHERE run_id = ?
"""

RUN_ROW = """
SELECT run_id, status, n_read, n_ingested, n_replaced, n_duplicate, n_rejected, seconds,
       extract_seconds, write_seconds
FROM runs WHERE run_id = ?
"""

# ---------------------------------------------------------------- stats

COUNT_ROWS = "SELECT count(*) FROM {table}"

VERSIONS = "SELECT pipeline_version, count(*) FROM articles GROUP BY ALL ORDER BY 2 DESC, 1"

RECENT_RUNS = """
SELECT run_id, strftime(started_at, '%Y-%m-%d %H:%M:%S') AS started, status, n_read, n_ingested, n_replaced,
       n_duplicate, n_rejected, round(seconds, 2) AS seconds,
       round(100 * write_seconds / nullif(seconds, 0), 1) AS write_pct
FROM runs ORDER BY run_id DESC LIMIT ?
"""

RECENT_REJECTS = """
SELECT run_id, path, line, reason FROM rejects ORDER BY rejected_at DESC, run_id DESC, path, line LIMIT ?
"""

WRITE_SHARE = """
SELECT sum(write_seconds), sum(seconds) FROM runs WHERE status = 'completed' AND n_ingested > 0
"""

# ---------------------------------------------------------------- report

REPORT: list[tuple[str, str]] = [
    ("Articles per year (publication date)",
     "SELECT coalesce(CAST(year AS VARCHAR), 'unknown') AS year, articles FROM articles_per_year"),
    ("Most cited documents (articles citing them, mentions)",
     "SELECT label AS document, articles, mentions FROM top_documents LIMIT 10"),
    ("Admissions (kết nạp) per province and year",
     """SELECT coalesce(ad.province, '(unknown)') AS province, coalesce(CAST(ad.year AS VARCHAR), '?') AS year,
               ad.unit, ad.total, ad.articles
        FROM admissions ad
        ORDER BY ad.year DESC NULLS LAST, ad.province NULLS LAST, ad.total DESC LIMIT 25"""),
    ("Units reporting 100% (n/n or 100%)",
     """SELECT coalesce(fr.province, '(unknown)') AS province, coalesce(CAST(fr.year AS VARCHAR), '?') AS year,
               fr.text, coalesce(fr.predicate, '') AS predicate
        FROM full_ratios fr
        ORDER BY fr.year DESC NULLS LAST, fr.province NULLS LAST, fr.text LIMIT 25"""),
]
