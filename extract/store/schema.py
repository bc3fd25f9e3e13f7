"""The store's schema as versioned migrations, recorded in `schema_migrations`.

Each migration is a SQL file in extract/store/sql/ named NNN_name.sql, applied
once, in order. All pending migrations and the bookkeeping table are applied
in one transaction: a store is at its old version or at the new one, never in
between, and a new store killed in its first moments is left empty (opened
again, it is set up from the start), not a database without a version. To
change the schema, add the next file; never edit one that has shipped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

SQL_DIR = Path(__file__).resolve().parent / "sql"

_BOOKKEEPING = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       VARCHAR NOT NULL,
    applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp
)
"""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def migrations() -> list[Migration]:
    """Every migration shipped with this version, in order."""
    out = []
    for p in sorted(SQL_DIR.glob("[0-9][0-9][0-9]_*.sql")):
        m = re.match(r"(\d{3})_(.+)\.sql$", p.name)
        out.append(Migration(int(m.group(1)), m.group(2), p.read_text(encoding="utf-8")))
    versions = [m.version for m in out]
    assert versions == list(range(1, len(out) + 1)), f"migrations must be numbered 001, 002, ...: {versions}"
    return out


LATEST = len(migrations())


def applied_versions(con) -> list[int]:
    exists = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'schema_migrations'").fetchall()[0][0]
    if not exists:
        return []
    return [r[0] for r in con.execute("SELECT version FROM schema_migrations ORDER BY version").fetchall()]


def _apply(con, m: Migration) -> None:
    con.execute(m.sql)
    con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [m.version, m.name])


def migrate(con, *, upto: int | None = None) -> list[int]:
    """Apply the pending migrations (those up to version `upto`, default
    all) in one transaction; return the versions applied now."""
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(_BOOKKEEPING)
        done = set(applied_versions(con))
        applied = []
        for m in migrations():
            if m.version in done or (upto is not None and m.version > upto):
                continue
            _apply(con, m)
            applied.append(m.version)
        con.execute("COMMIT")
        if applied:
            # the new schema into the database file now, not left in the WAL: replaying
            # a WAL's CREATE MACRO / generated columns after a kill needs DuckDB's
            # core_functions extension, which it then tries to download
            con.execute("CHECKPOINT")
    except BaseException:
        try:
            con.execute("ROLLBACK")
        except Exception:  # noqa: BLE001 - the transaction may already be gone; the first error is the one to raise
            pass
        raise
    return applied
