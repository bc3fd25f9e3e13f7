"""Places: province and district names from the maintained
`vietnamadminunits` package (the 63 provinces before the 2025 merger and the
34 after it, since articles span 2010-2025), and the one province matcher of
the codebase: in a name, in a site's host name, in an article's text. The
words that announce a place (levels, committees) are rule data
(rules/bodies.yaml sections admin_levels, committees, person_named_places).
"""
from __future__ import annotations

import functools
import importlib.util
import re
import sqlite3
import unicodedata
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from vnfacts.ruledata import compile_regex, load_rules
from vnfacts.text.textnorm import fold

_LETTER_BEFORE = r"(?<![^\W\d_])"
_LETTER_AFTER = r"(?![^\W\d_])"
_SYLLABLE = re.compile(r"[^\W\d_]+")


def _place_name(text: str, pos: int) -> str | None:
    """Up to four capitalized syllables at pos ("Cửa Lò", "Tân Yên")."""
    syl = []
    while len(syl) < 4:
        m = _SYLLABLE.match(text, pos)
        if not m or not m.group(0)[0].isupper() or (len(m.group(0)) > 1 and m.group(0).isupper()):
            break
        syl.append(m.group(0))
        if text[m.end():m.end() + 1] != " ":
            break
        pos = m.end() + 1
    return " ".join(syl) or None


def _query(sql: str) -> list[dict]:
    """Rows of vietnamadminunits' own SQLite data, read as its
    `database.query` reads them but without importing the package, whose
    address parser takes about half a second to import."""
    spec = importlib.util.find_spec("vietnamadminunits")
    db = Path(next(iter(spec.submodule_search_locations or []), "")) / "data" / "dataset.db" if spec else None
    if db is None or not db.is_file():  # another layout: the package's own reader
        from vietnamadminunits.database import query
        return query(sql)
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(sql).fetchall()]


@functools.lru_cache(maxsize=1)
def provinces() -> frozenset[str]:
    """Short province names ("Bắc Giang", "Cần Thơ", "Hà Nội"), old and new."""
    names = set()
    for table in ("admin_units_legacy", "admin_units"):
        for r in _query(f"SELECT DISTINCT provinceShort FROM [{table}]"):
            if r["provinceShort"]:
                names.add(fold(r["provinceShort"]))
    return frozenset(names)


@functools.lru_cache(maxsize=1)
def city_provinces() -> frozenset[str]:
    """The provinces that are centrally-run cities ("Hà Nội", "Đà Nẵng"): their
    full name starts with the city level word (rules/bodies.yaml admin_levels).
    From the units before the 2025 merger, the time of most articles."""
    city = next(w for w, c in _words()["levels"].items() if c == "city")
    return frozenset(fold(r["provinceShort"]) for r in _query(
        "SELECT DISTINCT province, provinceShort FROM admin_units_legacy")
        if r["provinceShort"] and fold(r["province"]).lower().startswith(city + " "))


@functools.lru_cache(maxsize=1)
def district_province() -> dict[str, str]:
    """District short name -> province short name, where the name is unique."""
    seen: dict[str, set[str]] = {}
    for r in _query("SELECT DISTINCT districtShort, provinceShort FROM admin_units_legacy"):
        if r["districtShort"]:
            seen.setdefault(fold(r["districtShort"]), set()).add(fold(r["provinceShort"]))
    return {d: next(iter(p)) for d, p in seen.items() if len(p) == 1}


