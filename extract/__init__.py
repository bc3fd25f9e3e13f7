"""vnfacts: facts (dates, documents, bodies, persons, counts, ratios) from
Vietnamese party news, queryable with SQL.

The public Python API (the README's "Python API" section runs each of these):

- `extract(text, source=, url=, published=)`: one article's facts
  (an `ExtractionResult`, the JSON `vnfacts extract` prints);
- `read_input(path)`: the articles of a .txt, .html or .jsonl file, read the
  way `vnfacts extract` and `vnfacts ingest` read them (`Article` inputs);
- `ingest_files(paths, db=)`: articles into a DuckDB store (an `IngestReport`
  with the run's counts and every rejected input), what `vnfacts ingest` does;
- `open_store(db)`: the store opened read-only; `.query(sql)` gives an Arrow table;
- `evaluate_gold(gold_dir)`: precision, recall and F1 against gold annotations.

>>> import vnfacts
>>> result = vnfacts.extract("Năm 2016, Đảng ủy xã Tân Hòa kết nạp 12 đảng viên.")
>>> [(c.value, c.unit) for c in result.counts]
[(12, 'đảng viên')]

No name here equals a subpackage (pipeline, ingest, store, evaluation, cli,
text), so `vnfacts.ingest` stays the package. The heavy parts (the pipeline's
models, DuckDB) load when a function is first called.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from vnfacts.errors import InputError, RuleDataError, VnfactsError
from vnfacts.models import ExtractionResult

if TYPE_CHECKING:
    from vnfacts.evaluation.evaluate import EvalReport
    from vnfacts.ingest.inputs import ArticleInput
    from vnfacts.ingest.local import IngestReport
    from vnfacts.store import Store

__all__ = ["ExtractionResult", "InputError", "RuleDataError", "VnfactsError", "evaluate_gold", "extract",
           "ingest_files", "open_store", "read_input"]


def extract(text: str, *, source: str = "-", url: str | None = None, published: str | None = None,
            title: str | None = None, author: str | None = None, with_text: bool = False) -> ExtractionResult:
    """The SPEC facts of one article's raw text.

    `published` is the publication date or time the caller knows (ISO 8601,
    "23/09/2021 08:00", ...); it is normalized to ISO 8601 and gives dates
    without a year their year. A value that is not a date raises InputError
    with the reason. `title` and `author` (from a page's metadata) are used
    as the article's. `with_text` puts the normalized text, which every
    fact's `start` and `end` index, in `result.article.text`.
    """
    from vnfacts.pipeline import extract as _extract
    return _extract(text, source=source, url=url, published=published, title=title, author=author,
                    with_text=with_text)


def read_input(path: str | Path, *, sidecar: bool = False) -> list[ArticleInput]:
    """The articles of one file as `vnfacts extract` and `vnfacts ingest` read
    it: a .txt file is one article, an .html page its main text and metadata,
    a .jsonl file one article per line. Raises InputError naming the file
    (and line) when it holds no readable article; each `ArticleInput` is
    either an article (`.text`, `.url`, `.published`, `.title`) or a reject
    (`.reason`)."""
    from vnfacts.ingest.inputs import read_path
    return list(read_path(str(path), sidecar=sidecar))


def ingest_files(paths: Iterable[str | Path], *, db: str | Path, workers: int = 1,
                 batch_size: int = 100, sidecar: bool = False) -> IngestReport:
    """Ingest files, directories or glob patterns into the store at `db`
    (created when missing), as `vnfacts ingest` does. Returns the run's report:
    `.run.read`, `.run.ingested`, `.run.duplicate`, `.run.rejected`, and
    `.rejects` (each with its path, line and reason)."""
    from vnfacts.ingest.local import IngestOptions, ingest
    opts = IngestOptions(workers=workers, batch_size=batch_size, sidecar=sidecar)
    return ingest([str(p) for p in paths], str(db), opts)


def open_store(db: str | Path) -> Store:
    """The store at `db`, opened read-only: `.query(sql)` returns a
    pyarrow Table (`.to_pylist()`, `.to_pandas()`); use it as a context
    manager or call `.close()`."""
    from vnfacts.store import Store
    return Store.open(db, read_only=True)


def evaluate_gold(gold_dir: str | Path, *, text_dirs: Iterable[str | Path] = (),
                  with_diffs: bool = False) -> EvalReport:
    """Score the extractor against gold annotations (dNN.txt beside dNN.json,
    ../shared/GOLD.md): `.per_type[t].precision/recall/f1`, `.micro`,
    `.attributes`, and with `with_diffs` the missed and spurious facts."""
    from vnfacts.evaluation.evaluate import evaluate
    from vnfacts.pipeline import extract as _extract
    return evaluate(gold_dir, _extract, text_dirs=[Path(d) for d in text_dirs], with_diffs=with_diffs)
