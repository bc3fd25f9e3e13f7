"""The whole flow for one article:
normalize -> segment -> rules -> ner -> merge -> resolve (-> store, elsewhere).
"""
from __future__ import annotations

from .link import link
from .merge import merge
from .models import ExtractionResult
from .ner import needs_words, ner
from .normalize import Normalized, normalize
from .resolve import resolve
from .rules import match_rules
from .segment import segment


def extract_normalized(norm: Normalized, *, segment_text: bool = True, all_words: bool = False) -> ExtractionResult:
    """The facts of one normalized article. Sentences are word-segmented only
    where NER reads words (`all_words` segments every sentence: the facts are
    the same, tests/test_segment.py checks it)."""
    doc = segment(norm, words_in=None if all_words else needs_words) if segment_text else None
    matches = match_rules(doc, norm)
    doc_spans = [m.group_spans[g] for m in matches if m.dimension == "documents"
                 for g in ("num", "num_so") if g in m.group_spans]
    ents = ner(doc, norm, excluded=doc_spans)
    kept = merge(matches)
    res = resolve(kept, norm)
    counts, ratios = link(res.counts, res.ratios, res.dates, res.documents, ents.bodies, doc, norm.text)
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
    norm = normalize(text, source=source, url=url, published=published)
    return extract_normalized(norm, segment_text=segment_text)
