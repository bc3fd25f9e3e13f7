"""The one input layer of `vnfacts extract`, `vnfacts ingest` and the Python API.

Inputs are `.txt` files (UTF-8, or UTF-16), `.html` pages (main text, title,
date and author through trafilatura and the page's meta tags), `.jsonl` files
with one scraped article per line (`url`, `title`, `published`, `author`, and
`text` or `html`), directories (walked recursively for those), glob patterns
and "-" for stdin. Every input ends as an article or as a reject with its
reason, never as an exception that stops the others:

- only regular files are read: a FIFO, socket or device is refused unopened
  (a FIFO named .txt does not hang the run);
- everything met while walking a directory is accounted for: an input that
  cannot be read (a symbolic link loop or a broken link, a directory that
  cannot be listed, a file name that is not UTF-8) is a reject with the
  reason; files with other suffixes and hidden ones are not inputs;
- a name or field that cannot be encoded as UTF-8 (a lone surrogate) is
  refused for that input only;
- `published`, from any source, becomes ISO 8601 (vnfacts.text.published) or
  the input is refused with the reason;
- an HTML page without an article (a navigation bar only) is refused:
  "no article text found".

`expand` turns arguments into entries, `iter_units` entries into units (one
per file or JSONL line), `read_unit` a unit into (text, source, metadata);
`read_path` does all three for one argument. `read_article` reads one text
file (the `show` command and the corpus tools).
"""
from __future__ import annotations

import errno
import glob
import io
import json
import logging
import os
import stat
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from vnfacts.errors import InputError
from vnfacts.text.published import PublishedError, iso_published

STDIN = "-"
TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
INPUT_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
DEFAULT_MAX_BYTES = 5_000_000  # extraction time is linear in the text (windows): about a minute for 5 MB
_GLOB_CHARS = set("*?[")
_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Bytes that never occur in text: C0 controls except TAB, LF, VT, FF, CR, and DEL.
_CONTROL_BYTES = frozenset(set(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D}) | {0x7F}
_BINARY_SHARE = 0.3  # more control characters than this share: a binary file
_SNIFF = 8192
# UTF-16 without a byte order mark: Vietnamese text is mostly ASCII and Latin-1
# letters, whose high byte is NUL, so NULs fill one byte position of each pair
_UTF16_NUL_SHARE, _UTF16_OTHER_SHARE = 0.3, 0.02
# an HTML page's main text is an article when one of its lines is a sentence
_ARTICLE_MIN_WORDS = 8

for _name in ("trafilatura", "htmldate", "courlan", "justext"):  # the library never prints
    logging.getLogger(_name).addHandler(logging.NullHandler())


# ---------------------------------------------------------------- names


