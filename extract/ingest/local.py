"""Batch ingestion: many inputs -> facts in the store.

Inputs are read by vnfacts.ingest.inputs, the layer `vnfacts extract` uses
too: `.txt` files, `.html` pages, `.jsonl` files with one scraped article per
line, directories, glob patterns and "-" for stdin. Every input read
ends as exactly one of: ingested (new, or replacing facts of an older
pipeline version), duplicate (same text already stored by this pipeline
version, or earlier in the same run), rejected (with the reason, in the
`rejects` table).

Extraction runs in this process or in N worker processes; only this process
writes, in batches, each one transaction (vnfacts.store). A run killed at
any point and started again stores what an uninterrupted run stores.
The library never prints: progress goes to a callback.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from vnfacts.errors import InputError, VnfactsError
from vnfacts.ingest import inputs
from vnfacts.ingest.inputs import Entry, Unit, count_units, expand, iter_units, read_unit
from vnfacts.store import ArticleRecord, Batch, Reject, RunCounts, Store
from vnfacts.store.rows import article_province, canonical_keys

DEFAULT_MAX_BYTES = inputs.DEFAULT_MAX_BYTES


class IngestError(VnfactsError):
    """The ingest could not go on (a worker process died, the store failed)."""


class IngestOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    workers: int = Field(1, ge=1, description="extraction processes; 1 extracts in this process")
    batch_size: int = Field(100, ge=1, description="inputs per transaction")
    max_bytes: int = Field(DEFAULT_MAX_BYTES, ge=0, description="largest article text in UTF-8 bytes; 0: no limit")
    sidecar: bool = Field(False, description="take url/published/title from NAME.json beside NAME.txt")
    stdin_format: str = Field("auto", pattern="^(auto|txt|html|jsonl)$")


class RejectedInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    path: str
    line: int | None = None
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}" if self.line else f"{self.path}: {self.reason}"


class IngestReport(BaseModel):
    """What one `vnfacts ingest` did: the run's counts (read = ingested +
    duplicate + rejected) and every rejected input."""

    model_config = ConfigDict(extra="forbid")

    db: str
    run: RunCounts
    rejects: list[RejectedInput]
    shards: str | None = None  # --engine dask: the run's Parquet shards, when kept

    @property
    def write_share(self) -> float | None:
        r = self.run
        return (r.write_seconds / r.seconds) if r.seconds and r.write_seconds is not None else None


# ---------------------------------------------------------------- extraction (in a worker or here)


@dataclass
class Outcome:
    status: str  # extracted | duplicate | rejected
    path: str
    line: int | None = None
    reason: str | None = None
    article_id: str | None = None
    result: Any = None  # ExtractionResult
    text: str | None = None
    province: str | None = None
    keys: Any = None  # ArticleKeys
    seconds: float = 0.0


@dataclass
class _Context:
    skip: frozenset = field(default_factory=frozenset)  # ids stored by this pipeline version
    max_bytes: int = DEFAULT_MAX_BYTES
    sidecar: bool = False
    root: str | None = None  # relative input paths are relative to this directory (read_unit)


def process(unit: Unit, ctx: _Context) -> Outcome:
    """Read and extract one input. Never raises for a bad input: it is an
    Outcome "rejected" with the reason."""
    t0 = time.perf_counter()
    try:
        text, source, meta = read_unit(unit, ctx.max_bytes, ctx.sidecar, ctx.root)
        from vnfacts.pipeline import extract_normalized
        from vnfacts.pipeline.normalize import normalize
        norm = normalize(text, source=source, url=meta.url, published=meta.published, title=meta.title,
                         author=meta.author)
        if norm.article.id in ctx.skip:  # stored already by this pipeline version: no need to extract
            return Outcome("duplicate", unit.path, unit.line, article_id=norm.article.id,
                           seconds=time.perf_counter() - t0)
        res = extract_normalized(norm)
        province = article_province(res)  # and the canonical keys: derived here, in the worker
        return Outcome("extracted", unit.path, unit.line, article_id=res.article.id, result=res, text=norm.text,
                       province=province, keys=canonical_keys(res, province), seconds=time.perf_counter() - t0)
    except InputError as e:  # `line` is a JSONL line; a text file's bad line is in the reason
        return Outcome("rejected", unit.path, unit.line, reason=e.reason, seconds=time.perf_counter() - t0)
    except VnfactsError:
        raise  # rule data errors and the like: the whole run must stop
    except Exception as e:  # noqa: BLE001 - a bug on one input: reject it, keep the others
        if os.environ.get("VNFACTS_DEBUG"):
            raise
        msg = " ".join(str(e).split())[:300]
        return Outcome("rejected", unit.path, unit.line, reason=f"internal error ({type(e).__name__}: {msg})",
                       seconds=time.perf_counter() - t0)


_WORKER_CTX: _Context | None = None


def _init_worker(ctx: _Context) -> None:
    global _WORKER_CTX
    _WORKER_CTX = ctx
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    from vnfacts.ruledata import load_rules
    load_rules()


def _process_chunk(units: list[Unit]) -> list[Outcome]:
    assert _WORKER_CTX is not None
    return [process(u, _WORKER_CTX) for u in units]


def _chunks(units: Iterable[Unit], size: int) -> Iterator[list[Unit]]:
    chunk: list[Unit] = []
    for u in units:
        chunk.append(u)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _pool_context():
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        # workers fork from a server that has already imported the pipeline;
        # the server starts fresh (exec), not from this process and its DuckDB threads
        ctx.set_forkserver_preload(["vnfacts.pipeline", "vnfacts.ingest.local"])
        return ctx
    return multiprocessing.get_context("spawn")


def outcomes(units: Iterable[Unit], ctx: _Context, workers: int, chunk_size: int) -> Iterator[Outcome]:
    """Outcomes in input order, extracted here (workers=1) or in `workers`
    processes with a bounded number of chunks in flight."""
    if workers <= 1:
        for u in units:
            yield process(u, ctx)
        return
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool
    ex = ProcessPoolExecutor(max_workers=workers, mp_context=_pool_context(), initializer=_init_worker,
                             initargs=(ctx,))
    pending: deque = deque()
    window = 3 * workers
    try:
        for chunk in _chunks(units, chunk_size):
            pending.append(ex.submit(_process_chunk, chunk))
            while len(pending) >= window:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    except BrokenProcessPool as e:
        raise IngestError(f"a worker process died ({e}); what was committed is kept, run the ingest again") from None
    finally:
        ex.shutdown(wait=True, cancel_futures=True)


# ---------------------------------------------------------------- the run


def _test_kill_hook() -> tuple[str | None, int]:
    """VNFACTS_TEST_KILL_AT=after-commit:N or before-commit:N: SIGKILL this
    process at that point of batch N (tests of crash recovery only)."""
    spec = os.environ.get("VNFACTS_TEST_KILL_AT", "")
    if ":" not in spec:
        return None, 0
    point, n = spec.split(":", 1)
    return point, int(n)


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def ingest(paths: list[str], db: str | Path, options: IngestOptions | None = None, *,
           progress: Callable[[int], None] | None = None,
           stdin: Callable[[], bytes] | None = None,
           on_start: Callable[[int], None] | None = None) -> IngestReport:
    """Ingest `paths` into the store at `db`. `on_start(total)` is called once
    with the number of inputs, `progress(n)` after each n inputs done."""
    opts = options or IngestOptions()
    entries = expand(paths)
    if on_start is not None:
        on_start(count_units(entries))
    store = Store.open(db, threads=1)  # small batch inserts: one DuckDB thread is faster, and leaves the cores to workers
    try:
        return _run(store, paths, entries, opts, progress, stdin)
    finally:
        store.close()


def _run(store: Store, paths: list[str], entries: list[Entry], opts: IngestOptions,
         progress: Callable[[int], None] | None, stdin: Callable[[], bytes] | None) -> IngestReport:
    from vnfacts.ruledata import load_rules
    load_rules()  # a rule data error stops the run before anything is written
    stored = store.stored_versions()
    version = store.version
    ctx = _Context(skip=frozenset(i for i, v in stored.items() if v == version), max_bytes=opts.max_bytes,
                   sidecar=opts.sidecar)
    run_id = store.begin_run(paths, workers=opts.workers, batch_size=opts.batch_size)
    kill_point, kill_batch = _test_kill_hook()
    t_start = time.perf_counter()
    extract_s = write_s = 0.0
    seen: set[str] = set()
    rejects: list[RejectedInput] = []
    batch = Batch()
    batches = 0

    def flush() -> None:
        nonlocal batch, batches, write_s
        if not batch.n_read:
            return
        batches += 1
        hook = _die if kill_point == "before-commit" and batches == kill_batch else None
        t0 = time.perf_counter()
        store.write_batch(run_id, batch, before_commit=hook,
                          timing=(time.perf_counter() - t_start, extract_s, write_s))
        write_s += time.perf_counter() - t0
        if kill_point == "after-commit" and batches == kill_batch:
            _die()
        batch = Batch()

    status = "failed"
    try:
        units = iter_units(entries, stdin=stdin, stdin_format=opts.stdin_format)
        chunk = max(1, min(8, opts.batch_size // (2 * opts.workers)))
        for out in outcomes(units, ctx, opts.workers, chunk):
            extract_s += out.seconds
            batch.n_read += 1
            if out.status == "rejected":
                batch.rejects.append(Reject(out.path, out.line, out.reason or "rejected"))
                rejects.append(RejectedInput(path=out.path, line=out.line, reason=out.reason or "rejected"))
            elif out.article_id in seen or out.status == "duplicate" or stored.get(out.article_id) == version:
                batch.n_duplicate += 1
            else:
                seen.add(out.article_id)
                batch.articles.append(ArticleRecord(out.result, out.text, province=out.province,
                                                    replace=out.article_id in stored, keys=out.keys))
            if batch.n_read >= opts.batch_size:
                flush()
            if progress is not None:
                progress(1)
        flush()
        status = "completed"
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    finally:
        run = store.finish_run(run_id, status, seconds=time.perf_counter() - t_start, extract_seconds=extract_s,
                               write_seconds=write_s)
    return IngestReport(db=store.path, run=run, rejects=rejects)
