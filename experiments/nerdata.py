"""Training data for the statistical NER model: gold bodies and persons of
corpus/ located in their articles' normalized text, as spaCy Docs.

Gold (../shared/GOLD.md) has no offsets: every mention's "text" (persons:
"name") is a verbatim substring, listed once per mention in order of
appearance. `align_mentions` walks the text once per type and takes, for each
mention, the next occurrence at word boundaries outside page chrome, after
the previous mention of the same type. Labels: BODY, PER.

The devset (../shared/devset) is the test set of the comparison and is never
read here.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc, DocBin, Span
from vnfacts.evaluation.evaluate import gold_pairs
from vnfacts.pipeline.normalize import Normalized, normalize
from vnfacts.pipeline.segment import segment
from vnfacts.text.spans import longest_non_overlapping
from vnfacts.text.textnorm import fold

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
LABELS = ("BODY", "PER")
_TYPES = (("bodies", "BODY", "text"), ("persons", "PER", "name"))


@dataclass
class GoldArticle:
    name: str
    raw: str
    gold: dict
    norm: Normalized = field(init=False)

    def __post_init__(self) -> None:
        self.norm = normalize(self.raw, source=self.name, url=self.gold.get("url"))


@dataclass
class Alignment:
    spans: list[tuple[int, int, str]]  # (start, end, label) over norm.text, sorted
    missing: list[tuple[str, str]]     # (label, text) of gold mentions not found


def corpus_articles(corpus: Path = CORPUS, seed_texts: Path | None = None) -> list[GoldArticle]:
    """Gold with its text: corpus/samples/*.json beside sNN.txt, and
    corpus/seeds/*.json whose "source" names a text in `seed_texts`
    (../shared/seeds; seeds are skipped when it is absent)."""
    out = [GoldArticle(js.stem, txt.read_text(encoding="utf-8"), gold)
           for txt, js, gold in gold_pairs(corpus / "samples")]
    if seed_texts is not None:
        out += [GoldArticle(js.stem, txt.read_text(encoding="utf-8"), gold)
                for txt, js, gold in gold_pairs(corpus / "seeds", [seed_texts])]
    return out


def _occurrences(text: str, needle: str) -> Iterable[int]:
    """Starts of `needle` in text at word boundaries; spaces in the needle
    match one space only (gold is verbatim)."""
    if not needle:
        return
    rx = re.compile(r"(?<![^\W_])" + re.escape(needle) + r"(?![^\W_])")
    for m in rx.finditer(text):
        yield m.start()


def align_mentions(norm: Normalized, gold: dict) -> Alignment:
    """Character spans of the gold bodies and persons in norm.text."""
    text = norm.text
    spans: list[tuple[int, int, str]] = []
    missing: list[tuple[str, str]] = []
    for key, label, field_name in _TYPES:
        cursor = 0
        for g in gold.get(key, []):
            needle = fold(g.get(field_name) or g.get("text") or "").strip()
            hit = None
            # the next free occurrence after the previous mention; if the gold
            # order is off, the first free occurrence anywhere
            for lo in (cursor, 0):
                for s in _occurrences(text, needle):
                    e = s + len(needle)
                    if s < lo or norm.blocked(s, e):
                        continue
                    if any(s < oe and os_ < e and ol == label for os_, oe, ol in spans):
                        continue
                    hit = (s, e)
                    break
                if hit:
                    break
            if hit is None:
                missing.append((label, needle))
                continue
            spans.append((hit[0], hit[1], label))
            cursor = hit[1]
    return Alignment(spans=sorted(spans), missing=missing)


def non_overlapping(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Longest first, then leftmost: spaCy's doc.ents takes no overlaps."""
    return longest_non_overlapping(spans)


def to_doc(norm: Normalized, spans: list[tuple[int, int, str]], doc: Doc | None = None) -> tuple[Doc, int]:
    """The project's segmentation of the text with `spans` as doc.ents (token
    boundaries by expansion). Returns the Doc and how many spans had to be
    expanded to token boundaries."""
    doc = doc if doc is not None else segment(norm).doc
    ents: list[Span] = []
    expanded = 0
    for s, e, label in non_overlapping(spans):
        sp = doc.char_span(s, e, label=label, alignment_mode="expand")
        if sp is None:
            continue
        if (sp.start_char, sp.end_char) != (s, e):
            expanded += 1
        if any(sp.start < o.end and o.start < sp.end for o in ents):
            continue
        ents.append(sp)
    doc.ents = sorted(ents, key=lambda x: x.start)
    return doc, expanded


def build_docbin(articles: list[GoldArticle]) -> tuple[DocBin, dict]:
    """A DocBin of the articles with gold entities, and alignment stats."""
    db = DocBin(store_user_data=False)
    stats = {"docs": 0, "mentions": 0, "aligned": 0, "missing": [], "expanded": 0}
    for a in articles:
        al = align_mentions(a.norm, a.gold)
        doc, exp = to_doc(a.norm, al.spans)
        db.add(doc)
        stats["docs"] += 1
        stats["mentions"] += len(al.spans) + len(al.missing)
        stats["aligned"] += len(al.spans)
        stats["expanded"] += exp
        stats["missing"] += [(a.name, lab, t) for lab, t in al.missing]
    return db, stats
