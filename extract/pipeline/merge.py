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
from vnfacts.text.spans import Disjoint, longest_non_overlapping

PRECEDENCE = ("documents", "dates", "ratios", "counts")
_NESTABLE = {("dates", "documents")}

T = TypeVar("T", bound=BaseModel)


def merge(cands: Sequence[T]) -> list[T]:
    """Keep a consistent, non-overlapping set of candidates (objects with
    dimension/start/end/priority)."""
    kept: list[T] = []
    taken: dict[str, Disjoint] = {}  # the kept spans of each dimension (no two of one dimension overlap)
    for dim in PRECEDENCE:
        earlier = [taken[d] for d in taken if (dim, d) not in _NESTABLE]  # the dimensions before this one

        def clashes(c: T, earlier: list[Disjoint] = earlier) -> bool:
            return any(spans.overlaps(c.start, c.end) for spans in earlier)

        chosen = longest_non_overlapping((c for c in cands if c.dimension == dim),
                                         priority=lambda c: c.priority, blocked=clashes)
        taken[dim] = Disjoint()
        for c in chosen:
            taken[dim].add(c.start, c.end)
        kept += chosen
    kept.sort(key=lambda c: (c.start, c.end))
    return kept
