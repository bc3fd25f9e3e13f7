"""The whole flow for one article, one module per stage, in order:
normalize -> segment -> rules -> ner -> merge -> resolve -> link -> metrics
-> canonicalize (-> store, which reads canonicalize's province and keys).
Stages exchange pydantic models (Normalized, Segmented, Match, NerResult,
Resolved, the facts, Canonicalized).

The stage functions are imported under private aliases so that
`vnfacts.pipeline.segment` stays the module, not its function.
"""
from __future__ import annotations

import bisect
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from vnfacts.models import ExtractionResult
from vnfacts.pipeline.canonicalize import Canonicalized
from vnfacts.pipeline.canonicalize import canonicalize as _canonicalize
from vnfacts.pipeline.link import link as _link
from vnfacts.pipeline.merge import merge as _merge
from vnfacts.pipeline.metrics import metrics as _metrics
from vnfacts.pipeline.ner import ner as _ner
from vnfacts.pipeline.normalize import Normalized, Region
from vnfacts.pipeline.normalize import normalize as _normalize
from vnfacts.pipeline.resolve import link_documents as _link_documents
from vnfacts.pipeline.resolve import resolve as _resolve
from vnfacts.pipeline.rules import match_rules as _match_rules
from vnfacts.pipeline.segment import segment as _segment

__all__ = ["STAGES", "Normalized", "extract", "extract_canonicalized", "extract_normalized", "stage_timer"]

STAGES = ("segment", "rules", "ner", "merge", "resolve", "link", "metrics", "canonicalize")
"""The stages `extract_normalized` runs, in order, as `stage_timer` names them."""

StageCallback = Callable[[str, str, float], None]
_TIMER: ContextVar[StageCallback | None] = ContextVar("vnfacts_stage_timer", default=None)


@contextmanager
def stage_timer(callback: StageCallback) -> Iterator[None]:
    """Within the block, `extract_normalized` calls `callback(article_id,
    stage, seconds)` after each stage of each article (of each window of a
    long one) in this process, with the stage names of STAGES. For
    measurement (`make bench`): without a timer the pipeline reads no clock."""
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


# Long articles are processed in windows of whole lines (paragraphs) of at
# most _WINDOW characters and _NUMBERS numbers (runs of digits), so that the
# time per KB does not grow with the article: several stages compare each
# candidate with the others of its window (metrics, for one, reads every
# figure of the window for each figure), so a window's cost grows with the
# square of its figures, and a text dense in figures ("... kết nạp 12 đảng
# viên, đạt 120% ..." sentence after sentence) needs smaller windows than
# prose. No real article comes near either bound (../shared/realcorpus:
# at most 49,368 characters and 421 numbers), so an article is one window
# unless it is exceptionally long or dense. A window ends after a line break,
# else after a sentence end (a paragraph longer than a window is cut there),
# else at a space. The facts of a paragraph only read that paragraph (a
# count's period and subject come from its sentence or paragraph opener);
# what a fact needs from the whole article is carried explicitly: the
# publication date and the regions (in the window's Normalized), earlier full
# document mentions (a second document-linking pass over all windows), and
# canonical names and provinces (canonicalize runs once over the whole
# article).
_WINDOW = 50_000
_NUMBERS = 1_000
_NUMBER = re.compile(r"\d+")
_BREAKS = (re.compile(r"\n"), re.compile(r"[.!?;]\s"), re.compile(r"\s"))


