"""Stage 5: merge. Resolves overlapping candidates.

Within a dimension the longest span wins (then rule priority). Across
dimensions a span of a later dimension in PRECEDENCE is dropped when it
overlaps a kept span of an earlier one; dates may sit inside documents (a
document's date is also a date).
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from pydantic import BaseModel
from vnfacts.text.spans import longest_non_overlapping

PRECEDENCE = ("documents", "dates", "ratios", "counts")
_NESTABLE = {("dates", "documents")}

T = TypeVar("T", bound=BaseModel)


def _overlap(a, b) -> bool:
    return a.start < b.end and b.start < a.end


def merge(cands: Sequence[T]) -> list[T]:
    """Keep a consistent, non-overlapping set of candidates (objects with
    dimension/start/end/priority)."""
    kept: list[T] = []
    for dim in PRECEDENCE:
        earlier = list(kept)  # the dimensions before this one

        def clashes(c: T, dim: str = dim, earlier: list[T] = earlier) -> bool:
            return any(_overlap(c, k) and (dim, k.dimension) not in _NESTABLE for k in earlier)

        kept += longest_non_overlapping((c for c in cands if c.dimension == dim),
                                        priority=lambda c: c.priority, blocked=clashes)
    kept.sort(key=lambda c: (c.start, c.end))
    return kept
