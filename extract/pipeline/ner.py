"""Stage 4: NER. Bodies (named organizations) and persons with their roles.

A rule component in the manner of spaCy's span ruler: the knowledge is data
(rules/bodies.yaml and rules/persons.yaml, each section with its examples);
matching runs on normalized characters and uses the underthesea words of the
segmentation only to keep compound words whole. A body's `canonical` is left as
written here: vnfacts.pipeline.canonicalize writes it. One public function,
`ner` (and `needs_words`, which says where NER may read words: the
sentences that name a body).
"""
from __future__ import annotations

import functools
import re
import sys

from pydantic import BaseModel, ConfigDict
from vnfacts.models import BodyFact, PersonFact
from vnfacts.pipeline.lexical import _caps_line
from vnfacts.pipeline.normalize import Normalized
from vnfacts.pipeline.segment import Segmented
from vnfacts.ruledata import load_rules
from vnfacts.text.gazetteer import district_province, place_names, provinces
from vnfacts.text.spans import longest_non_overlapping
from vnfacts.text.textnorm import fold

# a capital letter of any script (Python's re has no \p{Lu}): what may follow the "&" of "KH&ĐT"
_UPPER = "".join(c for c in map(chr, range(0x41, 0x2000)) if c.isupper() and c.isalpha())
_WORD = re.compile(r"\w+(?:[.\-]\w+|&(?=[" + re.escape(_UPPER) + r"])\w+)*\.?")  # "GD-ĐT", "KH&ĐT" (not "&amp;")
_SPACES = re.compile(r"\s+")
_NOT_SPACE = re.compile(r"\S+")
_SENTENCE_STOP = re.compile(r"[.;:!?\n]")
_SENTENCE_START = re.compile(r"(?:\A|[.;:!?\n\"“(]\s*)\Z")
_LAST_WORD = re.compile(r"(?<![^\W\d_])([^\W\d_]+)\s+\Z")
_COMMA_PART = re.compile(r",[ \t]+")
_DASH_PART = re.compile(r"[ \t]+[-–][ \t]+")
_PART_AFTER = re.compile(r"[^\w\-–]|\Z")
_ROLE_BREAK = re.compile(r"[,;:.()\n–]")
_BEFORE_COLON = re.compile(r"[^,;.()\n–:]*:\s*")
_WORD_BREAK = re.compile(r"[,;.()]")
_AMP = re.compile(r"&(?:amp;)?(?=[ \t])")


class NerResult(BaseModel):
    model_config = ConfigDict(extra="forbid")
    bodies: list[BodyFact] = []
    persons: list[PersonFact] = []
    role_spans: list[tuple[int, int]] = []


_NOT_AFTER_LETTER = r"(?<![^\W\d_])"
# the same test read after the first character of a word: a pattern that starts
# with a character (not a look-behind) lets `re` skip ahead to where it may match
_NOT_AFTER_LETTER_1 = r"(?<![^\W\d_](?s:.))"


def _alternation(words, *, first_as_written: bool = False, bounded: bool = False) -> str:
    """Alternatives longest first; `bounded`: each not after a letter."""
    def alt(h: str) -> str:
        if not first_as_written:
            p = r"\s+".join(re.escape(w) for w in h.split())
            c0 = h.split()[0][0]
        else:
            # the first letter as written, the rest in any case ("Ban chấp hành Trung ương")
            rest = re.escape(h[1:]).replace(r"\ ", r"\s+")
            p = re.escape(h[0]) + (f"(?i:{rest})" if rest else "")
            c0 = h[0]
        if bounded:
            n = len(re.escape(c0))
            p = p[:n] + _NOT_AFTER_LETTER_1 + p[n:]
        return p

    alts = [alt(h) for h in sorted(words, key=len, reverse=True)]
    if bounded and not alts:
        return _NOT_AFTER_LETTER
    return "|".join(alts)


