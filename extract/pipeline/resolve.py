"""Stage 6: resolution. Turns merged matches into SPEC facts with values,
given one typed context (the article's text and publication date, the dates
resolved so far, the NER bodies): Duckling's split, the rule found the span,
here it becomes a value. Every resolver is registered by name with the regex
groups it reads (vnfacts.ruledata checks each rule against the registry when
the rules load); a resolver returns None for "no value here", it never raises
for it. One public function, `resolve`.
"""
from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Callable, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict
from vnfacts.models import BodyFact, CountFact, DateFact, DocumentFact, RatioFact
from vnfacts.pipeline.normalize import Normalized, PubDate
from vnfacts.pipeline.rules import Match
from vnfacts.ruledata import compile_regex, load_rules, register_resolver
from vnfacts.text.numbers import MULTIPLIERS, clean, int_to_roman, ordinal_value, parse_number
from vnfacts.text.textnorm import fold


class Context(BaseModel):
    """Everything a resolver may use."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)
    text: str
    pub: PubDate | None
    dates: list[DateFact] = []
    bodies: list[BodyFact] = []


_FUNCS: dict[tuple[str, str], Callable[[Match, Context], Any]] = {}


def _resolver(dimension: str, name: str, requires, optional=frozenset()):
    """Register a resolver and the groups it reads."""
    register_resolver(dimension, name, requires, set(optional))

    def deco(fn):
        _FUNCS[(dimension, name)] = fn
        return fn

    return deco


# ---------------------------------------------------------------- dates

def _iso(y: int, m: int, d: int) -> str | None:
    if not (1 <= m <= 12 and 1 <= d <= calendar.monthrange(y, m)[1]):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def _year_for(pub: PubDate | None, month: int, day: int = 1) -> int | None:
    """The year of a day-month written without one: the publication year, or
    the year before when that would put the date over half a year after it."""
    if pub is None or not 1 <= month <= 12:
        return None
    y = pub.year
    if pub.month:
        ref = dt.date(pub.year, pub.month, pub.day or 15)
        cand = dt.date(y, month, min(day, 28))
        if (cand - ref).days > 183:
            y -= 1
    return y


def _g(m: Match, k: str) -> str | None:
    return m.groups.get(k)


def _day(value: str | None) -> tuple[str, str] | None:
    return (value, "day") if value else None


@_resolver("dates", "dmy", {"d", "m", "y"}, {"s"})
def _dmy(m: Match, ctx: Context):
    return _day(_iso(int(_g(m, "y")), int(_g(m, "m")), int(_g(m, "d"))))


@_resolver("dates", "dm", [{"d", "m"}, {"d", "m_"}], {"s", "m", "m_"})
def _dm(m: Match, ctx: Context):
    mo, d = int(_g(m, "m") or _g(m, "m_")), int(_g(m, "d"))
    y = _year_for(ctx.pub, mo, d)
    return _day(_iso(y, mo, d)) if y else None


@_resolver("dates", "my", {"m", "y"})
def _my(m: Match, ctx: Context):
    mo = int(_g(m, "m"))
    return (f"{int(_g(m, 'y')):04d}-{mo:02d}", "month") if 1 <= mo <= 12 else None


@_resolver("dates", "m", {"m"})
def _m(m: Match, ctx: Context):
    mo = int(_g(m, "m"))
    y = _year_for(ctx.pub, mo)
    return (f"{y:04d}-{mo:02d}", "month") if y else None


@_resolver("dates", "quarter", {"q"}, {"y"})
def _quarter(m: Match, ctx: Context):
    q = ordinal_value(_g(m, "q"))
    y = int(_g(m, "y")) if _g(m, "y") else (ctx.pub.year if ctx.pub else None)
    if not q or not 1 <= q <= 4 or y is None:
        return None
    return f"{y:04d}-Q{q}", "quarter"


@_resolver("dates", "year", {"y"})
def _year(m: Match, ctx: Context):
    return f"{int(_g(m, 'y')):04d}", "year"


@_resolver("dates", "year_range", {"y1", "y2"})
def _year_range(m: Match, ctx: Context):
    y1, y2 = int(_g(m, "y1")), int(_g(m, "y2"))
    return (f"{y1:04d}/{y2:04d}", "range") if y1 < y2 <= y1 + 50 else None


@_resolver("dates", "months_range", {"n"}, {"y", "part"})
def _months_range(m: Match, ctx: Context):
    n = int(_g(m, "n"))
    y = int(_g(m, "y")) if _g(m, "y") else (ctx.pub.year if ctx.pub else None)
    if not 1 <= n <= 12 or y is None:
        return None
    if _g(m, "part") and fold(_g(m, "part")).lower() in _months_from_end():
        return f"{y:04d}-{13 - n:02d}/{y:04d}-12", "range"
    return f"{y:04d}-01/{y:04d}-{n:02d}", "range"


@functools.lru_cache(maxsize=1)
def _months_from_end() -> set[str]:
    return set(load_rules().section("dates", "months_from_end").mapping())


@_resolver("dates", "date_range", {"d1", "d2", "m2", "y2"}, {"m1", "y1", "s1", "s2"})
def _date_range(m: Match, ctx: Context):
    y2, m2, d2 = int(_g(m, "y2")), int(_g(m, "m2")), int(_g(m, "d2"))
    y1 = int(_g(m, "y1")) if _g(m, "y1") else y2
    m1 = int(_g(m, "m1")) if _g(m, "m1") else m2
    a, b = _iso(y1, m1, int(_g(m, "d1"))), _iso(y2, m2, d2)
    if a is None or b is None or a >= b:
        return None
    return f"{a}/{b}", "range"


# ---------------------------------------------------------------- documents

@functools.lru_cache(maxsize=1)
def _doc_data() -> dict:
    r = load_rules()

    def sec(sid: str):
        return r.section("documents", sid)

    def rx(sid: str) -> re.Pattern:
        return r.section_regex("documents", sid)

    return {
        "types": r.lex("doc_types").mapping(),
        "suffix": r.lex("issuer_suffixes").mapping(),
        "issued_link": rx("issued_link"),
        "issuer_after": rx("issuer_after"),
        "issuer_before": rx("issuer_before"),
        "renamed": rx("renamed_body"),
        "generic_suffix": {x.lower() for x in sec("generic_suffix_issuers").texts()},
        "not_issuers": {x.lower() for x in sec("not_issuers").texts()},
        "plenum_after": rx("plenum_after"),
        "plenum_issuer": sec("plenum_issuer").texts()[0],
        "national": rx("national_congress"),
        "national_name": sec("national_congress").mapping()["name"],
        "delegates": rx("local_congress"),
        "local_name": sec("local_congress").mapping()["name"],
        "plenum_names": sec("plenum_names").mapping(),
        "subject": rx("subject"),
        "subject_start": rx("subject_start"),
        "subject_gap": rx("subject_gap"),
        "subject_ends": rx("subject_ends"),
        "offices": compile_regex(r.words_regex("documents", "issuing_offices") + r"(?![^\W\d_])"),
        "office_names": sec("issuing_offices").mapping(),
        "office_titles": rx("issuing_office_titles"),
        "joiners": compile_regex(r"\s*(?:" + r.words_regex("documents", "list_joiners") + r")\s*", re.IGNORECASE),
        "other_ref": rx("other_reference"),
    }


def _doc_type_of(s: str) -> str:
    key = re.sub(r"\s+", " ", fold(s).lower())
    return _doc_data()["types"].get(key) or key


def _issuer_from_suffix(number: str | None) -> str | None:
    if not number:
        return None
    suf = _doc_data()["suffix"]
    for p in reversed(re.split(r"[-/]", number)[1:]):
        v = suf.get(fold(p).lower()) or suf.get(fold(p).lower().rstrip("0123456789"))  # "UBTVQH14"
        if v:
            return v
    return None


def _suffix_agrees(suffix_issuer: str | None, number: str | None, issuer: str | None) -> bool:
    """Whether an issuer read from the text may stand against the one its
    number's suffix gives: the same body or a more specific one ("Ban Thường
    vụ Tỉnh ủy" for "/TU"), one naming the suffix's own code ("Chủ tịch UBND
    ..." for "-UBND"), or a suffix that only says the level (generic)."""
    if not suffix_issuer or not issuer:
        return True
    d = _doc_data()
    if suffix_issuer.lower() in fold(issuer).lower() or suffix_issuer.lower() in d["generic_suffix"]:
        return True
    words = set(re.findall(r"[^\W_]+", issuer))
    return any(p.rstrip("0123456789") in words for p in re.split(r"[-/]", number or "")[1:])


