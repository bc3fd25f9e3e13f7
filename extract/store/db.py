"""The fact store: an embedded DuckDB file.

`Store.open(path)` opens it for writing and applies pending migrations;
`Store.open(path, read_only=True)` opens it for queries, sandboxed: no file
outside the store can be read or written, no database attached, no
extension installed or loaded, with a memory limit and a time limit per
statement. Batches are written through Arrow, one INSERT ... SELECT per
table, in one transaction each.

Readers during an ingest: DuckDB lets one process hold the file for
writing, and then no other may open it, even to read. So a writer keeps
`<db>.ingest.lock` (one ingest at a time) for its whole run but may release
the database between batches (`release()`, then `held()` around each
commit): readers open it in between and see the batches committed so far.
Opening waits for the file for up to VNFACTS_LOCK_WAIT seconds (default
60) before saying who holds it.

Writing speed. A writer keeps one in-memory DuckDB for its whole run and
ATTACHes the store file to it for each batch (DETACH releases the file):
a DuckDB instance costs about three times as much CPU to start as an
ATTACH. Its commit is the checkpoint (`checkpoint_threshold` 0): the batch
goes into the database file once, compressed, instead of first into the
write-ahead log and then, at DETACH, into the file (the WAL copy cost a
quarter of a batch). A checkpoint is atomic: a killed writer leaves the
store at its last commit. DuckDB's checkpoint by default also merges
("vacuums") the small row groups of recent appends into one: every batch
rewrote, compressed again, all the articles of the table's last row group,
so a batch cost grew with the store. A writer turns the vacuum off
(`max_vacuum_tasks = 0`) on a store with small blocks: a batch writes its
own row groups and nothing else, in about the same time in an empty store
as in a large one. A store is created with 32 kB blocks (`NEW_BLOCK_SIZE`):
with DuckDB's default 256 kB every batch would leave a block per table
mostly empty; 16 kB blocks (the stores vnfacts created before) waste
less but cost a third more time to write (more blocks per column); stores
created before with 256 kB blocks keep the vacuum.

Memory between batches. On Linux DuckDB allocates through its own
jemalloc, which keeps the pages a batch freed for the next one and purges
them only while it allocates: between batches (while articles are
extracted) nothing did, and what a writer held grew from batch to batch
(36 MB after the first batch of 1,000 articles, 52 MB after the fifth).
A writer turns on jemalloc's background threads
(`allocator_background_threads`, where the DuckDB has it): freed pages go
back to the system within about a second, and a batch holds what it needs,
not what the largest batch before it needed.
"""
from __future__ import annotations

import contextlib
import fcntl
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
from pydantic import BaseModel, ConfigDict
from vnfacts.errors import VnfactsError
from vnfacts.store import queries as Q
from vnfacts.store.rows import CANONICAL_TABLES, FACT_TABLES, SCHEMAS, Batch, build_tables
from vnfacts.store.schema import LATEST, applied_versions, migrate
from vnfacts.store.version import PIPELINE_VERSION

# the tables build_tables() fills, one Parquet file each per chunk in a run's shards
SHARD_TABLES = tuple(SCHEMAS)


class StoreError(VnfactsError):
    """The store cannot be opened or a statement failed: one line saying why."""


class StoreLockedError(StoreError):
    """Another process (an ingest still running) holds the database file."""


class ReadOnlyError(StoreError):
    """A statement that would change the store, sent to a read-only connection."""


class QueryLimitError(StoreError):
    """A read-only query touched what the sandbox refuses, or ran over its time or memory limit."""


NEW_BLOCK_SIZE = 32_768  # bytes: the block size of a store created by this version
SMALL_BLOCKS = 65_536  # a store with blocks up to this size is written without the vacuum
# settings of a writer's engine (see the module docstring): every store, and one with small blocks
_WRITER = {"checkpoint_threshold": "0b"}
_NO_VACUUM = {"max_vacuum_tasks": "0"}
# set where the DuckDB knows them (older versions run without)
_WRITER_WHERE_KNOWN = {"allocator_background_threads": "true"}