@functools.lru_cache(maxsize=1)
def _lex():
    r = load_rules()

    def sec(dim: str, sid: str):
        return r.section(dim, sid)

    head_kind = sec("bodies", "heads").values()
    kinds = sec("bodies", "kinds_after_head").values()
    not_before = sec("bodies", "not_a_head_before").values()
    head_rx = re.compile(r"(" + _alternation(head_kind, first_as_written=True, bounded=True) + r")(?![^\W\d_])")
    lower_rx = re.compile(r"(" + _alternation(sec("bodies", "lower_case_heads").texts(), bounded=True)
                          + r")(?![^\W\d_])")
    words = sec("bodies", "name_words").mapping()
    titles = sec("persons", "titles").texts()
    former = sec("persons", "former").texts()
    title_alt = _title_grammar(titles, sec("persons", "title_grammar").items())
    # a former office's word counts only before a title: it also ends other words' compounds
    # ("Bộ Tài nguyên và Môi trường" holds no former office)
    before_title = r"(?=\s+(?i:" + title_alt + r")(?![^\W\d_]))"
    title_rx = re.compile(r"(" + _alternation(former, bounded=True) + before_title + "|" + title_alt
                          + r")(?![^\W\d_])")
    # after a name and its separator any case ("ông Trần Văn A, phó giám đốc Sở Y tế")
    title_any_rx = re.compile(r"(?<![^\W\d_])(" + _alternation(former) + before_title + "|" + title_alt
                              + r")(?![^\W\d_])", re.IGNORECASE)
    title_before_rx = re.compile(r"(?<![^\W\d_])(?:" + title_alt + r")\s+\Z", re.IGNORECASE)
    trig_rx = re.compile(r"(?<![^\W\d_])(?:" + _alternation(sec("persons", "triggers").texts()) + r")\s+$")
    stops = sec("persons", "role_stops").texts()
    compounds = sec("persons", "role_stop_compounds").texts()  # "dự án" is no "dự"
    cap_triggers = [t for t in sec("persons", "triggers").texts() if t[:1].isupper()]  # "... Ông Lê Văn A"
    role_stop = re.compile(r"(?:" + r.section_regex("persons", "role_ends").pattern + r")|\s+(?!(?:"
                           + _alternation(compounds) + r")(?![^\W\d_]))(?:"
                           + _alternation(stops) + r")(?![^\W\d_])|\s+(?=(?:" + _alternation(cap_triggers)
                           + r")\s+[^\W\d_])")
    joiners = sec("persons", "shared_role").texts()  # "A và B": the next name of a list
    surnames = set(sec("persons", "surnames").texts())
    # where a name may start: a capitalized syllable that is a surname (what _name_at checks first)
    surname_rx = re.compile(r"(?:" + _alternation([w for w in surnames if _is_name_syl(w)], bounded=True)
                            + r")(?![^\W\d_])")
    return dict(head_kind=head_kind, head_rx=head_rx, lower_rx=lower_rx, words=words, title_rx=title_rx,
                title_any_rx=title_any_rx, title_before_rx=title_before_rx,
                trig_rx=trig_rx, surnames=surnames, surname_rx=surname_rx,
                former={f.lower() for f in former}, role_stop=role_stop,
                role_sep=r.section_regex("persons", "role_separators"),
                role_joiner_rx=re.compile(r"\s+(?:" + _alternation(sec("persons", "role_joiners").texts())
                                          + r")\s+"),
                office_taken=r.section_regex("persons", "office_taken"),
                terms=r.section_regex("persons", "terms"),
                clause_open=r.section_regex("persons", "name_ends_before_clause"),
                group_noun=r.section_regex("persons", "surname_as_group_noun"),
                street_rx=r.section_regex("persons", "street_before_name"),
                role_before_max=int(sec("persons", "role_before_name").mapping()["max_chars"]),
                chain_not_after=r.section_regex("persons", "role_chain_not_after"),
                place_level_rx=re.compile(r"(?<![^\W\d_])(?:" + _alternation(sec("persons", "place_levels").texts())
                                          + r")\s*\Z"),
                named_after_rx=re.compile(r"(?:" + _alternation(sec("persons", "named_after_persons").texts(),
                                                              bounded=True) + r")(?![^\W\d_])"),
                plural_rx=re.compile(r"(?<![^\W\d_])(?:" + _alternation(sec("persons", "plural_before_role").texts())
                                     + r")\s+\Z"),
                list_joiner_rx=re.compile(r"\s*(?:" + "|".join(re.escape(j) for j in joiners) + r")\s*(?:"
                                          + "|".join(re.escape(j) for j in joiners) + r")?\s*"),
                words_by_first=_by_first(sorted(words, key=len, reverse=True)),
                words_len=max(map(len, words)) + 1,
                need_name=set(sec("bodies", "heads_needing_a_name").texts()),
                # level abbreviations a dot may follow inside a name ("TP. Vũng Tàu")
                dotted_levels={w.rstrip(".") for w in sec("bodies", "admin_levels").texts() if w.rstrip(".").isupper()},
                stop_heads=set(sec("bodies", "heads_that_stop_a_name").texts()),
                not_head_after=[(re.compile(r"(?<![^\W\d_])" + r"\s+".join(map(re.escape, w.split()))
                                            + r"\s+\Z", re.IGNORECASE), h)
                                 for w, h in sec("bodies", "not_a_head_after").values().items()],
                not_before={h: re.compile(r"\s+(?:" + _alternation([w for w, hh in not_before.items() if hh == h])
                                          + r")(?![^\W\d_])", re.IGNORECASE)
                            for h in set(not_before.values())},
                kinds_after={h: re.compile(r"\s+(?:" + _alternation([w for w, hh in kinds.items() if hh == h])
                                           + r")(?![^\W\d_])", re.IGNORECASE)
                             for h in set(kinds.values())},
                person_heads=set(sec("bodies", "heads_named_after_persons").texts()),
                separator_heads=set(sec("bodies", "names_across_a_comma").texts()),
                not_place_names=set(sec("bodies", "not_place_names").texts()),
                joiners={j.lower() for j in sec("bodies", "name_joiners").texts()},
                # "Bộ Văn hóa, Thể thao| và |Du lịch": the joiner before a name's last part
                and_part=re.compile(r"[ \t]+(?:" + _alternation(sec("bodies", "name_joiners").texts()) + r")[ \t]+"),
                numbered_after={w.lower() for w in sec("bodies", "numbered_after").texts()},
                admin_words={w for w, v in words.items() if v == "admin"},
                plural_before=r.section_regex("bodies", "generic_plural_before"),
                plural_after=r.section_regex("bodies", "generic_plural_after"),
                plural_levels=r.section_regex("bodies", "generic_plural_levels"),
                generic_scope=r.section_regex("bodies", "generic_scope"),
                abbr_closed=set(sec("bodies", "names_closed_by_an_abbreviation").texts()))


# lower-case words the name reader stopped at, then the name's abbreviation in brackets
_ABBR_CLOSE = re.compile(r" ([^\W\d_]+(?: [^\W\d_]+){0,9}) \([^\W\d_a-z]{2,10}\)")


_DASH_JOIN = re.compile(r"\s+[-–]\s+")
_DASHES = ("-", "–")


def _name_goes_on(text: str, pos: int) -> bool:
    """After a dash in a role: a capitalized word that starts no title, no
    person's name and no trigger goes on with the body's name ("Phòng Tổ
    chức - Hành chính"); anything else is the next role or the sentence."""
    lx = _lex()
    return bool(_NAME_SYL.match(text, pos)) and not lx["title_rx"].match(text, pos) \
        and not _name_at(text, pos) and not lx["trig_rx"].search(text[pos:pos + 20].split(" ")[0] + " ")


def _title_grammar(titles: list[str], grammar) -> str:
    """The title alternation (rules/persons.yaml `titles` and `title_grammar`):
    a listed title, "Trưởng" + unit noun or office noun + "trưởng", each
    optionally after a rank prefix (the rest then in any case: "Phó trưởng
    ban", "Phó phòng") and before a qualifier ("... Thường trực")."""
    kind: dict[str, list[str]] = {}
    for e in grammar:
        kind.setdefault(e.value, []).append(e.text)
    units = _alternation(kind.get("unit", []))
    offices = _alternation(kind.get("office", []))
    plain = _alternation(titles + kind.get("title", []))
    head, after = _alternation(kind.get("head", [])), _alternation(kind.get("head_after", []))
    core = (f"(?:{plain}|(?:{head})\\s+(?i:{units})|(?:{offices})\\s+(?:{after}))")
    prefixed = (f"(?:{_alternation(kind.get('prefix', []))})\\s+(?i:{plain}|{_alternation(kind.get('prefixed', []))}"
                f"|(?:{head})\\s+(?:{units})|(?:{offices})\\s+(?:{after})|{units})")
    qual = f"(?:\\s+(?:{_alternation(kind.get('qualifier', []))}))?"
    # no title where the next word makes it a noun ("Đại sứ quán": the embassy, not the ambassador)
    noun = kind.get("noun_after", [])
    not_noun = f"(?!\\s+(?:{_alternation(noun)})(?![^\\W\\d_]))" if noun else ""
    return _NOT_AFTER_LETTER + f"(?:{prefixed}|{core}){qual}{not_noun}"