def _body_at(ctx: Context, pos: int) -> BodyFact | None:
    return next((b for b in ctx.bodies if b.start == pos), None)


def _body_ending_before(ctx: Context, pos: int, window: int) -> BodyFact | None:
    found = [b for b in ctx.bodies if pos - window <= b.start and b.end <= pos]
    return found[-1] if found else None


def _named_before_renaming(ctx: Context, body: BodyFact) -> BodyFact:
    """The body named before a parenthesis that gives `body` as its later
    name ("Sở Địa chính (nay là Sở Tài nguyên và Môi trường)" -> "Sở Địa
    chính"), else `body`."""
    opening = None
    for o in _doc_data()["renamed"].finditer(ctx.text, max(0, body.start - 40), body.start):
        if o.end() == body.start:
            opening = o
    if opening is None or not ctx.text.startswith(")", body.end):
        return body
    return _body_ending_before(ctx, opening.start(), 100) or body


def _congresses(m: Match, ctx: Context) -> tuple[list[str], str | None] | None:
    """The congress or plenum names of a congress/plenum resolution and the
    body whose congress it is (None for the national one)."""
    d = _doc_data()
    if m.resolver == "congress":
        ordv = ordinal_value(_g(m, "ord") or "")
        if not ordv:
            return None
        mid = re.sub(r"\s+", " ", (_g(m, "mid") or "")).strip(" ,")
        if d["national"].match(mid.lower()):
            return [d["national_name"].format(ord=int_to_roman(ordv))], None
        body = d["delegates"].sub(" ", mid).strip()
        if body.isupper():  # a title in capitals
            body = body[:1] + body[1:].lower()
        return [d["local_name"].format(body=body, ord=int_to_roman(ordv))], body
    nums = [ordinal_value(x) for x in d["joiners"].split(_g(m, "nums") or _g(m, "ordw") or "") if x]
    terms = [x.upper() for x in d["joiners"].split(_g(m, "terms") or "") if x]
    nums = [n for n in nums if n]
    if not nums:
        return None
    names = d["plenum_names"]
    if not terms:
        return [names["plenum"].format(n=n) for n in nums], d["plenum_issuer"]
    return [names["plenum_term"].format(n=n, term=t) for n in nums for t in terms], d["plenum_issuer"]