LOCK_WAIT = 60.0  # seconds to wait for a store another process holds (env VNFACTS_LOCK_WAIT)
QUERY_TIMEOUT = 60.0  # seconds per statement of a read-only connection; 0: none
QUERY_MEMORY = "2GB"  # DuckDB memory_limit of a read-only connection

# a read-only connection: only the store itself, settings fixed for good
_SANDBOX = {"enable_external_access": "false", "autoinstall_known_extensions": "false",
            "autoload_known_extensions": "false", "allow_community_extensions": "false"}


def lock_wait() -> float:
    try:
        return max(0.0, float(os.environ.get("VNFACTS_LOCK_WAIT", LOCK_WAIT)))
    except ValueError:
        return LOCK_WAIT


def _writer_lock_path(path: str) -> str:
    return path + ".ingest.lock"


def writer_alive(path: str | Path) -> bool:
    """Whether a process holds the store's writer lock (an ingest is running)."""
    try:
        fd = os.open(_writer_lock_path(str(path)), os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)  # closing drops a shared lock taken here
    return False


def _take_writer_lock(path: str) -> int:
    fd = os.open(_writer_lock_path(path), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        os.close(fd)
        who = f"process {holder}" if holder.isdigit() else "another process"
        raise StoreLockedError(f"{path}: the database is locked by {who} (an ingest still running); "
                               "try again when it has finished") from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, str(os.getpid()).encode(), 0)
    return fd


# DuckDB's refusal of a change to a view ("Can only delete from base table", "... is not an table")
_VIEW_CHANGE = re.compile(r"Can only \w+(?: \w+)? base table|is not an? table")


def _one_line(msg: str) -> str:
    return " ".join(str(msg).split())


def utcnow() -> datetime:
    """Now, with its zone (UTC): the store's timestamps are TIMESTAMP WITH TIME ZONE."""
    return datetime.now(timezone.utc)


def _first(con, sql: str, params: list | None = None) -> tuple | None:
    """The first row of a query, with the result fully consumed (DuckDB 2
    refuses new work on a connection with an unfinished result)."""
    rows = con.execute(sql, params or []).fetchall()
    return rows[0] if rows else None


def to_arrow(rel) -> pa.Table:
    """A DuckDB relation as an Arrow table (the method name moved between DuckDB versions)."""
    for name in ("to_arrow_table", "fetch_arrow_table", "arrow"):
        fn = getattr(rel, name, None)
        if fn is not None:
            out = fn()
            return out if isinstance(out, pa.Table) else out.read_all()
    raise StoreError("this DuckDB cannot return Arrow tables")


def _literal(s: str) -> str:
    """An SQL string literal (for a file name in a view, where parameters cannot go)."""
    return "'" + s.replace("'", "''") + "'"


def _open_error(path: str, e: Exception) -> StoreError:
    msg = _one_line(e)
    if "lock" in msg.lower():
        pid = re.search(r"PID (\d+)", msg)
        who = f"process {pid.group(1)}" if pid else "another process"
        return StoreLockedError(
            f"{path}: the database is locked by {who} (probably an ingest still running); "
            "try again when it has finished")
    if "not a valid DuckDB database" in msg or "Wrong magic" in msg or "not a DuckDB" in msg:
        return StoreError(f"{path}: not a DuckDB database file")
    return StoreError(f"{path}: cannot open the database: {msg}")


class RunCounts(BaseModel):
    model_config = ConfigDict(extra="forbid")

    run_id: int
    status: str
    read: int
    ingested: int
    replaced: int
    duplicate: int
    rejected: int
    seconds: float | None = None
    extract_seconds: float | None = None
    write_seconds: float | None = None


