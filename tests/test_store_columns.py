"""Columns packed where rows are made and built batch by batch
(vnfacts.store.columns) are the Arrow arrays pa.array gives from the same
Python values."""
from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone

import pyarrow as pa
import pytest
from vnfacts.store.columns import ColumnBuilder, pack

_VALUES = {
    pa.string(): lambda r: r.choice(["", "đảng viên", "Ban Chấp hành Đảng bộ tỉnh Bến Tre", "x" * 300, "ể"]),
    pa.int32(): lambda r: r.randint(-2**31, 2**31 - 1),
    pa.int64(): lambda r: r.randint(-2**63, 2**63 - 1),
    pa.float64(): lambda r: r.uniform(-1e9, 1e9),
    pa.bool_(): lambda r: r.random() < 0.5,
    pa.date32(): lambda r: date(1900, 1, 1) + timedelta(days=r.randint(0, 80_000)),
    pa.timestamp("us", tz="UTC"): lambda r: datetime(2001, 1, 1, tzinfo=timezone.utc)
    + timedelta(microseconds=r.randint(0, 10**15)),
    pa.list_(pa.string()): lambda r: r.choice([[], ["Bí thư"], ["Phó Bí thư", "Chủ tịch UBND tỉnh"]]),
}


@pytest.mark.parametrize("type_", list(_VALUES), ids=str)
@pytest.mark.parametrize("null_share", [0.0, 0.3, 1.0])
def test_a_packed_batch_is_the_array_of_its_values(type_: pa.DataType, null_share: float) -> None:
    r = random.Random(f"{type_}{null_share}")
    articles = [[None if r.random() < null_share else _VALUES[type_](r) for _ in range(r.randint(0, 6))]
                for _ in range(40)] + [[]]
    b = ColumnBuilder(type_)
    for vs in articles:
        b.add(pack(vs, type_))
    got = b.finish()
    want = pa.array([v for vs in articles for v in vs], type_)
    assert got.type == want.type and got.null_count == want.null_count
    assert got.equals(want)
    assert got.to_pylist() == want.to_pylist()


def test_an_empty_batch_is_an_empty_array() -> None:
    for type_ in _VALUES:
        assert ColumnBuilder(type_).finish().equals(pa.array([], type_))


def test_a_string_column_over_what_int32_offsets_hold_is_chunked(monkeypatch: pytest.MonkeyPatch) -> None:
    import vnfacts.store.columns as C
    monkeypatch.setattr(C, "MAX_CHUNK_BYTES", 20)
    values = [["đảng viên", None, "x" * 15], [], ["kết nạp"], ["a" * 30, "b"]]
    b = C.ColumnBuilder(pa.string())
    for vs in values:
        b.add(pack(vs, pa.string()))
    got = b.finish()
    assert isinstance(got, pa.ChunkedArray) and got.num_chunks > 1
    assert got.to_pylist() == [v for vs in values for v in vs]


def test_a_batch_and_its_columns_are_freed_when_dropped_without_the_cyclic_collector() -> None:
    """A batch holds megabytes; a reference cycle in it (a bound method kept on
    a builder was one) left every batch's buffers waiting for Python's cyclic
    collector, and a long ingest's memory grew batch after batch."""
    import gc
    import weakref

    from vnfacts.models import Article, ExtractionResult
    from vnfacts.store import ArticleRecord, Batch, article_rows
    from vnfacts.store.rows import FACT_TABLES, SCHEMAS
    builders = [ColumnBuilder(f.type) for t in FACT_TABLES for f in SCHEMAS[t]]
    for b in builders:
        b.add(pack([None], b.type))
    result = ExtractionResult(source="a.txt", article=Article(id="a", source="a.txt", body_text="Dòng một."))
    batch = Batch.of([article_rows(ArticleRecord(result, "Tiêu đề\nDòng một."))], n_read=1)
    refs = [weakref.ref(b) for b in builders] + [weakref.ref(batch)]
    was = gc.isenabled()
    gc.disable()
    try:
        del builders, b, batch
        assert all(r() is None for r in refs)
    finally:
        if was:
            gc.enable()