_QUOTES = "“”\""


def _subject(m: Match, ctx: Context, right: str, window_cut: bool) -> str | None:
    """The title after "về" (SPEC `subject`): only a "về" that follows the
    reference's own number, date, issuer or term (`subject_gap`), up to where
    the title ends (`subject_ends`); None when it does not end in the window."""
    d = _doc_data()
    ve = d["subject_start"].search(right, 0, 160)
    if not ve or d["other_ref"].search(right, 0, ve.start()):
        return None
    # the gap with its NER bodies, dates and issuing offices taken out
    gap, pos, ve_at = [], m.end, m.end + ve.start()
    spans = [(x.start, x.end) for x in [*ctx.bodies, *ctx.dates] if m.end <= x.start and x.end <= ve_at]
    spans += [o.span() for o in d["office_titles"].finditer(ctx.text, m.end, ve_at)]
    for a, b in sorted(spans):
        if a >= pos:
            gap.append(ctx.text[pos:a])
            pos = b
    gap.append(ctx.text[pos:ve_at])
    if not d["subject_gap"].fullmatch("".join(gap)):
        return None
    tail = right[ve.start():]
    em = d["subject_ends"].search(tail, ve.end() - ve.start())
    if em:
        tail = tail[:em.start()]  # where the title ends inside its sentence
    sm = d["subject"].match(tail)
    if not sm or (not em and window_cut and sm.end("s") == len(tail)):
        return None  # no end, or the title runs on past the window: no cut title
    s = sm.group("s")
    if s.count("“") > s.count("”") and tail[sm.end("s"):sm.end("s") + 1] == "”":
        s += "”"  # the closing quote of a name the title ends on
    if s[:1] == "“" and "”" in s:
        s = s[:s.index("”") + 1]  # a title quoted whole ends with its quote
    elif s[:1] == '"' and '"' in s[1:]:
        s = s[:s.index('"', 1) + 1]
    s = s.strip(" ,")
    if s[:1] in _QUOTES and not any(q in s[1:-1] for q in _QUOTES):
        s = s.strip(_QUOTES)  # a title quoted whole
    elif s[:1] in _QUOTES and s.count(s[:1]) == 1 and not any(q in s for q in "”"):
        s = s[1:]  # an opening quote whose closing one is past the end
    return s or None