def printable(path: str) -> str:
    """A path as text that can be printed and stored: bytes of a non-UTF-8
    name (kept by Python as lone surrogates) shown as \\xNN escapes."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace") \
            .encode("utf-8", "backslashreplace").decode("utf-8")


def _bad_name(path: str) -> str | None:
    try:
        path.encode("utf-8")
        return None
    except UnicodeEncodeError:
        return "file name is not valid UTF-8 (it cannot be stored or printed); rename the file"


def _not_regular(mode: int) -> str:
    what = ("a FIFO (named pipe)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a file")
    return f"not a regular file ({what}); only regular files are read"


def _os_reason(err: OSError) -> str:
    if err.errno == errno.ELOOP:
        return "symbolic link loop (too many levels of symbolic links)"
    if isinstance(err, PermissionError):
        return "permission denied (cannot read the file)"
    if isinstance(err, IsADirectoryError):
        return "is a directory, not a file"
    if isinstance(err, FileNotFoundError):
        return "no such file"
    return f"cannot read: {err.strerror or err}"


# ---------------------------------------------------------------- arguments -> entries


@dataclass(frozen=True)
class Entry:
    kind: str  # txt | html | jsonl | stdin | reject
    path: str
    reason: str | None = None


def kind_of(path: str | Path) -> str:
    s = Path(path).suffix.lower()
    return "html" if s in HTML_SUFFIXES else "jsonl" if s in JSONL_SUFFIXES else "txt"


def _reject(path: str, reason: str) -> Entry:
    return Entry("reject", printable(path), reason)


def _missing(path: str) -> str:
    if os.path.islink(path):
        return f"broken symbolic link (its target {printable(os.readlink(path))} does not exist)"
    return "no such file or directory"


def _walk(root: str) -> Iterator[Entry]:
    """Every input under directory `root`, in name order, following symbolic
    links to directories once (a link back to a directory being walked is a
    loop, reported)."""
    visited: set[tuple[int, int]] = set()

    def walk(d: str, ancestors: tuple[tuple[int, int], ...]) -> Iterator[Entry]:
        try:
            with os.scandir(d) as it:
                items = sorted(it, key=lambda e: e.name)
        except PermissionError:
            yield _reject(d, "permission denied (cannot list the directory)")
            return
        except OSError as e:
            yield _reject(d, f"cannot list the directory: {e.strerror or e}")
            return
        for item in items:
            if item.name.startswith("."):
                continue  # hidden: .git, editor files
            p = item.path
            input_like = Path(item.name).suffix.lower() in INPUT_SUFFIXES
            try:
                st = os.stat(p)  # follows a symbolic link
            except OSError as e:
                if e.errno == errno.ELOOP:
                    yield _reject(p, _os_reason(e))
                elif isinstance(e, FileNotFoundError):
                    if input_like:
                        yield _reject(p, _missing(p))
                else:
                    yield _reject(p, _os_reason(e))
                continue
            if stat.S_ISDIR(st.st_mode):
                key = (st.st_dev, st.st_ino)
                if key in ancestors:
                    yield _reject(p, "symbolic link loop (it leads back to a directory that contains it)")
                elif key in visited:
                    yield _reject(p, "directory already read through another path (symbolic link)")
                elif (why := _bad_name(p)) is not None:
                    yield _reject(p, why.replace("file name", "directory name").replace("the file", "it"))
                else:
                    visited.add(key)
                    yield from walk(p, (*ancestors, key))
            elif input_like:
                if (why := _bad_name(p)) is not None:
                    yield _reject(p, why)
                elif not stat.S_ISREG(st.st_mode):
                    yield _reject(p, _not_regular(st.st_mode))
                else:
                    yield Entry(kind_of(p), p)

    try:
        st = os.stat(root)
        visited.add((st.st_dev, st.st_ino))
        yield from walk(root, ((st.st_dev, st.st_ino),))
    except OSError as e:
        yield _reject(root, _os_reason(e))


def _expand_one(arg: str, *, globbed: bool = False) -> list[Entry]:
    if arg == STDIN:
        return [Entry("stdin", STDIN)]
    try:
        st = os.stat(arg)
    except OSError as e:
        if isinstance(e, FileNotFoundError):
            if not globbed and _GLOB_CHARS & set(arg) and not os.path.lexists(arg):
                matches = sorted(glob.glob(arg, recursive=True))
                if not matches:
                    return [_reject(arg, "no files match this pattern")]
                return [x for m in matches for x in _expand_one(m, globbed=True)]
            return [_reject(arg, _missing(arg))]
        return [_reject(arg, _os_reason(e))]
    if stat.S_ISDIR(st.st_mode):
        found = list(_walk(arg))
        if not found:
            return [_reject(arg, "directory has no .txt, .html or .jsonl files")]
        return found
    if (why := _bad_name(arg)) is not None:
        return [_reject(arg, why)]
    if not stat.S_ISREG(st.st_mode):
        return [_reject(arg, _not_regular(st.st_mode))]
    return [Entry(kind_of(arg), arg)]


def expand(paths: Iterable[str]) -> list[Entry]:
    """Arguments -> the files to read, in order (directories walked in name
    order), and a reject entry for each thing that cannot be one."""
    return [e for arg in paths for e in _expand_one(arg)]


# ---------------------------------------------------------------- entries -> units


@dataclass(frozen=True)
class Unit:
    """One input to read: a file, a JSONL line, stdin, or an input already
    known to be bad (kind "reject")."""

    kind: str  # txt | html | jsonl | reject
    path: str
    line: int | None = None
    data: bytes | None = None  # stdin contents or the JSONL line; files are read by the worker
    reason: str | None = None


def open_regular(path: str) -> io.BufferedReader:
    """`path` opened for reading, refused unless it is a regular file. The
    open does not block on a FIFO, and the check is on the opened file."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as e:
        raise InputError(printable(path), _os_reason(e)) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise InputError(printable(path), "is a directory, not a file" if stat.S_ISDIR(mode)
                             else _not_regular(mode))
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _count_lines(path: str) -> int:
    try:
        with open_regular(path) as f:
            return max(1, sum(1 for line in f if line.strip()))
    except (OSError, InputError):
        return 1


