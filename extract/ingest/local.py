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
from collections import deque
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
DEFAULT_MAX_BYTES = 500_000
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
            "extraction time grows faster than the text, raise --max-size to ingest it anyway")


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
    if max_bytes:
        n = len(text.encode("utf-8"))
        if n > max_bytes:
            raise InputError(where, _too_big(n, max_bytes), unit.line)
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
        with store.held():
            run = store.finish_run(run_id, status, seconds=time.perf_counter() - t_start,
                                   extract_seconds=extract_s, write_seconds=write_s)
    return IngestReport(db=store.path, run=run, rejects=rejects)
