"""The whole flow for one article, one module per stage, in order:
normalize -> segment -> rules -> ner -> merge -> resolve -> link
(-> canonicalize and store, in vnfacts.store). Stages exchange pydantic
models (Normalized, Segmented, Match, NerResult, Resolved, the facts).

The stage functions are imported under private aliases so that
`vnfacts.pipeline.segment` stays the module, not its function.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from vnfacts.models import ExtractionResult
from vnfacts.pipeline.link import link as _link
from vnfacts.pipeline.merge import merge as _merge
from vnfacts.pipeline.ner import ner as _ner
from vnfacts.pipeline.normalize import Normalized
from vnfacts.pipeline.normalize import normalize as _normalize
from vnfacts.pipeline.resolve import resolve as _resolve
from vnfacts.pipeline.rules import match_rules as _match_rules
from vnfacts.pipeline.segment import segment as _segment

__all__ = ["STAGES", "Normalized", "extract", "extract_normalized", "stage_timer"]

STAGES = ("segment", "rules", "ner", "merge", "resolve", "link")
"""The stages `extract_normalized` runs, in order, as `stage_timer` names them."""

StageCallback = Callable[[str, str, float], None]
_TIMER: ContextVar[StageCallback | None] = ContextVar("vnfacts_stage_timer", default=None)


@contextmanager
def stage_timer(callback: StageCallback) -> Iterator[None]:
    """Within the block, `extract_normalized` calls `callback(article_id,
    stage, seconds)` after each stage of each article in this process (the
    stages of STAGES). For measurement (`make bench`): without a timer the
    pipeline reads no clock."""
    token = _TIMER.set(callback)
    try:
        yield
    finally:
        _TIMER.reset(token)


def _no_lap(stage: str) -> None:
    return None


def _laps(article_id: str) -> Callable[[str], None]:
    """`lap(stage)` after each stage: reports the time since the previous lap
    to the stage timer, if one is set; else does nothing."""
    timer = _TIMER.get()
    if timer is None:
        return _no_lap
    clock = time.perf_counter
    last = [clock()]

    def lap(stage: str) -> None:
        now = clock()
        timer(article_id, stage, now - last[0])
        last[0] = clock()  # the timer's own time is not the next stage's

    return lap


def extract_normalized(norm: Normalized, *, segment_text: bool = True, all_words: bool = False) -> ExtractionResult:
    """The facts of one normalized article. Sentences are word-segmented only
    where NER asks for a word (`all_words` segments every sentence: the facts
    are the same, tests/test_segment.py checks it)."""
    lap = _laps(norm.article.id)
    doc = _segment(norm, on_demand=not all_words) if segment_text else None
    lap("segment")
    matches = _match_rules(doc, norm)
    doc_spans = [m.group_spans[g] for m in matches if m.dimension == "documents"
                 for g in ("num", "num_so") if g in m.group_spans]
    lap("rules")
    ents = _ner(doc, norm, excluded=doc_spans)  # word-segments the sentences where it asks for words
    lap("ner")
    kept = _merge(matches)
    lap("merge")
    res = _resolve(kept, norm)
    lap("resolve")
    counts, ratios = _link(res.counts, res.ratios, res.dates, res.documents, ents.bodies, doc, norm.text)
    lap("link")
    return _result(norm, res, ents, counts, ratios)


def _result(norm, res, ents, counts, ratios) -> ExtractionResult:
    return ExtractionResult(
        source=norm.article.source, article=norm.article,
        dates=res.dates, documents=res.documents, bodies=ents.bodies, persons=ents.persons,
        counts=counts, ratios=ratios,
    )


def extract(text: str, *, source: str = "-", url: str | None = None,
            published: str | None = None, segment_text: bool = True) -> ExtractionResult:
    """Extract SPEC facts from one article's raw text.

    `published` is publication metadata the caller already has (a scraper's
    JSONL field); without it the page timestamp, then the URL, are used.
    """
    norm = _normalize(text, source=source, url=url, published=published)
    return extract_normalized(norm, segment_text=segment_text)