def count_units(entries: list[Entry]) -> int:
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
        yield from _jsonl_units(STDIN, io.BytesIO(data))
    else:
        yield Unit(fmt, STDIN, data=data)


def iter_units(entries: list[Entry], *, stdin: Callable[[], bytes] | None = None,
               stdin_format: str = "auto") -> Iterator[Unit]:
    """The inputs one by one; JSONL files are read lazily, line by line."""
    for e in entries:
        if e.kind == "reject":
            yield Unit("reject", e.path, reason=e.reason)
        elif e.kind == "stdin":
            yield from _stdin_units((stdin or sys.stdin.buffer.read)(), stdin_format)
        elif e.kind == "jsonl":
            try:
                with open_regular(e.path) as f:
                    yield from _jsonl_units(e.path, f)
            except InputError as err:
                yield Unit("reject", e.path, reason=err.reason)
            except OSError as err:
                yield Unit("reject", e.path, reason=_os_reason(err))
        else:
            yield Unit(e.kind, e.path)


# ---------------------------------------------------------------- decoding


def _controls_reason(text: str) -> str | None:
    controls = sum(unicodedata.category(c) == "Cc" and c not in "\t\n\r\x0b\x0c" for c in text[:_SNIFF])
    if controls > _BINARY_SHARE * min(len(text), _SNIFF):
        return "binary file (mostly control characters), not an article text"
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when NUL bytes fill one position of each
    byte pair and (almost) never the other, as in UTF-16 text."""
    head = data[:_SNIFF]
    pairs = len(head) // 2
    if pairs < 2:
        return None
    even, odd = head[0:2 * pairs:2].count(0), head[1:2 * pairs:2].count(0)
    if odd >= _UTF16_NUL_SHARE * pairs and even <= _UTF16_OTHER_SHARE * pairs:
        return "utf-16-le"
    if even >= _UTF16_NUL_SHARE * pairs and odd <= _UTF16_OTHER_SHARE * pairs:
        return "utf-16-be"
    return None


def _decode_utf16(data: bytes, where: str, codec: str = "utf-16") -> str:
    try:
        text = data.decode(codec)  # "utf-16": the BOM says which byte order, and is dropped
    except UnicodeDecodeError as e:
        said = ("starts with a UTF-16 byte order mark" if codec == "utf-16"
                else f"looks like {codec.upper()} without a byte order mark (NUL in every other byte)")
        raise InputError(where, f"{said} but is not valid UTF-16 (byte offset {e.start}); "
                                "convert it to UTF-8 first") from None
    if not text.strip():
        raise InputError(where, "empty file (only whitespace)")
    if (why := _controls_reason(text)) is not None:
        raise InputError(where, why)
    return text


def decode_article(data: bytes, where: str) -> str:
    """Bytes of one article -> text; InputError for empty, binary or non-UTF-8 data.

    UTF-8 is the encoding; UTF-16 is read too, with a byte order mark (Windows
    tools write it) or without one (told by its NUL bytes). Other encodings
    (cp1258, TCVN3) cannot be told apart reliably, so they are refused with a
    reason.
    """
    if data.startswith(_UTF16_BOMS):
        return _decode_utf16(data, where)
    data = data.removeprefix(_BOM)
    if not data:
        raise InputError(where, "empty file")
    if b"\x00" in data:
        codec = _utf16_without_bom(data)
        if codec:
            return _decode_utf16(data, where, codec)
        raise InputError(where, "binary file (contains NUL bytes), not an article text")
    head = data[:_SNIFF]
    if sum(b in _CONTROL_BYTES for b in head) > _BINARY_SHARE * len(head):
        raise InputError(where, "binary file (mostly control characters), not an article text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        err = InputError(where, f"not UTF-8 (invalid byte 0x{data[e.start]:02x} at line {line}, "
                                f"byte offset {e.start}); convert it to UTF-8 first")
        err.line = line
        raise err from None
    if not text.strip():
        raise InputError(where, "empty file (only whitespace)")
    if (why := _controls_reason(text)) is not None:
        raise InputError(where, why)
    return text


def read_article(path: str) -> tuple[str, str]:
    """Read one text article: (text, source). `path` "-" reads stdin.

    A UTF-8 byte order mark is dropped. Raises InputError naming the file and
    why it cannot be read as an article.
    """
    if path == STDIN:
        return decode_article(sys.stdin.buffer.read(), "<stdin>"), path
    if (why := _bad_name(path)) is not None:
        raise InputError(printable(path), why)
    try:
        with open_regular(path) as f:
            data = f.read()
    except PermissionError:
        raise InputError(path, "permission denied (cannot read the file)") from None
    except OSError as e:
        raise InputError(path, _os_reason(e)) from None
    return decode_article(data, path), path


# ---------------------------------------------------------------- units -> articles


@dataclass
class Meta:
    """What an input says about its article besides the text."""

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
    with open_regular(path) as f:
        try:
            size = os.fstat(f.fileno()).st_size
            if max_bytes and size > _RAW_FACTOR[kind] * max_bytes:
                what = "HTML file" if kind == "html" else "file"
                raise InputError(path, _too_big(size, max_bytes, what)
                                 + (f" (HTML may be {_RAW_FACTOR[kind]}x the limit)" if kind == "html" else ""))
            return f.read()
        except OSError as e:
            raise InputError(path, _os_reason(e)) from None


# <meta> names and properties that give an article's publication time, first found wins
_META_PUBLISHED = ("article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
                   "dc.date.issued", "dcterms.created", "date")


def _meta_published(html: bytes | str) -> str | None:
    """The publication time in a page's meta tags (or JSON-LD, or a <time>
    element), with its time and zone when they give them."""
    import lxml.html
    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, TypeError, lxml.etree.ParserError):
        return None
    found: dict[str, str] = {}
    for m in tree.iter("meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or "").strip().lower()
        if key in _META_PUBLISHED and m.get("content") and key not in found:
            found[key] = m.get("content")
    for key in _META_PUBLISHED:
        if key in found:
            return found[key]
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json" and script.text:
            import re
            m = re.search(r'"datePublished"\s*:\s*"([^"]+)"', script.text)
            if m:
                return m.group(1)
    for t in tree.iter("time"):
        if t.get("datetime") and (t.get("pubdate") is not None or t.get("itemprop") == "datePublished"):
            return t.get("datetime")
    return None


def _html_text(data: bytes | str, where: str) -> tuple[str, Meta]:
    """Main text and metadata of an HTML page, through trafilatura; the
    publication time from the page's meta tags when they give one."""
    import trafilatura
    if not data.strip():
        raise InputError(where, "empty file")
    try:
        doc = trafilatura.bare_extraction(data, with_metadata=True, include_comments=False,
                                          date_extraction_params={"extensive_search": False,
                                                                  "original_date": True})
    except Exception as e:  # noqa: BLE001 - a parser failure on a broken page is a reject, not a crash
        raise InputError(where, f"cannot parse the HTML ({type(e).__name__}: {e})") from None
    text = (getattr(doc, "text", None) or "") if doc is not None else ""
    if not any(len(line.split()) >= _ARTICLE_MIN_WORDS for line in text.splitlines()):
        raise InputError(where, "no article text found in the HTML (no paragraph of "
                                f"{_ARTICLE_MIN_WORDS} words or more: navigation or an empty page)")
    published = getattr(doc, "date", None)
    meta_time = _meta_published(data)
    if meta_time:
        try:
            iso = iso_published(meta_time)
            if not published or iso.startswith(published) or "T" in iso:
                published = iso
        except PublishedError:
            pass  # trafilatura's date, read from elsewhere on the page, stands
    return text, Meta(url=getattr(doc, "url", None), title=getattr(doc, "title", None),
                      published=published, author=getattr(doc, "author", None))


