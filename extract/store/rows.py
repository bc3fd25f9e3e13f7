"""ExtractionResults -> Arrow tables, one per store table, and the canonical
keys that join documents and bodies across articles.

Everything here is pure: the same results give the same rows, whatever the
batch they arrive in, so a re-run after a crash stores exactly what an
uninterrupted run stores.
"""
from __future__ import annotations

import calendar
import functools
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any

import pyarrow as pa
from vnfacts.models import ExtractionResult
from vnfacts.pipeline.canonicalize import ArticleKeys, canonicalize
from vnfacts.store.columns import ColumnBuilder, pack

# ---------------------------------------------------------------- records


@dataclass
class ArticleRecord:
    """One extracted article on its way into the store."""

    result: ExtractionResult
    text: str  # the normalized text the fact offsets refer to
    province: str | None = None  # canonicalize(result).province, computed where it was extracted
    keys: ArticleKeys | None = None  # canonicalize(result).keys; computed by article_rows when None


@dataclass
class ArticleRows:
    """One article's rows for every store table, built by `article_rows`
    where the article was extracted (a worker process): plain values, cheap
    to send to the writer: each column of the article and of each fact table
    packed in Arrow's layout (vnfacts.store.columns), canonical rows as
    tuples. What the writer adds is the batch's: pipeline_version, run_id,
    ingested_at."""

    article_id: str
    article: tuple  # the stored_articles row: a packed column of one value each, ARTICLE_COLUMNS
    facts: dict[str, tuple]  # fact table -> its packed columns, in SCHEMAS order
    canonical: dict[str, list[tuple]]  # canonical table -> its rows (the article's keys, in fact order)


@dataclass
class Reject:
    path: str
    line: int | None
    reason: str


@dataclass
class Batch:
    """What one transaction writes: new articles with their facts (`add`),
    rejects, and the run's counters for the inputs this batch accounts for.
    An article's rows go into the batch's columns as it is added, while they
    are fresh (vnfacts.store.columns); the batch keeps its id, not its rows."""

    rejects: list[Reject] = field(default_factory=list)
    n_read: int = 0
    n_duplicate: int = 0
    article_ids: list[str] = field(default_factory=list)
    replaced_ids: list[str] = field(default_factory=list)  # those replacing an older version's facts
    _columns: dict[str, list[ColumnBuilder]] = field(default_factory=dict, repr=False)
    _canonical: dict[str, dict[Any, tuple]] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, articles: list[ArticleRows], **kw: Any) -> Batch:
        batch = cls(**kw)
        for a in articles:
            batch.add(a)
        return batch

    def add(self, rows: ArticleRows, *, replace: bool = False) -> None:
        """Add an article's rows; `replace`: an older pipeline version of it
        is stored, whose facts the batch replaces."""
        if not self._columns:
            self._columns = {t: [ColumnBuilder(f.type) for f in SCHEMAS[t]] for t in FACT_TABLES}
            self._columns["stored_articles"] = [ColumnBuilder(t) for t in _ARTICLE_TYPES]
            self._canonical = {t: {} for t in CANONICAL_TABLES}
        self.article_ids.append(rows.article_id)
        if replace:
            self.replaced_ids.append(rows.article_id)
        for builder, part in zip(self._columns["stored_articles"], rows.article):
            builder.add(part)
        for t in FACT_TABLES:
            for builder, part in zip(self._columns[t], rows.facts[t]):
                builder.add(part)
        for t, first in self._canonical.items():  # one row per key, from the first article naming it (its label)
            for row in rows.canonical[t]:
                first.setdefault(row[0], row)

    @property
    def n_ingested(self) -> int:
        return len(self.article_ids)

    @property
    def n_replaced(self) -> int:
        return len(self.replaced_ids)

    @property
    def n_rejected(self) -> int:
        return len(self.rejects)

    def __len__(self) -> int:
        return self.n_read


# ---------------------------------------------------------------- provinces and keys
# The province and the canonical keys of an article come from the
# canonicalize stage (vnfacts.pipeline.canonicalize); the store only writes them.


def year_of(value: str | None) -> int | None:
    """2016 for "2016", "2016-01-04", "2016-01-04T09:00+07:00"; None otherwise."""
    if value and re.match(r"(?:19|20)\d\d(?!\d)", value):
        return int(value[:4])
    return None


