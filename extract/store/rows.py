"""ExtractionResults -> Arrow tables, one per store table, and the canonical
keys that join documents and bodies across articles.

Everything here is pure: the same results give the same rows, whatever the
batch they arrive in, so a re-run after a crash stores exactly what an
uninterrupted run stores.
"""
from __future__ import annotations

import calendar
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any

import pyarrow as pa
from vnfacts.models import ExtractionResult
from vnfacts.pipeline.canonicalize import ArticleKeys, canonicalize

# ---------------------------------------------------------------- records


@dataclass
class ArticleRecord:
    """One extracted article on its way into the store."""

    result: ExtractionResult
    text: str  # the normalized text the fact offsets refer to
    province: str | None = None  # canonicalize(result).province, computed where it was extracted
    replace: bool = False  # an older pipeline version of it is stored: replace its facts
    keys: ArticleKeys | None = None  # canonicalize(result).keys; computed here when None


@dataclass
class Reject:
    path: str
    line: int | None
    reason: str


@dataclass
class Batch:
    """What one transaction writes: new articles with their facts, rejects,
    and the run's counters for the inputs this batch accounts for."""

    articles: list[ArticleRecord] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    n_read: int = 0
    n_duplicate: int = 0

    @property
    def n_ingested(self) -> int:
        return len(self.articles)

    @property
    def n_replaced(self) -> int:
        return sum(a.replace for a in self.articles)

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
    "articles": pa.schema([
        ("id", _S), ("source", _S), ("url", _S), ("title", _S), ("published_text", _S), ("published", _D),
        ("published_at", _TS), ("published_year", _I),
        ("province", _S), ("author", _S), ("text", _S), ("body_text", _S), ("pipeline_version", _S),
        ("run_id", _I), ("ingested_at", _TS)]),
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


_METRIC_FIELDS = [(c, operator.attrgetter(c)) for c in ("metric", "modality", "unit_class", "grade")]
_PERIOD_FIELDS = [("period", lambda f: f.period), ("period_first_day", lambda f: iso_days(f.period)[0]),
                  ("period_last_day", lambda f: iso_days(f.period)[1])]


_FACT_FIELDS: dict[str, list[tuple[str, Callable[[Any], Any]]]] = {
    "dates": [("value", lambda f: f.value), ("grain", lambda f: f.grain),
              ("first_day", lambda f: iso_days(f.value)[0]), ("last_day", lambda f: iso_days(f.value)[1])],
    "bodies": [("canonical", lambda f: f.canonical)],
    "persons": [("name", lambda f: f.name), ("roles", lambda f: list(f.roles))],
    "counts": [("value", lambda f: _whole(f.value)), ("unit", lambda f: f.unit), ("qualifier", lambda f: f.qualifier),
               ("predicate", lambda f: f.predicate), ("subject", lambda f: f.subject),
               *_PERIOD_FIELDS, *_METRIC_FIELDS, ("breakdown", lambda f: f.breakdown)],
    "ratios": [("numerator", lambda f: _whole(f.numerator)), ("denominator", lambda f: _whole(f.denominator)),
               ("percent", lambda f: _float(f.percent)), ("unit", lambda f: f.unit),
               ("qualifier", lambda f: f.qualifier), ("predicate", lambda f: f.predicate),
               ("subject", lambda f: f.subject), *_PERIOD_FIELDS, *_METRIC_FIELDS],
    "documents": [*((c, operator.attrgetter(c)) for c in ("doc_id", "doc_type", "number", "issuer", "issued")),
                  ("issued_date", lambda f: iso_days(f.issued)[0] if _ISO_DAY.fullmatch(f.issued or "") else None),
                  *((c, operator.attrgetter(c)) for c in ("subject", "congress"))],
}


def _columns(name: str) -> dict[str, list]:
    return {f.name: [] for f in SCHEMAS[name]}


def build_tables(batch: Batch, *, run_id: int, version: str, now: datetime) -> dict[str, pa.Table]:
    """The Arrow tables one batch inserts, keyed by store table."""
    cols = {name: _columns(name) for name in SCHEMAS}
    canon: dict[str, dict[str, tuple]] = {t: {} for t in CANONICAL_TABLES}
    for rec in batch.articles:
        res, art = rec.result, rec.result.article
        province, keys = rec.province, rec.keys
        if keys is None:
            canonical = canonicalize(res, rec.text)
            province, keys = canonical.province, canonical.keys
        a = cols["articles"]
        for k, v in (("id", art.id), ("source", res.source), ("url", art.url), ("title", art.title),
                     ("published_text", art.published), ("published", published_day(art.published)),
                     ("published_at", published_instant(art.published)), ("published_year", year_of(art.published)),
                     ("province", province), ("author", art.author), ("text", rec.text),
                     ("body_text", art.body_text), ("pipeline_version", version), ("run_id", run_id),
                     ("ingested_at", now)):
            a[k].append(v)
        for t in FACT_TABLES:
            c = cols[t]
            getters = _FACT_FIELDS[t]
            for i, f in enumerate(getattr(res, t)):
                c["article_id"].append(art.id)
                c["idx"].append(i)
                c["start"].append(f.start)
                c["end"].append(f.end)
                c["text"].append(f.text)
                for col, get in getters:
                    c[col].append(get(f))
                if t == "documents":
                    dk = keys.documents[i]
                    c["doc_key"].append(dk.doc_key)
                    canon["documents_canonical"].setdefault(dk.doc_key, (
                        dk.doc_key, dk.series_key, dk.label, dk.doc_type, dk.number, dk.congress, dk.issuer, dk.scope,
                        dk.issued_year))
                elif t == "bodies":
                    bk = keys.bodies[i]
                    c["body_key"].append(bk.body_key)
                    canon["bodies_canonical"].setdefault(bk.body_key, (
                        bk.body_key, bk.label, bk.name, bk.province, bk.scope))
    for t, rows in canon.items():
        c = cols[t]
        for row in rows.values():
            for name, v in zip(c, row):
                c[name].append(v)
    r = cols["rejects"]
    for rej in batch.rejects:
        for k, v in (("run_id", run_id), ("path", rej.path), ("line", rej.line), ("reason", rej.reason),
                     ("rejected_at", now)):
            r[k].append(v)
    return {name: pa.Table.from_pydict(c, schema=SCHEMAS[name]) for name, c in cols.items()}
