"""Stage 3: rule matching. Finds candidate spans for every rule in rules/*.yaml
on the normalized characters (not on tokens). Matching only: turning a span
into a value is resolve's job.
"""
from __future__ import annotations

import functools
import re

from pydantic import BaseModel, ConfigDict
from vnfacts.pipeline import lexical
from vnfacts.pipeline.normalize import Normalized
from vnfacts.pipeline.segment import Segmented
from vnfacts.ruledata import CompiledRule, compile_regex, load_rules
from vnfacts.text.numbers import MULTIPLIERS
from vnfacts.text.scan import Finder


class Match(BaseModel):
    model_config = ConfigDict(extra="forbid")
    dimension: str
    rule_id: str
    resolver: str
    priority: int
    start: int
    end: int
    groups: dict[str, str | None]
    group_spans: dict[str, tuple[int, int]]


@functools.lru_cache(maxsize=8)
def _finder(dimensions: frozenset[str] | None) -> tuple[list[tuple[str, CompiledRule]], Finder]:
    """The rules of the dimensions (all when None), in rule-data order, and a
    Finder of their regexes (each tried only where it can start)."""
    rules = [(dim, c) for dim, compiled in load_rules().compiled.items()
             if not dimensions or dim in dimensions for c in compiled]
    return rules, Finder([c.regex for _, c in rules])


def match_rules(doc: Segmented | None, norm: Normalized, dimensions: set[str] | None = None) -> list[Match]:
    """Every rule's matches outside page chrome, in text order."""
    text = norm.text
    out: list[Match] = []
    rules, finder = _finder(frozenset(dimensions) if dimensions else None)
    for (dim, c), found in zip(rules, finder.matches(text)):  # each regex's finditer
        for m in found:
            if m.end() <= m.start():
                continue
            if norm.blocked(m.start(), m.end()):
                continue
            groups = {k: v for k, v in m.groupdict().items() if v is not None}
            gspans = {k: m.span(k) for k in groups}
            out.append(Match.model_construct(
                dimension=dim, rule_id=c.rule.id, resolver=c.rule.resolver,
                priority=c.rule.priority, start=m.start(), end=m.end(),
                groups=groups, group_spans=gspans))
    out = complete(out, text, doc.word_at if doc is not None else None)
    out.sort(key=lambda x: (x.start, -x.end))
    return out


# --- completion: lexical checks that finish a match (unit extent, name-like numbers)



def _complete_count(m: Match, text: str, word_at: lexical.WordAt | None = None) -> Match | None:
    s, e = m.group_spans["num"]
    if lexical.blocked_left(text, s):
        return None
    pos = e
    mult = None
    mm = lexical._WORD.match(text, pos + 1) if text[pos:pos + 1] == " " else None
    if mm and mm.group(0).lower() in MULTIPLIERS and not lexical.unit_noun_at(text, mm.start()):
        # a multiplier word that starts a listed counted noun ("500 tỷ phú": units lexicon) is that noun
        mult = mm.group(0).lower()
        pos = mm.end()
    if not lexical._starts_unit(text, pos + 1) and lexical.is_non_count_head(text, pos):
        return None
    u = lexical.unit_after(text, pos, word_at=word_at)
    if not u or u[0] - pos > 1:
        return None
    num = m.groups["num"]
    if len(num) == 4 and num[:2] in ("19", "20") and "." not in num and not lexical.unit_noun_at(text, u[0]):
        return None  # a year, not a count
    m.end = u[1]
    m.groups.update(unit=u[2], mult=mult)
    m.group_spans["unit"] = (u[0], u[1])
    return m


def _complete_ratio(m: Match, text: str, word_at: lexical.WordAt | None = None) -> Match | None:
    first = next(g for g in ("a", "p", "pd") if g in m.group_spans)
    s, _ = m.group_spans[first]
    if lexical.blocked_left(text, s):
        return None
    if text[m.end:m.end + 1] in (" ", "") or text[m.end:m.end + 1] == " ":
        u = lexical.unit_after(text, m.end, word_at=word_at)
        if u and u[0] == lexical.determiner_end(text, m.end) and not lexical.is_non_count_head(text, u[0]):
            m.groups["unit"] = u[2]
            m.group_spans["unit"] = (u[0], u[1])
            m.end = u[1]
    if "unit" not in m.groups and m.resolver == "fraction":
        u = lexical.unit_before(text, m.start)  # "hội viên 159.030/177.217": the unit heads the list item
        if u:
            m.groups["unit"] = u[2]
    return m



@functools.lru_cache(maxsize=1)
def _named_by_number() -> set[str]:
    return set(load_rules().section("documents", "named_by_number").mapping())


def _complete_bare_doc(m: Match, text: str, word_at: lexical.WordAt | None = None) -> Match | None:
    """'Chương trình 135', 'Luật 12' without "số" are names, not references
    (rules/documents.yaml section named_by_number)."""
    if "num" in m.groups and re.sub(r"\s+", " ", m.groups["type"].lower()) in _named_by_number():
        return None
    return m


_COMPLETERS = {"bare": _complete_bare_doc, "count": _complete_count, "fraction": _complete_ratio,
               "percent": _complete_ratio, "of_total": _complete_ratio}


@functools.lru_cache(maxsize=1)
def _qualifier_rx() -> re.Pattern:
    return compile_regex(r"(?<![^\W\d_])(?P<q>" + load_rules().lex_regex("qualifiers") + r")\s+\Z", re.IGNORECASE)


def _attach_qualifier(m: Match, text: str) -> None:
    """'hơn 60 chi bộ', 'trên 50%': the qualifier in front of the number is
    part of the span (read here rather than in every pattern: a pattern that
    starts with an optional word list is slow to scan)."""
    q = _qualifier_rx().search(text, max(0, m.start - 16), m.start)
    if q:
        m.start = q.start("q")
        m.groups["qual"] = q.group("q")
        m.group_spans["qual"] = q.span("q")


def complete(matches: list[Match], text: str, word_at: lexical.WordAt | None = None) -> list[Match]:
    """Matches finished by their lexical checks; word_at (the segmenter's words of
    several syllables, when the text is segmented) keeps a unit from ending inside a word."""
    out = []
    for m in matches:
        if m.dimension in ("counts", "ratios") and m.resolver != "of_total":
            _attach_qualifier(m, text)
        f = _COMPLETERS.get(m.resolver)
        if f is not None:
            m = f(m, text, word_at)
            if m is None:
                continue
        out.append(m)
    return out