class StoreStats(BaseModel):
    """What `vnfacts stats` prints."""

    model_config = ConfigDict(extra="forbid")

    path: str
    schema_version: int
    articles: int
    facts: dict[str, int]
    canonical: dict[str, int]
    versions: list[tuple[str, int]]
    current_version: str
    runs: int
    recent_runs: list[dict[str, Any]]
    rejects: int
    recent_rejects: list[dict[str, Any]]
    write_share: float | None = None


_ALIAS = "store"  # the store's name in a writer's engine (its default database while attached)


def _attach(engine: duckdb.DuckDBPyConnection, path: str, wait: float) -> None:
    """Attach the store file to a writer's in-memory engine as its default
    database, waiting up to `wait` seconds while another process holds the
    file. A new file is created with NEW_BLOCK_SIZE blocks (chosen when the
    file is created; every later open reads it from the file)."""
    create = "" if Path(path).exists() else f" (BLOCK_SIZE {NEW_BLOCK_SIZE})"
    deadline = time.monotonic() + wait
    while True:
        try:
            engine.execute(f"ATTACH {_literal(path)} AS {_ALIAS}{create}")
            break
        except duckdb.Error as e:
            err = _open_error(path, e)
            if not isinstance(err, StoreLockedError) or time.monotonic() >= deadline:
                raise err from None
        time.sleep(0.02)
    engine.execute(f"USE {_ALIAS}")


def _detach(engine: duckdb.DuckDBPyConnection) -> None:
    """Checkpoint the store and let go of its file (readers may open it)."""
    engine.execute("USE memory")
    engine.execute(f"DETACH {_ALIAS}")


def _configure(engine: duckdb.DuckDBPyConnection, settings: dict[str, str], *, where_known: bool = False) -> None:
    """SET each of `settings` on the engine; `where_known`: only those this DuckDB has."""
    if where_known:
        known = {r[0] for r in engine.execute(Q.SETTING_NAMES, [list(settings)]).fetchall()}
        settings = {k: v for k, v in settings.items() if k in known}
    for k, v in settings.items():
        engine.execute(Q.SET_SETTING.format(name=k, value=v))


def _connect(path: str, read_only: bool, config: dict[str, str], wait: float) -> duckdb.DuckDBPyConnection:
    """A connection, waiting up to `wait` seconds while another process holds the file."""
    deadline = time.monotonic() + wait
    while True:
        try:
            return duckdb.connect(path, read_only=read_only, config=config)
        except duckdb.Error as e:
            err = _open_error(path, e)
            if not isinstance(err, StoreLockedError) or time.monotonic() >= deadline:
                raise err from None
        time.sleep(0.02)


