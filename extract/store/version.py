"""The pipeline version stored with every article.

`PIPELINE_VERSION` is the package version plus a short hash of everything that
decides which facts come out of a text: the rule data (rules/) and the source
of the extraction modules. A rule or code change therefore changes it, and
`vnfacts ingest` re-extracts articles stored under an older version instead of
skipping them as duplicates.
"""
from __future__ import annotations

import functools
import hashlib
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[1]
# Everything whose code decides a stored value: the stages, the text helpers,
# the rule loader, the output models, the input readers (title, published,
# author) and the store's row building (keys, provinces). Whole folders, so a
# new module is covered without anyone remembering to list it; cli/,
# evaluation/ and show.py only present facts.
_DECIDING = ("pipeline", "text", "ingest", "store", "models.py", "ruledata.py", "errors.py")


def _package_version() -> str:
    try:
        from importlib.metadata import version
        return version("vnfacts")
    except Exception:  # noqa: BLE001 - running from a source tree that is not installed
        return "0+unknown"


def _rules_dir() -> Path:
    from vnfacts.ruledata import RULES_DIR
    return RULES_DIR


def content_hash(rules_dir: Path | None = None, package_dir: Path | None = None) -> str:
    """sha256 (first 12 hex) over the relative paths and bytes of every file
    under `rules_dir` and of the deciding folders and modules in `package_dir`."""
    rules_dir = rules_dir or _rules_dir()
    package_dir = package_dir or _PACKAGE
    h = hashlib.sha256()
    files: list[tuple[str, Path]] = []
    if rules_dir.is_dir():
        files += [("rules/" + p.relative_to(rules_dir).as_posix(), p)
                  for p in rules_dir.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    for entry in _DECIDING:
        p = package_dir / entry
        found = [p] if p.is_file() else sorted(p.rglob("*")) if p.is_dir() else []
        files += [("vnfacts/" + f.relative_to(package_dir).as_posix(), f) for f in found
                  if f.is_file() and f.suffix in (".py", ".sql") and "__pycache__" not in f.parts]
    for name, p in sorted(files):
        h.update(name.encode("utf-8") + b"\0")
        h.update(p.read_bytes())
        h.update(b"\0")
    return h.hexdigest()[:12]


@functools.lru_cache(maxsize=1)
def pipeline_version() -> str:
    return f"{_package_version()}+{content_hash()}"


PIPELINE_VERSION = pipeline_version()