# ---------------------------------------------------------------- typed dates (the SQL macros iso_first_day,
# iso_last_day and migration 003's published expressions give the same answers)

_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_ISO_QUARTER = re.compile(r"(\d{4})-Q([1-4])")
_ISO_YEAR = re.compile(r"(\d{4})")
_ISO_INSTANT = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)")


def _part_days(p: str) -> tuple[date | None, date | None]:
    try:
        if m := _ISO_DAY.fullmatch(p):
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return d, d
        if m := _ISO_MONTH.fullmatch(p):
            y, mo = int(m[1]), int(m[2])
            return date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1])
        if m := _ISO_QUARTER.fullmatch(p):
            y, last = int(m[1]), 3 * int(m[2])
            return date(y, last - 2, 1), date(y, last, calendar.monthrange(y, last)[1])
        if m := _ISO_YEAR.fullmatch(p):
            return date(int(m[1]), 1, 1), date(int(m[1]), 12, 31)
    except ValueError:  # month 13, day 32, year 0: not a date
        pass
    return None, None


def iso_days(value: str | None) -> tuple[date | None, date | None]:
    """The first and the last calendar day an ISO value covers: "2021-05"
    -> (2021-05-01, 2021-05-31), "2023-Q1", "2016", a range "2020-01/2020-09";
    (None, None) for anything else."""
    if not value:
        return None, None
    a, sep, b = value.partition("/")
    return _part_days(a)[0], _part_days(b if sep else a)[1]


def published_day(value: str | None) -> date | None:
    """The calendar day of an ISO publication value ("2017-01-06T14:56+07:00"
    -> 2017-01-06); None when it gives no day."""
    m = _ISO_DAY.match(value or "")
    if not m or (len(value) > m.end() and value[m.end()] not in "T "):
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def published_instant(value: str | None) -> datetime | None:
    """The instant of an ISO publication value that has a time and a zone, in UTC."""
    if not value or not _ISO_INSTANT.fullmatch(value):
        return None
    try:
        return datetime.fromisoformat(value).astimezone(timezone.utc)
    except ValueError:
        return None


# ---------------------------------------------------------------- Arrow

_S, _I, _F, _L, _B = pa.string(), pa.int32(), pa.float64(), pa.int64(), pa.bool_()
_TS = pa.timestamp("us", tz="UTC")  # TIMESTAMP WITH TIME ZONE
_D = pa.date32()
_PERIOD = [("period", _S), ("period_first_day", _D), ("period_last_day", _D)]
_SPAN = [("article_id", _S), ("idx", _I), ("start", _I), ("end", _I), ("text", _S)]

SCHEMAS: dict[str, pa.Schema] = {
    "stored_articles": pa.schema([  # the view `articles` reads them (migration 007)
        ("id", _S), ("source", _S), ("url", _S), ("title", _S), ("published_text", _S), ("published", _D),
        ("published_at", _TS), ("published_year", _I),
        ("province", _S), ("author", _S), ("text", _S), ("body_start", _I), ("body_end", _I), ("body_lines", _S),
        ("pipeline_version", _S), ("run_id", _I), ("ingested_at", _TS)]),
    "dates": pa.schema(_SPAN + [("value", _S), ("grain", _S), ("first_day", _D), ("last_day", _D)]),
    "documents": pa.schema(_SPAN + [("doc_id", _S), ("doc_type", _S), ("number", _S), ("issuer", _S),
                                    ("issued", _S), ("issued_date", _D), ("subject", _S), ("congress", _S),
                                    ("doc_key", _S)]),
    "bodies": pa.schema(_SPAN + [("canonical", _S), ("body_key", _S)]),
    "persons": pa.schema(_SPAN + [("name", _S), ("roles", pa.list_(_S))]),
    "counts": pa.schema(_SPAN + [("value", _L), ("unit", _S), ("qualifier", _S), ("predicate", _S),
                                 ("subject", _S), *_PERIOD, ("metric", _S), ("modality", _S),
                                 ("unit_class", _S), ("grade", _S), ("breakdown", _B)]),
    "ratios": pa.schema(_SPAN + [("numerator", _L), ("denominator", _L), ("percent", _F), ("unit", _S),
                                 ("qualifier", _S), ("predicate", _S), ("subject", _S), *_PERIOD,
                                 ("metric", _S), ("modality", _S), ("unit_class", _S), ("grade", _S)]),
    "documents_canonical": pa.schema([("doc_key", _S), ("series_key", _S), ("label", _S), ("doc_type", _S), ("number", _S),
                                      ("congress", _S), ("issuer", _S), ("scope", _S), ("issued_year", _I)]),
    "bodies_canonical": pa.schema([("body_key", _S), ("label", _S), ("name", _S), ("province", _S),
                                   ("scope", _S)]),
    "rejects": pa.schema([("run_id", _I), ("path", _S), ("line", _I), ("reason", _S), ("rejected_at", _TS)]),
}
FACT_TABLES = ("dates", "documents", "bodies", "persons", "counts", "ratios")
CANONICAL_TABLES = {"documents_canonical": "doc_key", "bodies_canonical": "body_key"}


