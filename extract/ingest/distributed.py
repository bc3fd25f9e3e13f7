"""Batch ingestion scaled out with Dask distributed (`vnfacts ingest --engine dask`).

The same inputs, reading and extraction as vnfacts.ingest.local, but the work runs
as Dask tasks, one per chunk of inputs, on a LocalCluster of worker
processes (one machine) or on the workers of a running scheduler
(`address`, e.g. tcp://10.0.0.5:8786). Each task writes its chunk's rows as
Parquet shards, one file per store table, built by the store's own
build_tables() so the rows are the ones the local path writes:

    <shards>/run-<id>/<table>/part-00000012.parquet    (chunk 12 in input order)

When every chunk is done this process loads the shards into DuckDB with one
INSERT ... SELECT FROM read_parquet per table, in one transaction
(Store.load_shards): a run stores everything or nothing, with the local
path's semantics (duplicates, replacement of an older pipeline version,
one copy of an article repeated in the run, rejects with their reasons).
The shards stay by default, for DuckDB to query in place.

On a real cluster the workers read the input files and write the shards
themselves: both must be on storage that every worker and this process
reach at the same path, and the workers must run the same vnfacts (same
pipeline version; a task on a worker with other rules or code fails the run).
The library never prints: progress goes to a callback.
"""
from __future__ import annotations

import logging
import math
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vnfacts.errors import VnfactsError
from vnfacts.ingest.local import (
    IngestError,
    IngestOptions,
    IngestReport,
    RejectedInput,
    Unit,
    _chunks,
    _Context,
    count_units,
    expand,
    iter_units,
    process,
)

SHARDS_SUFFIX = ".shards"
_PART = "part-{:08d}.parquet"  # zero-padded: file names sort in input order
CONNECT_TIMEOUT = 20.0  # seconds to reach a scheduler and see a first worker
# a LocalCluster without a dashboard, its scheduler's HTTP endpoint on a free loopback
# port (not 8787, which another cluster may hold)
LOCAL_QUIET: dict[str, Any] = {"dashboard_address": None, "scheduler_kwargs": {"dashboard_address": "127.0.0.1:0"}}


def default_shards_dir(db: str | Path) -> Path:
    """Where a run's shards go without --shards: beside the DB file, <db>.shards."""
    p = Path(db)
    return p.with_name(p.name + SHARDS_SUFFIX)


# ---------------------------------------------------------------- the task (on a Dask worker)


@dataclass
class ChunkResult:
    """What a chunk task returns to the parent: counts and rejects; its rows are in the shards."""

    index: int
    n_read: int = 0
    n_articles: int = 0  # rows written to the articles shard (first copy in the chunk)
    rejects: list[tuple[str, int | None, str]] = field(default_factory=list)
    extract_seconds: float = 0.0
    write_seconds: float = 0.0


def _code_version() -> str:
    from vnfacts.store.version import PIPELINE_VERSION
    return PIPELINE_VERSION


def extract_chunk(index: int, units: list[Unit], ctx: _Context, *, run_id: int, version: str, code_version: str,
                  shards: str) -> ChunkResult:
    """Read and extract one chunk of inputs and write its rows as one Parquet
    file per store table under `shards`. Runs on a Dask worker; writing a
    file again (a task retried after a worker died) gives the same rows."""
    mine = _code_version()
    if mine != code_version:
        raise IngestError(f"a Dask worker runs pipeline version {mine}, this process {code_version}: "
                          "install the same vnfacts (code and rules/) on every worker")
    from vnfacts.ruledata import load_rules
    from vnfacts.store import Batch, Reject
    from vnfacts.store.db import utcnow
    from vnfacts.store.rows import build_tables
    load_rules()
    out = ChunkResult(index)
    batch = Batch()
    seen: set[str] = set()
    for unit in units:
        o = process(unit, ctx)
        out.extract_seconds += o.seconds
        batch.n_read += 1
        if o.status == "rejected":
            reason = o.reason or "rejected"
            batch.rejects.append(Reject(o.path, o.line, reason))
            out.rejects.append((o.path, o.line, reason))
        elif o.status == "duplicate" or o.article_id in seen:
            batch.n_duplicate += 1
        else:  # whether it is new, replaces an older version or repeats an earlier chunk: decided at the load
            seen.add(o.article_id)
            batch.add(o.rows)
    out.n_read, out.n_articles = batch.n_read, batch.n_ingested
    t0 = time.perf_counter()
    tables = build_tables(batch, run_id=run_id, version=version, now=utcnow())
    _write_shards(Path(shards), index, tables)
    out.write_seconds = time.perf_counter() - t0
    return out


