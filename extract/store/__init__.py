"""The fact store: articles and their facts in an embedded DuckDB file,
queryable with SQL. Schema and every SQL statement live in this package
(sql/*.sql migrations, queries.py); `vnfacts ingest` fills it (vnfacts.ingest.local),
`vnfacts query`, `stats` and `report` read it."""
from vnfacts.store.db import (
    QueryLimitError,
    ReadOnlyError,
    RunCounts,
    Store,
    StoreError,
    StoreLockedError,
    StoreStats,
)
from vnfacts.store.rows import ArticleRecord, ArticleRows, Batch, Reject, article_rows
from vnfacts.store.version import PIPELINE_VERSION

DEFAULT_DB = "vnfacts.duckdb"

__all__ = ["ArticleRecord", "ArticleRows", "Batch", "DEFAULT_DB", "PIPELINE_VERSION", "QueryLimitError", "ReadOnlyError", "Reject",
           "RunCounts", "Store", "StoreError", "StoreLockedError", "StoreStats", "article_rows"]
