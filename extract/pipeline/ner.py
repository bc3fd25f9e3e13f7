"""Stage 4: NER. Bodies (named organizations) and persons with their roles.

A rule component in the manner of spaCy's span ruler: the patterns are data
(rules/lexicons/body_heads.yaml, body_words.yaml, titles.yaml, surnames.yaml,
person_triggers.yaml); matching runs on normalized characters and uses the
underthesea words of the Doc only to keep compound words whole ("Doanh
nghiệp", "Nông dân"). One public function, `ner`; `vnfacts_ner` registers
the same as a spaCy pipeline component writing doc.spans.
"""
from __future__ import annotations

import bisect
import functools
import re
import sys
from types import EllipsisType

from pydantic import BaseModel, ConfigDict
from spacy.tokens import Doc
from vnfacts.models import BodyFact, PersonFact
from vnfacts.pipeline.lexical import _caps_line
from vnfacts.pipeline.normalize import Normalized
from vnfacts.ruledata import load_rules
from vnfacts.text.gazetteer import article_province, provinces
from vnfacts.text.textnorm import fold

_WORD = re.compile(r"\w+(?:[.\-]\w+)*\.?")


class NerResult(BaseModel):
    model_config = ConfigDict(extra="forbid")
    bodies: list[BodyFact] = []
    persons: list[PersonFact] = []
    role_spans: list[tuple[int, int]] = []


@functools.lru_cache(maxsize=1)
def _lex():
    r = load_rules()
    heads = r.lex("body_heads")
    head_kind = {fold(e.text): e.value for e in heads.items()}
    head_alts = sorted(head_kind, key=len, reverse=True)
    # case-sensitive heads; the first letter may be lower case for a few
    def alt(h: str) -> str:
        # the first letter as written, the rest in any case ("Ban chấp hành Trung ương")
        rest = re.escape(h[1:]).replace(r"\ ", r"\s+")
        return re.escape(h[0]) + (f"(?i:{rest})" if rest else "")

    head_rx = re.compile(r"(?<![^\W\d_])(" + "|".join(alt(h) for h in head_alts) + r")(?![^\W\d_])")
    lower_heads = {"đảng bộ", "chi bộ", "đảng ủy", "ủy ban"}
    lower_rx = re.compile(r"(?<![^\W\d_])(" + "|".join(lower_heads) + r")(?![^\W\d_])")
    words = {fold(e.text): e.value for e in r.lex("body_words").items()}
    titles = sorted({fold(e.text) for e in r.lex("titles").items()}, key=len, reverse=True)
    title_rx = re.compile(r"(?<![^\W\d_])(" + "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in titles) + r")(?![^\W\d_])")
    triggers = sorted({fold(e.text) for e in r.lex("person_triggers").items()}, key=len, reverse=True)
    trig_rx = re.compile(r"(?<![^\W\d_])(?:" + "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in triggers) + r")\s+$")
    surnames = {fold(e.text) for e in r.lex("surnames").items()}
    abbr = r.lex("abbreviations").mapping()
    return dict(head_kind=head_kind, head_rx=head_rx, lower_rx=lower_rx, words=words, title_rx=title_rx,
                trig_rx=trig_rx, surnames=surnames, abbr=abbr,
                words_longest_first=sorted(words, key=len, reverse=True),
                abbr_rx=re.compile(r"(?<![^\W\d_])(?:" + "|".join(re.escape(k) for k in sorted(abbr, key=len, reverse=True))
                                   + r")\.?(?![^\W\d_])", re.IGNORECASE))


# where a role ends: only its start is read. Whitespace is matched once per
# branch ("\s*(?:...|\s+word)" backtracked the run for every branch: cubic in a run of spaces)
_ROLE_STOP = re.compile(
    r"[^\S\n]*(?:[,;:()\n“”\"]|\.(?:\s|$))|\s+(?:[–-]\s|(?:chủ\s+trì|đến\s+dự|dự|phát\s+biểu|trao|tặng|tham\s+dự|cùng|và\s+các|đã|đang|sẽ|"
    r"tại|cho|yêu\s+cầu|đề\s+nghị|nhấn\s+mạnh|khẳng\s+định|được|giữ|triển\s+khai|quán\s+triệt|trình\s+bày|biểu\s+dương|"
    r"kết\s+luận|chỉ\s+đạo|cho\s+biết|thăm|làm|với|về|nêu|khai\s+mạc|bế\s+mạc|điều\s+hành|chúc\s+mừng|ghi\s+nhận|tiếp\s+tục)(?![^\W\d_]))")
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


def _cap(w: str) -> bool:
    return w[:1].isupper()


