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

import collections
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from vnfacts.errors import InputError, VnfactsError
from vnfacts.ingest import inputs
from vnfacts.ingest.inputs import Entry, Unit, count_units, expand, iter_units, read_unit
from vnfacts.store import ArticleRecord, Batch, Reject, RunCounts, Store, article_rows

DEFAULT_MAX_BYTES = inputs.DEFAULT_MAX_BYTES
DEFAULT_TIME_BUDGET = 600.0


class IngestError(VnfactsError):
    """The ingest could not go on (a worker process died, the store failed)."""


class IngestOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    workers: int = Field(1, ge=1, description="extraction processes; 1 extracts in this process")
    batch_size: int = Field(1000, ge=1, description="inputs per transaction")
    max_bytes: int = Field(DEFAULT_MAX_BYTES, ge=0, description="largest article text in UTF-8 bytes; 0: no limit")
    time_budget: float = Field(DEFAULT_TIME_BUDGET, ge=0,
                               description="seconds one article may take to extract, else it is rejected; 0: none")
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
    rows: Any = None  # ArticleRows: what the store writes of it, built here (in the worker)
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
        from vnfacts.pipeline import extract_canonicalized
        from vnfacts.pipeline.normalize import normalize
        norm = normalize(text, source=source, url=meta.url, published=meta.published, title=meta.title,
                         author=meta.author)
        if norm.article.id in ctx.skip:  # stored already by this pipeline version: no need to extract
            return Outcome("duplicate", unit.path, unit.line, article_id=norm.article.id,
                           seconds=time.perf_counter() - t0)
        canon = extract_canonicalized(norm)  # with the province and canonical keys: derived here, in the worker
        # the store's rows too: plain values, cheaper to send than the models, and the writer only puts them together
        rows = article_rows(ArticleRecord(canon.result, norm.text, province=canon.province, keys=canon.keys))
        return Outcome("extracted", unit.path, unit.line, article_id=canon.result.article.id, rows=rows,
                       seconds=time.perf_counter() - t0)
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


class _OverBudget(BaseException):
    """Raised by the alarm in this process when an article runs over its
    time budget (a BaseException: process() turns every Exception into a reject)."""


def _budget_reason(seconds: float) -> str:
    return (f"extraction took longer than the time budget of {seconds:g} s per article (--time-budget); "
            "the article was not stored")


def _process_with_budget(unit: Unit, ctx: _Context, budget: float) -> Outcome:
    """process() under a SIGALRM that interrupts it after `budget` seconds
    (this process's main thread only; elsewhere without a budget). The alarm
    acts between Python bytecodes: a single long call into C (one regex
    search, one CRF call) finishes first; the pipeline gives both bounded input."""
    import threading
    if not budget or threading.current_thread() is not threading.main_thread():
        return process(unit, ctx)

    def on_alarm(signum, frame):
        raise _OverBudget()

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, budget)
    t0 = time.perf_counter()
    try:
        return process(unit, ctx)
    except _OverBudget:
        return Outcome("rejected", unit.path, unit.line, reason=_budget_reason(budget),
                       seconds=time.perf_counter() - t0)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


# ---------------------------------------------------------------- worker processes


def _watch_parent(pid: int) -> None:
    """Exit this worker as soon as process `pid` (the ingest) is gone, even
    when it was SIGKILLed and could not tell anyone: a worker never outlives
    the ingest that started it, nor keeps its stdout open."""
    import select
    try:
        fd = os.pidfd_open(pid)
    except (AttributeError, OSError):
        fd = None
    if fd is not None:
        select.select([fd], [], [])  # readable once the process has exited
    else:
        while True:
            time.sleep(0.5)
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            except PermissionError:
                pass
    os._exit(70)


def _die_with_parent() -> None:
    """Linux: SIGKILL this process when its parent dies (prctl PR_SET_PDEATHSIG)."""
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG = 1
    except (OSError, AttributeError):
        pass


_WARM_UP = "Ngày 1/1/2020, Đảng bộ phường Tân Lập kết nạp 5 đảng viên mới, đạt 100% kế hoạch."
DEPTH = 4  # units sent ahead to each worker: it goes on while this process writes a batch
WINDOW = 64  # outcomes per worker held back waiting for an earlier one (input order)