def _by_first(keys: list[str], key=lambda k: k[:1]) -> dict[str, list[str]]:
    """The keys by their first character (or `key`), each list in the order of `keys`."""
    out: dict[str, list[str]] = {}
    for k in keys:
        out.setdefault(key(k), []).append(k)
    return out


def _name_words_at(low: str):
    """The name words (longest first) that start `low` as whole words."""
    for k in _lex()["words_by_first"].get(low[:1], ()):
        if low.startswith(k) and not (len(low) > len(k) and low[len(k)].isalpha()):
            yield k


_SYL = re.compile(r"[^\W\d_]+")


@functools.lru_cache(maxsize=1)
def _cap_word_start() -> re.Pattern:
    """A capital letter starting a word: a letter (as the class [^\\W\\d_]
    reads it) that str.isupper() accepts, listed (`re` has no \\p{Lu})."""
    caps = (c for c in map(chr, range(0x41, sys.maxunicode + 1)) if c.isupper() and c.isalnum() and not c.isdecimal())
    return re.compile(r"(?<![^\W\d_])[" + "".join(re.escape(c) for c in caps) + "]")


class _NameSyl:
    """A capitalized syllable: "Bùi", "A" (not "UBND", not "đã")."""

    @staticmethod
    def match(text: str, pos: int):
        m = _SYL.match(text, pos)
        if m and m.group(0)[0].isupper() and (len(m.group(0)) == 1 or m.group(0)[1:].islower()):
            return m
        return None


_NAME_SYL = _NameSyl()


def _is_name_syl(w: str) -> bool:
    m = _NAME_SYL.match(w, 0)
    return bool(m and m.group(0) == w)


def _cap(w: str) -> bool:
    return w[:1].isupper()


def _allcaps(w: str) -> bool:
    letters = list(filter(str.isalpha, w))
    return len(letters) >= 2 and all(map(str.isupper, letters))


def _name_at(text: str, pos: int) -> tuple[int, int] | None:
    """A run of 2-5 capitalized syllables starting at pos whose first is a surname."""
    lx = _lex()
    m = _NAME_SYL.match(text, pos)
    if not m or m.group(0) not in lx["surnames"]:
        return None  # most capitals do not start a name: no need to read on
    if lx["group_noun"].match(text, pos):
        return None  # "Đoàn Đại biểu": the delegation, not a person named "Đoàn Đại"
    syl = []
    p = pos
    while len(syl) < 5:
        m = _NAME_SYL.match(text, p)
        if not m:
            break
        if syl and _title_starts(text, m.start()):
            break  # "Nguyễn Văn An Bí thư Tỉnh ủy": the name stops before the title
        if len(syl) >= 2 and lx["clause_open"].match(text, m.start()):
            break  # "... Lê Văn An Tuy nhiên ...": a new clause whose period was lost
        syl.append((m.start(), m.end()))
        if text[m.end():m.end() + 1] == " " and _NAME_SYL.match(text, m.end() + 1):
            p = m.end() + 1
        else:
            break
    if len(syl) < 2:
        return None
    first = text[syl[0][0]:syl[0][1]]
    if first not in lx["surnames"]:
        return None
    return syl[0][0], syl[-1][1]


def _province_prefix(name: str) -> int:
    """The length of a province name (and its space) that starts `name`, else 0."""
    words = name.split(" ")
    for n in (3, 2):
        if len(words) > n and " ".join(words[:n]) in provinces():
            return len(" ".join(words[:n])) + 1
    return 0


@functools.lru_cache(maxsize=1)
def _places_by_first() -> dict[str, list[str]]:
    """Province and district names of several syllables by their first syllable."""
    names = {n for n in place_names() if " " in n}
    return _by_first(sorted(names, key=len, reverse=True), key=lambda n: n.split()[0])


def _place_named_at(text: str, pos: int) -> bool:
    """A province or district name starts at pos, whose first syllable is a
    head ("Hội An" is a town, not a "Hội"): the place, not a body."""
    w = _SYL.match(text, pos)
    for name in _places_by_first().get(w.group(0), ()) if w else ():
        if text.startswith(name, pos) and not text[pos + len(name):pos + len(name) + 1].isalpha():
            return True
    return False


def _place_tail(text: str, ns: int) -> int:
    """The length of a syllable (and its space) at ns that ends a place begun
    by the capitalized syllables right before it ("UBND tỉnh Bình | Dương Văn
    A": "Dương" ends "Bình Dương"; "TP Đông | Hà Văn B"), else 0."""
    first = _NAME_SYL.match(text, ns)
    if not first:
        return 0
    before = re.search(r"((?:[^\W\d_]+ ){1,2})\Z", text[max(0, ns - 30):ns])
    if not before:
        return 0
    prev = before.group(1).split()
    for k in (2, 1):
        words = prev[-k:]
        if len(words) == k and all(_cap(w) and not _allcaps(w) for w in words) \
                and " ".join(words + [first.group(0)]) in place_names():
            return first.end() - ns + 1
    return 0


def _title_starts(text: str, pos: int) -> bool:
    """A title of several words starts at pos ("Bí thư", not a given name "Trưởng")."""
    tm = _lex()["title_rx"].match(text, pos)
    return bool(tm and " " in tm.group(1))


def _role_end(text: str, pos: int) -> int:
    lx = _lex()
    end = min(len(text), pos + 120)
    at = pos
    while True:
        m = lx["role_stop"].search(text, at, end)
        if m and m.group(0).strip() in _DASHES and _name_goes_on(text, m.end()):
            at = m.end()  # "Sở Lao động - Thương binh và Xã hội": a dash inside the body's name
            continue
        break
    end = m.start() if m else end
    for j in lx["role_joiner_rx"].finditer(text, pos, end):
        if not text[j.end():j.end() + 1].isupper():
            return j.start()  # "nguyên Phó Hiệu trưởng và khiển trách ...": "and" goes on with a verb
        nm = _name_at(text, j.end())
        if nm and not _place(text, *nm):
            return j.start()  # "..., Trạm trưởng Trạm Y tế xã A và Lê Văn B, ...": "and" joins the next person
    return end


