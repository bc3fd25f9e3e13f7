"""Links that make counts and ratios answerable: who (`subject`, a body),
when (`period`, a date value) and what happened (`predicate`, already read by
resolve). Part of resolution: called by the pipeline once bodies and dates
are known.

A count takes what its own sentence states (the nearest date or body before
it, else a date later in the sentence); otherwise it inherits the opener of
its paragraph ("Năm 2016, ...", "Trong quý I, ...", "Đảng bộ huyện X ...").
"""
from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence

from vnfacts.models import BodyFact, CountFact, DateFact, DocumentFact, RatioFact
from vnfacts.pipeline.segment import Segmented
from vnfacts.ruledata import load_rules


@functools.lru_cache(maxsize=1)
def _opener_chars() -> int:
    """How far into its paragraph an opener may stand (rules/counts.yaml section links)."""
    return int(load_rules().section("counts", "links").mapping()["opener_chars"])


@functools.lru_cache(maxsize=1)
def _opener_reach() -> int:
    """How far after an opener's body its paragraph's figures still inherit it."""
    return int(load_rules().section("counts", "links").mapping()["opener_reach"])


@functools.lru_cache(maxsize=1)
def _not_actor_rx() -> re.Pattern:
    """Words that, right before a body, make it a complement, a source or a
    role's body, not the body a figure belongs to (rules/counts.yaml section
    subject_not_actor, rules/persons.yaml titles)."""
    r = load_rules()
    words = r.words_regex("counts", "subject_not_actor") + "|" + r.words_regex("persons", "titles")
    gap = r.section("counts", "subject_not_actor").pattern or ""
    return re.compile(r"(?<![^\W\d_])(?:" + words + r")" + gap + r"\s*\Z", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _intro_rx() -> re.Pattern:
    """An introductory phrase closed by a comma ("Năm 2019, ", "Theo báo cáo, ")."""
    return re.compile(r"[^,.;:!?()\n]{0,60},\s*\Z")


@functools.lru_cache(maxsize=1)
def _not_period_rx() -> re.Pattern:
    """What, right before a date, makes it a comparison base or a law's year,
    not the period of the figure (rules/counts.yaml section period_not_of)."""
    return load_rules().section_regex("counts", "period_not_of")


def _sentences(doc: Segmented | None, text: str) -> list[tuple[int, int]]:
    if doc is not None:
        return doc.sentences
    return [(m.start(), m.end()) for m in re.finditer(r"[^.!?\n]+[.!?]?", text)]


def _paragraphs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]


def _containing(spans: list[tuple[int, int]], starts: list[int], pos: int) -> tuple[int, int] | None:
    i = bisect.bisect_right(starts, pos) - 1
    if i >= 0 and spans[i][0] <= pos < spans[i][1]:
        return spans[i]
    return None


class _Spans:
    """Facts (dates, bodies) looked up by position: the last one inside a
    range, the first one starting in a range. A binary search when they are
    in text order and no two overlap (so their ends are in order too), as
    merge and NER leave them; else a scan, with the same answers. A scan for
    each count would make link quadratic in a window dense in figures."""

    def __init__(self, facts: Sequence) -> None:
        self.facts = list(facts)
        self.starts = [f.start for f in self.facts]
        self.ends = [f.end for f in self.facts]
        self.ordered = all(a.start <= b.start and a.end <= b.end for a, b in zip(self.facts, self.facts[1:]))

    def last_within(self, a: int, b: int):
        """The last fact f (in list order) with a <= f.start and f.end <= b."""
        if not self.ordered:
            inside = [f for f in self.facts if a <= f.start and f.end <= b]
            return inside[-1] if inside else None
        i, j = bisect.bisect_left(self.starts, a), bisect.bisect_right(self.ends, b)
        return self.facts[j - 1] if j > i else None

    def all_within(self, a: int, b: int) -> list:
        """The facts f with a <= f.start and f.end <= b, in list order."""
        if not self.ordered:
            return [f for f in self.facts if a <= f.start and f.end <= b]
        i, j = bisect.bisect_left(self.starts, a), bisect.bisect_right(self.ends, b)
        return self.facts[i:j]

    def first_starting(self, a: int, b: int):
        """The first fact f (in list order) with a <= f.start < b."""
        if not self.ordered:
            return next((f for f in self.facts if a <= f.start < b), None)
        i = bisect.bisect_left(self.starts, a)
        return self.facts[i] if i < len(self.facts) and self.facts[i].start < b else None


def link(counts: Sequence[CountFact], ratios: Sequence[RatioFact], dates: Sequence[DateFact],
         documents: Sequence[DocumentFact], bodies: Sequence[BodyFact], doc: Segmented | None,
         text: str) -> tuple[list[CountFact], list[RatioFact]]:
    """Counts and ratios with `subject` and `period` filled where the text gives them."""
    sents = _sentences(doc, text)
    sstarts = [s for s, _ in sents]
    paras = _paragraphs(text)
    pstarts = [s for s, _ in paras]
    # a document's own date is its issue date, not the period of a count
    doc_dates = {d.start for d in dates for x in documents
                 if x.issued and x.issued == d.value and abs(d.start - x.end) <= 15}
    not_period = _not_period_rx()
    periods = [d for d in dates if d.start not in doc_dates
               and not not_period.search(text, max(0, d.start - 60), d.start)]
    opener_chars, opener_reach = _opener_chars(), _opener_reach()
    not_actor, intro = _not_actor_rx(), _intro_rx()

    def actor(b: BodyFact, pos: int) -> bool:
        """Not a complement, a source or a role's body ("của Quốc hội", "theo
        Bộ Tài chính"), nor inside a parenthesis closed before the figure at pos."""
        if not_actor.search(text, max(0, b.start - 40), b.start):
            return False
        opened = text.rfind("(", 0, b.start)
        return opened < 0 or text.rfind(")", opened, b.start) >= 0 or text.find(")", b.end, pos) < 0

    def leads(b: BodyFact) -> bool:
        """The body stands first in its sentence, or after an introductory phrase."""
        sent = _containing(sents, sstarts, b.start)
        head = text[sent[0] if sent else text.rfind("\n", 0, b.start) + 1:b.start]
        return not head.strip() or bool(intro.search(head))
    by_period, by_subject = _Spans(periods), _Spans(bodies)

    def period_for(pos: int) -> str | None:
        sent = _containing(sents, sstarts, pos)
        if sent:
            before = by_period.last_within(sent[0], pos)
            if before:
                return before.value
            after = by_period.first_starting(pos, sent[1])
            if after:
                return after.value
        para = _containing(paras, pstarts, pos)
        if para:
            opener = by_period.first_starting(para[0], min(para[0] + opener_chars, pos))
            if opener:
                return opener.value
        return None

    def subject_for(pos: int) -> str | None:
        sent = _containing(sents, sstarts, pos)
        if sent:
            before = next((b for b in reversed(by_subject.all_within(sent[0], pos)) if actor(b, pos)), None)
            if before:
                return before.canonical
        para = _containing(paras, pstarts, pos)
        if para:
            opener = by_subject.first_starting(para[0], min(para[0] + opener_chars, pos))
            if opener and pos - opener.end <= opener_reach and actor(opener, pos) and leads(opener):
                return opener.canonical
        return None

    out_c = [c.model_copy(update={"period": c.period or period_for(c.start),
                                  "subject": c.subject or subject_for(c.start)}) for c in counts]
    out_r = [r.model_copy(update={"period": r.period or period_for(r.start),
                                  "subject": r.subject or subject_for(r.start)}) for r in ratios]
    return out_c, out_r