def _worker_main(units_in, results_out, ingest_pid: int) -> None:
    """One extraction process: a context, then units in, outcomes out (each
    with the time it ended on the monotonic clock, which the ingest's budget
    reads), until None. A thread takes units off the pipe as they come, so
    that the ingest never waits to hand one over."""
    import queue
    import threading
    _die_with_parent()  # its parent is the ingest (fork), the forkserver or the ingest (spawn)
    threading.Thread(target=_watch_parent, args=(ingest_pid,), daemon=True, name="watch-ingest").start()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    todo: queue.SimpleQueue = queue.SimpleQueue()

    def receive() -> None:
        while True:
            try:
                msg = units_in.recv()
            except (EOFError, OSError):
                msg = None
            todo.put(msg)
            if msg is None:
                return

    threading.Thread(target=receive, daemon=True, name="units").start()  # before the warm-up: the pipe never fills
    # one made-up article through every step (reading, extraction, store
    # keys), so that rules, models and lexicons are loaded (or, forked from a
    # process that has them, touched) before the first real article's clock starts
    process(Unit("txt", inputs.STDIN, data=_WARM_UP.encode("utf-8")), _Context(max_bytes=0))
    results_out.send(("ready", time.monotonic()))
    ctx = todo.get()
    if ctx is None:
        return
    while True:
        unit = todo.get()
        if unit is None:
            return
        try:
            out = process(unit, ctx)
        except VnfactsError as e:  # rule data errors and the like: the parent stops the run
            results_out.send(e)
            return
        results_out.send((out, time.monotonic()))


def _pool_context():
    """Linux: fork, so that a worker starts as a copy of this process, with
    what it has imported and loaded (no interpreter to start, no models to
    load again when they are loaded here). Elsewhere a forkserver (fork is
    unsafe on macOS) or spawn."""
    methods = multiprocessing.get_all_start_methods()
    if sys.platform.startswith("linux") and "fork" in methods:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        # workers fork from a server that has already imported the pipeline;
        # the server starts fresh (exec), not from this process and its DuckDB threads
        ctx.set_forkserver_preload(["vnfacts.pipeline", "vnfacts.ingest.local"])
        return ctx
    return multiprocessing.get_context("spawn")


class _Worker:
    def __init__(self, mp):
        self.units_in, units_out = mp.Pipe(duplex=False)  # (receiving end, sending end)
        results_in, self.results_out = mp.Pipe(duplex=False)
        self.conn = results_in
        self.proc = mp.Process(target=_worker_main, args=(self.units_in, self.results_out, os.getpid()),
                               daemon=True)
        self.proc.start()
        self.units_in.close()
        self.results_out.close()
        self.send_conn = units_out
        self.ready = False  # it says so once its models are loaded
        self.free_at = 0.0  # when it ended its last unit (its own monotonic clock), or became ready
        self.jobs: collections.deque[tuple[int, Unit, float]] = collections.deque()  # (index, unit, sent at)

    def started(self) -> float:
        """When the first unit of `jobs` began: not before it was sent, nor
        before the worker ended the one before it."""
        return max(self.jobs[0][2], self.free_at)

    def give(self, index: int, unit: Unit) -> None:
        self.send_conn.send(unit)
        self.jobs.append((index, unit, time.monotonic()))

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()
        self.send_conn.close()

    def stop(self) -> None:
        try:
            self.send_conn.send(None)
        except OSError:
            pass
        self.proc.join(5)
        self.kill()


class _Pool:
    """`workers` extraction processes, started at once (they load their
    models while the ingest opens its store and reads its inputs)."""

    def __init__(self, workers: int):
        self.mp = _pool_context()
        self.workers: list[_Worker] = []
        try:
            for _ in range(workers):
                self.workers.append(_Worker(self.mp))
        except BaseException:
            self.close()
            raise

    def _replace(self, i: int, ctx: _Context) -> None:
        self.workers[i].kill()
        self.workers[i] = _Worker(self.mp)
        self.workers[i].send_conn.send(ctx)

    def outcomes(self, units: Iterable[Unit], ctx: _Context, budget: float) -> Iterator[Outcome]:
        """Outcomes in input order, up to DEPTH units in each worker's hands.
        A unit over `budget` seconds is rejected and its worker killed and
        replaced (the units queued behind it go to the others); a worker
        that dies on a unit (out of memory, a crash in C) rejects that unit
        and is replaced; the others go on."""
        from multiprocessing.connection import wait
        pool = self.workers
        for w in pool:
            w.send_conn.send(ctx)
        todo = enumerate(units)
        again: collections.deque[tuple[int, Unit]] = collections.deque()  # taken back from a killed worker
        done: dict[int, Outcome] = {}
        next_out = 0
        exhausted = False
        window = WINDOW * len(pool)
        while True:
            for depth in range(1, DEPTH + 1):  # one more unit to each worker in turn, the least busy first
                for w in pool:
                    if not w.ready or len(w.jobs) >= depth:
                        continue
                    if again:
                        w.give(*again.popleft())
                    elif not exhausted and len(done) < window:
                        nxt = next(todo, None)
                        if nxt is None:
                            exhausted = True
                        else:
                            w.give(*nxt)
            busy = [w for w in pool if w.jobs]
            if not busy and exhausted and not again:
                break
            starting = [w for w in pool if not w.ready]
            timeout = (min(w.started() for w in busy) + budget - time.monotonic()) if budget and busy else None
            ready = wait([w.conn for w in busy + starting],
                         timeout=max(0.0, timeout) if timeout is not None else None)
            for w in starting:
                if w.conn in ready:
                    try:
                        msg, w.free_at = w.conn.recv()
                        w.ready = msg == "ready"
                    except (EOFError, OSError):
                        raise IngestError(f"an extraction process could not start (exit code "
                                          f"{w.proc.exitcode}); nothing of the batch in progress was stored, "
                                          "run the ingest again") from None
            for i, w in enumerate(pool):
                if not w.jobs:
                    continue
                index, unit, _ = w.jobs[0]
                if w.conn in ready:
                    try:
                        msg = w.conn.recv()
                        if isinstance(msg, BaseException):
                            raise msg
                        done[index], w.free_at = msg
                        w.jobs.popleft()
                        continue
                    except (EOFError, OSError):
                        code = w.proc.exitcode
                        w.proc.join(5)
                        code = w.proc.exitcode if w.proc.exitcode is not None else code
                        why = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
                        reason = (f"the extraction process died while reading it ({why}; "
                                  "out of memory?); the article was not stored")
                elif budget and time.monotonic() - w.started() >= budget:
                    reason = _budget_reason(budget)
                else:
                    continue
                done[index] = Outcome("rejected", unit.path, unit.line, reason=reason,
                                      seconds=time.monotonic() - w.started())
                w.jobs.popleft()
                again.extendleft(reversed([(j, u) for j, u, _ in w.jobs]))
                w.jobs.clear()
                self._replace(i, ctx)
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1

    def close(self) -> None:
        for w in self.workers:
            if w.jobs or not w.ready:
                w.kill()
            else:
                w.stop()


