"""Batch ingestion: many inputs -> facts in the store.

Inputs are `.txt` files, `.html` pages (main text, title, date and author
through trafilatura), `.jsonl` files with one scraped article per line
(`url`, `title`, `published`, and `text` or `html`), directories (searched
recursively for those), glob patterns and "-" for stdin. Every input read
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

import glob
import json
import logging
import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from vnfacts.errors import InputError, VnfactsError
from vnfacts.ingest.inputs import decode_article
from vnfacts.store import ArticleRecord, Batch, Reject, RunCounts, Store
from vnfacts.store.rows import article_province, canonical_keys

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
INPUT_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
STDIN = "-"
DEFAULT_MAX_BYTES = 5_000_000  # extraction time is linear in the text (windows): about a minute for 5 MB
DEFAULT_TIME_BUDGET = 600.0
_GLOB_CHARS = set("*?[")
_SNIFF = 8192

for _name in ("trafilatura", "htmldate", "courlan", "justext"):  # the library never prints
    logging.getLogger(_name).addHandler(logging.NullHandler())


class IngestError(VnfactsError):
    """The ingest could not go on (a worker process died, the store failed)."""


class IngestOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    workers: int = Field(1, ge=1, description="extraction processes; 1 extracts in this process")
    batch_size: int = Field(100, ge=1, description="inputs per transaction")
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


# ---------------------------------------------------------------- inputs


@dataclass(frozen=True)
class Unit:
    """One input to read: a file, a JSONL line, stdin, or an input already
    known to be bad (kind "reject")."""

    kind: str  # txt | html | jsonl | reject
    path: str
    line: int | None = None
    data: bytes | None = None  # stdin contents or the JSONL line; files are read by the worker
    reason: str | None = None


@dataclass(frozen=True)
class _Entry:
    kind: str  # txt | html | jsonl | stdin | reject
    path: str
    reason: str | None = None


def _kind_of(path: Path) -> str:
    s = path.suffix.lower()
    return "html" if s in HTML_SUFFIXES else "jsonl" if s in JSONL_SUFFIXES else "txt"


def _hidden(p: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in p.relative_to(root).parts)


def _expand_one(arg: str) -> list[_Entry]:
    if arg == STDIN:
        return [_Entry("stdin", STDIN)]
    p = Path(arg)
    if p.is_dir():
        files = sorted(f for f in p.rglob("*")
                       if f.suffix.lower() in INPUT_SUFFIXES and f.is_file() and not _hidden(f, p))
        if not files:
            return [_Entry("reject", arg, "directory has no .txt, .html or .jsonl files")]
        return [_Entry(_kind_of(f), str(f)) for f in files]
    if p.exists():
        return [_Entry(_kind_of(p), arg)]
    if _GLOB_CHARS & set(arg):
        matches = sorted(glob.glob(arg, recursive=True))
        if not matches:
            return [_Entry("reject", arg, "no files match this pattern")]
        out: list[_Entry] = []
        for m in matches:
            out += _expand_one(m) if Path(m).is_dir() else [_Entry(_kind_of(Path(m)), m)]
        return out
    return [_Entry("reject", arg, "no such file or directory")]


def expand(paths: Iterable[str]) -> list[_Entry]:
    """Arguments -> the files to read, in order (directories sorted, recursively)."""
    out: list[_Entry] = []
    for arg in paths:
        out += _expand_one(arg)
    return out


def _count_lines(path: str) -> int:
    try:
        with open(path, "rb") as f:
            return max(1, sum(1 for line in f if line.strip()))
    except OSError:
        return 1


def count_units(entries: list[_Entry]) -> int:
    """How many inputs `iter_units` will yield (JSONL lines counted), for a progress bar."""
    return sum(_count_lines(e.path) if e.kind == "jsonl" else 1 for e in entries)


def _jsonl_units(path: str, f) -> Iterator[Unit]:
    head = f.read(_SNIFF)
    if b"\x00" in head:
        yield Unit("reject", path, reason="binary file (contains NUL bytes), not JSON lines")
        return
    f.seek(0)
    any_line = False
    for lineno, raw in enumerate(f, 1):
        if raw.strip():
            any_line = True
            yield Unit("jsonl", path, lineno, raw)
    if not any_line:
        yield Unit("reject", path, reason="empty file (no JSON lines)")


def _stdin_units(data: bytes, fmt: str) -> Iterator[Unit]:
    if fmt == "auto":
        head = data.lstrip()[:1]
        fmt = "jsonl" if head == b"{" else "html" if head == b"<" else "txt"
    if fmt == "jsonl":
        import io
        yield from _jsonl_units(STDIN, io.BytesIO(data))
    else:
        yield Unit(fmt, STDIN, data=data)


def iter_units(entries: list[_Entry], *, stdin: Callable[[], bytes] | None = None,
               stdin_format: str = "auto") -> Iterator[Unit]:
    """The inputs one by one; JSONL files are read lazily, line by line."""
    for e in entries:
        if e.kind == "reject":
            yield Unit("reject", e.path, reason=e.reason)
        elif e.kind == "stdin":
            if stdin is None:
                import sys
                stdin = sys.stdin.buffer.read
            yield from _stdin_units(stdin(), stdin_format)
        elif e.kind == "jsonl":
            try:
                with open(e.path, "rb") as f:
                    yield from _jsonl_units(e.path, f)
            except OSError as err:
                yield Unit("reject", e.path, reason=_os_reason(err))
        else:
            yield Unit(e.kind, e.path)


def _os_reason(err: OSError) -> str:
    if isinstance(err, PermissionError):
        return "permission denied (cannot read the file)"
    if isinstance(err, IsADirectoryError):
        return "is a directory, not a file"
    if isinstance(err, FileNotFoundError):
        return "no such file"
    return f"cannot read: {err.strerror or err}"


# ---------------------------------------------------------------- reading one input


@dataclass
class _Meta:
    url: str | None = None
    title: str | None = None
    published: str | None = None
    author: str | None = None


def human_size(n: int) -> str:
    for unit, size in (("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if n >= size:
            v = n / size
            return f"{v:.1f} {unit}" if v < 10 else f"{v:.0f} {unit}"
    return f"{n} bytes"


def _too_big(n: int, limit: int, what: str = "article text") -> str:
    return (f"{what} is {human_size(n)}, over the size limit of {human_size(limit)} (--max-size); "
            "raise --max-size to read it anyway (extraction takes about a minute per 5 MB)")


def check_size(text: str, where: str, max_bytes: int = DEFAULT_MAX_BYTES, line: int | None = None) -> None:
    """InputError when the article text is over `max_bytes` UTF-8 bytes (0: no limit)."""
    if max_bytes:
        n = len(text.encode("utf-8", "surrogatepass"))
        if n > max_bytes:
            raise InputError(where, _too_big(n, max_bytes), line)


# how much larger than --max-size a file may be before it is refused unread:
# UTF-16 doubles Vietnamese text at most, HTML markup is often 10x the text
_RAW_FACTOR = {"txt": 4, "html": 20}


def _read_file(path: str, kind: str, max_bytes: int) -> bytes:
    p = Path(path)
    try:
        size = p.stat().st_size
        if max_bytes and size > _RAW_FACTOR[kind] * max_bytes:
            what = "HTML file" if kind == "html" else "file"
            raise InputError(path, _too_big(size, max_bytes, what)
                             + (f" (HTML may be {_RAW_FACTOR[kind]}x the limit)" if kind == "html" else ""))
        return p.read_bytes()
    except OSError as e:
        raise InputError(path, _os_reason(e)) from None


def _html_text(data: bytes | str, where: str) -> tuple[str, _Meta]:
    """Main text and metadata of an HTML page, through trafilatura."""
    import trafilatura
    if not (data.strip() if isinstance(data, (bytes, str)) else data):
        raise InputError(where, "empty file")
    try:
        doc = trafilatura.bare_extraction(data, with_metadata=True, include_comments=False,
                                          date_extraction_params={"extensive_search": False,
                                                                  "original_date": True})
    except Exception as e:  # noqa: BLE001 - a parser failure on a broken page is a reject, not a crash
        raise InputError(where, f"cannot parse the HTML ({type(e).__name__}: {e})") from None
    text = (getattr(doc, "text", None) or "") if doc is not None else ""
    if not text.strip():
        raise InputError(where, "no article text found in the HTML")
    meta = _Meta(url=getattr(doc, "url", None), title=getattr(doc, "title", None),
                 published=getattr(doc, "date", None), author=getattr(doc, "author", None))
    return text, meta


def _sidecar(path: str) -> _Meta:
    """url/published/title from NAME.json beside NAME.txt, when it has them."""
    js = Path(path).with_suffix(".json")
    try:
        obj = json.loads(js.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return _Meta()
    if not isinstance(obj, dict):
        return _Meta()
    get = lambda k: obj.get(k) if isinstance(obj.get(k), str) and obj.get(k).strip() else None  # noqa: E731
    return _Meta(url=get("url"), title=get("title"), published=get("published"), author=get("author"))


_JSONL_FIELDS = ("url", "title", "published", "author")


def _jsonl_text(raw: bytes, where: str, line: int) -> tuple[str, _Meta]:
    def bad(reason: str) -> InputError:
        return InputError(where, reason, line)
    try:
        s = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise bad(f"not UTF-8 (invalid byte 0x{raw[e.start]:02x} at column {e.start + 1})") from None
    try:
        obj = json.loads(s.strip())
    except json.JSONDecodeError as e:
        raise bad(f"not valid JSON: {e.msg} (column {e.colno})") from None
    if not isinstance(obj, dict):
        raise bad(f"a JSON line must be an object with text or html, not {type(obj).__name__}")
    for k in _JSONL_FIELDS:
        if obj.get(k) is not None and not isinstance(obj[k], str):
            raise bad(f'field "{k}" must be a string or null, not {type(obj[k]).__name__}')
    meta = _Meta(**{k: (obj.get(k) or None) for k in _JSONL_FIELDS})
    text, html = obj.get("text"), obj.get("html")
    if isinstance(text, str) and text.strip():
        return text, meta
    if isinstance(html, str) and html.strip():
        body, page = _html_text(html, f"{where}:{line}")
        return body, _Meta(url=meta.url or page.url, title=meta.title or page.title,
                           published=meta.published or page.published, author=meta.author or page.author)
    raise bad('no article: the object needs a non-empty "text" or "html" string')


def read_unit(unit: Unit, max_bytes: int = DEFAULT_MAX_BYTES, sidecar: bool = False,
              root: str | None = None) -> tuple[str, str, _Meta]:
    """(article text, source, metadata) of one input; InputError when it cannot be one.
    `root`: the directory a relative path is relative to (the ingesting process's
    working directory, for a worker elsewhere); the source stays the path as given."""
    if unit.kind == "reject":
        raise InputError(unit.path, unit.reason or "rejected", unit.line)
    where = "<stdin>" if unit.path == STDIN else unit.path
    if unit.kind == "jsonl":
        text, meta = _jsonl_text(unit.data or b"", where, unit.line or 0)
        source = f"{unit.path}:{unit.line}"
    else:
        file = os.path.join(root, unit.path) if root and unit.path != STDIN else unit.path
        data = unit.data if unit.data is not None else _read_file(file, unit.kind, max_bytes)
        if max_bytes and len(data) > _RAW_FACTOR[unit.kind] * max_bytes:  # stdin
            raise InputError(where, _too_big(len(data), max_bytes, "input"))
        if unit.kind == "html":
            text, meta = _html_text(data, where)
        else:
            text = decode_article(data, where)
            meta = _sidecar(file) if sidecar and unit.path != STDIN else _Meta()
        source = unit.path
    check_size(text, where, max_bytes, unit.line)
    if meta.title and not text.lstrip().startswith(meta.title.strip()):
        text = f"{meta.title.strip()}\n\n{text}"  # the title is part of the article: its facts count
    return text, source, meta


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


def _extract(norm, text: str, source: str, meta: _Meta):
    """The facts of a normalized article (whose text the offsets refer to)."""
    from vnfacts import pipeline
    run = getattr(pipeline, "extract_normalized", None)
    if run is not None:
        return run(norm)
    return pipeline.extract(text, source=source, url=meta.url, published=meta.published)


def process(unit: Unit, ctx: _Context) -> Outcome:
    """Read and extract one input. Never raises for a bad input: it is an
    Outcome "rejected" with the reason."""
    t0 = time.perf_counter()
    try:
        text, source, meta = read_unit(unit, ctx.max_bytes, ctx.sidecar, ctx.root)
        from vnfacts.pipeline.normalize import normalize
        norm = normalize(text, source=source, url=meta.url, published=meta.published)
        if norm.article.id in ctx.skip:  # stored already by this pipeline version: no need to extract
            return Outcome("duplicate", unit.path, unit.line, article_id=norm.article.id,
                           seconds=time.perf_counter() - t0)
        res = _extract(norm, text, source, meta)
        update: dict[str, Any] = {}
        if meta.title:
            update["title"] = " ".join(meta.title.split())
        if meta.author and not res.article.author:
            update["author"] = meta.author
        if update:
            res = res.model_copy(update={"article": res.article.model_copy(update=update)})
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


_WARM_UP = "Ngày 1/1/2020, Đảng ủy xã họp."


def _worker_main(conn, ctx: _Context, ingest_pid: int) -> None:
    """One extraction process: units in, outcomes out, one at a time, until None."""
    import threading
    _die_with_parent()  # its parent is the forkserver (or the ingest itself with spawn)
    threading.Thread(target=_watch_parent, args=(ingest_pid,), daemon=True, name="watch-ingest").start()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    from vnfacts.pipeline import extract
    extract(_WARM_UP)  # rules and models loaded before the first article's clock starts
    conn.send("ready")
    while True:
        try:
            unit = conn.recv()
        except EOFError:
            return
        if unit is None:
            return
        try:
            out = process(unit, ctx)
        except VnfactsError as e:  # rule data errors and the like: the parent stops the run
            conn.send(e)
            return
        conn.send(out)


def _pool_context():
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        # workers fork from a server that has already imported the pipeline;
        # the server starts fresh (exec), not from this process and its DuckDB threads
        ctx.set_forkserver_preload(["vnfacts.pipeline", "vnfacts.ingest.local"])
        return ctx
    return multiprocessing.get_context("spawn")


class _Worker:
    def __init__(self, mp, ctx: _Context):
        self.conn, child = mp.Pipe()
        self.proc = mp.Process(target=_worker_main, args=(child, ctx, os.getpid()), daemon=True)
        self.proc.start()
        child.close()
        self.ready = False  # it says so once its models are loaded
        self.job: tuple[int, Unit, float] | None = None  # (index, unit, started at)

    def give(self, index: int, unit: Unit) -> None:
        self.conn.send(unit)
        self.job = (index, unit, time.monotonic())

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.proc.join(5)
        self.kill()


def _pooled(units: Iterable[Unit], ctx: _Context, workers: int, budget: float) -> Iterator[Outcome]:
    """Outcomes in input order from `workers` processes, one unit each at a
    time. A unit over `budget` seconds is rejected and its worker killed and
    replaced; a worker that dies on a unit (out of memory, a crash in C)
    rejects that unit and is replaced; the others go on."""
    from multiprocessing.connection import wait
    mp = _pool_context()
    pool = [_Worker(mp, ctx) for _ in range(workers)]
    todo = enumerate(units)
    done: dict[int, Outcome] = {}
    next_out = 0
    exhausted = False
    window = 8 * workers  # outcomes held back waiting for an earlier one
    try:
        while True:
            for w in pool:
                if w.ready and w.job is None and not exhausted and len(done) < window:
                    nxt = next(todo, None)
                    if nxt is None:
                        exhausted = True
                    else:
                        w.give(*nxt)
            busy = [w for w in pool if w.job is not None]
            if not busy and exhausted:
                break
            starting = [w for w in pool if not w.ready]
            now = time.monotonic()
            timeout = min(w.job[2] + budget - now for w in busy) if budget and busy else None
            ready = wait([w.conn for w in busy + starting],
                         timeout=max(0.0, timeout) if timeout is not None else None)
            for w in starting:
                if w.conn in ready:
                    try:
                        w.ready = w.conn.recv() == "ready"
                    except (EOFError, OSError):
                        raise IngestError(f"an extraction process could not start (exit code "
                                          f"{w.proc.exitcode}); nothing of the batch in progress was stored, "
                                          "run the ingest again") from None
            for i, w in enumerate(pool):
                if w.job is None:
                    continue
                index, unit, started = w.job
                if w.conn in ready:
                    try:
                        out = w.conn.recv()
                        if isinstance(out, BaseException):
                            raise out
                        done[index] = out
                        w.job = None
                        continue
                    except (EOFError, OSError):
                        code = w.proc.exitcode
                        w.proc.join(5)
                        code = w.proc.exitcode if w.proc.exitcode is not None else code
                        why = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
                        reason = (f"the extraction process died while reading it ({why}; "
                                  "out of memory?); the article was not stored")
                elif budget and time.monotonic() - started >= budget:
                    reason = _budget_reason(budget)
                else:
                    continue
                done[index] = Outcome("rejected", unit.path, unit.line, reason=reason,
                                      seconds=time.monotonic() - started)
                w.kill()
                pool[i] = _Worker(mp, ctx)
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
    finally:
        for w in pool:
            if w.job is None:
                w.stop()
            else:
                w.kill()


def _chunks(units: Iterable[Unit], size: int) -> Iterator[list[Unit]]:
    chunk: list[Unit] = []
    for u in units:
        chunk.append(u)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def outcomes(units: Iterable[Unit], ctx: _Context, workers: int, budget: float = 0.0) -> Iterator[Outcome]:
    """Outcomes in input order, extracted here (workers=1) or in `workers`
    processes; an article over `budget` seconds (0: none) is rejected."""
    if workers <= 1:
        for u in units:
            yield _process_with_budget(u, ctx, budget)
        return
    yield from _pooled(units, ctx, workers, budget)


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


def _run(store: Store, paths: list[str], entries: list[_Entry], opts: IngestOptions,
         progress: Callable[[int], None] | None, stdin: Callable[[], bytes] | None) -> IngestReport:
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
        for out in outcomes(units, ctx, opts.workers, opts.time_budget):
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
        with store.held():
            run = store.finish_run(run_id, status, seconds=time.perf_counter() - t_start,
                                   extract_seconds=extract_s, write_seconds=write_s)
    return IngestReport(db=store.path, run=run, rejects=rejects)