def _cut(text: str, start: int, limit: int) -> int:
    """Where a window starting at `start` ends: after the last line break
    before start + limit, else after a sentence end, else at a space, else at
    the limit (a text with no space at all)."""
    end = start + limit
    for rx in _BREAKS:
        last = None
        for m in rx.finditer(text, start + limit // 2, end):
            last = m
        if last is not None:
            return last.end()
    return end


def _windows(text: str) -> list[tuple[int, int]]:
    numbers = [m.start() for m in _NUMBER.finditer(text)]
    out, pos = [], 0
    while True:
        limit = _WINDOW
        i = bisect.bisect_left(numbers, pos) + _NUMBERS
        if i < len(numbers):  # the window ends before its (_NUMBERS + 1)th number
            limit = min(limit, numbers[i] - pos)
        if len(text) - pos <= limit:
            break
        end = _cut(text, pos, limit)
        out.append((pos, end))
        pos = end
    out.append((pos, len(text)))
    return out


def _window(norm: Normalized, start: int, end: int) -> Normalized:
    regions = [Region(start=max(r.start, start) - start, end=min(r.end, end) - start, kind=r.kind)
               for r in norm.regions if r.start < end and start < r.end]
    return Normalized.model_construct(text=norm.text[start:end], offsets=norm.offsets[start:end + 1],
                                      article=norm.article, pub=norm.pub, regions=regions)


def _shifted(facts: list, by: int) -> list:
    return [f.model_copy(update={"start": f.start + by, "end": f.end + by}) for f in facts] if by else facts


def _extract_window(norm: Normalized, *, segment_text: bool, all_words: bool) -> ExtractionResult:
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
    res = _resolve(kept, norm, ents.bodies)
    lap("resolve")
    counts, ratios = _link(res.counts, res.ratios, res.dates, res.documents, ents.bodies, doc, norm.text)
    lap("link")
    counts, ratios = _metrics(counts, ratios, ents.bodies, res.documents, doc, norm.text)
    lap("metrics")
    return ExtractionResult(
        source=norm.article.source, article=norm.article,
        dates=res.dates, documents=res.documents, bodies=ents.bodies, persons=ents.persons,
        counts=counts, ratios=ratios,
    )


def extract_normalized(norm: Normalized, *, segment_text: bool = True, all_words: bool = False) -> ExtractionResult:
    """The facts of one normalized article. Sentences are word-segmented only
    where NER asks for a word (`all_words` segments every sentence: the facts
    are the same, tests/test_segment.py checks it)."""
    return extract_canonicalized(norm, segment_text=segment_text, all_words=all_words).result


def extract_canonicalized(norm: Normalized, *, segment_text: bool = True,
                          all_words: bool = False) -> Canonicalized:
    """extract_normalized's facts with what the store needs besides: the
    article's province and the canonical keys (canonicalize's whole output),
    so that ingest does not canonicalize the article a second time."""
    windows = _windows(norm.text)
    if len(windows) == 1:
        result = _extract_window(norm, segment_text=segment_text, all_words=all_words)
    else:
        lists: dict[str, list] = {k: [] for k in ("dates", "documents", "bodies", "persons", "counts", "ratios")}
        for start, end in windows:
            part = _extract_window(_window(norm, start, end), segment_text=segment_text, all_words=all_words)
            for k, facts in lists.items():
                facts.extend(_shifted(getattr(part, k), start))
        lists["documents"] = _link_documents(lists["documents"])
        result = ExtractionResult(source=norm.article.source, article=norm.article, **lists)
    # canonical names, provinces and issuers read the whole article (a short
    # re-mention takes a full name given before, in any window)
    lap = _laps(norm.article.id)
    out = _canonicalize(result, norm.text)
    lap("canonicalize")
    return out


def extract(text: str, *, source: str = "-", url: str | None = None, published: str | None = None,
            title: str | None = None, author: str | None = None, with_text: bool = False,
            segment_text: bool = True) -> ExtractionResult:
    """Extract SPEC facts from one article's raw text.

    `published`, `title` and `author` are metadata the caller already has (a
    scraper's JSONL fields, a page's meta tags); without `published` the page
    timestamp, then the URL, are used. A `published` that is not a date raises
    InputError with the reason. `with_text` puts the normalized text, which
    every fact's start and end index, in `article.text`.
    """
    norm = _normalize(text, source=source, url=url, published=published, title=title, author=author)
    res = extract_normalized(norm, segment_text=segment_text)
    if with_text:
        res.article.text = norm.text
    return res
