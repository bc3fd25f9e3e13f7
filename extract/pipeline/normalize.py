"""Stage 1: raw article text -> normalized text, offset map, page layout.

One public function, `normalize`. It normalizes characters (see textnorm),
finds page chrome (rules/chrome.yaml), the page timestamp (-> `published`),
the title and the byline (-> `author`), and returns a `Normalized` model whose
`regions` tell later stages where no facts may be read.
"""
from __future__ import annotations

import bisect
import hashlib
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, PrivateAttr
from vnfacts.errors import InputError
from vnfacts.models import Article
from vnfacts.ruledata import load_rules
from vnfacts.text.published import PublishedError, iso_published
from vnfacts.text.textnorm import normalize_chars


class PubDate(BaseModel):
    """The publication date as far as it is known (month or day may be missing)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    year: int
    month: int | None = None
    day: int | None = None


class Region(BaseModel):
    model_config = ConfigDict(extra="forbid")
    start: int
    end: int
    kind: Literal["chrome", "timestamp", "byline"]


class Normalized(BaseModel):
    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)
    text: str
    offsets: list[int]  # offsets[i] = raw index of text[i]; len(text)+1 entries
    article: Article
    pub: PubDate | None = None
    regions: list[Region] = []

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The raw-text span of a normalized span."""
        return self.offsets[start], (self.offsets[end - 1] + 1 if end > start else self.offsets[start])

    _index: dict = PrivateAttr(default_factory=dict)

    def blocked(self, start: int, end: int, kinds=("chrome", "timestamp", "byline")) -> bool:
        """Whether [start, end) overlaps a region of one of `kinds`: a binary
        search over the regions sorted by start, with the largest end so far
        (a long page has thousands of regions and each match asks)."""
        key = (tuple(kinds), len(self.regions))
        idx = self._index.get(key)
        if idx is None:
            rs = sorted((r.start, r.end) for r in self.regions if r.kind in kinds)
            reach, ends = -1, []
            for _, e in rs:
                reach = max(reach, e)
                ends.append(reach)
            idx = self._index[key] = ([s for s, _ in rs], ends)
        starts, reach = idx
        i = bisect.bisect_left(starts, end)  # regions [0, i) start before `end`
        return i > 0 and reach[i - 1] > start


_MONTH_WORDS = {
    "giêng": 1, "một": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6,
    "bảy": 7, "tám": 8, "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12, "chạp": 12,
}
_TS_DATE = re.compile(
    r"(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2}|mười\s+một|mười\s+hai|[^\W\d_]+)\s*(?:,|năm)?\s*(?P<y2>\d{4})"
    r"|(?P<iy>\d{4})-(?P<im>\d{2})(?:-(?P<id>\d{2}))?",
    re.IGNORECASE,
)
_TS_TIME = re.compile(r"(?<![\d/.])(?P<h>\d{1,2})[:h](?P<mi>\d{2})(?::\d{2})?\s*(?P<ampm>AM|PM|SA|CH)?", re.IGNORECASE)
_TS_TZ = re.compile(r"GMT\s*\+\s*0?7", re.IGNORECASE)
_LINE = re.compile(r"[^\n]*")
_SOURCE_NAME = re.compile(r"^[\w.\-]+\.(?:vn|com|net|org|gov)(?:\.vn)?$", re.IGNORECASE)
# a name token: letters and dots, each dot-separated part starting with a
# capital ("Nguyễn", "N.V.A.", "Th.S"); one quantifier per part, so a long
# token is matched in linear time (the nested "(?:X[^\W\d_]*\.?)+" was exponential)
_NAME_TOKEN = re.compile(r"[^\W\d_]+(?:\.[^\W\d_]+)*\.?,?")
_SURROGATE = re.compile("[\ud800-\udfff]")
_URL_DATE = re.compile(
    r"/(?P<y>20\d\d|19\d\d)(?:[/\-](?P<m>0?[1-9]|1[0-2])(?:[/\-](?P<d>0?[1-9]|[12]\d|3[01]))?"
    r"|(?P<m2>0[1-9]|1[0-2])(?P<d2>0[1-9]|[12]\d|3[01])?)(?=[/_\-])")


