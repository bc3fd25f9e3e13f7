"""Stage 6: resolution. Turns merged matches into SPEC facts with values,
given the article's publication date (Duckling's split: the rule found the
span; here it becomes a value). One public function, `resolve`.
"""
from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Callable

from vnfacts.models import CountFact, DateFact, DocumentFact, RatioFact
from vnfacts.pipeline.lexical import canonical_unit
from vnfacts.pipeline.normalize import Normalized, PubDate
from vnfacts.pipeline.rules import Match
from vnfacts.ruledata import load_rules
from vnfacts.text.numbers import MULTIPLIERS, clean, int_to_roman, ordinal_value, parse_number
from vnfacts.text.textnorm import fold


class Unresolvable(Exception):
    """The match has no value in this article (e.g. no year to resolve against)."""


# ---------------------------------------------------------------- dates

def _valid(y: int, m: int, d: int) -> bool:
    return 1 <= m <= 12 and 1 <= d <= calendar.monthrange(y, m)[1]


def _iso(y: int, m: int, d: int) -> str:
    if not _valid(y, m, d):
        raise Unresolvable(f"no such day {y}-{m}-{d}")
    return f"{y:04d}-{m:02d}-{d:02d}"


def _year_for(pub: PubDate | None, month: int, day: int = 1) -> int:
    """The year of a day-month written without one: the publication year, or
    the year before when that would put the date over half a year after it."""
    if pub is None:
        raise Unresolvable("no publication date to take the year from")
    y = pub.year
    if pub.month:
        ref = dt.date(pub.year, pub.month, pub.day or 15)
        try:
            cand = dt.date(y, month, min(day, 28))
        except ValueError:
            raise Unresolvable("bad date") from None
        if (cand - ref).days > 183:
            y -= 1
    return y


def _g(m: Match, k: str) -> str | None:
    return m.groups.get(k)


def _date_fields(m: Match, pub: PubDate | None) -> tuple[str, str]:
    r = m.resolver
    if r == "dmy":
        return _iso(int(_g(m, "y")), int(_g(m, "m")), int(_g(m, "d"))), "day"
    if r == "dm":
        mo, d = int(_g(m, "m") or _g(m, "m_")), int(_g(m, "d"))
        return _iso(_year_for(pub, mo, d), mo, d), "day"
    if r == "my":
        mo = int(_g(m, "m"))
        if not 1 <= mo <= 12:
            raise Unresolvable("bad month")
        return f"{int(_g(m, 'y')):04d}-{mo:02d}", "month"
    if r == "m":
        mo = int(_g(m, "m"))
        return f"{_year_for(pub, mo):04d}-{mo:02d}", "month"
    if r == "quarter":
        q = ordinal_value(_g(m, "q"))
        if not q or not 1 <= q <= 4:
            raise Unresolvable("bad quarter")
        y = int(_g(m, "y")) if _g(m, "y") else (pub.year if pub else None)
        if y is None:
            raise Unresolvable("quarter without a year")
        return f"{y:04d}-Q{q}", "quarter"
    if r == "year":
        return f"{int(_g(m, 'y')):04d}", "year"
    if r == "year_range":
        y1, y2 = int(_g(m, "y1")), int(_g(m, "y2"))
        if not y1 < y2 <= y1 + 50:
            raise Unresolvable("not a range of years")
        return f"{y1:04d}/{y2:04d}", "range"
    if r == "months_range":
        n = int(_g(m, "n"))
        if not 1 <= n <= 12:
            raise Unresolvable("bad month count")
        y = int(_g(m, "y")) if _g(m, "y") else (pub.year if pub else None)
        if y is None:
            raise Unresolvable("months of which year?")
        if (_g(m, "part") or "").lower() == "cuối":
            return f"{y:04d}-{13 - n:02d}/{y:04d}-12", "range"
        return f"{y:04d}-01/{y:04d}-{n:02d}", "range"
    if r == "date_range":
        y2, m2, d2 = int(_g(m, "y2")), int(_g(m, "m2")), int(_g(m, "d2"))
        y1 = int(_g(m, "y1")) if _g(m, "y1") else y2
        m1 = int(_g(m, "m1")) if _g(m, "m1") else m2
        d1 = int(_g(m, "d1"))
        a, b = _iso(y1, m1, d1), _iso(y2, m2, d2)
        if a >= b:
            raise Unresolvable("range ends before it starts")
        return f"{a}/{b}", "range"
    raise ValueError(f"unknown date resolver {r!r}")