@functools.lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Every province and district short name, unique or not ("Phong Điền"
    is in two provinces; "Cao Lãnh (Thành phố)" is read as "Cao Lãnh")."""
    names = set(provinces())
    for r in _query("SELECT DISTINCT districtShort FROM admin_units_legacy"):
        if r["districtShort"]:
            names.add(fold(re.sub(r"\s*\(.*\)\s*\Z", "", r["districtShort"])))
    return frozenset(names)


def _known_prefix(name: str, known: frozenset[str]) -> str | None:
    """The longest leading part of `name` that is a known place ("Vũng Tàu"
    of "Vũng Tàu Nguyễn"), none for a capitalized common word ("Theo")."""
    words = name.split()
    return next((p for p in (" ".join(words[:k]) for k in range(len(words), 0, -1)) if p in known), None)


@functools.lru_cache(maxsize=1)
def _words() -> dict:
    r = load_rules()
    levels = r.section("bodies", "admin_levels").values()  # level word -> level class
    committees = r.section("bodies", "committees").values()  # committee -> level word
    person_named = set(r.section("bodies", "person_named_places").texts())
    level_rx = compile_regex(_LETTER_BEFORE + "(" + "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(levels, key=len, reverse=True)) + r")(?:\s+|(?<=\.))",
        re.IGNORECASE)
    committee_rx = compile_regex(_LETTER_BEFORE + "(" + "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(committees, key=len, reverse=True)) + r")\s+")
    province_levels = {w.lower() for w, c in levels.items() if c in ("province", "city")}
    province_levels |= {w.lower() for w in committees}  # "Thành ủy Hồ Chí Minh" names the city
    aliases = r.section("bodies", "province_aliases").values()
    alias_rx = compile_regex(_LETTER_BEFORE + "(" + "|".join(
        re.escape(a) for a in sorted(aliases, key=len, reverse=True)) + ")" + _LETTER_AFTER)
    first_of_class: dict[str, str] = {}
    for word, cls in levels.items():
        first_of_class.setdefault(cls, word)
    return dict(levels={k.lower(): v for k, v in levels.items()}, committees=committees, person_named=person_named,
                aliases=aliases, alias_rx=alias_rx,
                level_word={k.lower().rstrip("."): first_of_class[v] for k, v in levels.items()},
                level_rx=level_rx, committee_rx=committee_rx, province_levels=province_levels)


@functools.lru_cache(maxsize=1)
def _province_rx() -> re.Pattern:
    alts = sorted(provinces(), key=len, reverse=True)
    return re.compile(_LETTER_BEFORE + "(" + "|".join(re.escape(a) for a in alts) + ")" + _LETTER_AFTER)


def _after_level(text: str, pos: int) -> bool:
    """A level word that may name a province ("tỉnh", "thành phố", "TP") ends right before pos."""
    w = _words()
    m = re.search(r"([^\W\d_]+(?:\s+[^\W\d_]+)?\.?)\s*\Z", text[max(0, pos - 14):pos])
    if not m:
        return False
    tail = m.group(1).lower()
    return tail in w["province_levels"] or tail.split()[-1] in w["province_levels"]


def province_in(name: str) -> str | None:
    """The province named in `name` ("Đảng ủy Khối các cơ quan tỉnh Bắc Giang" -> "Bắc Giang").
    A place that is mostly a person's name counts only after a level word."""
    for m in _province_rx().finditer(name):
        if m.group(1) in _words()["person_named"] and not _after_level(name, m.start()):
            continue
        return m.group(1)
    return None


def _ascii(s: str) -> str:
    s = unicodedata.normalize("NFD", s.replace("\u0110", "D").replace("\u0111", "d"))
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in s if not unicodedata.combining(c)).lower())


@functools.lru_cache(maxsize=1)
def _province_ascii() -> list[tuple[str, str]]:
    names = sorted(((_ascii(p), p) for p in provinces()), key=lambda x: -len(x[0]))
    return [(a, p) for a, p in names if len(a) >= 5]  # "hue" would match too many host names


def province_from_url(url: str | None) -> str | None:
    """The province in a provincial site's host name: baoninhthuan.com.vn ->
    Ninh Thuận, bantuyengiao.cantho.gov.vn -> Cần Thơ."""
    if not url or "." not in url:
        return None
    host = urlsplit(url if "//" in url else "//" + url).hostname or ""
    for label in host.lower().split("."):
        for a, p in _province_ascii():
            if a in label:
                return p
    return None


