"""Stage 8: canonicalization. The names that let facts join across articles:
the article's province (its text, then its site's URL, then its source), each
body's canonical name (abbreviations expanded, spelling rewritten, the
article's place added to a name that ends on its level, a shortened
re-mention given the full name the article gave before), the canonical
issuer of each document, the canonical body of each role, and the keys the
store joins on (one key per body: its canonical name, with the scope it
belongs to). The knowledge is rules/bodies.yaml. One public function,
`canonicalize`; it is idempotent (a canonical result canonicalizes to itself).
"""
from __future__ import annotations

import bisect
import functools
import re
import unicodedata

from pydantic import BaseModel, ConfigDict
from vnfacts.models import ExtractionResult
from vnfacts.ruledata import compile_regex, load_rules
from vnfacts.text.gazetteer import article_places, article_province, city_provinces, province_from_url, province_in
from vnfacts.text.textnorm import fold


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BodyKey(_Model):
    body_key: str
    label: str
    name: str
    province: str | None
    scope: str | None


class DocKey(_Model):
    doc_key: str
    series_key: str  # the key without the year
    label: str
    doc_type: str
    number: str | None
    congress: str | None
    issuer: str | None
    scope: str | None
    issued_year: int | None


class ArticleKeys(_Model):
    """The canonical key of each document and body fact of one article, in order."""

    documents: list[DocKey]
    bodies: list[BodyKey]


class Canonicalized(_Model):
    """An article's facts with canonical names, its province and its keys."""

    result: ExtractionResult
    province: str | None
    keys: ArticleKeys


# ---------------------------------------------------------------- rule data

@functools.lru_cache(maxsize=1)
def _data() -> dict:
    r = load_rules()

    def sec(sid: str):
        return r.section("bodies", sid)

    abbr = sec("abbreviations").values()
    abbr_rx = compile_regex(r"(?<![^\W\d_])(?:" + "|".join(re.escape(k) for k in sorted(abbr, key=len, reverse=True))
                         + r")(?![^\W\d_])")
    fields = sec("field_abbreviations").values()
    # "VH-TT-DL": each "-" a separator written "-", "–", "&" (spaced or not) or not at all ("VHTT&DL", "TN & MT")
    field_rx = compile_regex(r"(?<![^\W\d_])(?:" + "|".join(
        f"(?P<f{i}>" + r"(?:\s*(?:[-–&]|&amp;)\s*)?".join(re.escape(p) for p in k.split("-")) + ")"
        for i, k in enumerate(fields)) + r")(?![^\W\d_])")
    rewrites = [(compile_regex(e.text), e.value or "") for e in sec("canonical_rewrites").items()]
    central = sec("central_bodies").texts()
    heads = sec("heads").texts()
    return dict(
        abbr=abbr, abbr_rx=abbr_rx, rewrites=rewrites, field_rx=field_rx, fields=list(fields.values()),
        central_rx=compile_regex("|".join(re.escape(c) for c in central)),
        head_form={re.sub(r"\s+", " ", h.lower()): h for h in heads if h[:1].isupper() and not h.isupper()},
        cased={w.lower(): w for w in sorted(set(heads) | set(central), key=len)},
        cased_rx=compile_regex(r"(?<![^\W\d_])(?:" + "|".join(  # longest first, then in text order
            re.escape(w.lower()) for w in sorted(set(heads) | set(central), key=lambda w: (-len(w), w)))
            + r")(?![^\W\d_])"),
        lower_first={w.lower() for w in sec("first_letter_upper").texts()},
        levels={w.lower().rstrip("."): w for w in sec("admin_levels").texts()},
        level_word=_level_words(sec("admin_levels").values()),
        province_level=next(w for w, c in sec("admin_levels").values().items() if c == "province"),
        city_level=next(w for w, c in sec("admin_levels").values().items() if c == "city"),
        city_committee=next(c for c, lv in sec("committees").values().items()
                            if lv == next(w for w, k in sec("admin_levels").values().items() if k == "city")),
        alias_src="|".join(re.escape(a) for a in sec("province_aliases").values()),
        city_words_rx=compile_regex(r"(?<![^\W\d_])(?:" + "|".join(
            re.escape(w).replace(r"\ ", r"\s+") for w, c in sec("admin_levels").values().items() if c == "city")
            + r")\s*", re.IGNORECASE),
        committees=sec("committees").values(),
        person_named=set(sec("person_named_places").texts()),
        implied=sec("implied_level").values(),
        departments=sec("provincial_departments").values(),
        lower_levels={w for w, c in sec("admin_levels").values().items() if c not in ("province", "city")},
        too_short={w.lower() for w in sec("short_mentions").texts()},
        organs=set(sec("organs").texts()),
        committee_of=sec("committee_of").values(),
        shared_heads=sec("list_shared_heads").texts(),
        list_sep=r.section_regex("bodies", "list_shared_heads"),
        owner_organs=sec("list_shared_owner").texts(),
        owner_sep=r.section_regex("bodies", "list_shared_owner"),
        list_intro=re.compile(r"[(:]\s*\Z"),
        defined_rx=r.section_regex("bodies", "defined_abbreviation"),
        head_rx=compile_regex(r"(?<![^\W\d_])(?:" + "|".join(
            re.escape(h).replace(r"\ ", r"\s+") for h in heads) + r")(?![^\W\d_])", re.IGNORECASE),
        central_suffix=r.section_regex("documents", "central_number_suffix"),
        national_prefix=r.section("documents", "national_congress").mapping()["name"].split("{")[0],
    )