def _title_end(text: str, pos: int, any_case: bool = False) -> int | None:
    """The end of the title at pos, reading a former office's "nguyên" with the title after it."""
    lx = _lex()
    rx = lx["title_any_rx"] if any_case else lx["title_rx"]
    tm = rx.match(text, pos)
    if not tm:
        return None
    if tm.group(1).lower() in lx["former"]:
        tm2 = rx.match(text, tm.end() + 1)
        if not tm2 or tm2.group(1).lower() in lx["former"]:
            return None
        return tm2.end()
    return tm.end()


def _roles_after(text: str, pos: int) -> tuple[list[tuple[int, int]], int]:
    """Roles after a name: ", Tỉnh ủy viên, Bí thư Đảng ủy Khối", " (Bí thư Tỉnh ủy)",
    " – Bí thư", or a title right after the name with no separator."""
    lx = _lex()
    roles = []
    while True:
        m = lx["role_sep"].match(text, pos, pos + 6)
        if m and m.end() > pos:
            s = m.end()
            tm = lx["terms"].match(text, s) if roles else None
            if tm:  # "..., nhiệm kỳ 2014-2019, Ủy viên ...": a term between two roles
                pos = tm.end()
                continue
        elif not roles and text[pos:pos + 1] == " " and _title_starts(text, pos + 1):
            s = pos + 1
        else:
            break
        te = _title_end(text, s, any_case=True)
        if te is None:
            break
        e = _role_end(text, te)
        if _next_persons_role(text, te, e):
            break  # "..., Chủ tịch UBND tỉnh Trần Văn B": the role of the next person of a list
        roles.append((s, e))
        pos = e
        tm = lx["terms"].match(text, pos)
        if tm:
            pos = tm.end()  # "... nhiệm kỳ 2014-2019, Bí thư ...": the list goes on after the term
    return roles, pos


def _next_persons_role(text: str, te: int, e: int) -> bool:
    """Whether a role read after a name holds another person's name at its
    end (it is that person's role, written before the name), unless the name
    is that of a school or the like the role names (rules/persons.yaml
    `named_after_persons`: "Hiệu trưởng Trường Chính trị Phạm Hùng")."""
    lx = _lex()
    for c in _cap_word_start().finditer(text, te, e):
        nm = _name_at(text, c.start())
        if nm and nm[1] >= e - 1 and not _place(text, *nm):
            return not lx["named_after_rx"].search(text, te, c.start())
    return False


def _name_after_places(text: str, nm: tuple[int, int], seen: set[int]) -> tuple[int, int] | None:
    """The name found at nm once a place that starts it is skipped: a province
    ("Thành ủy Hà Nội | Hoàng Văn Tư"), then the syllable that ends a place begun
    before it ("UBND tỉnh Bình Dương | Trần Văn A"); the skipped characters go
    into `seen`. None when no name is left."""
    skips = (lambda s, e: _province_prefix(text[s:e]), lambda s, e: _place_tail(text, s))
    for skip in skips:
        k = skip(*nm)
        if k:
            seen.update(range(nm[0], nm[0] + k))
            nm = _name_at(text, nm[0] + k)
            if not nm:
                return None
    return nm


def _place(text: str, s: int, e: int) -> bool:
    """A province ("Hà Tĩnh", "Lâm Đồng"), or a district after its level word
    ("huyện Triệu Phong"): a place, not a person, though it starts with a surname."""
    name = text[s:e]
    if name in provinces() or _province_prefix(name):
        return True
    lx = _lex()
    if name.count(" ") == 1 and lx["place_level_rx"].search(text, max(0, s - 12), s):
        return True  # "xã Thạch Sơn", "phường Chu Phan": a two-syllable name after a local level
    before = _LAST_WORD.search(text, max(0, s - 12), s)
    return name in district_province() and bool(before) and before.group(1).lower() in lx["admin_words"]


def _roles_chained_before(text: str, rs: int, in_head) -> list[tuple[int, int]]:
    """The roles that end right before a dash or comma at `rs` (the start of a
    role written before a name), each a title and its body with no name in it."""
    lx = _lex()
    out: list[tuple[int, int]] = []
    while True:
        sep = _CHAIN_SEP.search(text, max(0, rs - 4), rs)
        if not sep:
            return out
        found = None
        for t in lx["title_rx"].finditer(text, max(0, sep.start() - 80), sep.start()):
            if in_head(t.start(), t.end()):
                continue
            s = t.start()
            fm = _LAST_WORD.search(text, max(0, s - 12), s)
            if fm and fm.group(1).lower() in lx["former"]:
                s = fm.start()
            inner = text[s:sep.start()]
            prev = _LAST_WORD.search(text, max(0, s - 20), s)
            if prev and prev.group(1)[:1].isupper() and not lx["trig_rx"].search(prev.group(0)):
                continue  # "Phủ Chủ tịch", "Ban Thường trực": a title word inside a name
            if lx["chain_not_after"].search(text, max(0, s - 12), s):
                continue  # "4 Bộ trưởng ...": a group, not an office
            if _role_end(text, t.end()) >= sep.start() and not _ROLE_BREAK.search(inner) and not any(
                    _name_at(text, c.start()) for c in _cap_word_start().finditer(text, t.end(), sep.start())):
                found = (s, sep.start())
                break  # the earliest title whose role runs up to the separator
        if not found:
            return out
        out.insert(0, found)
        rs = found[0]


_CHAIN_SEP = re.compile(r"(?:\s+[-–]|,)\s+\Z")


def _office_taken(text: str, pos: int) -> tuple[int, int] | None:
    """ "... được bầu giữ chức Bí thư Đảng ủy Phường 5": the office the sentence gives the person."""
    lx = _lex()
    end = min(len(text), pos + 100)
    stop = _SENTENCE_STOP.search(text[pos:end])
    end = pos + stop.start() if stop else end
    m = lx["office_taken"].search(text, pos, end)
    if not m:
        return None
    if any(_name_at(text, c.start()) for c in _cap_word_start().finditer(text, pos, m.start())):
        return None  # another person's office
    te = _title_end(text, m.end())
    return (m.end(), _role_end(text, te)) if te else None