def _chunks(units: Iterable[Unit], size: int) -> Iterator[list[Unit]]:
    chunk: list[Unit] = []
    for u in units:
        chunk.append(u)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def outcomes(units: Iterable[Unit], ctx: _Context, workers: int, budget: float = 0.0,
             pool: _Pool | None = None) -> Iterator[Outcome]:
    """Outcomes in input order, extracted here (workers=1) or in `workers`
    processes (those of `pool` when given, already started); an article over
    `budget` seconds (0: none) is rejected."""
    if workers <= 1 and pool is None:
        for u in units:
            yield _process_with_budget(u, ctx, budget)
        return
    own = pool is None
    pool = pool or _Pool(workers)
    try:
        yield from pool.outcomes(units, ctx, budget)
    finally:
        if own:
            pool.close()


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
    # the workers start first: they load their models while this process reads and opens
    pool = _Pool(opts.workers) if opts.workers > 1 else None
    store = None
    try:
        entries = expand(paths)
        if on_start is not None:
            on_start(count_units(entries))
        store = Store.open(db, threads=1)  # small batch inserts: one DuckDB thread is faster, and leaves the cores to workers
        return _run(store, paths, entries, opts, progress, stdin, pool)
    finally:
        if pool is not None:  # first: no worker outlives the store's writer lock
            pool.close()
        if store is not None:
            store.close()


def _run(store: Store, paths: list[str], entries: list[Entry], opts: IngestOptions,
         progress: Callable[[int], None] | None, stdin: Callable[[], bytes] | None,
         pool: _Pool | None = None) -> IngestReport:
    from vnfacts.ruledata import load_rules
    load_rules()  # a rule data error stops the run before anything is written
    stored = store.stored_versions()
    version = store.version
    ctx = _Context(skip=frozenset(i for i, v in stored.items() if v == version), max_bytes=opts.max_bytes,
                   sidecar=opts.sidecar)
    run_id = store.begin_run(paths, workers=opts.workers, batch_size=opts.batch_size)
    store.release()  # readers may open the store between batches (see vnfacts.store.db)
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
        with store.held():
            store.write_batch(run_id, batch, before_commit=hook,
                              timing=(time.perf_counter() - t_start, extract_s, write_s))
        write_s += time.perf_counter() - t0
        if kill_point == "after-commit" and batches == kill_batch:
            _die()
        batch = Batch()

    status = "failed"
    try:
        units = iter_units(entries, stdin=stdin, stdin_format=opts.stdin_format)
        for out in outcomes(units, ctx, opts.workers, opts.time_budget, pool):
            extract_s += out.seconds
            batch.n_read += 1
            if out.status == "rejected":
                batch.rejects.append(Reject(out.path, out.line, out.reason or "rejected"))
                rejects.append(RejectedInput(path=out.path, line=out.line, reason=out.reason or "rejected"))
            elif out.article_id in seen or out.status == "duplicate" or stored.get(out.article_id) == version:
                batch.n_duplicate += 1
            else:
                seen.add(out.article_id)
                batch.add(out.rows, replace=out.article_id in stored)
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
        with store.held():
            run = store.finish_run(run_id, status, seconds=time.perf_counter() - t_start,
                                   extract_seconds=extract_s, write_seconds=write_s)
    return IngestReport(db=store.path, run=run, rejects=rejects)
