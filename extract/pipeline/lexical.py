"""Lexical checks that complete a rule match (still matching, not resolving):
where a counted noun phrase ends, whether the number is a name or an ordinal.
They read only the text and the lexicons, never the publication date.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable

from vnfacts.ruledata import compile_regex, load_rules
from vnfacts.text.textnorm import fold

_WORD = re.compile(r"[^\W\d_]+(?:[.\-][^\W\d_]+)*")
_WORDS_ONLY = re.compile(r"(?: [^\W\d_]+)+")  # syllables that continue a word, one space apart


@functools.lru_cache(maxsize=1)
def _lex():
    r = load_rules()

    def phrases(lid):
        return sorted({fold(e.text).lower() for e in r.lex(lid).items()}, key=len, reverse=True)

    return {
        "units": phrases("units"),
        "classifiers": set(phrases("unit_classifiers")),
        "modifiers": phrases("unit_modifiers"),
        "non_units": set(phrases("non_count_units")),
        "stop": phrases("unit_stopwords"),
        "blockers": phrases("count_blockers_left"),
        "unblockers": phrases("count_unblockers_left"),
        "determiners": [d + " " for d in phrases("unit_determiners")],
        "links": phrases("unit_links"),
        "comparisons": [c + " " for c in phrases("unit_comparisons")],
    }


def _words_after(text: str, pos: int, limit: int = 8) -> list[tuple[int, int, str]]:
    """Words following pos separated by single spaces (no punctuation between)."""
    out = []
    while len(out) < limit:
        m = _WORD.match(text, pos)
        if not m:
            break
        out.append((m.start(), m.end(), m.group(0)))
        nxt = m.end()
        if text[nxt:nxt + 1] == " " and _WORD.match(text, nxt + 1):
            pos = nxt + 1
        elif text[nxt:nxt + 2] == ", " and out and _WORD.match(text, nxt + 2):
            # "cán bộ, đảng viên", "thôn, làng": a comma list of counted nouns
            nw = _WORD.match(text, nxt + 2)
            if _starts_unit(text, nw.start()) and not _titled(text, nw.start()):
                out.append((nxt, nxt + 1, ","))
                pos = nxt + 2
            else:
                break
        else:
            break
    return out


_ITEM_END = re.compile(r"[,;.:()\n]")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_YEAR = re.compile(r"(?:19|20)\d\d")


def _has_figure(text: str, pos: int) -> bool:
    """The list item starting at pos has its own number before its verb ("..., đảng viên người
    dân tộc 14 đồng chí"): it is the next item, not part of the unit ("cán bộ, đảng viên tham dự")."""
    m = _ITEM_END.search(text, pos, min(len(text), pos + 80))
    item = text[pos:m.start() if m else pos + 80]
    verb = _predicate_rx().search(item)
    head = item[:verb.start() if verb else len(item)]
    digit = next((i for i, c in enumerate(head) if c.isdigit()), None)
    if digit is None:
        return False
    num = _NUMBER.match(text, pos + digit)
    after = num.end() if num else pos + digit
    if not _starts_unit(text, after + 1) and is_non_count_head(text, after):
        return False  # "với tổng diện tích 13.000 m2": a measure, not the item's count
    if blocked_left(text, pos + digit) or _YEAR.fullmatch(text, pos + digit, after):
        return False  # "..., thành phố trong quý IV/2022": a date or a name's number
    # "tổ, chốt với 241 cán bộ": a figure right after a function word ("với") heads a phrase
    # of its own; after a link ("đảng viên nữ là 210 đồng chí") it is the item's
    words = list(_WORD.finditer(head, 0, digit))
    if words and not head[words[-1].end():digit].strip():
        last = words[-1].start()
        if _phrase_at(head, last, _lex()["stop"]) and not _phrase_at(head, last, _lex()["links"]):
            return False
    return True


@functools.lru_cache(maxsize=1)
def _predicate_rx() -> re.Pattern:
    return compile_regex(r"(?<![^\W\d_])" + load_rules().lex_regex("predicates") + r"(?![^\W\d_])", re.IGNORECASE)


def determiner_end(text: str, pos: int) -> int:
    """pos after spaces and a determiner that is not part of the unit
    ("100% các cơ sở", "2,6% tổng số đảng viên", "82% so với chỉ tiêu")."""
    while pos < len(text) and text[pos] == " ":
        pos += 1
    found = True
    while found:  # "so với tổng số hội viên"
        found = False
        low = text[pos:pos + 20].lower()
        for det in _lex()["determiners"]:
            if low.startswith(det):
                pos += len(det)
                found = True
                break
    return pos


def _phrase_at(text: str, pos: int, phrases) -> str | None:
    """The longest of phrases (lower-case, longest first) written at pos as whole words."""
    low = text[pos:pos + 40].lower()
    for ph in phrases:
        if low.startswith(ph) and not (len(low) > len(ph) and low[len(ph)].isalpha()):
            return ph
    return None


def _titled(text: str, pos: int) -> bool:
    """A capitalized word ("Đảng bộ xã", "Chi bộ"): after a comma it starts a name or a new clause,
    not the next noun of a unit ("cán bộ, đảng viên"); abbreviations ("ĐV", "TCCSĐ") and shouted lines are not."""
    w = _WORD.match(text, pos)
    return bool(w) and w.group(0)[0].isupper() and w.group(0)[1:2].islower() and not _caps_line(text, pos)


def _starts_unit(text: str, pos: int) -> str | None:
    low = text[pos:pos + 40].lower()
    for u in _lex()["units"]:
        if low.startswith(u) and not (len(low) > len(u) and (low[len(u)].isalpha())):
            return u
    return None


def unit_noun_at(text: str, pos: int) -> bool:
    """A lexicon unit at pos that is not also a verb ending a unit ("2017 tổ chức tại" is a year)."""
    return bool(_starts_unit(text, pos)) and not _phrase_at(text, pos, _lex()["stop"])


def _caps_line(text: str, pos: int) -> bool:
    """True inside an all-capitals line (a shouted title), where case says nothing."""
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return _caps_span(text, a, b if b >= 0 else len(text))


@functools.lru_cache(maxsize=4096)
def _caps_span(text: str, a: int, b: int) -> bool:
    letters = list(filter(str.isalpha, text[a:b]))
    return len(letters) >= 8 and sum(map(str.isupper, letters)) >= 0.9 * len(letters)


WordAt = Callable[[int], "tuple[int, int] | None"]


def unit_after(text: str, pos: int, allow_generic: bool = True, max_generic: int = 4,
               word_at: WordAt | None = None) -> tuple[int, int, str] | None:
    """The counted noun phrase starting at pos (after spaces): (start, end, unit).

    A lexicon unit ("đảng viên", "tổ chức cơ sở đảng", "ĐV") extended by
    modifiers ("trực thuộc", "ưu tú", "thôn"), comma-joined units and a
    linked noun that says which ones ("đảng viên là chiến sĩ"); else, when
    allowed, up to max_generic plain lower-case words before a stop word.
    word_at, when given (the segmenter's words), keeps a generic unit cut by
    the word limit from ending inside a word ("lượt khách quốc tế", not
    "lượt khách quốc").
    """
    lx = _lex()
    start = determiner_end(text, pos)
    if text[pos:start].lower().strip() + " " in lx["comparisons"]:
        # "tăng 7% so với cùng kỳ": only a listed unit ("so với kế hoạch") is counted;
        # "so với tổng diện tích" names its noun after a determiner of its own
        allow_generic = False
    pos = start
    u = _starts_unit(text, pos)
    if u:
        end = pos + len(u)
        if u in lx["classifiers"] and text[end:end + 1] == " ":
            u2 = _starts_unit(text, end + 1)  # "260.486 lượt chị": a classifier and the counted noun
            if u2:
                end = end + 1 + len(u2)
            else:  # "76 lượt dự án": a counted noun the lexicon does not list, as the generic path reads it
                noun = _generic(text, end + 1, _CLASSIFIED_WORDS, word_at)
                if noun:
                    end = noun[1]
        core = _extend(text, end, linked=False)
        end = _extend(text, core)
        # the mention ends with the noun and its modifiers; what a link adds ("là chiến sĩ
        # nghĩa vụ") narrows the unit but stays out of the span, where metrics reads it
        return pos, core, text[pos:end]
    if not allow_generic:
        return None
    return _generic(text, pos, max_generic, word_at)


def _extend(text: str, end: int, linked: bool = True, joined: bool = True) -> int:
    """end past the modifiers, comma-joined units (when joined) and linked nouns (when linked) that follow a unit."""
    lx = _lex()
    after_link = not joined
    while True:
        ext = None
        if text[end:end + 1] == " ":
            mod = _phrase_at(text, end + 1, lx["modifiers"])
            stop = _phrase_at(text, end + 1, lx["stop"]) if mod else None
            if stop and len(stop) > len(mod):
                mod = None  # "người lớn lên": a longer stop phrase is a predicate, not a modifier
            if mod:
                ext = end + 1 + len(mod)
            link = None if mod or not linked else _phrase_at(text, end + 1, lx["links"])
            if link and text[end + 1 + len(link):end + 2 + len(link)] == " ":
                # "đảng viên là chiến sĩ nghĩa vụ": a link and a lexicon noun say which ones
                s2 = end + 2 + len(link)
                u2 = _starts_unit(text, s2)
                if u2 and not _titled(text, s2):
                    e2 = _extend(text, s2 + len(u2), linked=False, joined=False)
                    u3 = _starts_unit(text, e2 + 1) if text[e2:e2 + 1] == " " and not _titled(text, e2 + 1) else None
                    if u3:  # "là cán bộ huyện", "là đoàn viên thanh niên": a noun that says which
                        e2 = _extend(text, e2 + 1 + len(u3), linked=False, joined=False)
                    # "đại biểu là cán bộ chủ chốt, cán bộ, đảng viên ...": a list after the link
                    # describes the whole figure, it does not narrow it
                    if not (text[e2:e2 + 2] == ", " and _starts_unit(text, e2 + 2)):
                        ext = e2
                        after_link = True
        # "cán bộ, đảng viên"; not after a link ("đại biểu là cán bộ chủ chốt, cán bộ, ...": a description)
        if ext is None and text[end:end + 2] == ", " and not after_link:
            u2 = _starts_unit(text, end + 2)
            if u2 and not _has_figure(text, end + 2) and not _titled(text, end + 2):
                ext = end + 2 + len(u2)  # not the next item "..., đảng viên nữ 14 đồng chí" nor "..., Đảng bộ xã"
        if ext is None:
            return end
        end = ext


# punctuation or the end of the text next; not an opening quote, which may begin
# the predicate ("11 nội dung mới “thẩm định”": only appraised)
_CLAUSE_END = re.compile(r"\s*(?:[^\w\s\"“‘']|\Z)")
_CLASSIFIED_WORDS = 2  # words of the counted noun after a classifier ("lượt dự án", "lượt du khách")


def _generic(text: str, pos: int, max_words: int, word_at: WordAt | None = None) -> tuple[int, int, str] | None:
    """Up to max_words plain lower-case words at pos before a stop word
    (one word or several: "tham gia", "tử vong"): a counted noun the lexicon does not list.
    A unit the limit cuts inside a word of several syllables ends with that word."""
    lx = _lex()
    words = _words_after(text, pos, max_words)
    caps = _caps_line(text, pos)
    taken = []
    for s, e, w in words:
        lw = w.lower()
        if w == "," or lw in lx["non_units"]:
            break
        stop = _phrase_at(text, s, lx["stop"])
        if stop:
            # "dân số", "thiết bị": a one-syllable stop word that ends a word begun before it is no stop
            inside = word_at(s) if word_at is not None and taken and " " not in stop else None
            if not (inside and inside[0] < s):
                break
        if not w[0].islower() and not caps:
            break
        taken.append((s, e))
    if not taken:
        return None
    # a generic unit must not start with a non-count head ("năm", "đồng")
    first = text[taken[0][0]:taken[0][1]].lower()
    two = text[taken[0][0]:taken[min(1, len(taken) - 1)][1]].lower()
    if first in lx["non_units"] or two in lx["non_units"]:
        return None
    s, e = taken[0][0], taken[-1][1]
    if word_at is not None and len(taken) == max_words:
        w = word_at(taken[-1][0])  # "vụ phạm pháp hình" + "sự": the limit fell inside "hình sự"
        if w and w[1] > e and _WORDS_ONLY.fullmatch(text, e, w[1]):
            e = w[1]
    mod = _phrase_at(text, e + 1, lx["modifiers"]) if text[e:e + 1] == " " else None
    if mod and _CLAUSE_END.match(text, e + 1 + len(mod)):
        # "tiêu chí nông thôn mới.": a modifier the stop words or the word limit left out,
        # with no predicate after it ("mới" before a verb is an adverb), ends the unit
        e = e + 1 + len(mod)
    return s, e, text[s:e]


def is_non_count_head(text: str, pos: int) -> bool:
    """True when the words at pos are a time, money, age... unit ("năm", "tỷ đồng")."""
    lx = _lex()
    while pos < len(text) and text[pos] == " ":
        pos += 1
    low = text[pos:pos + 30].lower()
    for nu in lx["non_units"]:
        if low.startswith(nu) and not (len(low) > len(nu) and low[len(nu)].isalpha()):
            return True
    return False


def blocked_left(text: str, pos: int) -> bool:
    """True when the number at pos is a name, ordinal or part of a range:
    "số 2", "lần thứ 3", "Phường 11", "Covid-19", "10-15"."""
    before = text[max(0, pos - 30):pos]
    # "10-15", "Covid-19", "3/2" (a fraction's denominator); "84 tổ/498" is fine
    if re.search(r"[\-–]\s*\Z", before) or re.search(r"\d\s*/\s*\Z", before) or re.search(r"[^\W\d_]\Z", before):
        return True
    low = before.lower().rstrip()
    for u in _lex()["unblockers"]:  # "tổng số 940 đảng viên": a total, not the name "số 940"
        if low.endswith(u) and (len(low) == len(u) or not low[-len(u) - 1].isalpha()):
            return False
    for b in _lex()["blockers"]:
        if low.endswith(b) and (len(low) == len(b) or not low[-len(b) - 1].isalpha()):
            return True
    return False


def unit_before(text: str, pos: int) -> tuple[int, int, str] | None:
    """A lexicon unit (with its modifiers) written right before a figure, as
    the head of its list item ("hội viên 159.030/177.217", "quần chúng phụ
    nữ 50.208/98.076")."""
    _lex()
    a = max(0, pos - 50)
    cut = max(text.rfind(c, a, pos) for c in ",;:(\n")
    a = max(a, cut + 1)
    for m in re.finditer(r"(?<![^\W\d_])", text[a:pos]):
        s = a + m.start()
        if not _starts_unit(text, s):
            continue
        u = unit_after(text, s, allow_generic=False)
        if u and u[0] == s and not text[u[1]:pos].strip():
            return u
    return None