def _write_shards(root: Path, index: int, tables: dict) -> None:
    import pyarrow.parquet as pq
    name = _PART.format(index)
    for table, rows in tables.items():
        d = root / table
        try:
            d.mkdir(parents=True, exist_ok=True)
            tmp = d / f".{name}.{uuid.uuid4().hex[:8]}.tmp"  # not matched by *.parquet until complete
            pq.write_table(rows, tmp)
            os.replace(tmp, d / name)
        except OSError as e:
            raise IngestError(f"{d}: cannot write a shard on worker {os.uname().nodename}: {e.strerror or e} "
                              "(--shards must be a directory every worker can write)") from None


# ---------------------------------------------------------------- the run (in this process)


@contextmanager
def _client(address: str | None, workers: int) -> Iterator[Any]:
    """A Dask client: of the scheduler at `address`, or of a LocalCluster of
    `workers` single-threaded processes started here and closed after."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise IngestError("--engine dask needs Dask distributed: pip install 'vnfacts[dask]'") from None
    if address:
        try:
            client = Client(address, timeout=f"{CONNECT_TIMEOUT}s", set_as_default=False)
        except (OSError, TimeoutError, ValueError) as e:
            raise IngestError(f"cannot reach the Dask scheduler at {address}: "
                              f"{' '.join(str(e).split()) or type(e).__name__}") from None
        try:
            try:
                client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
            except (TimeoutError, OSError):
                raise IngestError(f"the Dask scheduler at {address} has no workers "
                                  f"(none connected within {CONNECT_TIMEOUT:.0f} s)") from None
            yield client
        finally:
            client.close()
        return
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                           silence_logs=logging.ERROR, **LOCAL_QUIET)
    try:
        client = Client(cluster, set_as_default=False)
        try:
            yield client
        finally:
            client.close()
    finally:
        cluster.close()


def ingest_distributed(paths: list[str], db: str | Path, options: IngestOptions | None = None, *,
                       address: str | None = None, shards_dir: str | Path | None = None, keep_shards: bool = True,
                       chunk_size: int | None = None, progress: Callable[[int], None] | None = None,
                       on_start: Callable[[int], None] | None = None,
                       stdin: Callable[[], bytes] | None = None) -> IngestReport:
    """Ingest `paths` into the store at `db`, extracting in Dask tasks.

    `address`: a Dask scheduler (tcp://host:8786); without it a LocalCluster
    of `options.workers` processes is started and closed. `shards_dir`: the
    directory under which this run's shards go, as run-<id>/<table>/*.parquet
    (default <db>.shards); kept after the load unless `keep_shards` is false.
    `chunk_size`: inputs per task (default: about four tasks per worker
    thread, at most `options.batch_size`). `on_start(total)` is called once
    with the number of inputs, `progress(n)` as chunks of n inputs are done.
    The run's write_seconds is the time of the load into DuckDB."""
    from vnfacts.ruledata import load_rules
    from vnfacts.store import Store
    from vnfacts.store.version import PIPELINE_VERSION

    opts = options or IngestOptions()
    entries = expand(paths)
    total = count_units(entries)
    if on_start is not None:
        on_start(total)
    load_rules()  # a rule data error stops the run before anything is started or written
    base = Path(shards_dir) if shards_dir is not None else default_shards_dir(db)
    store = Store.open(db)
    try:
        with _client(address, opts.workers) as client:
            threads = sum(client.nthreads().values()) or 1
            size = chunk_size or max(1, min(opts.batch_size, math.ceil(total / (4 * threads))))
            stored = store.stored_versions()
            ctx = _Context(skip=frozenset(i for i, v in stored.items() if v == store.version),
                           max_bytes=opts.max_bytes, sidecar=opts.sidecar, root=os.getcwd())
            run_id = store.begin_run(paths, workers=threads, batch_size=size)
            run_dir = (base / f"run-{run_id}").resolve()
            t_start = time.perf_counter()
            status, results, load_s, own = "failed", [], 0.0, False
            try:
                if run_dir.exists():  # another store's (one deleted since, or sharing --shards): not ours to remove
                    raise IngestError(f"{run_dir}: exists already, shards of another store; remove it or give "
                                      "another --shards directory")
                own = True
                units = iter_units(entries, stdin=stdin, stdin_format=opts.stdin_format)
                results = _run_tasks(client, units, ctx, size, 3 * threads, progress, run_id=run_id,
                                     version=store.version, code_version=PIPELINE_VERSION, shards=str(run_dir))
                t0 = time.perf_counter()
                store.load_shards(run_id, run_dir, n_read=sum(r.n_read for r in results),
                                  timing=(t0 - t_start, sum(r.extract_seconds for r in results), 0.0))
                load_s = time.perf_counter() - t0
                status = "completed"
            except KeyboardInterrupt:
                status = "interrupted"
                raise
            finally:
                run = store.finish_run(run_id, status, seconds=time.perf_counter() - t_start,
                                       extract_seconds=sum(r.extract_seconds for r in results), write_seconds=load_s)
                if own and (status != "completed" or not keep_shards):
                    shutil.rmtree(run_dir, ignore_errors=True)
                    _remove_if_empty(base)
    finally:
        store.close()
    rejects = [RejectedInput(path=p, line=line, reason=reason) for r in results for p, line, reason in r.rejects]
    return IngestReport(db=store.path, run=run, rejects=rejects, shards=str(run_dir) if keep_shards else None)


def _remove_if_empty(d: Path) -> None:
    try:
        d.rmdir()
    except OSError:
        pass


def _run_tasks(client, units, ctx: _Context, size: int, window: int, progress: Callable[[int], None] | None,
               **task) -> list[ChunkResult]:
    """Submit a task per chunk (at most `window` in flight), wait for all;
    the results in input order."""
    from distributed import as_completed

    token = uuid.uuid4().hex[:12]
    ctx_future = client.scatter(ctx, broadcast=True, hash=False)
    done: list[ChunkResult] = []
    running = as_completed(loop=client.loop)
    futures = []

    def collect(future) -> None:
        try:
            r = future.result()
        except VnfactsError:
            raise
        except Exception as e:  # noqa: BLE001 - a worker died, the scheduler went away...
            msg = " ".join(str(e).split())[:300]
            raise IngestError(f"a Dask task failed ({type(e).__name__}: {msg}); nothing of this run was stored, "
                              "run the ingest again") from None
        done.append(r)
        if progress is not None:
            progress(r.n_read)

    try:
        for index, chunk in enumerate(_chunks(units, size), 1):
            futures.append(client.submit(extract_chunk, index, chunk, ctx_future, pure=False,
                                         key=f"vnfacts-chunk-{token}-{index}", **task))
            running.add(futures[-1])
            while running.count() >= window:
                collect(next(running))
        for future in running:
            collect(future)
    finally:
        running.clear()
        client.cancel([*futures, ctx_future], force=True)  # those still pending after a failure; frees the rest
    if len(done) != len(futures):  # pragma: no cover - as_completed gives every future once
        raise IngestError(f"{len(futures)} Dask tasks submitted, {len(done)} finished")
    return sorted(done, key=lambda r: r.index)