def _persons(text: str, norm: Normalized, heads: list[re.Match]) -> tuple[list[PersonFact], list[tuple[int, int]]]:
    lx = _lex()
    persons: list[PersonFact] = []
    role_spans: list[tuple[int, int]] = []
    head_spans = [(h.start(), h.end()) for h in heads]

    def in_head(a: int, b: int) -> bool:
        return any(hs <= a and b <= he and (hs, he) != (a, b) for hs, he in head_spans)

    # a title right after a head that needs a name names that body ("Văn phòng Chủ tịch nước"); not after a
    # body standing on its own ("Quốc hội Bộ trưởng Trần Văn A")
    tail_ends = {h.end() for h in heads if lx["head_kind"].get(_head_key(h.group(1))) != "standalone"}

    def names_body(a: int) -> bool:
        return text[a - 1:a] == " " and a - 1 in tail_ends

    for tm in lx["title_rx"].finditer(text):
        if in_head(tm.start(), tm.end()) or names_body(tm.start()):
            continue
        role_spans.append((tm.start(), _role_end(text, tm.end())))
    seen = set()
    after_role_spans: list[tuple[int, int]] = []
    list_role: tuple[int, int] | None = None
    last_end = 0
    street_end: int | None = None  # the end of the last name read as a street's
    for m in lx["surname_rx"].finditer(text):  # _name_at finds nothing at other capitals
        s = m.start()
        if s in seen:
            continue
        nm = _name_at(text, s)
        if not nm:
            continue
        nm = _name_after_places(text, nm, seen)
        if not nm:
            continue
        ns, ne = nm
        if any(hs <= ns < he for hs, he in head_spans if " " in text[hs:he]):
            continue  # "Thành Đoàn | Trần Quang Vinh": the head is not part of the name
        for k in range(ns, ne):
            seen.add(k)
        if norm.blocked(ns, ne):
            continue
        if any(rs <= ns and ne <= re_ for rs, re_ in after_role_spans):
            continue  # "..., Phó Hiệu trưởng Trường Chính trị Phạm Hùng": part of a role
        if _place(text, ns, ne):
            continue  # "huyện Triệu Phong", "Hà Tĩnh"
        if lx["street_rx"].search(text, max(0, ns - 24), ns) or (
                street_end is not None and lx["list_joiner_rx"].fullmatch(text[street_end:ns])):
            street_end = ne  # "đường Bà Lê Chân, Lê Lợi": streets named after persons
            continue
        before = text[max(0, ns - 80):ns]
        roles: list[tuple[int, int]] = []
        shared: tuple[int, int] | None = None
        # role written before the name: "Bí thư Tỉnh ủy Chẩu Văn Lâm", "Đại tá Vũ Mạnh Lượng"
        pre = None
        for t in lx["title_rx"].finditer(before):
            if not in_head(ns - len(before) + t.start(), ns - len(before) + t.end()) \
                    and not names_body(ns - len(before) + t.start()):
                pre = t
        pre_start = None
        pre_role = None  # the role before the name, when words before it say several persons follow
        if pre is not None:
            pre_start = pre.start()
            fm = _LAST_WORD.search(before[:pre.start()])
            if fm and fm.group(1).lower() in lx["former"]:
                pre_start = fm.start()  # "nguyên Phó Chủ tịch UBND tỉnh Đỗ Văn Hậu"
        if pre is not None:
            between = before[pre.end():]
            rs = ns - len(before) + pre_start
            stopped = _role_end(text, ns - len(before) + pre.end()) < ns - 1  # "Bí thư ... cho biết đồng chí X"
            if not stopped and not _ROLE_BREAK.search(between) and len(between) < lx["role_before_max"]:
                if text[rs:ns].strip():
                    roles.append((rs, ns - len(text[rs:ns]) + len(text[rs:ns].rstrip())))
                    if lx["plural_rx"].search(text, max(0, rs - 20), rs):
                        pre_role = roles[-1]
                    # "Phó Chủ tịch - Tổng Thư ký Ủy ban X Trần Văn A", "Ủy viên Bộ Chính trị, Bí thư
                    # Thành ủy Y Trần Văn A": roles joined by a dash or comma before it
                    roles[0:0] = _roles_chained_before(text, rs, in_head)
            elif _BEFORE_COLON.fullmatch(between) and len(between) < lx["role_before_max"]:
                # "các đồng chí Phó Bí thư Tỉnh ủy: Lê Văn A và Trần Văn B": a role the list shares
                shared = (rs, rs + len(text[rs:ns].split(":")[0].rstrip()))
        if not roles and shared is None and list_role is not None and persons \
                and lx["list_joiner_rx"].fullmatch(text[last_end:ns]):
            shared = list_role  # the next name of the list (after the previous one's own roles)
        list_role = shared if shared is not None else pre_role
        if shared is not None:
            roles.append(shared)
        after, pos = _roles_after(text, ne)
        roles.extend(after)
        after_role_spans.extend(after)
        taken = _office_taken(text, pos)
        if taken:
            roles.append(taken)
            after_role_spans.append(taken)
        trigger = bool(lx["trig_rx"].search(before[-20:])) or bool(
            pre is not None and lx["trig_rx"].search(before[:pre.start()][-20:])) or bool(
            persons and persons[-1].end == last_end and lx["list_joiner_rx"].fullmatch(text[last_end:ns]))
        # the next name of a list of persons ("Bí thư A và B") is a person too, its role unknown
        if not roles and not trigger:
            continue
        role_texts, role_bodies = [], []
        for rs, re_ in roles:
            t = text[rs:re_].strip(" ,–-(")
            if t:
                role_texts.append(t)
                hm = lx["head_rx"].search(t)
                te = _title_end(t, 0, any_case=True)
                if hm and te and hm.end() < te:  # "Bộ trưởng | Bộ Y tế": a head inside the title is not the body
                    hm = lx["head_rx"].search(t, te)
                role_bodies.append(t[hm.start():].rstrip(" .,") if hm else None)
                role_spans.append((rs, re_))
        persons.append(PersonFact(text=text[ns:ne], start=ns, end=ne, name=text[ns:ne], roles=role_texts,
                                  role_bodies=role_bodies))
        last_end = max([ne] + [b for a, b in roles if a >= ne])
    return persons, role_spans


@functools.lru_cache(maxsize=1)
def _stop_rx() -> re.Pattern:
    r = load_rules()
    alts = [r.lex_regex(x) for x in ("predicates", "unit_stopwords", "non_count_units")]
    return re.compile(r"(?:" + "|".join(alts) + r")(?![^\W\d_])", re.IGNORECASE)


