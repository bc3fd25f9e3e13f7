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

from array import array
from datetime import date, datetime, timezone
from typing import Any

import numpy as np
import pyarrow as pa

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


def _bitmap(set_: Any) -> pa.Buffer:
    """Arrow's bitmap (validity, or a boolean column's values) from a flag per
    value: bytes or a numpy bool array, nonzero when set."""
    flags = np.frombuffer(set_, np.uint8) if isinstance(set_, (bytes, bytearray)) else set_
    return pa.py_buffer(np.packbits(flags.astype(bool, copy=False), bitorder="little"))


def _fixed(type_: pa.DataType, data: Any, mask: bytes | None) -> pa.Array:
    """A fixed-width array from its values' bytes and, when it has NULLs, a byte per value (1 set)."""
    n = len(data) // array(_FIXED[type_][0]).itemsize
    validity, nulls = (_bitmap(mask), mask.count(0)) if mask is not None else (None, 0)
    if type_ == pa.bool_():
        out = pa.Array.from_buffers(type_, n, [validity, _bitmap(data)], null_count=nulls)
    else:
        out = pa.Array.from_buffers(type_, n, [validity, pa.py_buffer(data)], null_count=nulls)
    out.validate()
    return out


class ColumnBuilder:
    """A batch's column, grown an article at a time (`add`, while the
    article's packed values are fresh) into contiguous buffers, made an
    Arrow array once (`finish`) without reading an article's objects again.

    `add` only appends bytes (it runs once per column of every article, in
    the process that writes, which with workers takes CPU from them); a
    string column's offsets and validity are made from its values' lengths
    at `finish` with numpy (a cumulative sum), not value by value."""

    def __init__(self, type_: pa.DataType):
        self.type = type_
        self._data = bytearray()
        self._lens = bytearray()  # strings: each value's length in UTF-8 bytes (int32), -1 for NULL
        self._mask = bytearray()  # fixed widths: a byte per value, 1 when set
        self._nulls = 0
        self._nested: list = []  # a nested type's values
        self._chunks: list[pa.Array] = []  # strings: the chunks full before this one
        fixed = _FIXED.get(type_)
        self._width = array(fixed[0]).itemsize if fixed else 0
        self._string = type_ == _S  # compared once here: a DataType's == is a call
        # (not `self.add = self._add_string`: a bound method kept on the instance is a reference
        # cycle, and the batch's buffers would wait for the cyclic garbage collector)

    def add(self, part: Packed) -> None:
        if self._string:
            data, lens = part
            if len(self._data) + len(data) > MAX_CHUNK_BYTES:  # Arrow's int32 offsets: a new chunk
                self._chunks.append(self._strings())
                self._data, self._lens = bytearray(), bytearray()
            self._data += data
            self._lens += lens
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
        lens = np.frombuffer(self._lens, np.int32)
        n = len(lens)
        set_ = lens >= 0
        nulls = n - int(np.count_nonzero(set_))
        offsets = np.zeros(n + 1, np.int32)
        np.cumsum(np.maximum(lens, 0), out=offsets[1:])
        validity = _bitmap(set_) if nulls else None
        out = pa.Array.from_buffers(_S, n, [validity, pa.py_buffer(offsets), pa.py_buffer(self._data)],
                                    null_count=nulls)
        out.validate()
        return out

    def finish(self) -> pa.Array | pa.ChunkedArray:
        """The column (chunked when a string column holds more than MAX_CHUNK_BYTES); the
        builder is not to be added to afterwards (the array uses its buffers)."""
        if self._string:
            last = self._strings()
            return pa.chunked_array([*self._chunks, last], _S) if self._chunks else last
        if self._width:
            return _fixed(self.type, self._data, bytes(self._mask) if self._nulls else None)
        return pa.array(self._nested, self.type)