def _city_province(text: str, province: str) -> bool:
    """The article writes its province as a city ("TP Cần Thơ", "thành phố Hồ Chí Minh", "TPHCM")."""
    d = _data()
    if province in city_provinces():
        return True
    if d["alias_src"] and re.search(d["alias_src"], text):
        return True
    return any(text.startswith(province, m.end()) for m in d["city_words_rx"].finditer(text))


def _level_words(levels: dict[str, str | None]) -> dict[str, str]:
    """Each level word -> the first word of its class ("TP" -> "thành phố")."""
    first: dict[str | None, str] = {}
    for w, cls in levels.items():
        first.setdefault(cls, w)
    return {w.lower().rstrip("."): first[cls] for w, cls in levels.items()}


# ---------------------------------------------------------------- names

def _squash(s: str) -> str:
    return " ".join(s.split())


def _shouted(name: str) -> bool:
    """A name written in capitals as a title is ("BAN CHẤP HÀNH ĐẢNG BỘ"),
    not one made of abbreviations ("HĐND TPHCM", "UBND TP HCM"): it has a
    letter with a tone or vowel mark, which abbreviations (A-Z and the
    unmarked letter D with stroke) lack: a marked letter decomposes into a
    base letter and a combining mark."""
    letters = [c for c in name if c.isalpha()]
    return len(letters) >= 8 and all(c.isupper() for c in letters) \
        and any(unicodedata.decomposition(c) for c in letters)


def _expand(name: str, defined: dict[str, str]) -> str:
    """Abbreviations written in capitals (or with a dot) expanded: the
    article's own definitions first, then rules/bodies.yaml."""
    return _expanded(name, tuple(defined.items()))


@functools.lru_cache(maxsize=8192)
def _expanded(name: str, defined: tuple[tuple[str, str], ...]) -> str:
    """_expand's work, memoized: the same names come back in every mention,
    every article (a pure function of the name, the definitions in their
    order and the rule data)."""
    d = _data()

    def sub(m: re.Match) -> str:
        w = m.group(0)
        return d["abbr"].get(w, w)

    for ab, full in defined:
        name = re.sub(r"(?<![^\W\d_])" + re.escape(ab) + r"(?![^\W\d_])", full, name)
    if _shouted(name):  # a title in capitals: lower case, then the written forms of heads and central names
        name = d["cased_rx"].sub(lambda m: d["cased"].get(m.group(0), m.group(0)), name.lower())
    name = d["abbr_rx"].sub(sub, name)
    name = d["field_rx"].sub(lambda m: d["fields"][int(m.lastgroup[1:])], name)
    h = d["head_rx"].match(name)
    if h and h.group(0).lower() in d["head_form"]:  # "Ủy Ban kiểm tra" -> "Ủy ban Kiểm tra"
        name = d["head_form"][h.group(0).lower()] + name[h.end():]
    for rx, rep in d["rewrites"]:
        name = rx.sub(rep, name)
    name = _squash(name)
    low = name.lower()
    for w in d["lower_first"]:
        if low.startswith(w) and name[:1].islower():
            name = name[:1].upper() + name[1:]
            break
    return name