class Store:
    """One open connection to the store file."""

    def __init__(self, con: duckdb.DuckDBPyConnection | None, path: str, read_only: bool):
        self.con, self.path, self.read_only = con, path, read_only
        self.version = PIPELINE_VERSION
        self.timeout: float = 0.0
        self.memory_limit: str | None = None
        self._threads: int | None = None
        self._lock_fd: int | None = None
        self._engine: duckdb.DuckDBPyConnection | None = None  # a writer's: the store attached to it or not

    # ------------------------------------------------------------ open / close

    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = False, threads: int | None = None,
             timeout: float = QUERY_TIMEOUT, memory_limit: str | None = QUERY_MEMORY) -> Store:
        """`threads`: DuckDB's worker threads for this connection (default:
        one per core). A batch writer wants 1: its inserts are small, and
        coordinating threads cost more than they bring (83k -> 98k facts/s).
        `timeout` (seconds, 0 for none) and `memory_limit` (DuckDB's syntax,
        "2GB"; None for DuckDB's default) bound each statement of a read-only
        connection."""
        path = str(path)
        p = Path(path)
        if p.is_dir():
            raise StoreError(f"{path}: is a directory, not a database file")
        if read_only and not p.exists():
            raise StoreError(f"{path}: no such database (create it with: vnfacts ingest --db {path} FILES...)")
        config: dict[str, str] = {}
        lock_fd = None
        if read_only:
            config = dict(_SANDBOX)
            if memory_limit:
                config["memory_limit"] = str(memory_limit)
            if threads is not None:
                config["threads"] = str(int(threads))
            config["lock_configuration"] = "true"  # last: nothing above can be changed by a query
        else:
            p.parent.mkdir(parents=True, exist_ok=True)
            lock_fd = _take_writer_lock(path)
        try:
            if read_only:
                con = _connect(path, read_only, config, lock_wait())
            else:
                con = duckdb.connect(":memory:", config={"threads": str(int(threads))} if threads is not None else {})
                try:
                    _attach(con, path, lock_wait())
                except BaseException:
                    con.close()
                    raise
        except duckdb.Error as e:
            if lock_fd is not None:
                os.close(lock_fd)
            raise StoreError(f"{path}: cannot open the database: {_one_line(e)}") from None
        except BaseException:
            if lock_fd is not None:
                os.close(lock_fd)
            raise
        store = cls(con, path, read_only)
        store.timeout, store._threads, store._lock_fd = (timeout or 0.0), threads, lock_fd
        store.memory_limit = memory_limit if read_only else None
        try:
            if not read_only:
                store._engine = con
                _configure(con, _WRITER)
                _configure(con, _WRITER_WHERE_KNOWN, where_known=True)
                if _first(con, Q.BLOCK_SIZE)[0] <= SMALL_BLOCKS:
                    _configure(con, _NO_VACUUM)
            store._check_schema()
            if read_only:
                store._show_killed_runs()
        except BaseException:
            store.close()
            raise
        return store

    def release(self) -> None:
        """Checkpoint and let go of the database file, keeping the writer
        lock: readers can open it until the next `held()`."""
        if self.con is not None and self._engine is not None:
            self.con = None
            try:
                _detach(self._engine)
            except duckdb.Error as e:
                raise StoreError(f"{self.path}: cannot close the database: {_one_line(e)}") from None

    @contextlib.contextmanager
    def held(self) -> Iterator[Store]:
        """The database open for writing inside the block (reopened, waiting
        for readers to let go, if it was released), released after it when it
        was released before."""
        if self.con is not None:
            yield self
            return
        if self._engine is None:
            raise StoreError(f"{self.path}: the store is closed")
        try:
            _attach(self._engine, self.path, lock_wait())
        except duckdb.Error as e:
            raise StoreError(f"{self.path}: cannot open the database: {_one_line(e)}") from None
        self.con = self._engine
        try:
            yield self
        finally:
            self.release()

    def _check_schema(self) -> None:
        versions = applied_versions(self.con)
        if versions and max(versions) > LATEST:
            raise StoreError(f"{self.path}: schema version {max(versions)} was written by a newer vnfacts "
                             f"(this one knows {LATEST}); upgrade vnfacts")
        if self.read_only:
            if not versions:
                raise StoreError(f"{self.path}: not a vnfacts store (no schema_migrations table)")
            return
        if not versions:
            # an empty schema_migrations alone is a store whose creation was
            # killed by a vnfacts that did not yet create it atomically
            tables = _first(self.con, "SELECT count(*) FROM information_schema.tables "
                                      "WHERE table_name <> 'schema_migrations'")[0]
            if tables:
                raise StoreError(f"{self.path}: a DuckDB database that is not a vnfacts store; "
                                 "use another --db file")
        try:
            if sorted(versions) != list(range(1, LATEST + 1)):  # up to date: no migration transaction
                migrate(self.con)
            self.con.execute(Q.MARK_INTERRUPTED)
        except duckdb.Error as e:
            raise StoreError(f"{self.path}: cannot apply the schema: {_one_line(e)}") from None

    def _show_killed_runs(self) -> None:
        """A run still marked running whose ingest is gone (no process holds
        <db>.ingest.lock) was killed: this read-only connection shows it as
        interrupted in every query (a temp view over `runs`; a reader does not
        write the store, the next ingest does)."""
        if writer_alive(self.path) or not _first(self.con, Q.RUNNING_RUNS)[0]:
            return
        db = _first(self.con, "SELECT current_database()")[0]
        self.con.execute(Q.KILLED_RUNS_VIEW.format(db='"' + db.replace('"', '""') + '"'))

    @property
    def schema_version(self) -> int:
        v = applied_versions(self.con)
        return max(v) if v else 0

    def close(self) -> None:
        if self._engine is not None:  # closing the engine checkpoints and detaches the store
            self._engine.close()
            self._engine = None
        elif self.con is not None:
            self.con.close()
        self.con = None
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------ runs

    def stored_versions(self) -> dict[str, str]:
        """article id -> the pipeline version its facts were extracted with."""
        return dict(self.con.execute(Q.STORED_VERSIONS).fetchall())

    def begin_run(self, inputs: list[str], *, workers: int, batch_size: int) -> int:
        run_id = _first(self.con, Q.NEXT_RUN_ID)[0]
        self.con.execute(Q.BEGIN_RUN, [run_id, utcnow(), list(inputs), self.version, workers, batch_size])
        return run_id

    def write_batch(self, run_id: int, batch: Batch, *, timing: tuple[float, float, float] = (0.0, 0.0, 0.0),
                    before_commit: Callable[[], None] | None = None) -> None:
        """Write one batch in one transaction: replaced articles' old facts out,
        new articles, facts, canonical rows and rejects in, the run's counters
        up. `timing` is the run's (seconds, extract_seconds, write_seconds) so far."""
        if self.read_only:
            raise ReadOnlyError(f"{self.path}: opened read-only")
        tables = build_tables(batch, run_id=run_id, version=self.version, now=utcnow())
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            replaced = batch.replaced_ids
            if replaced:
                con.register("_replaced", pa.table({"id": pa.array(replaced, pa.string())}))
                for t in FACT_TABLES:
                    con.execute(Q.DELETE_FACTS_OF.format(table=t))
                con.execute(Q.DELETE_ARTICLES)
                con.unregister("_replaced")
            for name in ("stored_articles", *FACT_TABLES, "rejects", *CANONICAL_TABLES):
                # the INSERT reads the Arrow table through DuckDB's replacement scan (a Python
                # variable named in the query): a third of the time of register() + unregister()
                _batch = tables[name]  # noqa: F841 - read by name in the query
                if not _batch.num_rows:
                    continue
                if name in CANONICAL_TABLES:
                    con.execute(Q.INSERT_NEW_CANONICAL.format(table=name, key=CANONICAL_TABLES[name]))
                else:
                    con.execute(Q.INSERT_FROM_ARROW.format(table=name))
            con.execute(Q.ADD_TO_RUN, [batch.n_read, batch.n_ingested, batch.n_replaced, batch.n_duplicate,
                                       batch.n_rejected, *timing, run_id])
            if before_commit is not None:
                before_commit()
            con.execute("COMMIT")
        except BaseException:
            try:
                con.execute("ROLLBACK")
            except duckdb.Error:
                pass
            raise

    def load_shards(self, run_id: int, directory: str | Path, *, n_read: int,
                    timing: tuple[float, float, float] = (0.0, 0.0, 0.0),
                    before_commit: Callable[[], None] | None = None) -> RunCounts:
        """Load one run's Parquet shards (`directory`/<table>/*.parquet, each
        file the build_tables() rows of one chunk of inputs, chunks numbered in
        input order) in one transaction, one INSERT ... SELECT FROM
        read_parquet per table, with write_batch's semantics: an article
        stored by this pipeline version is a duplicate, one stored by an older
        version is replaced, an article in several chunks is stored once (the
        first chunk's), rejects are stored. `n_read` is the number of inputs
        the shards account for; those neither stored nor rejected count as
        duplicates. Returns the run's counts."""
        if self.read_only:
            raise ReadOnlyError(f"{self.path}: opened read-only")
        directory = Path(directory)
        missing = [t for t in SHARD_TABLES if not any((directory / t).glob("*.parquet"))]
        if missing:
            raise StoreError(f"{directory}: no Parquet shards for {', '.join(missing)}")
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            for t in SHARD_TABLES:
                con.execute(Q.SHARD_VIEW.format(table=t, files=_literal(str(directory / t / "*.parquet"))))
            con.execute(Q.KEPT_ARTICLES, [self.version])
            n_ingested, n_replaced = _first(con, Q.KEPT_COUNTS)
            if n_replaced:
                con.execute(Q.REPLACED_VIEW)
                for t in FACT_TABLES:
                    con.execute(Q.DELETE_FACTS_OF.format(table=t))
                con.execute(Q.DELETE_ARTICLES)
            con.execute(Q.INSERT_KEPT_ARTICLES)
            for t in FACT_TABLES:
                con.execute(Q.INSERT_KEPT_FACTS.format(table=t))
            for t, key in CANONICAL_TABLES.items():
                con.execute(Q.INSERT_KEPT_CANONICAL.format(table=t, key=key, facts=t.removesuffix("_canonical")))
            n_rejected = _first(con, Q.COUNT_ROWS.format(table="_shard_rejects"))[0]
            con.execute(Q.INSERT_SHARD_REJECTS)
            n_duplicate = n_read - n_ingested - n_rejected
            if n_duplicate < 0:
                raise StoreError(f"{directory}: the shards hold {n_ingested + n_rejected} inputs, "
                                 f"more than the {n_read} read (shards of another run in this directory?)")
            con.execute(Q.ADD_TO_RUN, [n_read, n_ingested, n_replaced, n_duplicate, n_rejected, *timing, run_id])
            for sql in Q.DROP_KEPT:
                con.execute(sql)
            for t in SHARD_TABLES:
                con.execute(Q.DROP_SHARD_VIEW.format(table=t))
            if before_commit is not None:
                before_commit()
            con.execute("COMMIT")
        except BaseException as e:
            try:
                con.execute("ROLLBACK")
            except duckdb.Error:
                pass
            if isinstance(e, duckdb.Error):
                raise StoreError(f"{directory}: cannot load the shards: {_one_line(e)}") from None
            raise
        return self.run(run_id)

    def finish_run(self, run_id: int, status: str, *, seconds: float, extract_seconds: float,
                   write_seconds: float) -> RunCounts:
        self.con.execute(Q.FINISH_RUN, [status, utcnow(), seconds, extract_seconds, write_seconds, run_id])
        return self.run(run_id)

    def run(self, run_id: int) -> RunCounts:
        r = _first(self.con, Q.RUN_ROW, [run_id])
        if r is None:
            raise StoreError(f"{self.path}: no run {run_id}")
        keys = ("run_id", "status", "read", "ingested", "replaced", "duplicate", "rejected", "seconds",
                "extract_seconds", "write_seconds")
        return RunCounts(**dict(zip(keys, r)))

    # ------------------------------------------------------------ reading

    @contextlib.contextmanager
    def _time_limit(self) -> Iterator[None]:
        """Interrupt the statement running on this connection after self.timeout seconds."""
        if not (self.read_only and self.timeout):
            yield
            return
        timer = threading.Timer(self.timeout, self.con.interrupt)
        timer.daemon = True
        timer.start()
        try:
            yield
        finally:
            timer.cancel()

    def query(self, sql: str) -> pa.Table | None:
        """Run SQL; the last statement's rows as an Arrow table (None when it
        returns no rows, e.g. SET). On a read-only store a statement that
        would change it raises ReadOnlyError; one that reads or writes files,
        attaches a database, installs or loads an extension, changes a
        setting, or runs over the time or memory limit raises QueryLimitError."""
        try:
            with self._time_limit():
                rel = self.con.sql(sql)
                return None if rel is None else to_arrow(rel)
        except duckdb.Error as e:
            msg = _one_line(e)
            if isinstance(e, duckdb.InterruptException):
                raise QueryLimitError(f"the query ran over its time limit of {self.timeout:g} s (--timeout)") from None
            if isinstance(e, duckdb.OutOfMemoryException):
                raise QueryLimitError(f"the query needs more memory than its limit of {self.memory_limit} "
                                      "(--memory-limit)") from None
            if "disabled by configuration" in msg or "disabled through configuration" in msg:
                what = re.search(r'(?:file|directory) "([^"]*)"', msg)
                raise QueryLimitError(
                    "vnfacts query reads the store only: files"
                    + (f" ({what.group(1)})" if what else "") + ", other databases and extensions are refused; "
                    "write results with --out FILE") from None
            if "configuration has been locked" in msg:
                raise QueryLimitError("vnfacts query cannot change settings (time and memory limits are "
                                      "--timeout and --memory-limit)") from None
            # a change to a view (articles) fails before DuckDB's read-only check, at binding
            if "read-only" in msg or (self.read_only and _VIEW_CHANGE.search(msg)):
                kind = re.search(r'statement of type "(\w+)"', msg)
                what = f"{kind.group(1)} statements are" if kind else "statements that change it are"
                raise ReadOnlyError(f"{self.path}: the database is opened read-only; {what} refused "
                                    "(only vnfacts ingest writes to the store)") from None
            raise StoreError(f"SQL error: {msg}") from None

    def _require_latest(self) -> None:
        v = self.schema_version
        if v < LATEST:
            raise StoreError(f"{self.path}: schema version {v} is older than this vnfacts' ({LATEST}); "
                             f"run an ingest on it (vnfacts ingest --db {self.path} ...) to upgrade it")

    def stats(self, *, recent: int = 5) -> StoreStats:
        self._require_latest()
        n = lambda t: _first(self.con, Q.COUNT_ROWS.format(table=t))[0]  # noqa: E731

        def rows(sql: str, *params) -> list[dict[str, Any]]:
            t = to_arrow(self.con.sql(sql, params=list(params)) if params else self.con.sql(sql))
            return t.to_pylist()

        w, s = _first(self.con, Q.WRITE_SHARE)
        recent_runs = rows(Q.RECENT_RUNS, recent)  # a killed run reads as interrupted (_show_killed_runs)
        return StoreStats(
            path=self.path, schema_version=self.schema_version, articles=n("articles"),
            facts={t: n(t) for t in FACT_TABLES}, canonical={t: n(t) for t in CANONICAL_TABLES},
            versions=[tuple(r) for r in self.con.execute(Q.VERSIONS).fetchall()],
            current_version=self.version, runs=n("runs"), recent_runs=recent_runs,
            rejects=n("rejects"), recent_rejects=rows(Q.RECENT_REJECTS, recent),
            write_share=(w / s) if w is not None and s else None)

    def report(self) -> list[tuple[str, pa.Table]]:
        """The canned report of `make run`: (title, rows) per question."""
        self._require_latest()
        return [(title, to_arrow(self.con.sql(sql))) for title, sql in Q.REPORT]

    def describe(self) -> tuple[pa.Table, pa.Table]:
        """The store's data dictionary from its COMMENT ON texts: (objects:
        name, kind, comment; columns: name, column, type, comment), tables
        first, in the order of Q.DESCRIBE_ORDER."""
        self._require_latest()
        return to_arrow(self.con.sql(Q.DESCRIBE_OBJECTS)), to_arrow(self.con.sql(Q.DESCRIBE_COLUMNS))
