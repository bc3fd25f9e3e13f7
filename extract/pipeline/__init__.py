"""The whole flow for one article, one module per stage, in order:
normalize -> segment -> rules -> ner -> merge -> resolve -> link
(-> canonicalize and store, in vnfacts.store). Stages exchange pydantic
models (Normalized, a spaCy Doc, Match, NerResult, Resolved, the facts).

The stage functions are imported under private aliases so that
`vnfacts.pipeline.segment` stays the module, not its function.
"""
from __future__ import annotations

from vnfacts.models import ExtractionResult
from vnfacts.pipeline.link import link as _link
from vnfacts.pipeline.merge import merge as _merge
from vnfacts.pipeline.ner import needs_words as _needs_words
from vnfacts.pipeline.ner import ner as _ner
from vnfacts.pipeline.normalize import Normalized
from vnfacts.pipeline.normalize import normalize as _normalize
from vnfacts.pipeline.resolve import resolve as _resolve
from vnfacts.pipeline.rules import match_rules as _match_rules
from vnfacts.pipeline.segment import segment as _segment

__all__ = ["Normalized", "extract", "extract_normalized"]


def extract_normalized(norm: Normalized, *, segment_text: bool = True, all_words: bool = False) -> ExtractionResult:
    """The facts of one normalized article. Sentences are word-segmented only
    where NER reads words (`all_words` segments every sentence: the facts are
    the same, tests/test_segment.py checks it)."""
    doc = _segment(norm, words_in=None if all_words else _needs_words) if segment_text else None
    matches = _match_rules(doc, norm)
    doc_spans = [m.group_spans[g] for m in matches if m.dimension == "documents"
                 for g in ("num", "num_so") if g in m.group_spans]
    ents = _ner(doc, norm, excluded=doc_spans)
    kept = _merge(matches)
    res = _resolve(kept, norm)
    counts, ratios = _link(res.counts, res.ratios, res.dates, res.documents, ents.bodies, doc, norm.text)
    return ExtractionResult(
        source=norm.article.source, article=norm.article,
        dates=res.dates, documents=res.documents, bodies=ents.bodies, persons=ents.persons,
        counts=counts, ratios=ratios,
    )


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