def _parse_ts(line: str) -> tuple[PubDate, str | None] | None:
    m = _TS_DATE.search(line)
    if not m:
        return None
    try:
        if m.group("y"):
            d, mo, y = int(m.group("d")), int(m.group("m")), int(m.group("y"))
        elif m.group("y2"):
            d, y = int(m.group("d2")), int(m.group("y2"))
            ms = re.sub(r"\s+", " ", m.group("m2").lower())
            mo = int(ms) if ms.isdigit() else _MONTH_WORDS.get(ms, 0)
        else:
            y, mo = int(m.group("iy")), int(m.group("im"))
            d = int(m.group("id")) if m.group("id") else None
            if not (1 <= mo <= 12):
                return None
            return PubDate(year=y, month=mo, day=d), None
        if not (1 <= mo <= 12 and 1 <= d <= 31 and 1900 <= y <= 2100):
            return None
    except ValueError:
        return None
    pub = PubDate(year=y, month=mo, day=d)
    iso = f"{y:04d}-{mo:02d}-{d:02d}"
    t = _TS_TIME.search(line)
    if t:
        h, mi = int(t.group("h")), int(t.group("mi"))
        ampm = (t.group("ampm") or "").upper()
        if ampm in ("PM", "CH") and h < 12:
            h += 12
        if ampm in ("AM", "SA") and h == 12:
            h = 0
        if h < 24 and mi < 60:
            iso += f"T{h:02d}:{mi:02d}"
            if _TS_TZ.search(line):
                iso += "+07:00"
    return pub, iso


def _pub_iso(p: PubDate) -> str:
    s = f"{p.year:04d}"
    if p.month:
        s += f"-{p.month:02d}"
        if p.day:
            s += f"-{p.day:02d}"
    return s


def parse_published(value: str) -> PubDate | None:
    """An ISO-ish date string given by the caller (JSONL `published`)."""
    m = re.match(r"\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", value or "")
    if not m:
        r = _parse_ts(value or "")
        return r[0] if r else None
    y = int(m.group(1))
    mo = int(m.group(2)) if m.group(2) else None
    d = int(m.group(3)) if m.group(3) else None
    if mo is not None and not 1 <= mo <= 12:
        return None
    if d is not None and not 1 <= d <= 31:
        d = None
    return PubDate(year=y, month=mo, day=d)


def _is_name_line(s: str) -> bool:
    toks = s.replace(",", " , ").split()
    toks = [t for t in toks if t != ","]
    if not 1 <= len(toks) <= 6 or len(s) > 45:
        return False
    if any(ch.isdigit() for ch in s) or s.rstrip().endswith((":", ";", "!", "?")):
        return False
    return all(_name_token(t) for t in toks)


def _name_token(t: str) -> bool:
    return bool(_NAME_TOKEN.fullmatch(t)) and all(part[:1].isupper() for part in t.rstrip(",.").split("."))


# the end of the last sentence of a line: a stop not after a capital's
# abbreviation ("TP. Hồ Chí Minh"), "./.", with a closing quote; or a URL
_SENTENCE_END = re.compile(r"(?:(?<=[^\W\d_]{2})(?<![A-Z\u0110])|(?<=[\d\"\u201d\u2019)']))[.!?\u2026]+(?:/\.)?[\"\u201d\u2019)]*\s+"
                           r"|https?://\S+\s+")
_SOURCE_AFTER = re.compile(r"\s*(?:/.*|\([^()]*\)|\s[-\u2013])\s*$")
_AUTHORS_SEP = re.compile(r"\s+[-\u2013]\s+|\s*,\s*")


def _tail_byline(line: str, byline_rx: list[re.Pattern]) -> tuple[int, str] | None:
    """A byline written after the last sentence of a line (a scraper joined
    the author's line to the text): where it starts in the line and the
    author. The tail is one or more names, each maybe after a prefix of
    chrome.yaml kind=byline_prefix ("Theo", "Ảnh:", "Đại tá"), joined by
    dashes or commas, maybe then a source after a slash or in parentheses
    ("Minh Anh/VOV", "Lan Hương (TTXVN)"); nothing else."""
    ends = list(_SENTENCE_END.finditer(line))
    if not ends:
        return None
    cut = ends[-1].end()
    tail = line[cut:].strip()
    if not tail or len(tail) > 90 or any(ch.isdigit() for ch in tail):
        return None
    def unprefixed(x: str) -> str:
        for rx in byline_rx:
            x = rx.sub("", x, count=1)
        return x.strip()

    authors = []
    for part in _AUTHORS_SEP.split(unprefixed(_SOURCE_AFTER.sub("", tail))):
        part = unprefixed(part)
        if not part or not (_is_name_line(part) or _SOURCE_NAME.match(part)):
            return None
        authors.append(part)
    return (cut, " - ".join(authors)) if authors else None