def _float(v: Any) -> float | None:
    return None if v is None else float(v)


def _whole(v: Any) -> int | None:
    """A count's number as an integer; None when it is not a whole number
    (not a cardinal: the fact keeps its text, the sum skips it)."""
    if v is None:
        return None
    f = float(v)
    return int(f) if f.is_integer() else None


@functools.lru_cache(maxsize=4096)
def _days(value: str | None) -> tuple[date | None, date | None]:
    """iso_days, remembered: a batch names the same few dates and periods again and again."""
    return iso_days(value)


def _issued_day(value: str | None) -> date | None:
    return _days(value)[0] if value and _ISO_DAY.fullmatch(value) else None


# Each fact table's columns after article_id and idx: the fact attributes read
# as they are (`_ATTRS`), then the columns derived from them (`_DERIVED`: the
# column, the attribute and the function of it). Built column by column: one
# attrgetter call per fact reads all its attributes, a transpose makes them
# columns (a third of the time of appending fact by fact).
_SPAN_ATTRS = ("start", "end", "text")
_METRIC_ATTRS = ("metric", "modality", "unit_class", "grade")
_ATTRS: dict[str, tuple[str, ...]] = {
    "dates": (*_SPAN_ATTRS, "value", "grain"),
    "documents": (*_SPAN_ATTRS, "doc_id", "doc_type", "number", "issuer", "issued", "subject", "congress"),
    "bodies": (*_SPAN_ATTRS, "canonical"),
    "persons": (*_SPAN_ATTRS, "name", "roles"),
    "counts": (*_SPAN_ATTRS, "value", "unit", "qualifier", "predicate", "subject", "period", *_METRIC_ATTRS,
               "breakdown"),
    "ratios": (*_SPAN_ATTRS, "numerator", "denominator", "percent", "unit", "qualifier", "predicate", "subject",
               "period", *_METRIC_ATTRS),
}
_FIRST_DAY = lambda v: _days(v)[0]  # noqa: E731
_LAST_DAY = lambda v: _days(v)[1]  # noqa: E731
_PERIOD_DAYS = [("period_first_day", "period", _FIRST_DAY), ("period_last_day", "period", _LAST_DAY)]
_DERIVED: dict[str, list[tuple[str, str, Callable[[Any], Any]]]] = {
    "dates": [("first_day", "value", _FIRST_DAY), ("last_day", "value", _LAST_DAY)],
    "documents": [("issued_date", "issued", _issued_day)],
    "bodies": [],
    "persons": [("roles", "roles", list)],
    "counts": [("value", "value", _whole), *_PERIOD_DAYS],
    "ratios": [("numerator", "numerator", _whole), ("denominator", "denominator", _whole),
               ("percent", "percent", _float), *_PERIOD_DAYS],
}
_GET = {t: operator.attrgetter(*names) for t, names in _ATTRS.items()}
_GET_DOC_KEY = operator.attrgetter("doc_key", "series_key", "label", "doc_type", "number", "congress", "issuer",
                                   "scope", "issued_year")
_GET_BODY_KEY = operator.attrgetter("body_key", "label", "name", "province", "scope")


def _table(name: str, cols: dict[str, list]) -> pa.Table:
    schema = SCHEMAS[name]
    return pa.Table.from_arrays([pa.array(cols[f.name], f.type) for f in schema], schema=schema)