class _TokenEnds:
    """syllable start -> end of the underthesea word it begins, for words of
    several syllables ("Doanh nghiệp"); a word is cut before a verb or function
    word that underthesea glued to a name ("Cửa Lò xếp" -> "Cửa Lò").
    Worked out for a word when a position in it is asked for: NER asks at a
    few capitalized words, an article has hundreds of words (and a
    segmentation made on demand segments only the sentences asked about)."""

    def __init__(self, seg: Segmented | None, text: str):
        self.text = text
        self.seg = seg
        self.on_demand = seg is not None and seg.on_demand
        self.words: dict[tuple[int, int], dict[int, int]] = {}

    def get(self, pos: int) -> int | None:
        w = self.seg.word_at(pos) if self.seg is not None else None
        if w is None:
            return None
        if w not in self.words:
            self.words[w] = self._word(*w)
        return self.words[w].get(pos)

    def whole(self, pos: int) -> int | None:
        """The end of underthesea's word that starts at pos, uncut ("Nhi
        đồng", where "đồng" is also a unit); None when no word of several
        syllables starts there."""
        w = self.seg.word_at(pos) if self.seg is not None else None
        return w[1] if w is not None and w[0] == pos and "\n" not in self.text[w[0]:w[1]] else None

    def _word(self, ws: int, we: int) -> dict[int, int]:
        word = self.text[ws:we]
        if "\n" in word:
            return {}
        sylls = [(m.start(), m.end()) for m in _NOT_SPACE.finditer(word)]
        if not 2 <= len(sylls) <= 7:
            return {}
        stop = _stop_rx()
        joiners = _lex()["joiners"]
        end = sylls[0][1]
        for i, (a, b) in enumerate(sylls[1:], 1):
            if word[a].islower() and stop.match(self.text, ws + a) and not (
                    word[a:b] in joiners and i + 1 < len(sylls) and word[sylls[i + 1][0]].isupper()):
                break  # "Cửa Lò xếp": a verb glued to a name; "Giáo dục và Đào tạo" is one name
            end = b
        return {ws + a: ws + end for a, _ in sylls if a < end}