def _document(m: Match, ctx: Context) -> list[DocumentFact] | None:
    d = _doc_data()
    text = ctx.text
    dtype = _doc_type_of(_g(m, "type") or "")
    number = _g(m, "num") or _g(m, "num_so")
    if number:
        number = re.sub(r"\s+", "", number).replace("\u2013", "-")  # "40 – CT/TW" -> "40-CT/TW"
    congresses: list[str] = []
    congress_body = None
    if m.resolver in ("congress", "plenum"):
        got = _congresses(m, ctx)
        if got is None:
            return None
        congresses, congress_body = got
    # look right: "(Hội nghị Trung ương 6 khóa X)", ", ngày 25/4/2022", "của <body>", "về <subject>"
    right = text[m.end:m.end + 300]
    cut = re.search(r";|\n|\.\s+[^\W\d_]", right)
    right = right[:cut.start()] if cut else right
    issued = None
    for dd in ctx.dates:
        if dd.grain == "day" and m.end <= dd.start <= m.end + 20 and d["issued_link"].fullmatch(text, m.end, dd.start):
            issued = dd.value
            break
    if number and not congresses:
        pm = d["plenum_after"].match(right)
        if pm:
            congresses = [d["plenum_names"]["plenum_term"].format(n=int(pm.group("n")), term=pm.group("term").upper())]
    issuer = None
    cm = d["issuer_after"].search(right, 0, 120)
    if cm and not d["other_ref"].search(right, 0, cm.start()):
        body = _body_at(ctx, m.end + cm.end())
        office = d["offices"].match(right, cm.end())
        headed = d["office_titles"].match(right, cm.end())
        if headed:  # "của Chủ tịch UBND thành phố X": the office, not its body
            issuer = headed.group(0)
        elif body and body.text.lower() not in d["not_issuers"]:
            issuer = body.text
        elif office:  # "của Thủ tướng": the office's full name
            issuer = d["office_names"].get(fold(office.group(0)).lower()) or office.group(0)
    suffix_issuer = _issuer_from_suffix(number)
    if not _suffix_agrees(suffix_issuer, number, issuer):
        issuer = suffix_issuer
    if not issuer and not congresses:
        # "<Body> (đã) ban hành <doc>"
        bm = d["issuer_before"].search(text, max(0, m.start - 30), m.start)
        body = _body_ending_before(ctx, bm.start(), 100) if bm else None
        if body:
            body = _named_before_renaming(ctx, body)
        if body and not re.search(r"[;.]\s", text[body.end:m.start]):
            issuer = body.text
            headed = next((t for t in d["office_titles"].finditer(text, max(0, body.start - 20), bm.start())
                           if t.end() >= body.end), None)
            if headed:  # "Thủ tướng Chính phủ đã ban hành ..."
                issuer = headed.group(0)
            if not _suffix_agrees(suffix_issuer, number, issuer):
                issuer = suffix_issuer
            if issued is None:
                for dd in ctx.dates:
                    if dd.grain == "day" and m.start - 120 <= dd.start < m.start and dd.end <= m.start and \
                            not re.search(r"[;.]\s", text[dd.end:m.start]):
                        issued = dd.value
    if not issuer:
        issuer = suffix_issuer
    if congresses:
        issuer = issuer or congress_body
    subject = _subject(m, ctx, right, window_cut=cut is None and len(text) > m.end + 300)
    base = dict(text=text[m.start:m.end], start=m.start, end=m.end, doc_type=dtype, number=number,
                issuer=issuer, issued=issued, subject=subject)
    if congresses:
        if m.resolver in ("congress", "plenum"):
            base["number"] = None
        return [DocumentFact(doc_id=f"{dtype}|{base['number'] or c}", congress=c, **base) for c in congresses]
    if not number:
        return None  # a document reference needs a number or a congress
    return [DocumentFact(doc_id=f"{dtype}|{number}", **base)]