# ---------------------------------------------------------------- documents

@functools.lru_cache(maxsize=1)
def _doc_lex():
    r = load_rules()
    return {
        "types": r.lex("doc_types").mapping(),
        "suffix": r.lex("issuer_suffixes").mapping(),
        "abbr": r.lex("abbreviations").mapping(),
    }


def doc_type_of(s: str) -> str:
    key = re.sub(r"\s+", " ", fold(s).lower())
    return _doc_lex()["types"].get(key) or key


def expand_abbreviations(s: str) -> str:
    ab = _doc_lex()["abbr"]

    def sub(m: re.Match) -> str:
        return ab.get(m.group(0).lower()) or m.group(0)

    keys = sorted((k for k in ab), key=len, reverse=True)
    rx = r"(?<![^\W\d_])(?:" + "|".join(re.escape(k) for k in keys) + r")(?![^\W\d_])"
    return re.sub(rx, lambda m: ab.get(m.group(0).lower(), m.group(0)) if m.group(0).isupper() or "." in m.group(0) else m.group(0), s, flags=re.IGNORECASE)


# where a body phrase ends: only its start is read. Whitespace is matched once
# per branch ("\s*(?:...|\s+word)" backtracked the run for every branch: cubic in a run of spaces)
_BODY_STOP = re.compile(
    r"[^\S\n]*(?:,|;|\.(?!\w)|\(|\)|:|“|\"|\n)|\s+(?:về|ngày|năm|số|khóa|nhiệm\s+kỳ|và|đã|đến"
    r"|trong|tại|để|nhằm|thực\s+hiện|ban\s+hành|cho|là|với|tiếp|triển\s+khai)\b",
    re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _body_head_rx() -> re.Pattern:
    return re.compile(load_rules().lex_regex("body_heads") + r"(?![^\W\d_])")


_BODY_WORD = re.compile(r"\s*([^\W\d_][\w.]*)")
_BODY_LOWER_OK = {"tỉnh", "huyện", "thành", "phố", "quận", "xã", "phường", "thị", "trấn", "các", "cơ", "quan",
                  "khối", "nhân", "dân", "ủy", "trung", "ương", "đảng", "chấp", "hành", "thường", "vụ", "tổ",
                  "chức", "và", "doanh", "nghiệp", "chính", "trị", "biên", "phòng", "sự", "an", "quân"}


def _body_phrase(text: str, pos: int, limit: int = 80) -> str | None:
    """A body name starting at pos: a head from rules/lexicons/body_heads.yaml,
    then capitalized words and the lower-case words that occur inside names."""
    seg = text[pos:pos + limit]
    m = _BODY_STOP.search(seg)
    seg = seg[:m.start()] if m else seg
    h = _body_head_rx().match(seg)
    if not h:
        return None
    end = h.end()
    for w in _BODY_WORD.finditer(seg, end):
        if w.start() != end:
            break
        word = w.group(1)
        if word[0].isupper() or word.lower() in _BODY_LOWER_OK:
            end = w.end()
        else:
            break
    phrase = seg[:end].strip()
    # drop trailing lower-case connectors ("... tỉnh và")
    while phrase.split() and phrase.split()[-1] in ("và", "các", "cơ"):
        phrase = phrase.rsplit(" ", 1)[0]
    return phrase or None


def _issuer_from_suffix(number: str | None) -> str | None:
    if not number:
        return None
    parts = re.split(r"[-/]", number)
    suf = _doc_lex()["suffix"]
    for p in reversed(parts[1:]):
        v = suf.get(fold(p).lower())
        if v:
            return v
    return None


_CONGRESS_NAT = re.compile(r"toàn\s+quốc", re.IGNORECASE)


def _congress(m: Match, text: str) -> list[str]:
    r = m.resolver
    if r == "congress":
        ordv = ordinal_value(_g(m, "ord") or "")
        if not ordv:
            raise Unresolvable("congress without an ordinal")
        mid = re.sub(r"\s+", " ", (_g(m, "mid") or "")).strip(" ,")
        mid = re.sub(r"^(?:đại biểu\s+)", "", mid, flags=re.IGNORECASE)
        after = text[m.end:m.end + 12].lower()
        if not mid or _CONGRESS_NAT.search(mid) or mid.lower() in ("đảng", "của đảng") or (
                not mid and "của đảng" in after):
            return [f"Đại hội Đảng toàn quốc lần thứ {int_to_roman(ordv)}"]
        if mid.isupper():
            mid = mid.lower()
            mid = re.sub(r"\bđảng\b", "Đảng", mid, count=1)
            mid = re.sub(r"\bkhối\b", "Khối", mid)
        mid = re.sub(r"\s*đại biểu\s*", " ", mid, flags=re.IGNORECASE).strip()
        return [f"Đại hội {mid} lần thứ {int_to_roman(ordv)}"]
    if r == "plenum":
        nums = [ordinal_value(x) for x in re.split(r"\s*(?:,|và|-)\s*", _g(m, "nums") or _g(m, "ordw") or "") if x]
        terms = [x.upper() for x in re.split(r"\s*(?:,|và|-)\s*", _g(m, "terms") or "") if x]
        nums = [n for n in nums if n]
        if not nums:
            raise Unresolvable("plenum without a number")
        if not terms:
            return [f"Hội nghị Trung ương {n}" for n in nums]
        return [f"Hội nghị Trung ương {n} khóa {t}" for n in nums for t in terms]
    return []


_SUBJECT = re.compile(r"(?<![^\W\d_])về\s+(?:việc\s+)?(?P<s>[“\"]?[^;\n]{3,250}?)(?=[”\"]?\s*(?:;|\.\s|\.$|\n|$|,\s*(?:ngày|của)\b))", re.IGNORECASE)
_OTHER_DOC = re.compile(r"(?i)(?:nghị quyết|chỉ thị|quyết định|kết luận|hướng dẫn|kế hoạch|đề án|quy định)\s+(?:số\s+)?\d")


def _document(m: Match, norm: Normalized, dates: list[DateFact]) -> list[DocumentFact]:
    text = norm.text
    dtype = doc_type_of(_g(m, "type") or "")
    number = _g(m, "num") or _g(m, "num_so")
    if number:
        number = re.sub(r"\s+", "", number)
    congresses = _congress(m, text) if m.resolver in ("congress", "plenum") else []
    # look right: "(Hội nghị Trung ương 6 khóa X)", ", ngày 25/4/2022", "của <body>", "về <subject>"
    right = text[m.end:m.end + 300]
    cut = re.search(r";|\n|\.\s+[A-ZĐ]", right)
    right = right[:cut.start()] if cut else right
    issued = None
    for d in dates:
        if d.grain == "day" and m.end <= d.start <= m.end + 12 and re.fullmatch(r"[\s,(]*(?:ban\s+hành\s+|ký\s+)?", text[m.end:d.start], re.IGNORECASE):
            issued = d.value
            break
    if number and not congresses:
        pm = re.match(r"\s*(?:[(,]\s*)?(?:của\s+)?(Hội\s+nghị\s+(?:lần\s+thứ\s+\S+\s*(?:,\s*)?)?(?:Ban\s+Chấp\s+hành\s+)?(?:Trung\s+ương|T\.?Ư|TW)\s+(\d{1,2})\s*(?:,\s*)?khóa\s+([IVXL]+))\s*\)?", right, re.IGNORECASE)
        if pm:
            congresses = [f"Hội nghị Trung ương {int(pm.group(2))} khóa {pm.group(3).upper()}"]
    issuer = None
    cm = re.search(r"(?<![^\W\d_])của\s+", right[:120])
    between = right[:cm.start()] if cm else ""
    if cm and not re.search(r"(?i)(?:nghị quyết|chỉ thị|quyết định|kết luận|hướng dẫn|kế hoạch)\s+(?:số\s+)?\d", between):
        body = _body_phrase(right, cm.end())
        if body and body.lower() not in ("đảng", "đảng ta"):
            issuer = expand_abbreviations(body)
    suffix_issuer = _issuer_from_suffix(number)
    if suffix_issuer and issuer and suffix_issuer.lower() not in issuer.lower() and suffix_issuer not in (
            "Ban Chấp hành Trung ương Đảng", "Tỉnh ủy", "Đảng ủy", "Huyện ủy", "Thành ủy", "Quận ủy", "Thị ủy"):
        issuer = suffix_issuer
    if not issuer:
        # "<Body> (đã) ban hành <doc>" / "<Body> có <doc>"
        left = text[max(0, m.start - 120):m.start]
        lm = re.search(r"([A-ZĐ][^,;.\n]{2,80}?)\s+(?:đã\s+)?(?:ban\s+hành|có|ký|ra)\s*$", left)
        if lm:
            cand = re.sub(r"^(?:(?:Ngày|ngày)\s+\S+\s*,?\s*)", "", lm.group(1)).strip()
            if cand and cand[0].isupper() and len(cand.split()) <= 10:
                issuer = expand_abbreviations(cand)
                if issued is None:
                    for d in dates:
                        if d.grain == "day" and m.start - 120 <= d.start < m.start and d.end <= m.start and \
                                not re.search(r"[;.]\s", text[d.end:m.start]):
                            issued = d.value
    if not issuer:
        issuer = suffix_issuer
    if congresses and m.resolver == "plenum":
        issuer = issuer or "Ban Chấp hành Trung ương Đảng"
    subject = None
    sm = _SUBJECT.search(right, 0, 160)
    if sm and not _OTHER_DOC.search(right[:sm.start()]):
        subject = sm.group("s").strip(" “”\"")
    base = dict(text=text[m.start:m.end], start=m.start, end=m.end, doc_type=dtype, number=number,
                issuer=issuer, issued=issued, subject=subject)
    if congresses:
        if m.resolver in ("congress", "plenum"):
            base["number"] = None
        return [DocumentFact(doc_id=f"{dtype}|{base['number'] or c}", congress=c, **base) for c in congresses]
    if not number:
        raise Unresolvable("a document reference needs a number or a congress")
    return [DocumentFact(doc_id=f"{dtype}|{number}", **base)]


def link_documents(docs: list[DocumentFact]) -> list[DocumentFact]:
    """A bare later mention ("Đề án số 01") links to the earlier full mention
    of the same type and number: same doc_id, number, issuer, date, subject."""
    full: list[DocumentFact] = []
    out = []
    for d in docs:
        if d.number and re.fullmatch(r"\d+", d.number):
            for f in reversed(full):
                head = re.match(r"\d+", f.number or "")
                if f.doc_type == d.doc_type and head and int(head.group(0)) == int(d.number) and f.number != d.number:
                    d = d.model_copy(update=dict(doc_id=f.doc_id, number=f.number, issuer=d.issuer or f.issuer,
                                                 issued=d.issued or f.issued, subject=d.subject or f.subject))
                    break
        elif d.number:
            full.append(d)
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


def _count(m: Match, text: str) -> CountFact:
    v = parse_number(_g(m, "num"))
    if _g(m, "mult"):
        v = v * MULTIPLIERS[_g(m, "mult")]
    return CountFact(text=text[m.start:m.end], start=m.start, end=m.end, value=clean(v),
                     unit=canonical_unit(_g(m, "unit")), qualifier=_qualifier(m),
                     predicate=predicate_for(text, m.start, m.end))


def _ratio(m: Match, text: str) -> RatioFact:
    base = dict(text=text[m.start:m.end], start=m.start, end=m.end, unit=canonical_unit(_g(m, "unit")),
                qualifier=_qualifier(m), predicate=predicate_for(text, m.start, m.end))
    if m.resolver == "percent":
        p = parse_number(_g(m, "p")) if _g(m, "p") else float(_g(m, "pd"))
        return RatioFact(percent=clean(p), **base)
    a, b = parse_number(_g(m, "a")), parse_number(_g(m, "b"))
    if b == 0 or a > b:
        raise Unresolvable("not a fraction of a whole")
    if m.resolver == "fraction" and not _g(m, "unit") and (b <= 12 and a <= 31 or 1900 <= b <= 2100 and a <= 12):
        raise Unresolvable("looks like a day/month or a batch of a year")
    return RatioFact(numerator=clean(a), denominator=clean(b), **base)


@functools.lru_cache(maxsize=1)
def _predicate_rx() -> tuple[re.Pattern, dict[str, str | None]]:
    lex = load_rules().lex("predicates")
    rx = re.compile(r"(?<![^\W\d_])" + load_rules().lex_regex("predicates") + r"(?![^\W\d_])", re.IGNORECASE)
    return rx, lex.mapping()


_SENT_END = re.compile(r"[.;!?\n](?:\s|$)|\n")
_CLAUSE_END = re.compile(r"[.;:!?()\n,]")


def predicate_for(text: str, start: int, end: int) -> str | None:
    """The nearest predicate before the number in its sentence, else the first
    one after the counted noun in its clause."""
    rx, mapping = _predicate_rx()
    s0 = max(0, start - 250)
    left = text[s0:start]
    cut = None
    for m in _SENT_END.finditer(left):
        cut = m.end()
    left_start = s0 + (cut or 0)
    best = None
    for m in rx.finditer(text, left_start, start):
        best = m
    if best is None:
        stop = _CLAUSE_END.search(text, end, min(len(text), end + 80))
        m = rx.search(text, end, stop.start() if stop else min(len(text), end + 80))
        best = m
    if best is None:
        return None
    key = re.sub(r"\s+", " ", fold(best.group(0)).lower())
    return mapping.get(key) or key


# ---------------------------------------------------------------- entry point

class Resolved:
    """The facts resolve produced, by SPEC list name."""

    def __init__(self):
        self.dates: list[DateFact] = []
        self.documents: list[DocumentFact] = []
        self.counts: list[CountFact] = []
        self.ratios: list[RatioFact] = []


def resolve(matches: list[Match], norm: Normalized) -> Resolved:
    """Values for merged matches; matches with no value here are dropped."""
    text, pub = norm.text, norm.pub
    out = Resolved()
    for m in matches:
        if m.dimension != "dates":
            continue
        try:
            value, grain = _date_fields(m, pub)
        except (Unresolvable, ValueError, TypeError):
            continue
        out.dates.append(DateFact(text=text[m.start:m.end], start=m.start, end=m.end, value=value, grain=grain))
    handlers: dict[str, Callable] = {
        "counts": lambda m: [_count(m, text)],
        "ratios": lambda m: [_ratio(m, text)],
        "documents": lambda m: _document(m, norm, out.dates),
    }
    for m in matches:
        h = handlers.get(m.dimension)
        if h is None:
            continue
        try:
            facts = h(m)
        except (Unresolvable, ValueError):
            continue
        getattr(out, m.dimension).extend(facts)
    out.documents = link_documents(out.documents)
    return out
