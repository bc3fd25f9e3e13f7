"""Province and district names from the maintained `vietnamadminunits`
package: both the 63 provinces (and their districts) before the 2025 merger
and the 34 after it, since articles span 2010-2025."""
from __future__ import annotations

import functools
import importlib.util
import re
import sqlite3
from pathlib import Path

from vnfacts.text.textnorm import fold


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
def district_province() -> dict[str, str]:
    """District short name -> province short name, where the name is unique."""
    seen: dict[str, set[str]] = {}
    for r in _query("SELECT DISTINCT districtShort, provinceShort FROM admin_units_legacy"):
        if r["districtShort"]:
            seen.setdefault(fold(r["districtShort"]), set()).add(fold(r["provinceShort"]))
    return {d: next(iter(p)) for d, p in seen.items() if len(p) == 1}


@functools.lru_cache(maxsize=1)
def _province_rx() -> re.Pattern:
    alts = sorted(provinces(), key=len, reverse=True)
    return re.compile(r"(?<![^\W\d_])(" + "|".join(re.escape(a) for a in alts) + r")(?![^\W\d_])")


def article_province(text: str) -> str | None:
    """The province an article is about: the province named most often after
    "tỉnh"/"thành phố"/"TP", else the most frequent province name."""
    rx = _province_rx()
    counts: dict[str, int] = {}
    for m in re.finditer(r"(?:tỉnh|Tỉnh|thành phố|Thành phố|TP\.?)\s+", text):
        pm = rx.match(text, m.end())
        if pm:
            counts[pm.group(1)] = counts.get(pm.group(1), 0) + 2
    for m in rx.finditer(text):
        if m.group(1) == "Hồ Chí Minh":  # mostly the person, in "tư tưởng Hồ Chí Minh", "Đoàn TNCS Hồ Chí Minh"
            continue
        counts[m.group(1)] = counts.get(m.group(1), 0) + 1
    if not counts:
        return None
    best = max(counts.items(), key=lambda kv: kv[1])
    return best[0] if best[1] >= 2 else None
