"""A cache, between processes, of the two slow parts of loading rules/:
parsing the YAML files and compiling their regexes (together most of the
0.3 s `load_rules` took in every `vnfacts extract` process).

What it keeps, in one file per state of rules/:
- the parsed YAML of every rules/ file (what yaml.safe_load returned);
- for each regex compiled from rule data, the code Python's `re` compiled it
  to (the list `re._compiler` hands to `_sre.compile`): a Pattern made from
  it is equal to re.compile's (Pattern equality compares the code). A regex
  not in the cache is compiled the way re.compile does it (re._compiler.
  compile, whose code is kept), once; each process first checks on a probe
  pattern that this gives re.compile's Pattern, else nothing is cached.
Everything else runs every time: pydantic validation, macro expansion,
resolver checks, so a rule error still names its file and rule id.

The key: the bytes of every rules/*.yaml file (and lexicons/), PyYAML's
installed files (its __init__.py, which holds its version, and the names and
sizes of its files, among them the libyaml extension whose loader is used;
PyYAML itself is not imported when the cache is warm), the pydantic version,
and the exact Python build and its regex engine (`_sre.MAGIC`): code compiled
by one Python is never given to another. A file whose key differs is stale; one whose checksum does not
match its content is corrupt: either is rebuilt (and rewritten). The
directory: $VNFACTS_CACHE_DIR, else $XDG_CACHE_HOME/vnfacts, else
~/.cache/vnfacts; when it cannot be created or written (read-only, no home),
there is no cache and nothing else changes. The file is a pickle read with an
Unpickler that refuses every class but datetime's (YAML timestamps), after
its SHA-256 matched.
"""
from __future__ import annotations

import atexit
import datetime
import hashlib
import importlib.util
import io
import os
import pickle
import re
import sys
import tempfile
from array import array
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pydantic

FORMAT = b"vnfacts-rules-cache 1\n"
_KEEP = 16  # cache files kept (one per state of rules/: several checkouts share the directory)

try:  # CPython's regex compiler, whose code a Pattern is made from
    import _sre
    from re import _compiler, _parser

    _FAST = sys.implementation.name == "cpython" and array("I").itemsize == _sre.CODESIZE
except ImportError:  # another Python: regexes are compiled, not cached
    _FAST = False


def cache_dir() -> Path:
    if os.environ.get("VNFACTS_CACHE_DIR"):
        return Path(os.environ["VNFACTS_CACHE_DIR"])
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "vnfacts"


class _PlainData(pickle.Unpickler):
    _ALLOWED = {("datetime", "date"), ("datetime", "datetime"), ("datetime", "time"), ("datetime", "timedelta"),
                ("datetime", "timezone")}

    def find_class(self, module_name: str, name: str) -> Any:
        if (module_name, name) in self._ALLOWED:
            return getattr(datetime, name)
        raise pickle.UnpicklingError(f"{module_name}.{name} is not allowed in the rules cache")