def _with_place(name: str, province: str | None, places: dict[str, str]) -> str:
    """The article's place added to a name that ends on its level or is a
    bare committee of that level ("Ban Thường vụ Tỉnh ủy" -> "... Gia Lai")."""
    d = _data()
    last = name.split()[-1:]
    local = bool(last) and last[0].lower().rstrip(".") in d["level_word"]  # "Đoàn đại biểu Quốc hội tỉnh"
    if (d["central_rx"].search(name) and not local) or province_in(name):
        return name
    if name in d["implied"]:
        level = d["implied"][name]
        if level == d["province_level"] and province in city_provinces():
            level = d["city_level"]  # "HĐND" of Đà Nẵng: "Hội đồng nhân dân thành phố Đà Nẵng"
        name = f"{name} {level}"
    words = name.split()
    for n in (2, 1):  # "thị xã", "huyện"
        if len(words) > n:
            tail = " ".join(words[-n:])
            level = d["level_word"].get(tail.lower().rstrip("."))
            if level:
                place = places.get(level)
                return f"{name} {place}" if place else name
            if tail in d["committees"]:
                return _committee_place(name, d["committees"][tail], places)
    if name in d["committees"]:
        return _committee_place(name, d["committees"][name], places)
    return _department_place(name, province, places)


def _department_place(name: str, province: str | None, places: dict[str, str]) -> str:
    """A province's department named without a place ("Sở Y tế") is the
    article's province's: the province after its level word (rules/bodies.yaml
    provincial_departments)."""
    d = _data()
    head = next((h for h in d["departments"] if name.startswith(h + " ")), None)
    words = name.lower().split()
    if head is None or not province or any(
            " ".join(words[i:i + n]).rstrip(".") in d["level_word"] for n in (1, 2) for i in range(len(words))):
        return name
    if d["departments"][head] != "province" and any(lv in places for lv in d["lower_levels"]):
        return name  # "Chi cục Thuế" in an article about a district: the district's
    in_province = places.get(d["province_level"])
    if in_province and in_province not in city_provinces():
        return f"{name} {d['province_level']} {in_province}"
    if province in city_provinces():  # a centrally-run city is no "tỉnh"
        return f"{name} {d['city_level']} {province}"
    return name


def _committee_place(name: str, level: str, places: dict[str, str]) -> str:
    """A committee's place after it; a place that is mostly a person's name
    keeps its level word ("Thành ủy thành phố Hồ Chí Minh")."""
    place = places.get(level)
    if not place:
        return name
    return f"{name} {level} {place}" if place in _data()["person_named"] else f"{name} {place}"


def _shortened(name: str) -> bool:
    """A name that may be a shortened mention: a head and lower-case words
    only ("Đảng ủy Khối", "Đảng bộ huyện", "Ban Tổ chức"), not a central
    body ("Quốc hội") nor a name with a proper part ("Trường Tân Tiến")."""
    d = _data()
    if name.lower() in d["too_short"] or d["central_rx"].search(name):
        return False
    h = d["head_rx"].match(name)
    return bool(h) and not any(w[:1].isupper() or w[:1].isdigit() for w in name[h.end():].split())