def _allcaps(w: str) -> bool:
    letters = [c for c in w if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _name_at(text: str, pos: int) -> tuple[int, int] | None:
    """A run of 2-5 capitalized syllables starting at pos whose first is a surname."""
    lx = _lex()
    m = _NAME_SYL.match(text, pos)
    if not m or m.group(0) not in lx["surnames"]:
        return None  # most capitals do not start a name: no need to read on
    syl = []
    p = pos
    while len(syl) < 5:
        m = _NAME_SYL.match(text, p)
        if not m:
            break
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
    # a name does not run into a body head ("Nguyễn Văn A Bí thư ...")
    end = syl[-1][1]
    return syl[0][0], end


def _role_end(text: str, pos: int) -> int:
    m = _ROLE_STOP.search(text, pos, min(len(text), pos + 120))
    return m.start() if m else min(len(text), pos + 120)


def _roles_after(text: str, pos: int) -> tuple[list[tuple[int, int]], int]:
    """Comma-separated roles after a name: ", Tỉnh ủy viên, Bí thư Đảng ủy Khối"."""
    lx = _lex()
    roles = []
    while True:
        m = re.match(r"\s*(?:,|[–-]|\()\s*", text[pos:pos + 6])
        if not m:
            break
        s = pos + m.end()
        tm = lx["title_rx"].match(text, s)
        if not tm:
            break
        e = _role_end(text, tm.end())
        if tm.group(1) == "nguyên":
            tm2 = lx["title_rx"].match(text, tm.end() + 1)
            if not tm2:
                break
            e = _role_end(text, tm2.end())
        roles.append((s, e))
        pos = e
    return roles, pos


def _persons(text: str, norm: Normalized) -> tuple[list[PersonFact], list[tuple[int, int]]]:
    lx = _lex()
    persons: list[PersonFact] = []
    role_spans: list[tuple[int, int]] = []
    head_spans = [(h.start(), h.end()) for h in lx["head_rx"].finditer(text)]

    def in_head(a: int, b: int) -> bool:
        return any(hs <= a and b <= he and (hs, he) != (a, b) for hs, he in head_spans)

    for tm in lx["title_rx"].finditer(text):
        if in_head(tm.start(), tm.end()):
            continue
        role_spans.append((tm.start(), _role_end(text, tm.end())))
    seen = set()
    after_role_spans: list[tuple[int, int]] = []
    for m in _cap_word_start().finditer(text):
        s = m.start()
        if s in seen:
            continue
        nm = _name_at(text, s)
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
        if text[ns:ne] in provinces():
            continue
        before = text[max(0, ns - 80):ns]
        roles: list[tuple[int, int]] = []
        # role written before the name: "Bí thư Tỉnh ủy Chẩu Văn Lâm", "Đại tá Vũ Mạnh Lượng"
        pre = None
        for t in lx["title_rx"].finditer(before):
            if not in_head(ns - len(before) + t.start(), ns - len(before) + t.end()):
                pre = t
        if pre is not None:
            between = before[pre.end():]
            if not re.search(r"[,;:.()\n–]", between) and len(between) < 60:
                rs = ns - len(before) + pre.start()
                if text[rs:ns].strip():
                    roles.append((rs, ns - len(text[rs:ns]) + len(text[rs:ns].rstrip())))
        after, _ = _roles_after(text, ne)
        roles.extend(after)
        after_role_spans.extend(after)
        trigger = bool(lx["trig_rx"].search(before[-20:])) or bool(
            pre is not None and lx["trig_rx"].search(before[:pre.start()][-20:]))
        if not roles and not trigger:
            continue
        role_texts = []
        for rs, re_ in roles:
            t = text[rs:re_].strip(" ,–-(")
            if t:
                role_texts.append(t)
                role_spans.append((rs, re_))
        persons.append(PersonFact(text=text[ns:ne], start=ns, end=ne, name=text[ns:ne], roles=role_texts))
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
    few capitalized words, an article has hundreds of words."""

    def __init__(self, doc: Doc | None, text: str):
        self.text = text
        spans = [] if doc is None else doc.user_data.get("multi_syllable_words")
        if spans is None:  # a Doc not made by vnfacts.pipeline.segment
            spans = [(t.idx, t.idx + len(t.text)) for t in doc if " " in t.text]
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]
        self.words: dict[int, dict[int, int]] = {}

    def get(self, pos: int) -> int | None:
        i = bisect.bisect_right(self.starts, pos) - 1
        if i < 0 or pos >= self.spans[i][1]:
            return None
        if i not in self.words:
            self.words[i] = self._word(*self.spans[i])
        return self.words[i].get(pos)

    def _word(self, ws: int, we: int) -> dict[int, int]:
        word = self.text[ws:we]
        if "\n" in word:
            return {}
        sylls = [(m.start(), m.end()) for m in re.finditer(r"\S+", word)]
        if not 2 <= len(sylls) <= 5:
            return {}
        stop = _stop_rx()
        end = sylls[0][1]
        for a, b in sylls[1:]:
            if word[a].islower() and stop.match(self.text, ws + a):
                break
            end = b
        return {ws + a: ws + end for a, _ in sylls if a < end}


_ADMIN_WORDS = {"tỉnh", "huyện", "quận", "xã", "phường", "thị xã", "thị trấn", "thành phố", "thôn", "bản", "ấp"}


@functools.lru_cache(maxsize=1)
def _doc_type_rx() -> re.Pattern:
    return re.compile(load_rules().lex_regex("doc_types"), re.IGNORECASE)


def _head_key(h: str) -> str:
    """The lexicon form of a head as matched ("Ban chấp hành" -> "Ban Chấp hành")."""
    lx = _lex()
    f = re.sub(r"\s+", " ", fold(h))
    if f in lx["head_kind"]:
        return f
    for k in lx["head_kind"]:
        if k.lower() == f.lower():
            return k
    return f


def _body_end(text: str, start: int, head_end: int, kind: str, tok_ends: _TokenEnds) -> int | None:
    lx = _lex()
    words = lx["words"]
    pos = head_end
    end = head_end
    got_name = False
    got_admin = False
    prev_word = text[start:head_end].split()[-1] if text[start:head_end].split() else ""
    caps = _caps_line(text, start)
    while True:
        if text[pos:pos + 1] != " ":
            # "TP. Vũng Tàu" keeps its dot
            break
        p = pos + 1
        hm = lx["head_rx"].match(text, p)
        if hm and hm.group(1) not in ("Ban", "Hội", "Đoàn", "Bộ"):
            pos = end = hm.end()
            got_name = True
            prev_word = hm.group(1).split()[-1]
            continue
        wm = _WORD.match(text, p)
        if not wm:
            break
        w = wm.group(0).rstrip(".") if not _allcaps(wm.group(0).rstrip(".")) else wm.group(0)
        wend = p + len(w)
        low = text[p:p + 25].lower() if caps else text[p:p + 25]
        matched_word = None
        for k in lx["words_longest_first"]:
            if low.startswith(k) and not (len(low) > len(k) and low[len(k)].isalpha()):
                matched_word = k
                break
        if matched_word:
            kind_w = words[matched_word]
            if kind_w == "admin" and got_admin and got_name:
                break  # "đảng bộ xã Văn Xá | huyện Kim Bảng": a second place is a location
            pos = p + len(matched_word)
            if kind_w in ("admin", "inner"):
                end = pos
            if kind_w == "admin":
                got_admin = True
            prev_word = matched_word
            continue
        if w.lower() == "và" and got_name and not caps:
            nxt = _WORD.match(text, wend + 1)
            if nxt and nxt.group(0)[0].isupper() and not lx["head_rx"].match(text, wend + 1) \
                    and not _doc_type_rx().match(text, wend + 1) and prev_word.lower() not in _ADMIN_WORDS:
                pos = wend  # "Khối Cơ quan và Doanh nghiệp": one name; "UBND tỉnh và Đảng ủy": two
                prev_word = "và"
                continue
            break
        if w[:1].isdigit():
            if prev_word.lower() in ("phường", "quận", "số", "khu", "tổ", "xã", "phố", "đạo", "khu phố") or prev_word == "số":
                pos = end = wend
                got_name = True
                prev_word = w
                continue
            break
        if (_cap(w) or _allcaps(w)) and not caps:
            te = tok_ends.get(p)
            pos = end = te if te and te > wend and not re.search(r"[,;.()]", text[p:te]) else wend
            got_name = True
            prev_word = w
            continue
        break
    if kind == "tail" and not (got_name or got_admin):
        return None
    return end


def _canonical(body: str, province: str | None) -> str:
    lx = _lex()
    abbr = lx["abbr"]

    def sub(m: re.Match) -> str:
        w = m.group(0)
        v = abbr.get(w.lower()) if (w.isupper() or "." in w) else None
        return v or w

    out = lx["abbr_rx"].sub(lambda m: sub(re.match(r"[^.]+(?:\.[^\W\d_]+)?", m.group(0))) if m.group(0) else m.group(0), body)
    out = re.sub(r"\b(Đảng ủy|Đảng bộ) khối\b", r"\1 Khối", out)
    out = re.sub(r"\bBan chấp hành\b", "Ban Chấp hành", out)
    out = re.sub(r"\s+", " ", out)
    if province and re.search(r"(?:\btỉnh|\bthành phố|^(?:Tỉnh ủy|Thành ủy|Hội đồng nhân dân|Ủy ban nhân dân)(?: tỉnh)?)$", out):
        if out in ("Tỉnh ủy", "Thành ủy") or out.endswith(("tỉnh", "thành phố")):
            out = f"{out} {province}"
    return out


def _bodies(text: str, norm: Normalized, doc: Doc | None, excluded: list[tuple[int, int]],
            province: str | None) -> list[BodyFact]:
    """Named organizations; spans in `excluded` (roles, names, document
    numbers) are not bodies."""
    lx = _lex()
    tok_ends = _TokenEnds(doc, text)
    cands: list[tuple[int, int]] = []
    for rx, lower in ((lx["head_rx"], False), (lx["lower_rx"], True)):
        for m in rx.finditer(text):
            s = m.start()
            head = _head_key(m.group(1))
            kind = lx["head_kind"].get(head, "tail") if not lower else "tail"
            if lower and m.group(1)[0].isupper():
                continue
            if re.search(r"(?i:đại)\s+\Z", text[max(0, s - 5):s]) and head.lower().startswith("hội"):
                continue  # "Đại hội" is a congress, not a "Hội"
            e = _body_end(text, s, m.end(), kind, tok_ends)
            if e is None:
                continue
            if lower:
                seg = text[m.end():e]
                # lower-case heads only with a named place: "đảng bộ xã Văn Xá"
                if not any(w[0].isupper() and w != "Đảng" for w in seg.split()):
                    continue
            # heads that need a proper name, not only an admin level
            if kind == "tail" and head in ("Ban", "Hội", "Đoàn", "Bộ", "Sở", "Cục", "Trường", "Trung tâm", "Công ty",
                                           "Văn phòng", "Liên đoàn", "Quân khu", "Ngân hàng", "Học viện", "Tổng cục",
                                           "Chi cục", "Ủy ban", "Bưu điện"):
                nxt = text[m.end() + 1:m.end() + 2]
                if not nxt.isupper():
                    continue
            before = text[max(0, s - 12):s].lower()
            if re.search(r"(?:(?<![^\W\d_])(?:các|những)|(?<!thứ)(?<!số)(?:^|\s)\d+(?:[.,]\d+)*)\s+\Z", before):
                continue  # counted units: "các cấp ủy", "67 tổ chức cơ sở Đảng"
            cands.append((s, e))
    # longest span wins among overlapping candidates
    cands.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    chosen: list[tuple[int, int]] = []
    for c in cands:
        if any(c[0] < o[1] and o[0] < c[1] for o in chosen):
            continue
        chosen.append(c)
    out = []
    for s, e in sorted(chosen):
        while e > s and text[e - 1] in ".,":
            e -= 1
        if norm.blocked(s, e):
            continue
        if any(s < xe and xs < e for xs, xe in excluded):
            continue
        if re.match(r"\s+các\s+(?:tỉnh|huyện|quận|xã|phường|thành\s+phố|thị\s+xã|cấp)", text[e:e + 20]) or \
                re.search(r"các\s+cấp\s+\Z", text[max(0, s - 10):s]):
            continue  # "UBND các huyện", "Hội Phụ nữ các cấp": generic plurals
        t = text[s:e]
        out.append(BodyFact(text=t, start=s, end=e, canonical=_canonical(t, province)))
    return out


def needs_words(sentence: str) -> bool:
    """Whether NER reads underthesea's words in this sentence: only where a
    body head starts a name it may extend ("Đảng ủy Khối Doanh nghiệp")."""
    lx = _lex()
    return bool(lx["head_rx"].search(sentence) or lx["lower_rx"].search(sentence))


def ner(doc: Doc | None, norm: Normalized, excluded: list[tuple[int, int]] | None = None,
        province: str | None | EllipsisType = ...) -> NerResult:
    """Bodies and persons of one article. `excluded`: spans where no body may
    be read (document numbers found by the rule stage). `province`: the
    article's province (vnfacts.text.gazetteer.article_province), when `norm`
    is a window of a longer article; by default read from norm.text."""
    text = norm.text
    if province is ...:
        province = article_province(text)
    persons, role_spans = _persons(text, norm)
    name_spans = [(p.start, p.end) for p in persons]
    bodies = _bodies(text, norm, doc, role_spans + name_spans + list(excluded or []), province)
    return NerResult(bodies=bodies, persons=persons, role_spans=role_spans)