class RuleCache:
    """The cache of one rules/ tree (see the module docstring). `path` None: no cache."""

    def __init__(self, root: Path, files: list[Path], path: Path | None, key: str):
        self.root, self.files, self.path, self.key = root, files, path, key
        self.yaml_data: dict[str, Any] = {}
        self.codes: dict[tuple[str, int], tuple[bytes, int, int, dict[str, int]]] = {}
        self.state = "off" if path is None else "missing"  # off / missing / stale / corrupt / hit
        self.misses = 0  # regexes compiled here, not made from cached code
        self._used: set[tuple[str, int]] = set()  # what is written: the regexes this process compiled
        self._dirty = False
        self._loaded = False  # after RuleSet's load, additions are written at exit
        self._at_exit = False

    # ---------------------------------------------------------------- opening

    @classmethod
    def open(cls, root: Path) -> RuleCache:
        files = sorted(root.rglob("*.yaml"))
        h = hashlib.sha256(FORMAT)
        for part in (sys.version, sys.implementation.cache_tag, str(_sre.MAGIC if _FAST else None),
                     pydantic.VERSION):
            h.update(part.encode() + b"\0")
        h.update(_pyyaml_identity())
        for p in files:
            data = p.read_bytes()
            h.update(p.relative_to(root).as_posix().encode() + b"\0" + str(len(data)).encode() + b"\0" + data)
        key = h.hexdigest()
        path = _writable_dir()
        cache = cls(root, files, path / f"rules-{key[:24]}.pickle" if path else None, key)
        if cache.path is not None:
            cache._read()
        return cache

    def _read(self) -> None:
        assert self.path is not None
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return
        except OSError:  # unreadable: as if missing (it will not be written either)
            self.path = None
            self.state = "off"
            return
        head = len(FORMAT) + 32
        if raw[:len(FORMAT)] != FORMAT:
            self.state = "stale"
            return
        if len(raw) < head or hashlib.sha256(raw[head:]).digest() != raw[len(FORMAT):head]:
            self.state = "corrupt"
            return
        try:
            payload = _PlainData(io.BytesIO(raw[head:])).load()
        except pickle.UnpicklingError:  # its checksum matched: written by another format
            self.state = "corrupt"
            return
        if not (isinstance(payload, dict) and payload.get("key") == self.key
                and isinstance(payload.get("yaml"), dict) and isinstance(payload.get("codes"), dict)):
            self.state = "stale"
            return
        self.yaml_data, self.codes, self.state = payload["yaml"], payload["codes"], "hit"

    # ---------------------------------------------------------------- using

    def yaml(self, path: Path, parse: Callable[[Path], Any]) -> Any:
        """The parsed YAML of a rules/ file: cached, or `parse(path)` (and kept)."""
        name = path.relative_to(self.root).as_posix()
        if name in self.yaml_data:
            return self.yaml_data[name]
        data = parse(path)
        self.yaml_data[name] = data
        self._added()
        return data

    def regex(self, source: str, flags: int) -> re.Pattern:
        """re.compile(source, flags), from the cached code when there is one."""
        flags = int(flags)
        if not _FAST or self.path is None:
            return re.compile(source, flags)
        self._used.add((source, flags))
        hit = self.codes.get((source, flags))
        if hit is not None:
            code, all_flags, groups, groupindex = hit
            indexgroup = [None] * (groups + 1)
            for k, i in groupindex.items():
                indexgroup[i] = k
            return _sre.compile(source, all_flags, array("I", code).tolist(), groups, groupindex,
                                tuple(indexgroup))
        self.misses += 1
        if not _replica_is_re_compile():
            return re.compile(source, flags)
        rx, code = _compile(source, flags)  # raises re.error for a bad pattern, as re.compile does
        self.codes[(source, flags)] = (array("I", code).tobytes(), rx.flags, rx.groups, dict(rx.groupindex))
        self._added()
        return rx

    def _added(self) -> None:
        self._dirty = True
        if self._loaded and not self._at_exit:
            # regexes compiled after loading (the stages' own rule patterns):
            # written when the process ends
            self._at_exit = True
            atexit.register(self.save)

    def loaded(self) -> None:
        """rules/ is loaded: write what was added."""
        self._loaded = True
        self.save()

    # ---------------------------------------------------------------- writing

    def save(self) -> None:
        """Write the cache if something was added (atomically; no cache if the directory refuses)."""
        if self.path is None or not self._dirty:
            return
        codes = {k: v for k, v in self.codes.items() if k in self._used}
        payload = pickle.dumps({"key": self.key, "yaml": self.yaml_data, "codes": codes},
                               protocol=pickle.HIGHEST_PROTOCOL)
        blob = FORMAT + hashlib.sha256(payload).digest() + payload
        try:
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".rules-", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(blob)
                os.replace(tmp, self.path)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
        except OSError:
            return  # read-only, full, gone: no cache this time
        self._dirty = False
        self.state = "hit"
        self._prune()

    def _prune(self) -> None:
        assert self.path is not None
        try:
            olds = sorted(self.path.parent.glob("rules-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
            for p in olds[_KEEP:]:
                p.unlink()
        except OSError:
            return  # another process pruned or wrote at the same time


def _compile(source: str, flags: int) -> tuple[re.Pattern, list[int]]:
    """What re.compile does (re._compiler.compile, the same on CPython 3.11
    to 3.13), keeping the code it makes."""
    p = _parser.parse(source, flags)
    code = _compiler._code(p, flags)
    groupindex = p.state.groupdict
    indexgroup = [None] * p.state.groups
    for k, i in groupindex.items():
        indexgroup[i] = k
    rx = _sre.compile(source, flags | p.state.flags, code, p.state.groups - 1, groupindex, tuple(indexgroup))
    return rx, code


_REPLICA_CHECKED: list[bool] = []


def _replica_is_re_compile() -> bool:
    """Once per process: does _compile give re.compile's pattern (Pattern
    equality compares flags, pattern and code)? If not (another Python),
    nothing is cached."""
    if not _REPLICA_CHECKED:
        probe = r"(?P<a>\d+(?:[.,]\d{3})*)\s+(?i:đảng\s+viên)|(?<![^\W\d_])[A-Z]\w*"
        try:
            ok = all(_compile(probe, f)[0] == re.compile(probe, f) for f in (0, int(re.IGNORECASE)))
        except TypeError:  # another _sre.compile signature
            ok = False
        _REPLICA_CHECKED.append(ok)
    return _REPLICA_CHECKED[0]


def _pyyaml_identity() -> bytes:
    """PyYAML as installed, without importing it: its __init__.py (with
    __version__) and its files' names and sizes (the libyaml extension or not)."""
    spec = importlib.util.find_spec("yaml")
    if spec is None or spec.origin is None:
        return b"no PyYAML"
    init = Path(spec.origin)
    files = sorted((e.name, e.stat().st_size) for e in os.scandir(init.parent) if e.is_file())
    return init.read_bytes() + repr(files).encode()


def _writable_dir() -> Path | None:
    d = cache_dir()
    try:
        d.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return d if os.access(d, os.W_OK) else None