_resolver("documents", "numbered", {"type", "num"})(_document)
_resolver("documents", "bare", [{"type", "num"}, {"type", "num_so"}], {"num", "num_so"})(_document)
_resolver("documents", "congress", {"type", "ord"}, {"mid"})(_document)
_resolver("documents", "plenum", {"type"}, {"nums", "ordw", "terms"})(_document)


def link_documents(docs: list[DocumentFact]) -> list[DocumentFact]:
    """A bare later mention ("Đề án số 01") links to the earlier full mention
    of the same type and number: same doc_id, number, issuer, date, subject."""
    # the full mentions by type and leading number, in text order (a search,
    # not a scan of every earlier mention: an article of many windows has many)
    full: dict[tuple[str, int], list[DocumentFact]] = {}
    out = []
    for d in docs:
        if d.number and re.fullmatch(r"\d+", d.number):
            for f in reversed(full.get((d.doc_type, int(d.number)), ())):
                if f.number != d.number:
                    d = d.model_copy(update=dict(doc_id=f.doc_id, number=f.number, issuer=d.issuer or f.issuer,
                                                 issued=d.issued or f.issued, subject=d.subject or f.subject))
                    break
        elif d.number:
            head = re.match(r"\d+", d.number)
            if head:
                full.setdefault((d.doc_type, int(head.group(0))), []).append(d)
        out.append(d)
    return out


# ---------------------------------------------------------------- counts and ratios

@functools.lru_cache(maxsize=1)
def _qualifiers() -> dict[str, str | None]:
    return load_rules().lex("qualifiers").mapping()


def _qualifier(m: Match) -> str:
    q = _g(m, "qual")
    if not q:
        return "exact"
    return _qualifiers().get(re.sub(r"\s+", " ", fold(q).lower())) or "exact"


_NUMERAL = re.compile(r"\d+(?:\.\d{3})*(?:,\d+)?")


def _number(s: str | None) -> int | float | None:
    """A Vietnamese numeral's value, None when the text is not one."""
    return parse_number(s) if s and _NUMERAL.fullmatch(s.strip()) else None


_COMPLETION = {"unit", "mult", "qual"}  # groups the rule stage's completion adds


@functools.lru_cache(maxsize=1)
def _measure_rx() -> re.Pattern:
    """A measure word (rules/counts.yaml section measure_units) and the word after it, if any."""
    return compile_regex(r"(?:" + load_rules().words_regex("counts", "measure_units") + r")(?![^\W\d_])(?:\s+(?P<next>[^\W\d_]))?",
                         re.IGNORECASE)


def _is_measure(m: Match, text: str) -> bool:
    """A score or a capacity ("đạt 27 điểm.", "xe 16 chỗ trở xuống"), not a
    count: the measure word ends the counted phrase (no lower-case word after it)."""
    span = m.group_spans.get("unit")
    hit = _measure_rx().match(text, span[0]) if span else None
    if not hit:
        return False
    word_end = hit.start("next") if hit.group("next") else hit.end()
    past_unit = text[span[1]:word_end].strip()  # "trở lên" after a unit that stops before it
    return bool(past_unit) or not (hit.group("next") and hit.group("next").islower())


@_resolver("counts", "count", {"num"}, _COMPLETION)
def _count(m: Match, ctx: Context) -> list[CountFact] | None:
    v = _number(_g(m, "num"))
    if v is None or _is_measure(m, ctx.text):
        return None
    if _g(m, "mult"):
        v = v * MULTIPLIERS[_g(m, "mult")]
    text = ctx.text
    return [CountFact(text=text[m.start:m.end], start=m.start, end=m.end, value=clean(v),
                      unit=_g(m, "unit"), qualifier=_qualifier(m),
                      predicate=_predicate_for(text, m.start, m.end, ctx.bodies))]