def _transpose(names: tuple[str, ...], rows: list[tuple]) -> dict[str, list]:
    if not rows:
        return {n: [] for n in names}
    return dict(zip(names, map(list, zip(*rows))))


def body_span(text: str, body: str | None) -> tuple[int | None, int | None, str | None]:
    """How the store keeps an article's body_text (migration 007): (start,
    end, None) when it is text[start:end], else (None, None, body)."""
    if body is None:
        return None, None, None
    at = text.find(body)
    return (at, at + len(body), None) if at >= 0 else (None, None, body)


# the articles columns the writer fills for the whole batch; the others come from article_rows()
_BATCH_COLUMNS = ("pipeline_version", "run_id", "ingested_at")
ARTICLE_COLUMNS = tuple(n for n in SCHEMAS["stored_articles"].names if n not in _BATCH_COLUMNS)
_ARTICLE_TYPES = tuple(SCHEMAS["stored_articles"].field(c).type for c in ARTICLE_COLUMNS)


def article_rows(rec: ArticleRecord) -> ArticleRows:
    """The rows one extracted article adds to the store (canonicalizing it
    first when `rec` has no keys)."""
    res, province, keys = rec.result, rec.province, rec.keys
    if keys is None:
        canonical = canonicalize(res, rec.text)
        province, keys = canonical.province, canonical.keys
    a = res.article
    values = (a.id, res.source, a.url, a.title, a.published, published_day(a.published),
              published_instant(a.published), year_of(a.published), province, a.author, rec.text,
              *body_span(rec.text, a.body_text))
    article = tuple(pack([v], t) for v, t in zip(values, _ARTICLE_TYPES))
    facts: dict[str, tuple] = {}
    for t in FACT_TABLES:
        fs = getattr(res, t)
        cols = _transpose(_ATTRS[t], list(map(_GET[t], fs)))
        for col, attr, fn in _DERIVED[t]:
            cols[col] = list(map(fn, cols[attr]))
        cols["article_id"], cols["idx"] = [a.id] * len(fs), list(range(len(fs)))
        if t == "documents":  # the i-th key is the i-th fact's
            cols["doc_key"] = [k.doc_key for k in keys.documents[:len(fs)]]
        elif t == "bodies":
            cols["body_key"] = [k.body_key for k in keys.bodies[:len(fs)]]
        facts[t] = tuple(pack(cols[f.name], f.type) for f in SCHEMAS[t])
    canonical = {"documents_canonical": list(map(_GET_DOC_KEY, keys.documents[:len(res.documents)])),
                 "bodies_canonical": list(map(_GET_BODY_KEY, keys.bodies[:len(res.bodies)]))}
    return ArticleRows(a.id, article, facts, canonical)


def build_tables(batch: Batch, *, run_id: int, version: str, now: datetime) -> dict[str, pa.Table]:
    """The Arrow tables one batch inserts, keyed by store table: the
    articles' rows put together (their values were read where they were
    extracted), the batch's columns added."""
    n = batch.n_ingested
    built = {t: [b.finish() for b in builders] for t, builders in batch._columns.items()}
    out: dict[str, pa.Table] = {}
    for t in ("stored_articles", *FACT_TABLES):
        schema = SCHEMAS[t]
        if t not in built:  # no article in the batch
            out[t] = schema.empty_table()
        elif t == "stored_articles":  # the columns of the batch's own (ARTICLE_COLUMNS are not packed there)
            batch_cols = {"pipeline_version": [version] * n, "run_id": [run_id] * n, "ingested_at": [now] * n}
            arrays = dict(zip(ARTICLE_COLUMNS, built[t]))
            out[t] = pa.Table.from_arrays([arrays[f.name] if f.name in arrays else pa.array(batch_cols[f.name], f.type)
                                           for f in schema], schema=schema)
        else:
            out[t] = pa.Table.from_arrays(built[t], schema=schema)
    for name in CANONICAL_TABLES:
        rows = list(batch._canonical.get(name, {}).values())
        out[name] = _table(name, _transpose(tuple(SCHEMAS[name].names), rows))
    rej = batch.rejects
    out["rejects"] = _table("rejects", {
        "run_id": [run_id] * len(rej), "path": [x.path for x in rej], "line": [x.line for x in rej],
        "reason": [x.reason for x in rej], "rejected_at": [now] * len(rej)})
    return {name: out[name] for name in SCHEMAS}
