"""What `vnfacts run-samples` reports: which sample texts exist, and a summary
of the facts extracted from them. Pure functions returning pydantic models;
the CLI prints them.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field
from vnfacts.models import FACT_TYPES, ExtractionResult


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SampleInput(_Model):
    """One sample article: its text file and, when a gold file beside it
    gives one, its URL (a date in the URL helps resolve `published`)."""

    path: str
    url: str | None = None


class SampleSet(_Model):
    inputs: list[SampleInput] = Field(default_factory=list)
    shared_dir: str | None = Field(None, description="the shared dir used, None when missing")


class ArticleSummary(_Model):
    source: str
    published: str | None = None
    facts: dict[str, int]


class Summary(_Model):
    articles: int
    facts: dict[str, int]
    per_article: list[ArticleSummary]
    top_documents: list[tuple[str, int]] = Field(
        description="(document, mentions) for the most frequent numbered documents")
    count_units: list[tuple[str, float]] = Field(
        description="(unit, total value) of counts, largest totals first")


def _url_beside(txt: Path) -> str | None:
    js = txt.with_suffix(".json")
    if not js.is_file():
        return None
    try:
        url = json.loads(js.read_text(encoding="utf-8")).get("url")
    except (OSError, UnicodeDecodeError, ValueError, AttributeError):
        return None
    return url if isinstance(url, str) and url else None


def find_samples(corpus: Path, shared: Path | None) -> SampleSet:
    """Every *.txt under `corpus` (recursively), then shared/seeds/*.txt and
    shared/devset/*.txt when `shared` is an existing directory."""
    paths: list[Path] = []
    if corpus.is_dir():
        paths += sorted(p for p in corpus.rglob("*.txt") if p.is_file())
    used = None
    if shared is not None and shared.is_dir():
        used = str(shared)
        for sub in ("seeds", "devset"):
            paths += sorted(p for p in (shared / sub).glob("*.txt") if p.is_file())
    return SampleSet(inputs=[SampleInput(path=str(p), url=_url_beside(p)) for p in paths], shared_dir=used)


def _doc_label(doc) -> str:
    return f"{doc.doc_type} {doc.number}"


def summarize(results: Iterable[ExtractionResult], top: int = 10) -> Summary:
    """Fact totals per type, per-article counts, the most frequent numbered
    documents and the largest count totals per unit."""
    results = list(results)
    totals = Counter({t: 0 for t in FACT_TYPES})
    per_article = []
    docs: Counter[str] = Counter()
    units: Counter[str] = Counter()
    for r in results:
        n = {t: len(getattr(r, t)) for t in FACT_TYPES}
        totals.update(n)
        per_article.append(ArticleSummary(source=Path(r.source).name, published=r.article.published, facts=n))
        docs.update(_doc_label(d) for d in r.documents if d.number)
        for c in r.counts:
            units[c.unit or "(no unit)"] += c.value
    top_docs = sorted(docs.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    top_units = sorted(units.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return Summary(articles=len(results), facts=dict(totals), per_article=per_article,
                   top_documents=top_docs, count_units=[(u, float(v)) for u, v in top_units])