def _ratio(m: Match, ctx: Context) -> list[RatioFact] | None:
    text = ctx.text
    base = dict(text=text[m.start:m.end], start=m.start, end=m.end, unit=_g(m, "unit"),
                qualifier=_qualifier(m), predicate=_predicate_for(text, m.start, m.end, ctx.bodies))
    if m.resolver == "percent":
        p = _number(_g(m, "p")) if _g(m, "p") else float(_g(m, "pd"))
        return None if p is None else [RatioFact(percent=clean(p), **base)]
    a, b = _number(_g(m, "a")), _number(_g(m, "b"))
    if a is None or b is None or b == 0 or a > b:
        return None  # not a fraction of a whole
    if m.resolver == "fraction" and not _g(m, "unit") and (b <= 12 and a <= 31 or 1900 <= b <= 2100 and a <= 12):
        return None  # looks like a day/month or a batch of a year
    return [RatioFact(numerator=clean(a), denominator=clean(b), **base)]


_resolver("ratios", "fraction", {"a", "b"}, _COMPLETION)(_ratio)
_resolver("ratios", "of_total", {"a", "b"}, _COMPLETION)(_ratio)
_resolver("ratios", "percent", [{"p"}, {"pd"}], _COMPLETION | {"p", "pd"})(_ratio)


@functools.lru_cache(maxsize=1)
def _predicate_rx() -> tuple[re.Pattern, dict[str, str | None]]:
    """Predicates, and the compounds that hide one ("tăng cường"): a match
    whose group `pred` is None is a compound, read past, never a predicate."""
    r = load_rules()
    rx = compile_regex(r"(?<![^\W\d_])(?:" + r.words_regex("counts", "predicate_compounds") + r"|(?P<pred>"
                       + r.lex_regex("predicates") + r"))(?![^\W\d_])", re.IGNORECASE)
    return rx, r.lex("predicates").mapping()


_SENT_END = re.compile(r"[.;!?\n](?:\s|$)|\n")
_CLAUSE_END = re.compile(r"[.;:!?()\n,]")


def _predicate_for(text: str, start: int, end: int, bodies: Sequence[BodyFact] = ()) -> str | None:
    """The nearest predicate before the number in its sentence, else the first
    one after the counted noun in its clause. A word inside a compound
    ("tăng cường") or inside a body's name ("Ủy ban Kiểm tra") is not one."""
    rx, mapping = _predicate_rx()

    def verbs(a: int, b: int) -> list[re.Match]:
        return [m for m in rx.finditer(text, a, b) if m.group("pred")
                and not any(x.start <= m.start("pred") < x.end for x in bodies)]

    s0 = max(0, start - 250)
    left = text[s0:start]
    cut = None
    for m in _SENT_END.finditer(left):
        cut = m.end()
    left_start = s0 + (cut or 0)
    found = verbs(left_start, start)
    best = found[-1] if found else None
    if best is None:
        stop = _CLAUSE_END.search(text, end, min(len(text), end + 80))
        found = verbs(end, stop.start() if stop else min(len(text), end + 80))
        best = found[0] if found else None
    if best is None:
        return None
    key = re.sub(r"\s+", " ", fold(best.group("pred")).lower())
    return mapping.get(key) or key


# ---------------------------------------------------------------- entry point

class Resolved(BaseModel):
    """The facts resolve produced, by SPEC list name."""

    model_config = ConfigDict(extra="forbid")
    dates: list[DateFact] = []
    documents: list[DocumentFact] = []
    counts: list[CountFact] = []
    ratios: list[RatioFact] = []


def resolve(matches: list[Match], norm: Normalized, bodies: list[BodyFact] | None = None) -> Resolved:
    """Values for merged matches; a match whose resolver gives no value here
    (None) is dropped. `bodies`: the NER bodies (document issuers are read
    from them, not recognized again)."""
    ctx = Context(text=norm.text, pub=norm.pub, bodies=list(bodies or []))
    out = Resolved()
    for m in matches:  # dates first: documents read their issue dates
        if m.dimension != "dates":
            continue
        got = _FUNCS[("dates", m.resolver)](m, ctx)
        if got is not None:
            value, grain = got
            out.dates.append(DateFact(text=norm.text[m.start:m.end], start=m.start, end=m.end, value=value,
                                      grain=grain))
    ctx.dates = out.dates
    for m in matches:
        if m.dimension == "dates":
            continue
        fn = _FUNCS.get((m.dimension, m.resolver))
        if fn is None:
            continue  # a dimension resolved elsewhere
        facts = fn(m, ctx)
        if facts is not None:
            getattr(out, m.dimension).extend(facts)
    out.documents = link_documents(out.documents)
    return out