def _level_after(short: str, full: str) -> bool:
    """The full name goes on with a level word ("Đảng ủy Khối Doanh nghiệp" ->
    "... Doanh nghiệp tỉnh"): the short one left the place out."""
    nxt = full.split()[len(short.split()):]
    d = _data()["level_word"]
    return bool(nxt) and (nxt[0].lower().rstrip(".") in d or " ".join(nxt[:2]).lower() in d)


def _prefix_of(short: str, full: str) -> bool:
    s, f = short.lower().split(), full.lower().split()
    return len(s) < len(f) and f[:len(s)] == s


class _Names:
    """The canonical names of one article. A shortened mention takes the
    full name of the one body it can be that the article gave before (SPEC),
    else the one it gives anywhere (a title or a role may name it after)."""

    def __init__(self, province: str | None, places: dict[str, str], defined: dict[str, str],
                 mentions: list[tuple[int, str]]):
        self.province, self.places, self.defined = province, places, defined
        self.full = [(pos, self._placed(w)) for pos, w in mentions]
        # an organ's full name names its body too ("Ban Thường vụ Đảng ủy Khối X" names
        # "Đảng ủy Khối X"), which a later "Đảng ủy Khối" re-mention takes
        # (as written: a bare "Tỉnh ủy" after the organ adds nothing the short mention lacks)
        organs = sorted(_data()["organs"], key=len, reverse=True)
        of_organs = []
        for pos, w in mentions:
            f = _expand(w, defined)
            organ = next((o for o in organs if f.startswith(o + " ")), None)
            rest = f[len(organ) + 1:] if organ is not None else ""
            h = _data()["head_rx"].match(rest)
            if h and rest[h.end():].strip():
                of_organs.append((pos, self._placed(rest)))
        self.full += of_organs
        # the full names each word sequence begins (lower case), so that a
        # short mention finds its longer names without reading them all
        # (an article of megabytes names thousands of bodies)
        self._by_prefix: dict[tuple[str, ...], list[tuple[int, str]]] = {}
        for pos, f in self.full:
            words = tuple(f.lower().split())
            for j in range(1, len(words)):
                self._by_prefix.setdefault(words[:j], []).append((pos, f))
        committees = _data()["committees"]
        named = {c for _, f in self.full for c in committees if c in f and re.search(
            r"(?<![^\W\d_])" + re.escape(c) + r"(?![^\W\d_])", f)}  # (a match is an occurrence)
        # the one committee the article names: a bare organ is its organ
        self.committee = self._placed(next(iter(named))) if len(named) == 1 else None

    def _placed(self, written: str) -> str:
        return _with_place(_expand(written, self.defined), self.province, self.places)

    def _longer(self, name: str, short: bool, pos: int | None) -> str | None:
        """The one earlier (else anywhere) full name that `name` shortens;
        names that differ only in letter case are one name."""
        longer = [(p, f) for p, f in self._by_prefix.get(tuple(name.lower().split()), ())
                  if short or _level_after(name, f)]
        before = [(p, f) for p, f in longer if pos is None or p < pos]
        for pool in (before, longer):
            distinct = {f.casefold(): f for _, f in sorted(pool, reverse=True)}
            if len(distinct) == 1:  # a shortened re-mention of the one body it can be
                return next(iter(distinct.values()))
        return None

    def name(self, written: str, pos: int | None = None) -> str:
        name = _expand(written, self.defined)
        # an organ of a shortened body ("Ban Thường vụ Đảng ủy Khối"): the
        # organ of the full name that body's re-mention takes
        for organ in sorted(_data()["organs"], key=len, reverse=True):
            rest = name[len(organ) + 1:]
            if name.startswith(organ + " ") and _shortened(rest):
                full = self.name(rest, pos)
                if _prefix_of(rest, full):
                    return f"{organ} {full}"
                break
        short = _shortened(name)
        if short or not _data()["central_rx"].search(name):
            found = self._longer(name, short, pos)
            if found is None and short:
                # "Đảng ủy Khối" where the article names only "Đảng bộ Khối
                # ...": the committee of that organization
                for committee, organization in _data()["committee_of"].items():
                    if name.startswith(committee + " ") and organization:
                        other = self._longer(organization + name[len(committee):], short, pos)
                        if other is not None:
                            found = committee + other[len(organization):]
            if found is not None:
                return found
            if name in _data()["organs"] and self.committee:
                return f"{name} {self.committee}"
        return _with_place(name, self.province, self.places)


