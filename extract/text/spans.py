"""The one longest-span filter: among overlapping candidates the longest
wins (then the higher priority, then the leftmost). Used by merge (rule
matches), NER (body candidates) and the NER training data (doc.ents)."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")


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
    for item in sorted(items, key=key):
        s, e = span(item)
        if any(s < ce and cs < e for cs, ce, _ in chosen) or blocked(item):
            continue
        chosen.append((s, e, item))
    return [item for _, _, item in sorted(chosen, key=lambda c: (c[0], c[1]))]
