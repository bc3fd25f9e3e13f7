"""Every SQL statement the store runs besides the migrations (sql/*.sql):
batch writes, run bookkeeping, stats and the canned report."""
from __future__ import annotations

# ---------------------------------------------------------------- writing

# One INSERT ... SELECT per table per batch, from an Arrow table: the writer's Python variable _batch.
INSERT_FROM_ARROW = "INSERT INTO {table} BY NAME SELECT * FROM _batch"

SET_SETTING = "SET {name} = '{value}'"
SETTING_NAMES = "SELECT name FROM duckdb_settings() WHERE list_contains(?, name)"

# the block size of the store's file (16 kB for a store this version created)
BLOCK_SIZE = "SELECT block_size FROM pragma_database_size() WHERE database_name = current_database()"

# Canonical rows: only keys not stored yet (the first article to name a
# document or body gives its label).
INSERT_NEW_CANONICAL = """
INSERT INTO {table} BY NAME
SELECT * FROM _batch b WHERE NOT EXISTS (SELECT 1 FROM {table} c WHERE c.{key} = b.{key})
"""

# An article stored by an older pipeline version: its facts go, the new ones come in.
DELETE_FACTS_OF = "DELETE FROM {table} WHERE article_id IN (SELECT id FROM _replaced)"
DELETE_ARTICLES = "DELETE FROM stored_articles WHERE id IN (SELECT id FROM _replaced)"

STORED_VERSIONS = "SELECT id, pipeline_version FROM articles"

NEXT_RUN_ID = "SELECT coalesce(max(run_id), 0) + 1 FROM runs"

BEGIN_RUN = """
INSERT INTO runs (run_id, started_at, status, inputs, pipeline_version, workers, batch_size)
VALUES (?, ?, 'running', ?, ?, ?, ?)
"""

# A run still marked running when a writer opens the store was killed: no
# other writer can have it open (DuckDB locks the file).
MARK_INTERRUPTED = "UPDATE runs SET status = 'interrupted' WHERE status = 'running'"

# What a read-only connection shows of a store whose ingest is gone (no
# process holds <db>.ingest.lock) while a run is still marked running: that
# run as interrupted, through a temp view that every query of the connection
# reads for `runs` (and `main.runs`); the next ingest writes the status.
# {db} is the store's catalog, a quoted identifier.
RUNNING_RUNS = "SELECT count(*) FROM runs WHERE status = 'running'"
KILLED_RUNS_VIEW = """
CREATE TEMP VIEW runs AS
SELECT * REPLACE (CASE WHEN status = 'running' THEN 'interrupted' ELSE status END AS status) FROM {db}.main.runs
"""

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
    ("Admissions per province and year (metric admission, actual; distinct figures, no breakdowns)",
     """SELECT coalesce(ad.province, '(unknown)') AS province, coalesce(CAST(ad.year AS VARCHAR), '?') AS year,
               CAST(sum(ad.value) AS BIGINT) AS admitted, max(ad.value) AS largest, count(*) AS figures,
               len(list_distinct(flatten(list(ad.article_ids)))) AS articles
        FROM admissions ad
        GROUP BY ad.province, ad.year
        ORDER BY ad.year DESC NULLS LAST, ad.province NULLS LAST, admitted DESC LIMIT 25"""),
    ("Units reporting 100% (n/n or 100%)",
     """SELECT coalesce(fr.province, '(unknown)') AS province, coalesce(CAST(fr.year AS VARCHAR), '?') AS year,
               fr.text, fr.metric, coalesce(fr.grade, '') AS grade
        FROM full_ratios fr
        ORDER BY fr.year DESC NULLS LAST, fr.province NULLS LAST, fr.text LIMIT 25"""),
]

# ---------------------------------------------------------------- the data dictionary (vnfacts describe)

# tables in the order data flows into them (`articles`, the view over stored_articles, first), then the views
# users start from
DESCRIBE_ORDER = ("articles", "stored_articles", "dates", "documents", "bodies", "persons", "counts", "ratios",
                  "documents_canonical", "bodies_canonical", "runs", "rejects", "schema_migrations", "observations", "admissions",
                  "metrics_by_province_year", "ratio_observations", "full_ratios", "count_facts", "ratio_facts",
                  "document_mentions", "document_resolution", "document_citations", "top_documents",
                  "articles_per_year", "facts")