def _list_shared_heads(bodies: list, text: str) -> list:
    """"3 chi bộ (Chi bộ Tòa án nhân dân huyện, Viện Kiểm sát nhân dân huyện
    và Trung tâm Y tế)": in a list opened by a parenthesis or a colon whose
    first item is a party unit, each item is that unit ("Chi bộ Viện Kiểm
    sát nhân dân huyện")."""
    d = _data()
    out = list(bodies)
    head = None
    for i, b in enumerate(bodies):
        prev = bodies[i - 1] if i else None
        if prev is not None and head and d["list_sep"].match(text[prev.end:b.start]):
            if not b.canonical.lower().startswith(tuple(h.lower() for h in d["shared_heads"])):
                out[i] = b.model_copy(update={"canonical": f"{head} {b.canonical}"})
            continue
        head = None
        if d["list_intro"].search(text, max(0, b.start - 30), b.start):
            head = next((h for h in d["shared_heads"] if b.canonical.lower().startswith(h.lower())), None)
    return out


def _list_shared_owner(bodies: list, text: str) -> list:
    """ "Ban Thường trực, Đoàn Chủ tịch và Ủy ban Trung ương MTTQ Việt Nam",
    "Ban Thường vụ và Ban Chấp hành Hội Nông dân tỉnh": bare organs listed
    before the body that owns them are that body's organs (rules/bodies.yaml
    list_shared_owner). Only where two or more bare organs share it, or the
    last item is itself an organ of its owner: a lone organ before another
    body ("Ban Tổ chức, UBND tỉnh") may be anyone's."""
    d = _data()
    organs = sorted(d["owner_organs"], key=len, reverse=True)
    order = sorted(range(len(bodies)), key=lambda i: bodies[i].start)
    out = list(bodies)
    chain: list[int] = []
    for k, i in enumerate(order):
        b = bodies[i]
        bare = b.canonical.lower() in {o.lower() for o in organs}
        joined = k > 0 and d["owner_sep"].match(text[bodies[order[k - 1]].end:b.start])
        if not joined:
            chain = []
        if bare:
            chain.append(i)
            continue
        if chain:
            organ = next((o for o in organs if b.canonical.lower().startswith(o.lower() + " ")), None)
            owner = b.canonical[len(organ) + 1:] if organ else b.canonical
            if len(chain) >= 2 or organ:
                for j in chain:
                    out[j] = bodies[j].model_copy(update={"canonical": f"{bodies[j].canonical} {owner}"})
        chain = []
    return out


def _initial(word: str) -> str:
    return fold(word[:1]).upper()


def _defined_abbreviations(text: str) -> dict[str, str]:
    """"Ngân hàng Phát triển Việt Nam (NHPT)": NHPT -> the words before the
    parenthesis from the first of those whose initials spell it (a name
    may go on after them: "Việt Nam" is often left out of the letters)."""
    out = {}
    for m in _data()["defined_rx"].finditer(text):
        ab = m.group("abbr")
        words = text[max(0, m.start() - 120):m.start()].split()
        for back in range(len(ab), min(len(words), len(ab) + 3) + 1):
            cand = words[-back:]
            if "".join(_initial(w) for w in cand[:len(ab)]) == ab and all(w[:1].isupper() for w in cand[len(ab):]):
                out[ab] = " ".join(cand)
                break
    return out


# ---------------------------------------------------------------- keys

def _key(s: str) -> str:
    """Comparison form: normalized characters, one space, case-folded."""
    return _squash(fold(s)).casefold()


def _year_of(value: str | None) -> int | None:
    if value and re.match(r"(?:19|20)\d\d(?!\d)", value):
        return int(value[:4])
    return None


