"""`make bench-reliability`: is extraction time linear in the text?

Time per KB of `vnfacts.pipeline.extract` on:

- real text: articles of ../shared/realcorpus/political.jsonl concatenated
  (one after another, a blank line between) to 1 KB, 100 KB, 1 MB and 5 MB,
  and their sentences joined into one paragraph without a line break (at
  the shapes' sizes); skipped when that file is absent;
- adversarial shapes, each at growing sizes: capital letters then ")" on a
  line (the old exponential byline regex), "1.1.1..." runs in a sentence that
  names a body (underthesea's tokenizer), one paragraph of one sentence dense
  in figures repeated without a line break, thousands of short chrome-like lines, a text of
  digits only, a long run of one letter.

The target: for each series, the largest time per KB within 2x of the
smallest. Each size is timed `--repeats` times in this process (the models
loaded first, outside the clock), the best kept: the machine is shared and
other processes only ever add time. Results go to --out as JSON.

Quick run: `python -m experiments.bench_reliability --sizes 1KB,100KB --repeats 1`.
"""
from __future__ import annotations

import argparse
import json
import re
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

KB = 1000


def _parse_size(s: str) -> int:
    s = s.strip().upper()
    for unit, mult in (("MB", 10**6), ("KB", 10**3)):
        if s.endswith(unit):
            return int(float(s[:-len(unit)]) * mult)
    return int(s)


def _label(n: int) -> str:
    return f"{n // 10**6} MB" if n >= 10**6 else f"{n // KB} KB"


def real_text(shared: Path, size: int) -> str | None:
    """Real articles concatenated up to `size` UTF-8 bytes (cut at a line end)."""
    path = shared / "realcorpus" / "political.jsonl"
    if not path.exists():
        return None
    parts: list[str] = []
    n = 0
    while n < size:
        before = n
        with path.open(encoding="utf-8") as f:
            for line in f:
                text = json.loads(line).get("text") or ""
                if not text.strip():
                    continue
                for ln in text.split("\n"):
                    b = len(ln.encode("utf-8")) + 1
                    if n + b > size:  # the last line cut at a space, to the size asked
                        cut = ln.encode("utf-8")[:size - n].decode("utf-8", "ignore").rsplit(" ", 1)[0]
                        return "\n".join([*parts, cut])
                    parts.append(ln)
                    n += b
                parts.append("")
                n += 1
        if n == before:
            return None
    return "\n".join(parts)


def real_paragraph(shared: Path, size: int) -> str | None:
    """One paragraph of about `size` UTF-8 bytes: the sentences of real
    articles (their lines split after ".", "!" or "?"), joined by spaces, no
    line break."""
    text = real_text(shared, size)
    if text is None:
        return None
    return " ".join(s for ln in text.split("\n") for s in re.split(r"(?<=[.!?])\s+", ln.strip()) if s)


def _fill(unit: str, size: int, sep: str = "") -> str:
    k = max(1, size // len((unit + sep).encode("utf-8")))
    return sep.join([unit] * k)


# each shape: size in bytes -> text of about that size
SHAPES: dict[str, Callable[[int], str]] = {
    "capitals then ')' per line": lambda n: _fill("Nguyễn Văn " + "ÁBCDEĐGHIKLMNOPQRSTUVXY" + ")", n, "\n"),
    "'1.1.1...' in a body sentence": lambda n: "Đảng ủy xã Tân Lập kết nạp " + "1." * (n // 2),
    "one paragraph, no line break": lambda n: _fill(
        "Năm 2022, Đảng bộ xã Tân Lập kết nạp 12 đảng viên mới, đạt 120% chỉ tiêu.", n, " "),
    "short chrome lines": lambda n: _fill("Trang chủ\nChia sẻ\n12", n, "\n"),
    "digits only": lambda n: "7" * n,
    "one letter": lambda n: "a" * n,
}


def _time(fn: Callable[[], object], repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def series(make: Callable[[int], str | None], sizes: list[int], repeats: int, extract) -> list[dict] | None:
    rows = []
    for size in sizes:
        text = make(size)
        if text is None:
            return None
        nbytes = len(text.encode("utf-8"))
        # one repeat for texts over 1 MB: the time is long enough to be stable
        s = _time(lambda t=text: extract(t), 1 if nbytes > 10**6 else repeats)
        rows.append({"size": _label(size), "bytes": nbytes, "seconds": round(s, 3),
                     "ms_per_kb": round(1000 * s / (nbytes / KB), 3)})
        print(f"  {_label(size):>7}  {s:8.3f} s  {rows[-1]['ms_per_kb']:8.3f} ms/KB", file=sys.stderr, flush=True)
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default="../shared", help="folder with realcorpus/political.jsonl")
    ap.add_argument("--sizes", default="1KB,100KB,1MB,5MB", help="text sizes for real text")
    ap.add_argument("--shape-sizes", default="10KB,100KB,1MB", help="text sizes for the adversarial shapes")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--out", default="bench_reliability.json")
    args = ap.parse_args(argv)

    from vnfacts.pipeline import extract
    extract("Năm 2022, Đảng ủy xã Tân Lập kết nạp 12 đảng viên mới.")  # models and rules loaded outside the clock

    results: dict[str, object] = {}
    sizes = [_parse_size(s) for s in args.sizes.split(",")]
    shape_sizes = [_parse_size(s) for s in args.shape_sizes.split(",")]
    print("real text (../shared/realcorpus, concatenated)", file=sys.stderr)
    real = series(lambda n: real_text(Path(args.shared), n), sizes, args.repeats, extract)
    if real is None:
        print("  skipped: no realcorpus/political.jsonl", file=sys.stderr)
    else:
        results["real text"] = real
    print("real sentences, one paragraph", file=sys.stderr)
    para = series(lambda n: real_paragraph(Path(args.shared), n), shape_sizes, args.repeats, extract)
    if para is not None:
        results["real sentences, one paragraph"] = para
    for name, make in SHAPES.items():
        print(name, file=sys.stderr)
        results[name] = series(make, shape_sizes, args.repeats, extract)

    summary = {}
    for name, rows in results.items():
        per_kb = [r["ms_per_kb"] for r in rows]
        ratio = max(per_kb) / max(min(per_kb), 1e-9)
        summary[name] = {"worst_over_best": round(ratio, 2), "within_2x": ratio <= 2.0}
    out = {"series": results, "summary": summary,
           "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}
    Path(args.out).write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print("\ntime per KB, largest over smallest (target <= 2):", file=sys.stderr)
    for name, s in summary.items():
        print(f"  {name:<32} {s['worst_over_best']:6.2f}  {'ok' if s['within_2x'] else 'OVER'}", file=sys.stderr)
    print(f"peak RSS {out['peak_rss_mb']} MB; results in {args.out}", file=sys.stderr)
    return 0 if all(s["within_2x"] for s in summary.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