def _mark_story_lists(text: str, spans: list[tuple[int, int]], kinds: list[str | None],
                      item_rx: list[re.Pattern]) -> None:
    """Mark as chrome each run of two or more article lines (blank lines
    between them allowed) that are all links to other stories (chrome.yaml
    kind=list_item): one such line may be a sentence, a list of them is not."""
    content = [i for i, k in enumerate(kinds) if k is None and text[spans[i][0]:spans[i][1]].strip()]
    run: list[int] = []
    for i in content + [-1]:  # -1 closes the last run
        if i >= 0 and any(rx.search(text[spans[i][0]:spans[i][1]]) for rx in item_rx):
            run.append(i)
            continue
        if len(run) >= 2:
            for j in run:
                kinds[j] = "chrome"
        run = []


def normalize(raw: str, source: str = "-", url: str | None = None,
              published: str | None = None, title: str | None = None, author: str | None = None) -> Normalized:
    """Normalize one article's raw text and read its layout. `published`,
    `title` and `author` are metadata the caller has (a page's meta tags, a
    JSONL line): `published` is read as ISO 8601 (InputError naming `source`
    when it is not a date), `title` replaces the title found in the text,
    `author` is used when the text has no byline."""
    title_meta, author_meta = title, author
    if published:
        try:
            published = iso_published(published)
        except PublishedError as e:
            raise InputError(source, f"invalid published {published!r}: {e}") from None
    # a lone surrogate (half of a UTF-16 pair, e.g. from a JSON "\\udfff")
    # cannot be encoded: U+FFFD in its place, one for one, so offsets hold
    text, offsets = normalize_chars(_SURROGATE.sub("\ufffd", raw))
    rules = load_rules()
    chrome = rules.chrome_compiled
    lines = [(m.start(), m.end()) for m in _LINE.finditer(text)]
    # _LINE yields an empty match after each line; keep real line spans only
    spans: list[tuple[int, int]] = []
    pos = 0
    for s, e in lines:
        if s < pos:
            continue
        spans.append((s, e))
        pos = e + 1
    regions: list[Region] = []
    kinds: list[str | None] = [None] * len(spans)
    ts_candidates: list[tuple[int, int, PubDate, str | None]] = []
    body_seen = 0
    ended = False
    byline_rx = [rx for r, rx in chrome if r.kind == "byline_prefix"]
    # rules read by the list, byline and title steps only, not line by line here
    title_only = ("list_item", "byline_prefix", "not_title", "kicker")
    order = {"timestamp": 0, "end": 1, "line": 2, "list_item": 3, "byline_prefix": 4, "not_title": 5, "kicker": 6}
    ordered = sorted(chrome, key=lambda c: order[c[0].kind])
    for i, (s, e) in enumerate(spans):
        line = text[s:e]
        if ended:
            kinds[i] = "chrome"
            continue
        if not line.strip():
            continue
        kind = None
        for r, rx in ordered:
            if r.kind in title_only or not rx.search(line):
                continue
            if r.kind == "end":
                if body_seen >= 200:
                    ended = True
                    kind = "chrome"
                    break
                continue
            if r.kind == "timestamp":
                parsed = _parse_ts(line)
                if parsed:
                    score = 0 if re.search(r"hôm\s+nay|hotline", line, re.IGNORECASE) else (
                        2 if re.search(r"cập\s+nhật|đăng|author|xuất\s+bản", line, re.IGNORECASE) else 1)
                    if score:
                        ts_candidates.append((score, i, parsed[0], parsed[1]))
                    kind = "timestamp"
                    if r.id == "metadata_date_prefix":
                        # the rule's own match (case-insensitive like the rule), not a second pattern
                        m = rx.search(line)
                        regions.append(Region(start=s, end=s + m.end(), kind="timestamp"))
                        kind = "prefix"
                    break
                continue
            kind = "chrome"
            break
        if kind == "prefix":
            kind = None
        kinds[i] = kind
        if kind is None:
            body_seen += len(line)
    _mark_story_lists(text, spans, kinds, [rx for r, rx in chrome if r.kind == "list_item"])
    for i, k in enumerate(kinds):
        if k in ("chrome", "timestamp"):
            s, e = spans[i]
            regions.append(Region(start=s, end=e, kind=k))

    # published: caller's metadata > page timestamp > URL
    pub: PubDate | None = None
    pub_iso: str | None = None
    if published:
        pub, pub_iso = parse_published(published), published
    if pub is None and ts_candidates:
        best = max(ts_candidates, key=lambda c: (c[0], -c[1]))
        pub, pub_iso = best[2], best[3] or _pub_iso(best[2])
    if pub is None and url:
        m = _URL_DATE.search(url)
        if m:
            mo, d = (m.group("m"), m.group("d")) if m.group("m") else (m.group("m2"), m.group("d2"))
            pub = PubDate(year=int(m.group("y")), month=int(mo), day=int(d) if d else None)
            pub_iso = _pub_iso(pub)

    content = [i for i, k in enumerate(kinds) if k is None and text[spans[i][0]:spans[i][1]].strip()]
    # title: the first content line that is a headline (a few words, not a slogan
    # or banner), with the kicker line before it ("Huyện ủy X:"), before the first long paragraph
    title = None
    title_lines: list[int] = []
    not_title = [rx for r, rx in chrome if r.kind == "not_title"]
    kicker = [rx for r, rx in chrome if r.kind == "kicker"]
    prefix_end = {r.start: r.end for r in regions if r.kind == "timestamp"}

    def content_line(i: int) -> str:
        s0 = prefix_end.get(spans[i][0], spans[i][0])  # after a " date 2020-06" metadata prefix
        return text[s0:spans[i][1]].strip()

    head = content[:5]
    for n, i in enumerate(head[:4]):
        line = content_line(i)
        if len(line) > 300:
            break
        if any(rx.search(line) for rx in not_title):
            continue
        if any(rx.search(line) for rx in kicker) and n + 1 < len(head):
            nxt = content_line(head[n + 1])
            if len(nxt.split()) >= 3 and len(nxt) <= 300 and not any(rx.search(nxt) for rx in not_title):
                title, title_lines = f"{line} {nxt}", [i, head[n + 1]]
                break
        if len(line.split()) >= 3:
            title, title_lines = line, [i]
            break
    # byline: a short name-like line near the end of the article text
    author = None
    for i in reversed(content[-3:] if content else []):
        s, e = spans[i]
        line = text[s:e]
        stripped = line
        for rx in byline_rx:
            stripped = rx.sub("", stripped, count=1)
        rest = stripped.strip()
        # after a prefix ("Theo", "Tin, ảnh:") only a name or a source counts:
        # "Theo Chỉ thị 05 của Bộ Chính trị" is a sentence, not a byline
        if stripped != line and rest and len(rest) <= 45 and (
                _is_name_line(rest) or _SOURCE_NAME.match(rest)):
            author = rest
        elif _is_name_line(line.strip()):
            author = line.strip()
        if author:
            regions.append(Region(start=s, end=e, kind="byline"))
            break
    tail_cut = None  # a byline after the last sentence of the last line ("... nhiệm vụ./. Minh Anh/VOV")
    if author is None and content and content[-1] not in title_lines:
        s, e = spans[content[-1]]
        found = _tail_byline(text[s:e], byline_rx)
        if found:
            tail_cut, author = found
            regions.append(Region(start=s + tail_cut, end=e, kind="byline"))
    body_lines = [text[spans[i][0]:spans[i][1]].strip() for i in content if i not in title_lines]
    if tail_cut is not None:
        s, e = spans[content[-1]]
        body_lines[-1] = text[s:s + tail_cut].strip()
    elif author and body_lines and author in body_lines[-1]:
        body_lines = body_lines[:-1]
    if meta_title := " ".join((title_meta or "").split()):
        title = meta_title
    article = Article(
        id=hashlib.sha256(text.encode("utf-8")).hexdigest()[:16],
        source=source, url=url, title=title, published=pub_iso, author=author or author_meta or None,
        body_text="\n".join(body_lines),
    )
    regions.sort(key=lambda r: r.start)
    return Normalized.model_construct(text=text, offsets=offsets, article=article, pub=pub, regions=regions)
