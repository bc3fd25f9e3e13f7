"""The fact store: articles and their facts in an embedded DuckDB file,
queryable with SQL. Schema and every SQL statement live in this package
(sql/*.sql migrations, queries.py); `vnfacts ingest` fills it (extract.ingest),
`vnfacts query`, `stats` and `report` read it."""
from .db import ReadOnlyError, RunCounts, Store, StoreError, StoreLockedError, StoreStats
from .rows import ArticleRecord, Batch, Reject
from .version import PIPELINE_VERSION

DEFAULT_DB = "vnfacts.duckdb"

__all__ = ["ArticleRecord", "Batch", "DEFAULT_DB", "PIPELINE_VERSION", "ReadOnlyError", "Reject", "RunCounts",
           "Store", "StoreError", "StoreLockedError", "StoreStats"]