def _sidecar(path: str) -> Meta:
    """url/published/title from NAME.json beside NAME.txt, when it has them."""
    js = Path(path).with_suffix(".json")
    try:
        obj = json.loads(js.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return Meta()
    if not isinstance(obj, dict):
        return Meta()
    get = lambda k: obj.get(k) if isinstance(obj.get(k), str) and obj.get(k).strip() else None  # noqa: E731
    return Meta(url=get("url"), title=get("title"), published=get("published"), author=get("author"))


_JSONL_FIELDS = ("url", "title", "published", "author")


def _unencodable(obj: dict) -> str | None:
    """The first string field that cannot be encoded as UTF-8 (a lone surrogate
    such as "\\udfff", which JSON allows and text cannot hold)."""
    for k, v in obj.items():
        if isinstance(v, str):
            try:
                v.encode("utf-8")
            except UnicodeEncodeError as e:
                return f'field "{k}" holds a lone surrogate (\\u{ord(v[e.start]):04x}), not text'
    return None


def _jsonl_text(raw: bytes, where: str, line: int) -> tuple[str, Meta]:
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
    if (why := _unencodable(obj)) is not None:
        raise bad(why)
    for k in _JSONL_FIELDS:
        if obj.get(k) is not None and not isinstance(obj[k], str):
            raise bad(f'field "{k}" must be a string or null, not {type(obj[k]).__name__}')
    meta = Meta(**{k: (obj.get(k) or None) for k in _JSONL_FIELDS})
    text, html = obj.get("text"), obj.get("html")
    if isinstance(text, str) and text.strip():
        return text, meta
    if isinstance(html, str) and html.strip():
        body, page = _html_text(html, f"{where}:{line}")
        return body, Meta(url=meta.url or page.url, title=meta.title or page.title,
                          published=meta.published or page.published, author=meta.author or page.author)
    raise bad('no article: the object needs a non-empty "text" or "html" string')


def read_unit(unit: Unit, max_bytes: int = DEFAULT_MAX_BYTES, sidecar: bool = False,
              root: str | None = None) -> tuple[str, str, Meta]:
    """(article text, source, metadata) of one input; InputError when it cannot be one.
    `root`: the directory a relative path is relative to (the ingesting process's
    working directory, for a worker elsewhere); the source stays the path as given.
    The metadata's `published` is ISO 8601 (vnfacts.text.published)."""
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
            meta = _sidecar(file) if sidecar and unit.path != STDIN else Meta()
        source = unit.path
    if meta.published:
        try:
            meta.published = iso_published(meta.published)
        except PublishedError as e:
            raise InputError(where, f"invalid published {meta.published!r}: {e}", unit.line) from None
    check_size(text, where, max_bytes, unit.line)
    if meta.title and not text.lstrip().startswith(meta.title.strip()):
        text = f"{meta.title.strip()}\n\n{text}"  # the title is part of the article: its facts count
    return text, source, meta


@dataclass
class ArticleInput:
    """One input read: an article (`text` and its metadata) or a reject (`reason`)."""

    path: str
    line: int | None = None
    source: str = ""
    text: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None  # ISO 8601
    author: str | None = None
    reason: str | None = None

    @property
    def ok(self) -> bool:
        return self.reason is None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return where if self.ok else f"{where}: {self.reason}"


def read_path(path: str, *, sidecar: bool = False, max_bytes: int = DEFAULT_MAX_BYTES,
              stdin: Callable[[], bytes] | None = None, stdin_format: str = "auto") -> Iterator[ArticleInput]:
    """Every input one argument (a file, directory, glob pattern or "-")
    holds, read as `vnfacts ingest` reads it, each an article or a reject."""
    for unit in iter_units(expand([path]), stdin=stdin, stdin_format=stdin_format):
        try:
            text, source, meta = read_unit(unit, max_bytes, sidecar)
        except InputError as e:
            yield ArticleInput(path=unit.path, line=unit.line, reason=e.reason)
            continue
        yield ArticleInput(path=unit.path, line=unit.line, source=source, text=text, url=meta.url, title=meta.title,
                           published=meta.published, author=meta.author)