def _body_key(canonical: str, province: str | None) -> BodyKey:
    """One body across articles: its canonical name, which holds its province
    wherever the article made it known; a name that still does not say
    which province ("Đảng bộ Công an") is qualified by the article's."""
    name = _squash(canonical)
    if _data()["central_rx"].search(name):
        return BodyKey(body_key=_key(name), label=name, name=name, province=None, scope="TW")
    own = province_in(name)
    if own:
        return BodyKey(body_key=_key(name), label=name, name=name, province=own, scope=own)
    if province:
        return BodyKey(body_key=f"{_key(name)} @ {_key(province)}", label=f"{name} ({province})", name=name,
                       province=province, scope=province)
    return BodyKey(body_key=_key(name), label=name, name=name, province=None, scope=None)


def _number_key(number: str) -> str:
    n = re.sub(r"\s+", "", number).upper()
    return re.sub(r"^0+(?=\d)", "", n)


def _central_issuer(issuer: str | None) -> bool:
    return bool(issuer and _data()["central_rx"].search(issuer))


def _central_number(number: str) -> bool:
    return any(_data()["central_suffix"].match(p) for p in re.split(r"[-/]", number.upper())[1:])


def _national(congress: str) -> bool:
    """A congress of the whole Party or a Central Committee plenum."""
    return bool(_data()["central_rx"].search(congress)) or congress.startswith(_data()["national_prefix"])


def _doc_key(doc_type: str, number: str | None, congress: str | None, issuer: str | None,
             issued: str | None, text: str, province: str | None) -> DocKey:
    """One document across articles. Party numbering restarts each term and
    state numbering each year, so a numbered document is keyed by type,
    number, scope (TW for central documents, else the issuer's or the
    article's province) and issue year; a bare number ("Chỉ thị 05") also by
    its issuer. A congress or plenum document is keyed by type, congress and
    scope."""
    dtype = _squash(doc_type).casefold()
    issuer = _squash(issuer) if issuer else None
    if number:
        number = _squash(number)
        suffixed = bool(re.search(r"[/-]\D", number))
        central = _central_number(number) if suffixed else _central_issuer(issuer)
        scope = "TW" if central else (province_in(issuer) if issuer else None) or province
        year = _year_of(issued)
        if year is None:
            m = re.search(r"/((?:19|20)\d\d)/", number)
            year = int(m.group(1)) if m else None
        by = None if suffixed else issuer
        series = "|".join([dtype, _number_key(number), _key(by) if by else "", _key(scope) if scope else "?"])
        key = f"{series}|{year or '?'}"
        extra = [x for x in (by, scope, str(year) if year else None) if x]
        label = f"{dtype} {number}" + (f" ({', '.join(extra)})" if extra else "")
        return DocKey(doc_key=key, series_key=series, label=label, doc_type=dtype, number=number, congress=None,
                      issuer=by, scope=scope, issued_year=year)
    if congress:
        congress = _squash(congress)
        scope = "TW" if _national(congress) else province_in(congress) or province
        key = "|".join([dtype, "congress:" + _key(congress), _key(scope) if scope else "?"])
        label = f"{dtype} {congress}" + (f" ({scope})" if scope and scope != "TW" else "")
        return DocKey(doc_key=key, series_key=key, label=label, doc_type=dtype, number=None, congress=congress,
                      issuer=None, scope=scope, issued_year=None)
    scope = province
    key = "|".join([dtype, "text:" + _key(text), _key(scope) if scope else "?"])
    return DocKey(doc_key=key, series_key=key, label=f"{dtype} {_squash(text)}" + (f" ({scope})" if scope else ""),
                  doc_type=dtype, number=None, congress=None, issuer=None, scope=scope, issued_year=None)


# ---------------------------------------------------------------- the stage

