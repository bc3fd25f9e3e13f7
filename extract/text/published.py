"""A publication date or time from any source, as ISO 8601, or refused with a reason.

`published` reaches vnfacts from a caller (`--published`, the Python API),
a JSONL field, a sidecar .json, or an HTML page's meta tags. Whatever the
shape, `iso_published` returns one ISO 8601 string at the precision the value
has (2017, 2017-01, 2017-01-06, 2017-01-06T14:56, 2017-01-06T14:56:30), with
the zone when the value gives one (+07:00, +00:00); or raises
`PublishedError` saying why the value is not a date. Accepted shapes:

- ISO 8601 (2017-01-06, 2017-01-06T14:56+07:00, 2017-01-06 14:56:30Z, 20170106);
- day first, as Vietnamese pages write it: 23/09/2021, 23-09-2021 08:00,
  "Thứ Sáu, 06/01/2017 14:56 (GMT+7)";
- RFC 2822, as feeds write it: "Fri, 06 Jan 2017 14:56:00 +0700";
- Unix epoch seconds (1483689360) when they fall within the years accepted
  below; a number outside them is refused, not read as a year.
"""
from __future__ import annotations

import calendar
import re
from datetime import datetime, timedelta, timezone

MIN_YEAR, MAX_YEAR = 1945, 2100  # the years a party news article can be published in

_ISO = re.compile(
    r"(?P<y>\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?|(?P<m8>\d{2})(?P<d8>\d{2}))?"
    r"(?:[T ](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d+)?)?)?"
    r"\s*(?P<tz>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?")
_DMY = re.compile(
    r"(?<!\d)(?P<d>\d{1,2})\s*(?P<sep>[/.\-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<y>\d{4})(?!\d)"
    # then the time, after a separator or a short word ("08:00", "- 08:00", "at 08:00")
    r"(?:\s*(?:[,|\-]|[^\W\d_]{1,4})?\s*(?P<H>\d{1,2})\s*[:h]\s*(?P<M>\d{2})(?::(?P<S>\d{2}))?(?!\d))?",
    re.IGNORECASE)
_TIME_FIRST = re.compile(r"(?<!\d)(?P<H>\d{1,2})\s*[:h]\s*(?P<M>\d{2})(?::(?P<S>\d{2}))?(?!\d)")
_GMT = re.compile(r"(?:GMT|UTC)\s*(?P<sign>[+-])\s*(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?", re.IGNORECASE)
_EPOCH = re.compile(r"\d{9,10}(?:\.\d+)?|\d{12,13}")
_RFC2822 = re.compile(r"(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}")


class PublishedError(ValueError):
    """The value is not a publication date; str(e) is the reason."""


def _zone(sign: str, hours: int, minutes: int) -> str:
    if hours > 14 or minutes > 59:
        raise PublishedError(f"zone offset {sign}{hours:02d}:{minutes:02d} is not a real UTC offset")
    return f"{sign}{hours:02d}:{minutes:02d}"


def _iso_zone(tz: str | None) -> str:
    if not tz:
        return ""
    if tz.upper() in ("Z", "UTC", "GMT"):
        return "+00:00"
    digits = tz[1:].replace(":", "")
    return _zone(tz[0], int(digits[:2]), int(digits[2:4] or 0))


def _check_date(y: int, m: int | None, d: int | None) -> None:
    if not MIN_YEAR <= y <= MAX_YEAR:
        raise PublishedError(f"year {y} is outside {MIN_YEAR}-{MAX_YEAR}")
    if m is not None and not 1 <= m <= 12:
        raise PublishedError(f"month {m} is not 1-12")
    if d is not None and m is not None:
        last = calendar.monthrange(y, m)[1]
        if not 1 <= d <= last:
            raise PublishedError(f"day {d} is not in {y}-{m:02d} (1-{last})")


def _check_time(h: int, mi: int, s: int | None) -> None:
    if h > 23 or mi > 59 or (s is not None and s > 59):
        raise PublishedError(f"time {h:02d}:{mi:02d}{'' if s is None else f':{s:02d}'} is not a time of day")


def _format(y: int, m: int | None, d: int | None, h: int | None = None, mi: int | None = None,
            s: int | None = None, zone: str = "") -> str:
    _check_date(y, m, d)
    out = f"{y:04d}"
    if m is not None:
        out += f"-{m:02d}"
        if d is not None:
            out += f"-{d:02d}"
    if h is not None and mi is not None and d is not None:
        _check_time(h, mi, s)
        out += f"T{h:02d}:{mi:02d}" + ("" if s is None else f":{s:02d}") + zone
    return out


def _int(v: str | None) -> int | None:
    return None if v is None else int(v)


def _from_epoch(value: str) -> str:
    secs = float(value) / (1000 if len(value.split(".")[0]) > 10 else 1)
    lo = datetime(MIN_YEAR, 1, 1, tzinfo=timezone.utc).timestamp()
    hi = datetime(MAX_YEAR, 12, 31, tzinfo=timezone.utc).timestamp()
    if not lo <= secs <= hi:
        raise PublishedError(f"{value} read as Unix epoch seconds is outside {MIN_YEAR}-{MAX_YEAR}")
    dt = datetime.fromtimestamp(int(secs), tz=timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S") + "+00:00"


def _from_rfc2822(value: str) -> str:
    from email.utils import parsedate_tz
    parts = parsedate_tz(value)
    if parts is None:
        raise PublishedError("not an RFC 2822 date")
    y, m, d, h, mi, s = parts[:6]
    off = parts[9]
    zone = ""
    if off is not None:
        delta = timedelta(seconds=abs(off))
        zone = _zone("-" if off < 0 else "+", delta.seconds // 3600, delta.seconds % 3600 // 60)
    return _format(y, m, d, h, mi, s, zone)


def iso_published(value: str) -> str:
    """`value` as ISO 8601 (see the module), or PublishedError with the reason."""
    v = " ".join(str(value).split())
    if not v:
        raise PublishedError("empty")
    if _EPOCH.fullmatch(v):
        return _from_epoch(v)
    m = _ISO.fullmatch(v)
    if m:
        mo, d = (m.group("m8"), m.group("d8")) if m.group("m8") else (m.group("m"), m.group("d"))
        if m.group("H") and d is None:
            raise PublishedError("a time needs a full date before it")
        return _format(int(m.group("y")), _int(mo), _int(d), _int(m.group("H")), _int(m.group("M")),
                       _int(m.group("S")), _iso_zone(m.group("tz")) if m.group("H") else "")
    if _RFC2822.match(v):
        return _from_rfc2822(v)
    m = _DMY.search(v)
    if m:
        h, mi, s = m.group("H"), m.group("M"), m.group("S")
        if h is None:  # "14:56 23/09/2021": the time before the date
            t = _TIME_FIRST.search(v[:m.start()])
            if t:
                h, mi, s = t.group("H"), t.group("M"), t.group("S")
        g = _GMT.search(v)
        zone = _zone(g.group("sign"), int(g.group("h")), int(g.group("m") or 0)) if g and h is not None else ""
        return _format(int(m.group("y")), int(m.group("m")), int(m.group("d")), _int(h), _int(mi), _int(s), zone)
    raise PublishedError("not a date (examples of what is read: 2017-01-06, 2017-01-06T14:56+07:00, "
                         "06/01/2017 14:56, Fri, 06 Jan 2017 14:56:00 +0700)")
