"""Vietnamese numerals: "." groups thousands, "," is the decimal mark."""
from __future__ import annotations

import re

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_WORDS = {
    "nhất": 1, "một": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6,
    "bảy": 7, "tám": 8, "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12,
    "mười ba": 13, "mười bốn": 14, "mười lăm": 15, "mười sáu": 16, "mười bảy": 17,
    "mười tám": 18, "mười chín": 19,
}
MULTIPLIERS = {"nghìn": 1000, "ngàn": 1000, "vạn": 10_000, "triệu": 1_000_000, "tỷ": 1_000_000_000, "tỉ": 1_000_000_000}


def parse_number(s: str) -> int | float:
    """ "3.703" -> 3703, "99,52" -> 99.52, "01" -> 1, "4,7" -> 4.7."""
    s = s.strip()
    if not re.fullmatch(r"\d+(?:\.\d{3})*(?:,\d+)?", s):
        raise ValueError(f"not a Vietnamese numeral: {s!r}")
    intpart, _, dec = s.partition(",")
    n = int(intpart.replace(".", ""))
    if dec:
        return float(f"{n}.{dec}")
    return n


def clean(x: float) -> int | float:
    """Integral floats become ints (4.7 * 1000 -> 4700)."""
    if isinstance(x, float):
        r = round(x, 6)
        if r.is_integer():
            return int(r)
        return r
    return x


def roman_to_int(s: str) -> int:
    s = s.upper()
    total, prev = 0, 0
    for ch in reversed(s):
        v = _ROMAN[ch]
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total


def int_to_roman(n: int) -> str:
    out = []
    for v, sym in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out.append(sym)
            n -= v
    return "".join(out)


def ordinal_value(s: str) -> int | None:
    """ "XII" -> 12, "8" -> 8, "Tám" -> 8."""
    s = s.strip()
    if s.isdigit():
        return int(s)
    if re.fullmatch(r"[IVXLCivxlc]+", s):
        return roman_to_int(s)
    return _WORDS.get(re.sub(r"\s+", " ", s.lower()))
