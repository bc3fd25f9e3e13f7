"""Arrow columns packed where the rows are made, put together by the writer.

`pack(values, type)` turns one article's values of a column into Arrow's own
layout, as bytes: a string column its UTF-8 data and each value's length
(-1 for NULL), a fixed-width column its values (NULL as 0) and, when it has
NULLs, a byte per value saying which are set. A `ColumnBuilder` appends the
packed parts of a batch's articles to one buffer per column as they come
and makes one Arrow array of them from those buffers, without a Python
object per value.

Why: the writer used to hand Python lists to `pa.array`, which reads every
value's object. In a one-process ingest those objects were made during
extraction, scattered over a large heap, and reading them back at the batch's
end cost ~0.2 ms an article (a page-table walk per object on this virtual
machine); packing them while they are fresh costs ~0.05 ms, and the writer
joins a few bytes objects per column.
"""
from __future__ import annotations

import itertools
from array import array
from datetime import date, datetime, timezone
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

# Arrow type -> (array typecode, the value as the stored number)
_EPOCH_DAY = date(1970, 1, 1).toordinal()
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _days(d: date) -> int:
    return d.toordinal() - _EPOCH_DAY


def _micros(t: datetime) -> int:
    delta = t - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


_FIXED: dict[pa.DataType, tuple[str, Any]] = {
    pa.int32(): ("i", int), pa.int64(): ("q", int), pa.float64(): ("d", float), pa.bool_(): ("b", int),
    pa.date32(): ("i", _days), pa.timestamp("us", tz="UTC"): ("q", _micros),
}
_S = pa.string()
MAX_CHUNK_BYTES = 2**31 - 1  # the most UTF-8 bytes one string array holds (int32 offsets)

Packed = tuple  # (data bytes, aux bytes or None) for strings and fixed widths; ("list", values) otherwise


def pack(values: list, type_: pa.DataType) -> Packed:
    """One article's values of a column, packed (see the module docstring)."""
    if type_ == _S:
        enc = [None if v is None else v.encode("utf-8") for v in values]
        return b"".join(e for e in enc if e is not None), array("i", [-1 if e is None else len(e) for e in enc]).tobytes()
    fixed = _FIXED.get(type_)
    if fixed is None:  # nested (a list of strings): left to pa.array
        return ("list", values)
    code, conv = fixed
    data = array(code, [0 if v is None else conv(v) for v in values]).tobytes()
    if any(v is None for v in values):
        return data, bytes(v is not None for v in values)
    return data, None


def _validity(mask: bytes, n: int) -> pa.Buffer | None:
    """A validity bitmap from a byte per value (1 set, 0 NULL)."""
    flags = pa.Array.from_buffers(pa.int8(), n, [None, pa.py_buffer(mask)])
    return pc.cast(flags, pa.bool_()).buffers()[1]


def _fixed(type_: pa.DataType, data: Any, mask: bytes | None) -> pa.Array:
    """A fixed-width array from its values' bytes and, when it has NULLs, a byte per value (1 set)."""
    n = len(data) // array(_FIXED[type_][0]).itemsize
    validity, nulls = (_validity(mask, n), mask.count(0)) if mask is not None else (None, 0)
    if type_ == pa.bool_():
        values = pc.cast(pa.Array.from_buffers(pa.int8(), n, [None, pa.py_buffer(data)]), pa.bool_())
        out = pa.Array.from_buffers(type_, n, [validity, values.buffers()[1]], null_count=nulls)
    else:
        out = pa.Array.from_buffers(type_, n, [validity, pa.py_buffer(data)], null_count=nulls)
    out.validate()
    return out


class ColumnBuilder:
    """A batch's column, grown an article at a time (`add`, while the
    article's packed values are fresh) into contiguous buffers, a string
    column's offsets included, made an Arrow array once (`finish`) without
    reading an article's objects again."""

    def __init__(self, type_: pa.DataType):
        self.type = type_
        self._data = bytearray()
        self._mask = bytearray()  # a byte per value, 1 when set
        self._nulls = 0
        self._offsets = array("i", [0])  # strings: where each value ends in _data
        self._nested: list = []  # a nested type's values
        self._chunks: list[pa.Array] = []  # strings: the chunks full before this one
        fixed = _FIXED.get(type_)
        self._width = array(fixed[0]).itemsize if fixed else 0

    def add(self, part: Packed) -> None:
        if self.type == _S:
            data, lens_bytes = part
            if self._offsets[-1] + len(data) > MAX_CHUNK_BYTES:  # Arrow's int32 offsets: a new chunk
                self._chunks.append(self._strings())
                self._data, self._mask, self._nulls, self._offsets = bytearray(), bytearray(), 0, array("i", [0])
            lens = array("i")
            lens.frombytes(lens_bytes)
            self._data += data
            if -1 in lens:
                base = self._offsets[-1]
                for n in lens:
                    base += max(n, 0)
                    self._offsets.append(base)
                    self._mask.append(n >= 0)
                self._nulls += lens.count(-1)
            else:
                self._offsets.extend(itertools.islice(itertools.accumulate(lens, initial=self._offsets[-1]), 1, None))
                self._mask += b"\x01" * len(lens)
        elif self._width:
            data, mask = part
            self._data += data
            if mask is None:
                self._mask += b"\x01" * (len(data) // self._width)
            else:
                self._mask += mask
                self._nulls += mask.count(0)
        else:
            self._nested.extend(part[1])

    def _strings(self) -> pa.Array:
        n = len(self._offsets) - 1
        validity = _validity(bytes(self._mask), n) if self._nulls else None
        out = pa.Array.from_buffers(_S, n, [validity, pa.py_buffer(self._offsets), pa.py_buffer(self._data)],
                                    null_count=self._nulls)
        out.validate()
        return out

    def finish(self) -> pa.Array | pa.ChunkedArray:
        """The column (chunked when a string column holds more than MAX_CHUNK_BYTES); the
        builder is not to be added to afterwards (the array uses its buffers)."""
        if self.type == _S:
            last = self._strings()
            return pa.chunked_array([*self._chunks, last], _S) if self._chunks else last
        if self._width:
            return _fixed(self.type, self._data, bytes(self._mask) if self._nulls else None)
        return pa.array(self._nested, self.type)
