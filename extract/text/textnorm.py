"""Character-level normalization with an offset map back to the raw text.

Unicode NFC, "Ð" (U+00D0) read as "Đ", one tone-mark placement ("hoà" ->
"hòa", "uỷ" -> "ủy"), CRLF -> LF, exotic spaces -> " ", zero-width and
control characters dropped. `offsets[i]` is the raw index of normalized
character i (and `offsets[len(text)]` == len(raw)), so any span can be
mapped back into the raw text.
"""
from __future__ import annotations

import functools
import re
import unicodedata

_CHAR_MAP = {
    "\u00d0": "\u0110",  # Ð (Icelandic eth) -> Đ
    "\u00f0": "\u0111",  # ð -> đ
    "\u0189": "\u0110",  # Ɖ (African D) -> Đ
    "\t": " ",
    "\u00a0": " ",
    "\u2007": " ",
    "\u202f": " ",
    "\u3000": " ",
    "\r": "\n",
}
_DROP = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
# A syllable ending in oa/oe/uy (no final consonant) gets its tone on the first
# vowel: "hoà" -> "hòa", "khoẻ" -> "khỏe", "thuỷ" -> "thủy" ("quý" untouched).
_OLD_TONE = re.compile(r"(?<![^\W\d_])([^\W\d_]*?)([oOuU])([^\W\d_])(?![^\W\d_])")


# what every old-style placement has (o/u, then a toned a, e or y ending the
# word): a text without it is left as it is without running _OLD_TONE
_OLD_TONE_HINT = re.compile(r"[oOuU][àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ](?![^\W\d_])")


def _move_tones(text: str) -> str:
    return _OLD_TONE.sub(_move_tone, text) if _OLD_TONE_HINT.search(text) else text


def _move_tone(m: re.Match) -> str:
    head, first, last = m.group(1), m.group(2), m.group(3)
    dec = unicodedata.normalize("NFD", last)
    base = dec[0]
    tones = [c for c in dec[1:] if c in _TONES]
    others = [c for c in dec[1:] if c not in _TONES]
    if not tones or others:
        return m.group(0)
    pair = (first.lower() + base.lower())
    if pair not in ("oa", "oe", "uy"):
        return m.group(0)
    if pair == "uy" and head[-1:].lower() == "q":
        return m.group(0)
    if len(head) > 3:  # not a Vietnamese syllable
        return m.group(0)
    new_first = unicodedata.normalize("NFC", first + tones[0])
    return head + new_first + base


_ONE_TO_ONE = str.maketrans({k: v for k, v in _CHAR_MAP.items() if k != "\r"})
_SLOW = re.compile(r"[\r\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff\u00ad\u2028\u2029\u0300-\u036f]")


_PIECE = 10_000  # characters: a long text is normalized in pieces of whole lines of about this size


def normalize_chars(raw: str) -> tuple[str, list[int]]:
    """Return (normalized text, offsets) with offsets[i] = raw index of char i.
    A long text is normalized piece by piece (whole lines, about _PIECE
    characters each), so that one character needing the slow path (a
    combining mark, a zero-width space) sends only its piece there, not the
    whole text: the result is the same, the pieces meet at line ends where no
    combining mark follows."""
    if len(raw) <= 2 * _PIECE:
        return _normalize_piece(raw)
    cuts = [0]
    for m in re.finditer("\n", raw):
        end = m.end()
        if end - cuts[-1] >= _PIECE and end < len(raw) and not unicodedata.combining(raw[end]):
            cuts.append(end)
    cuts.append(len(raw))
    texts: list[str] = []
    offsets: list[int] = []
    for a, b in zip(cuts, cuts[1:]):
        text, offs = _normalize_piece(raw[a:b])
        texts.append(text)
        offsets.extend(o + a for o in offs[:-1])
    offsets.append(len(raw))
    return "".join(texts), offsets


def _normalize_piece(raw: str) -> tuple[str, list[int]]:
    if not _SLOW.search(raw) and unicodedata.is_normalized("NFC", raw):
        # fast path: every change is one character for one character
        text = raw.translate(_ONE_TO_ONE)
        if all(unicodedata.category(c) != "Zs" or c == " " for c in set(text)):
            fixed = _move_tones(text)
            return (fixed if len(fixed) == len(text) else text), list(range(len(raw) + 1))
    out: list[str] = []
    offs: list[int] = []
    i, n = 0, len(raw)
    while i < n:
        c = raw[i]
        if c == "\r" and i + 1 < n and raw[i + 1] == "\n":
            i += 1
            continue
        # gather a base character with its combining marks, NFC it as a unit
        j = i + 1
        while j < n and unicodedata.combining(raw[j]):
            j += 1
        cluster = raw[i:j]
        if c in _DROP:
            i = j
            continue
        if c in _CHAR_MAP:
            cluster = _CHAR_MAP[c] + cluster[1:]
        elif c != "\n" and unicodedata.category(c) in ("Cc", "Cs", "Co", "Cn"):
            cluster = " "
        elif unicodedata.category(c) == "Zs" or c in "\u2028\u2029\x0b\x0c":
            cluster = "\n" if c in "\u2028\u2029" else " "
        composed = unicodedata.normalize("NFC", cluster) if j - i > 1 or ord(c) > 127 else cluster
        for ch in composed:
            ch = _CHAR_MAP.get(ch, ch)
            out.append(ch)
            offs.append(i)
        i = j
    offs.append(n)
    text = "".join(out)
    fixed = _move_tones(text)
    # _move_tone is length-preserving; guard that invariant
    if len(fixed) == len(text):
        text = fixed
    return text, offs


FOLD_CACHED_CHARS = 256  # longer strings (a whole article, which canonicalize folds) are not cached
# the strings folded again and again are few: over 3,000 real articles 16,384 entries hit
# as often as 65,536 (105,103 against 105,193 hits of 128,129 calls); the cache, full,
# was ~30 MB of an ingest's memory, grown over its first thousands of articles
FOLD_CACHE_SIZE = 16_384


def fold(s: str) -> str:
    """Normalized form used to compare strings (gold text, lexicon entries).
    Cached: the same heads, names and keys are folded over and over. A long
    string is not: an article's text folded once would stay in the cache
    (its text and its folded copy, for the next 65,536 calls), so that a
    run's memory grew with its articles (about 12 MB per 1,000 real ones)."""
    return _fold_cached(s) if len(s) <= FOLD_CACHED_CHARS else normalize_chars(s)[0]


@functools.lru_cache(maxsize=FOLD_CACHE_SIZE)
def _fold_cached(s: str) -> str:
    return normalize_chars(s)[0]