@functools.lru_cache(maxsize=1)
def _doc_type_rx() -> re.Pattern:
    return re.compile(load_rules().lex_regex("doc_types"), re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def _head_key(h: str) -> str:
    """The lexicon form of a head as matched ("Ban chấp hành" -> "Ban Chấp hành")."""
    lx = _lex()
    f = _SPACES.sub(" ", fold(h))
    if f in lx["head_kind"]:
        return f
    for k in lx["head_kind"]:
        if k.lower() == f.lower():
            return k
    return f


def _inner_word_at(text: str, pos: int) -> bool:
    """A lower-case word that occurs inside names ("trung học phổ thông") starts at pos."""
    lx = _lex()
    low = text[pos:pos + _lex()["words_len"]].lower()
    return any(lx["words"][k] == "inner" for k in _name_words_at(low))


def _ends_word(text: str, pos: int) -> bool:
    """Whether no underthesea word can run on past pos into what _body_end
    would not read as the next capitalized syllable anyway: punctuation (a word
    spanning it is not taken), a line end, or a space and a plain capitalized
    syllable ("Quảng Ninh"; not "XIV." or "GD-ĐT", which _WORD reads whole),
    or a space and a lower-case stop word, where _TokenEnds cuts any word
    (pos ends a syllable: a word through it would end at pos all the same)."""
    c = text[pos:pos + 1]
    if c in ("", "\n", ",", ";", ".", "(", ")"):
        return True
    if c != " ":
        return False
    m = _WORD.match(text, pos + 1)
    if m and m.group(0)[0].isupper() and m.group(0).isalpha():
        return True
    return text[pos + 1:pos + 2].islower() and bool(_stop_rx().match(text, pos + 1))


def _person_at(text: str, pos: int) -> bool:
    """A person's name of three or more syllables starts at pos ("Bộ Y tế |
    Nguyễn Văn A"), not a place's ("Thái Bình Dương", "Hồ Chí Minh")."""
    nm = _name_at(text, pos)
    if nm is None:
        return False
    name = text[nm[0]:nm[1]]
    return len(name.split()) >= 3 and name not in provinces() and not _province_prefix(name)


def _role_of_person_after(text: str, start: int, end: int) -> bool:
    """The body start:end names a person's place: a person's name follows
    it ("[Tổng Thư ký] Quốc hội | Nguyễn Văn A", a title the lexicon may not
    know), or a title stands before it and "ông"/"bà" and the name after it:
    it is that person's role (SPEC), not a body mention."""
    if text[end:end + 1] != " ":
        return False
    if _person_at(text, end + 1):
        return True
    w = _WORD.match(text, end + 1)
    return bool(_lex()["title_before_rx"].search(text, max(0, start - 40), start) and w
                and _lex()["trig_rx"].search(text, end + 1, w.end() + 1) and _person_at(text, w.end() + 1))


def _inside_person(text: str, pos: int) -> bool:
    """A person's name of three or more syllables starts one or two words
    before pos and runs over it ("Thư ký Lê | Bộ Lĩnh"), not at the start of
    a sentence, where a capital is no sign of a name ("Từ Trường Trung học")."""
    q = pos
    for _ in range(2):
        m = _LAST_WORD.search(text, max(0, q - 12), q)
        if not m or not _is_name_syl(m.group(1)):
            return False
        q = m.start(1)
        nm = _name_at(text, q)
        if nm and nm[1] > pos and _person_at(text, q):
            return not _SENTENCE_START.search(text, max(0, q - 4), q)
    return False


def _name_part_end(text: str, p: int, tok_ends: _TokenEnds) -> int | None:
    """The end of one part of a name written after a comma or a dash ("Bộ
    Văn hóa, | Thể thao và Du lịch"): a capitalized word (underthesea's, so
    "Thể thao" is whole) that does not start another body, a title, a person
    or a province; None when none starts at p."""
    lx = _lex()
    inner = next(_name_words_at(text[p:p + lx["words_len"]]), None)
    if inner and lx["words"][inner] == "inner" and text[p].islower():
        return p + len(inner)  # "Sở Tài nguyên - môi trường": a lower-case word of names
    m = _NAME_SYL.match(text, p)
    if not m or lx["head_rx"].match(text, p) or lx["title_rx"].match(text, p) or _person_at(text, p):
        return None
    e = m.end()
    te = tok_ends.whole(p) or tok_ends.get(p)  # "và Môi trường": a word that starts before p
    if te and te > e and not _WORD_BREAK.search(text[p:te]) and text[e + 1:te] == text[e + 1:te].lower():
        for w in _NOT_SPACE.finditer(text, e + 1, te):  # "Thương binh và": the joiner is not the part's
            if w.group(0) in lx["joiners"]:
                break
            e = w.end()
    if text[p:e] in provinces() or not _PART_AFTER.match(text, e):
        return None
    return e


def _parts_after(text: str, pos: int, comma: bool, tok_ends: _TokenEnds) -> int | None:
    """Where a name whose parts are joined by commas and "và" or by a dash
    ends, read from pos (the separator after its first part): "Bộ Văn hóa|,
    Thể thao và Du lịch", "Ủy ban Tài chính| - Ngân sách"; None when what
    follows is not such a part (a list of bodies, a person, a place)."""
    lx = _lex()
    m = _DASH_PART.match(text, pos)
    if m:
        e = _name_part_end(text, m.end(), tok_ends)
        if e is None:
            return None
        a = lx["and_part"].match(text, e)
        e2 = _name_part_end(text, a.end(), tok_ends) if a else None
        e = e2 or e
        # "Ngân hàng Đức - Deutsche Bank": a part followed by another capitalized word is a new name
        n = _NAME_SYL.match(text, e + 1) if text[e:e + 1] == " " else None
        if n and not lx["head_rx"].match(text, e + 1) and not _person_at(text, e + 1):
            return None
        return e
    if not comma:
        return None
    e = pos
    for _ in range(3):
        c = _COMMA_PART.match(text, e)
        if not c:
            break
        e = _name_part_end(text, c.end(), tok_ends)
        if e is None:
            return None
        a = lx["and_part"].match(text, e)
        if a:
            return _name_part_end(text, a.end(), tok_ends)
    return None


def _body_end(text: str, start: int, head_end: int, kind: str, tok_ends: _TokenEnds,
              head: str = "") -> int | None:
    lx = _lex()
    words = lx["words"]
    pos = head_end
    end = head_end
    got_name = False
    got_admin = False
    # the name read so far is whole, so a capitalized run after it may be a person ("Bộ Y tế | Lê Văn A")
    named = kind == "standalone"
    last_head = head
    prev_word = text[start:head_end].split()[-1] if text[start:head_end].split() else ""
    caps_of_line: list[bool] = []

    def caps() -> bool:  # read only where a capital matters: an article's lines are long
        if not caps_of_line:
            caps_of_line.append(_caps_line(text, start))
        return caps_of_line[0]

    while True:
        if named and end == pos and text[pos:pos + 1] in (",", " ") and not got_admin:
            # "Bộ Văn hóa, Thể thao và Du lịch", "Ủy ban Tài chính - Ngân sách"
            pe = _parts_after(text, pos, last_head in lx["separator_heads"], tok_ends)
            if pe is not None:
                pos = end = pe
                continue
        if text[pos:pos + 1] != " ":
            # "TP. Vũng Tàu" keeps its dot
            break
        p = pos + 1
        hm = lx["head_rx"].match(text, p)
        if not hm and pos == head_end:
            hm = lx["lower_rx"].match(text, p)  # "Ban Chấp hành đảng bộ tỉnh": the organ of a lower-case unit
        if hm and hm.group(1) not in lx["stop_heads"]:
            pos = end = hm.end()
            got_name = True
            prev_word = hm.group(1).split()[-1]
            last_head = _head_key(hm.group(1))
            named = lx["head_kind"].get(last_head) == "standalone"
            continue
        wm = _WORD.match(text, p) or _AMP.match(text, p)  # "Bộ Thông tin & Truyền thông": "&" joins
        if not wm:
            break
        w = wm.group(0).rstrip(".") if not _allcaps(wm.group(0).rstrip(".")) else wm.group(0)
        wend = p + len(w)
        low = text[p:p + lx["words_len"]].lower()  # "Chi cục Thi hành án dân sự": name words in any case
        matched_word = next(_name_words_at(low), None)
        if matched_word and w[:1].isupper() and words[matched_word] != "inner" and not caps():
            matched_word = None  # "Khối", "Tỉnh" written as names: read as a capitalized name below
        if matched_word:
            kind_w = words[matched_word]
            if kind_w == "admin" and got_admin and got_name:
                break  # "đảng bộ xã Văn Xá | huyện Kim Bảng": a second place is a location
            pos = p + len(matched_word)
            if kind_w in ("admin", "inner"):
                end = pos
            if kind_w == "admin":
                got_admin = True
            named = False
            if w[:1].isupper() and not caps():
                got_name = True  # "Trường Chính trị": an inner word written as a name
            prev_word = matched_word
            continue
        if w.lower() in lx["joiners"] and words.get(prev_word.lower()) in ("link", "inner") and not caps():
            after = next(_name_words_at(text[wend + 1:wend + 26].lower()), None)
            if after and words[after] in ("link", "inner"):
                pos = wend  # "Khối các cơ quan và doanh nghiệp tỉnh": name words joined
                prev_word = w
                continue
        if w.lower() in lx["joiners"] and got_name and not caps():
            nxt = _WORD.match(text, wend + 1)
            if nxt and nxt.group(0)[0].isupper() and not lx["head_rx"].match(text, wend + 1) \
                    and not lx["title_rx"].match(text, wend + 1) \
                    and not _doc_type_rx().match(text, wend + 1) and prev_word.lower() not in lx["admin_words"]:
                pos = wend  # "Khối Cơ quan và Doanh nghiệp": one name; "UBND tỉnh và Đảng ủy": two
                prev_word = w
                named = False
                continue
            break
        if w[:1].isdigit():
            if prev_word.lower() in lx["numbered_after"]:
                pos = end = wend
                got_name = True
                prev_word = w
                named = False
                continue
            break
        if (_cap(w) or _allcaps(w)) and not caps():
            if w.endswith(".") and w[:-1] not in lx["dotted_levels"] and _cap(text[wend + 1:wend + 2]) \
                    and text[wend:wend + 1] == " ":
                end = wend - 1  # "Sở Y tế TP.HCM. Sau đó": the dot ends the sentence ("TP. Vũng Tàu" goes on)
                break
            if named and last_head not in lx["person_heads"] and (
                    _person_at(text, p) or (lx["trig_rx"].search(text, p, wend + 1) and _person_at(text, wend + 1))):
                break  # "Sở Y tế | Nguyễn Văn A", "Bộ Chính trị | Ông Lê Văn A": a person after the body
            tm = lx["title_rx"].match(text, p)
            if tm and named:
                break  # "Quốc hội | Bí thư Thành ủy": a title after a whole name
            if tm:  # "Văn phòng Tổng Bí thư", "Ban Giám đốc": a title right after the head is its name
                pos = end = tm.end()
                got_name = named = True
                prev_word = tm.group(0).split()[-1]
                continue
            # on demand, underthesea's word is not asked for where punctuation ends the
            # word or a plain capitalized syllable follows (read one by one here
            # anyway): only where it may run on ("Doanh nghiệp", "GD&ĐT", "XIV.").
            # The same facts as asking everywhere: tests/test_segment.py
            te = tok_ends.get(p) if not tok_ends.on_demand or not _ends_word(text, wend) else None
            if te and _allcaps(w) and text[wend:te] == text[wend:te].lower():
                te = None  # "Bộ KH&ĐT | đầu tháng": an abbreviation does not run into lower-case words
            pos = end = te if te and te > wend and not _WORD_BREAK.search(text[p:te]) else wend
            got_name = True
            named = True
            prev_word = w
            continue
        break
    if kind == "tail" and not (got_name or got_admin):
        return None
    return end


def _bodies(text: str, norm: Normalized, doc: Segmented | None, excluded: list[tuple[int, int]],
            heads: list[re.Match], roles: list[tuple[int, int]] = ()) -> list[BodyFact]:
    """Named organizations; spans in `excluded` (names, document numbers) are
    not bodies, nor is a body in a role of `roles` that starts at or before it
    ("Bí thư | Tỉnh ủy"): a role word read inside a body's name ("Bộ Tài
    nguyên": "nguyên" is also "former") does not remove the body."""
    lx = _lex()
    tok_ends = _TokenEnds(doc, text)
    cands: list[tuple[int, int]] = []
    bare_lower: list[tuple[int, int]] = []
    for found, lower in ((heads, False), (lx["lower_rx"].finditer(text), True)):
        for m in found:
            s = m.start()
            head = _head_key(m.group(1))
            kind = lx["head_kind"].get(head, "tail") if not lower else "tail"
            if lower and m.group(1)[0].isupper():
                continue
            before = text[max(0, s - 16):s]
            if any(head.lower().startswith(h.lower()) and rx.search(before) for rx, h in lx["not_head_after"]):
                continue  # "Đại hội" is a congress, not a "Hội"; "đại biểu Quốc hội" a role
            nb = lx["not_before"].get(head)
            if nb is not None and nb.match(text, m.end()):
                continue  # "Bộ luật Hình sự": a legal code, not a ministry
            kind_rx = lx["kinds_after"].get(head)
            if kind_rx is not None and not kind_rx.match(text, m.end()) and not _person_at(text, m.end() + 1):
                continue  # "Trường Chinh", "Trường Sa": a name, not a school ("Trường Lê Văn Tám" is one)
            if len(head.split()) == 1 and _person_at(text, s):
                continue  # "Đoàn Khắc Việt": a surname that is also a head starts a person's name
            if len(head.split()) == 1 and _place_named_at(text, s):
                continue  # "Hội An": a town whose first syllable is a head
            if kind_rx is None and _inside_person(text, s):
                continue  # "Lê Bộ Lĩnh", "Trần Trường Thủy": a person's name
            e = _body_end(text, s, m.end(), kind, tok_ends, head)
            if e is None:
                continue
            if head in lx["abbr_closed"]:
                am = _ABBR_CLOSE.match(text, e)
                if am:
                    e = am.end(1)  # "Công ty Quản lý tài sản ... (VAMC)": the abbreviation closes the name
            if _role_of_person_after(text, s, e):
                continue  # "Tổng Thư ký Quốc hội Nguyễn Văn A": the body of a role (SPEC), not a body mention
            if lower:
                seg = text[m.end():e]
                # lower-case heads only with a named place: "đảng bộ xã Văn Xá"; a bare "đảng bộ xã"
                # only as the re-mention of a name the article gives (checked below)
                if not any(w[0].isupper() and w not in lx["not_place_names"] for w in seg.split()):
                    if e > m.end() and lx["words"].get(fold(seg.strip()).lower()) == "admin" \
                            and not lx["plural_before"].search(text[max(0, s - 14):s]):
                        bare_lower.append((s, e))
                    continue
            # heads that need a proper name, not only an admin level
            if kind == "tail" and head in lx["need_name"] and not (text[m.end() + 1:m.end() + 2].isupper() or (
                    _inner_word_at(text, m.end() + 1) and any(w[:1].isupper() for w in text[m.end():e].split()))):
                continue  # "Trường học", "Hội nghị", "Hội trường"; "Trường trung học phổ thông Nam Kỳ" is a name
            if lx["plural_before"].search(text[max(0, s - 14):s]):
                continue  # counted units: "các cấp ủy", "67 tổ chức cơ sở Đảng"
            cands.append((s, e))
    # "đảng bộ xã" after "Đảng bộ xã Văn Xá": a re-mention of a name the article gives
    named = {_SPACES.sub(" ", text[a:b]).lower() for a, b in cands}
    for a, b in bare_lower:
        short = _SPACES.sub(" ", text[a:b]).lower()
        if any(n.startswith(short + " ") for n in named):
            cands.append((a, b))
    out = []
    for s, e in longest_non_overlapping(cands):  # longest span wins among overlapping candidates
        while e > s and text[e - 1] in ".,":
            e -= 1
        if norm.blocked(s, e):
            continue
        if any(s < xe and xs < e for xs, xe in excluded) or any(xs <= s < xe for xs, xe in roles):
            continue
        if lx["plural_after"].match(text, e, e + 24) or lx["plural_levels"].search(text, max(0, s - 10), s):
            continue  # "UBND các huyện": a generic plural
        if _head_key(text[s:e]) in lx["head_kind"] and lx["generic_scope"].search(text, max(0, s - 200), s):
            continue  # "Ở các nước, ... trình Quốc hội": other countries' parliaments in general
        t = text[s:e]
        out.append(BodyFact(text=t, start=s, end=e, canonical=t))
    return out


def needs_words(sentence: str) -> bool:
    """Whether NER reads underthesea's words in this sentence: only where a
    body head starts a name it may extend ("Đảng ủy Khối Doanh nghiệp")."""
    lx = _lex()
    return bool(lx["head_rx"].search(sentence) or lx["lower_rx"].search(sentence))


def ner(doc: Segmented | None, norm: Normalized, excluded: list[tuple[int, int]] | None = None) -> NerResult:
    """Bodies and persons of one article. `excluded`: spans where no body may
    be read (document numbers found by the rule stage)."""
    text = norm.text
    heads = list(_lex()["head_rx"].finditer(text))
    persons, role_spans = _persons(text, norm, heads)
    name_spans = [(p.start, p.end) for p in persons]
    bodies = _bodies(text, norm, doc, name_spans + list(excluded or []), heads, role_spans)
    return NerResult(bodies=bodies, persons=persons, role_spans=role_spans)