_ORDER_SQL = "coalesce(list_position([" + ", ".join(f"'{n}'" for n in DESCRIBE_ORDER) + "], {col}), 999)"

DESCRIBE_OBJECTS = f"""
SELECT name, kind, comment FROM (
    SELECT table_name AS name, 'table' AS kind, comment FROM duckdb_tables()
    WHERE database_name = current_database() AND schema_name = 'main'
    UNION ALL
    SELECT view_name, 'view', comment FROM duckdb_views()
    WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal
) ORDER BY {_ORDER_SQL.format(col="name")}, name
"""

DESCRIBE_COLUMNS = f"""
SELECT table_name AS name, column_name AS "column", data_type AS type, comment FROM duckdb_columns()
WHERE database_name = current_database() AND schema_name = 'main'
ORDER BY {_ORDER_SQL.format(col="table_name")}, table_name, column_index
"""

# ---------------------------------------------------------------- loading Parquet shards (--engine dask)

# The shards of one store table, written by Dask tasks as DIR/<table>/part-NNNNNNNN.parquet
# (one file per chunk of inputs, in input order), with the chunk and the row
# in it: (_chunk, _row) orders the rows as the inputs were given. {files} is
# an SQL string literal (a glob).
SHARD_VIEW = """
CREATE OR REPLACE TEMP VIEW _shard_{table} AS
SELECT * EXCLUDE (filename, file_row_number), parse_filename(filename, true) AS _chunk, file_row_number AS _row
FROM read_parquet({files}, filename = true, file_row_number = true)
"""
DROP_SHARD_VIEW = "DROP VIEW IF EXISTS _shard_{table}"

# The articles this run stores: each id once, from the first chunk that has
# it (a chunk holds an id once); not those stored by this pipeline version
# already (duplicates); `replaces` when an older version of it is stored.
KEPT_ARTICLES = """
CREATE OR REPLACE TEMP TABLE _kept AS
SELECT s.id, min(s._chunk) AS _chunk, s.id IN (SELECT id FROM articles) AS replaces
FROM _shard_stored_articles s
WHERE s.id NOT IN (SELECT id FROM articles WHERE pipeline_version = ?)
GROUP BY s.id
"""
KEPT_COUNTS = "SELECT count(*), count(*) FILTER (WHERE replaces) FROM _kept"
REPLACED_VIEW = "CREATE OR REPLACE TEMP VIEW _replaced AS SELECT id FROM _kept WHERE replaces"
DROP_KEPT = ("DROP VIEW IF EXISTS _replaced", "DROP TABLE IF EXISTS _kept")
# then DELETE_FACTS_OF and DELETE_ARTICLES above take the replaced articles' old rows out

INSERT_KEPT_ARTICLES = """
INSERT INTO stored_articles BY NAME
SELECT s.* EXCLUDE (_chunk, _row) FROM _shard_stored_articles s
WHERE EXISTS (SELECT 1 FROM _kept k WHERE k.id = s.id AND k._chunk = s._chunk)
ORDER BY s._chunk, s._row
"""

# The facts of the kept articles, from the same chunk as their article row.
INSERT_KEPT_FACTS = """
INSERT INTO {table} BY NAME
SELECT s.* EXCLUDE (_chunk, _row) FROM _shard_{table} s
WHERE EXISTS (SELECT 1 FROM _kept k WHERE k.id = s.article_id AND k._chunk = s._chunk)
ORDER BY s._chunk, s._row
"""

# Canonical rows named by the facts stored now and not stored yet, each key
# once: the first in input order gives its label, as in INSERT_NEW_CANONICAL.
INSERT_KEPT_CANONICAL = """
INSERT INTO {table} BY NAME
SELECT s.* EXCLUDE (_chunk, _row) FROM _shard_{table} s
WHERE s.{key} IN (SELECT f.{key} FROM {facts} f WHERE f.article_id IN (SELECT id FROM _kept))
  AND NOT EXISTS (SELECT 1 FROM {table} c WHERE c.{key} = s.{key})
QUALIFY row_number() OVER (PARTITION BY s.{key} ORDER BY s._chunk, s._row) = 1
ORDER BY s._chunk, s._row
"""

INSERT_SHARD_REJECTS = "INSERT INTO rejects BY NAME SELECT * EXCLUDE (_chunk, _row) FROM _shard_rejects"