def _province_counts(text: str) -> Counter:
    """Each province's weight in `text`: 2 for a mention after a level word
    ("tỉnh", "thành phố", "TP") or as an alias ("TPHCM"), 1 for a bare one."""
    rx = _province_rx()
    w = _words()
    counts: Counter = Counter()
    for m in w["level_rx"].finditer(text):
        if m.group(1).lower() not in w["province_levels"]:
            continue
        pm = rx.match(text, m.end())
        if pm:
            counts[pm.group(1)] += 2
    for m in rx.finditer(text):
        if m.group(1) in w["person_named"]:
            continue
        counts[m.group(1)] += 1
    for m in w["alias_rx"].finditer(text):  # "TPHCM"
        counts[w["aliases"][m.group(1)]] += 2
    return counts


def article_province(text: str) -> str | None:
    """The province an article's text is about: the one named most often
    (twice the weight after a level word), if named at least twice and
    clearly ahead of the next (more than 3/2 of its weight). An article on
    several provinces or on the central government names others nearly as
    often: then its title (the first line) decides, by the first of the
    leading provinces it names, else the article has none."""
    counts = _province_counts(text)
    if not counts:
        return None
    (top, n), *rest = counts.most_common()
    if n < 2:
        return None
    if not rest or 2 * n > 3 * rest[0][1]:
        return top
    leading = {p for p, k in counts.items() if 2 * n <= 3 * k}
    title = text.split("\n", 1)[0]
    rx = _province_rx()
    aliases = _words()["aliases"]
    firsts = [(m.start(), m.group(1)) for m in rx.finditer(title)]
    firsts += [(m.start(), aliases[m.group(1)]) for m in _words()["alias_rx"].finditer(title)]
    return next((p for _, p in sorted(firsts) if p in leading), None)


@functools.lru_cache(maxsize=1)
def _surnames() -> frozenset[str]:
    return frozenset(load_rules().section("persons", "surnames").texts())


def article_places(text: str) -> dict[str, str]:
    """The article's place of each level below the province, by the level
    word ("huyện" -> "Tân Yên", "thị xã" -> "Cửa Lò"): the name the text
    gives most often after that level word or after that level's committee
    ("Thị ủy Cửa Lò"), when one name clearly leads."""
    w = _words()
    seen: dict[str, Counter] = {}
    for m in w["level_rx"].finditer(text):
        name = _place_name(text, m.end())
        if name:
            level = w["level_word"][re.sub(r"\s+", " ", m.group(1).lower()).rstrip(".")]
            seen.setdefault(level, Counter())[name] += 1
    for m in w["committee_rx"].finditer(text):
        name = _place_name(text, m.end())
        if name:
            level = w["committees"][re.sub(r"\s+", " ", m.group(1))]
            seen.setdefault(level, Counter())[name] += 1
    surnames = _surnames()
    # a province or a city ("tỉnh", "thành phố", "TP") is a known place: after "TP." a capital may start
    # the next sentence ("cho TP. Theo ông A"), and a capitalized word may qualify the city ("TP Anh hùng")
    known = {lw: frozenset(provinces()) if cls == "province" else place_names()
             for lw, cls in w["levels"].items() if cls in ("province", "city")}
    out = {}
    for level, found in seen.items():
        names: Counter = Counter()
        for n, k in found.items():
            if level in known:
                n = _known_prefix(n, known[level])
            # a lower level: a known district, or a name that does not start with a surname ("Huyện ủy Lê Văn A")
            elif not (n in place_names() or n.split()[0] not in surnames):
                n = None
            if n:
                names[n] += k
        c = names
        if not c:
            continue
        (top, n), *rest = c.most_common(2) + [("", 0)]
        if n >= 1 and n > 2 * rest[0][1]:
            out[level] = top
    return out
