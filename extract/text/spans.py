"""The one longest-span filter: among overlapping candidates the longest
wins (then the higher priority, then the leftmost). Used by merge (rule
matches), NER (body candidates) and the NER training data (doc.ents)."""
from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")


class Disjoint:
    """Spans no two of which overlap, kept in text order, so that whether a
    new span overlaps one of them is a binary search, not a scan (a window
    dense in candidates would make the scan quadratic). Overlap is
    `s < ce and cs < e` (end-exclusive; an empty span overlaps a span that
    strictly contains its position)."""

    def __init__(self) -> None:
        self._spans: list[tuple[int, int]] = []  # sorted; their ends are sorted too (no two overlap)

    def overlaps(self, s: int, e: int) -> bool:
        # the last span starting before e has the largest end of those: it overlaps if any does
        i = bisect.bisect_left(self._spans, (e, -1)) - 1
        return i >= 0 and self._spans[i][1] > s

    def add(self, s: int, e: int) -> None:
        bisect.insort(self._spans, (s, e))


def _start_end(item) -> tuple[int, int]:
    return (item[0], item[1]) if isinstance(item, tuple) else (item.start, item.end)


def longest_non_overlapping(items: Iterable[T], *, span: Callable[[T], tuple[int, int]] = _start_end,
                            priority: Callable[[T], float] = lambda _: 0,
                            blocked: Callable[[T], bool] = lambda _: False) -> list[T]:
    """The items no two of which overlap, chosen longest first (ties: higher
    `priority`, then leftmost); an item for which `blocked` is true is never
    chosen. Returned in text order. `span` gives (start, end), end-exclusive:
    `.start`/`.end` of a model, or the first two fields of a tuple."""
    def key(item: T) -> tuple[int, float, int]:
        s, e = span(item)
        return -(e - s), -priority(item), s

    chosen: list[tuple[int, int, T]] = []
    taken = Disjoint()
    for item in sorted(items, key=key):
        s, e = span(item)
        if taken.overlaps(s, e) or blocked(item):
            continue
        chosen.append((s, e, item))
        taken.add(s, e)
    return [item for _, _, item in sorted(chosen, key=lambda c: (c[0], c[1]))]