def canonicalize(res: ExtractionResult, text: str | None = None) -> Canonicalized:
    """Canonical names, the province and the keys of one article's facts.
    `text`: the normalized text the offsets refer to (for abbreviations the
    article defines); the article's title and body are read for places."""
    art = res.article
    full_text = fold(text) if text else fold("\n".join(filter(None, [art.title, art.body_text])))
    # Names take the province the article's own words make known (SPEC Bodies);
    # the article's province for the store's keys may also come from its URL.
    named = article_province(full_text)
    province = named or province_from_url(art.url) or province_from_url(res.source)
    places = article_places(full_text)
    if named:
        # a centrally-run city is no "tỉnh": there the level names another province, if one leads
        if named not in city_provinces() or places.get(_data()["province_level"]) == named:
            places[_data()["province_level"]] = named
        if province_in(_data()["city_committee"] + " " + named) and _data()["city_level"] not in places \
                and re.search(r"(?<![^\W\d_])" + re.escape(named) + r"(?![^\W\d_])|" + _data()["alias_src"],
                              full_text) and _city_province(full_text, named):
            places[_data()["city_level"]] = named  # "Thành ủy" of a city that is a province
    mentions = sorted([(b.start, b.text) for b in res.bodies]
                      + [(p.start, rb) for p in res.persons for rb in p.role_bodies if rb])
    names = _Names(named, places, _defined_abbreviations(text or ""), mentions)

    # bodies and the bodies of roles, in text order: a later short mention takes an earlier full name
    events = [(b.start, 0, i) for i, b in enumerate(res.bodies)] + [(p.start, 1, i) for i, p in enumerate(res.persons)]
    bodies = list(res.bodies)
    persons = list(res.persons)
    for _, kind, i in sorted(events):
        if kind == 0:
            b = bodies[i]
            bodies[i] = b.model_copy(update={"canonical": names.name(b.text, b.start)})
        else:
            p = persons[i]
            rb = [names.name(x, p.start) if x else None for x in p.role_bodies]
            persons[i] = p.model_copy(update={"role_bodies": rb})

    if text:
        bodies = _list_shared_owner(_list_shared_heads(bodies, text), text)

    # a count's subject is the body it was linked to: the nearest such body before it
    # (one list per linked name, in list order: a search, not a scan of all bodies per count)
    linked: dict[str, tuple[list[int], list[str | None]]] = {}
    for b0, b1 in zip(res.bodies, bodies):
        starts_names = linked.setdefault(b0.canonical, ([], []))
        starts_names[0].append(b0.start)
        starts_names[1].append(b1.canonical)
    sorted_starts = {k: all(a <= b for a, b in zip(v[0], v[0][1:])) for k, v in linked.items()}

    def subject(s: str | None, pos: int) -> str | None:
        if not s or s not in linked:
            return s
        starts, names_of = linked[s]
        if sorted_starts[s]:
            i = bisect.bisect_right(starts, pos) - 1
        else:
            i = max((j for j, st in enumerate(starts) if st <= pos), default=-1)
        return names_of[i] if i >= 0 else names_of[0]

    counts = [c.model_copy(update={"subject": subject(c.subject, c.start)}) for c in res.counts]
    ratios = [r.model_copy(update={"subject": subject(r.subject, r.start)}) for r in res.ratios]

    # issuers: canonical body names; a bare later mention gets the full one's issuer and date
    known: dict[str, dict[str, str | None]] = {}
    docs = []
    for d in res.documents:
        issuer = names.name(d.issuer) if d.issuer else None
        docs.append(d.model_copy(update={"issuer": issuer}))
        k = known.setdefault(d.doc_id, {"issuer": None, "issued": None})
        k["issuer"] = k["issuer"] or issuer
        k["issued"] = k["issued"] or d.issued
    out = res.model_copy(update={"bodies": bodies, "persons": persons, "counts": counts, "ratios": ratios,
                                 "documents": docs})
    keys = ArticleKeys(
        documents=[_doc_key(d.doc_type, d.number, d.congress, d.issuer or known[d.doc_id]["issuer"],
                            d.issued or known[d.doc_id]["issued"], d.text, province) for d in docs],
        bodies=[_body_key(b.canonical, province) for b in bodies])
    return Canonicalized(result=out, province=province, keys=keys)
