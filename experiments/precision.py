"""Precision on real articles, judged by hand.

`draw` samples facts at random (seeded) from a store that holds the ingest
of ../shared/realcorpus/political.jsonl, stratified by type (the same number
of each type, the remainder spread over the types that have more), and
prints each fact with its attributes and its sentence, for a person to judge:

    vnfacts ingest ../shared/realcorpus/political.jsonl --db real.duckdb
    python -m experiments.precision draw --db real.duckdb --seed 1 > sample.txt

Each judgment is one JSON line (written by the judge, not by this script):
{"k": 3, "type": "bodies", "article": "00017", "start": 120, "end": 141,
 "label": "right" | "span" | "value" | "not_fact", "attr": "subject", "note": "..."}
("span": wrong span; "value": right span, wrong value or attribute, `attr`
naming which, or a list of them when several are wrong; "not_fact": nothing
of this type there). `tally` prints the
counts per type and per attribute:

    python -m experiments.precision tally experiments/precision/seed-1.jsonl

The judgments keep offsets and labels only, never the articles' text.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

TYPES = ("dates", "documents", "bodies", "persons", "counts", "ratios")
ATTRS = {
    "dates": ("value", "grain"),
    "documents": ("doc_type", "number", "issuer", "issued", "subject", "congress"),
    "bodies": ("canonical",),
    "persons": ("name", "roles"),
    "counts": ("value", "unit", "qualifier", "predicate", "subject", "period",
               "metric", "modality", "unit_class", "grade", "breakdown"),
    "ratios": ("numerator", "denominator", "percent", "unit", "qualifier", "predicate", "subject", "period",
               "metric", "modality", "unit_class", "grade"),
}
# the SPEC ## Metrics fields: judged from seed 3 on (seeds 1 and 2 were judged without them);
# `tally --without-metrics` reads a judgment as if they had not been judged, to compare like with like
METRIC_ATTRS = frozenset({"metric", "modality", "unit_class", "grade", "breakdown"})
LABELS = ("right", "span", "value", "not_fact")


def _allocate(available: dict[str, int], n: int) -> dict[str, int]:
    """n spread evenly over the types; a type with fewer facts gives its share to the others."""
    take = dict.fromkeys(available, 0)
    left = n
    open_types = [t for t in available if available[t] > 0]
    while left > 0 and open_types:
        share = max(1, left // len(open_types))
        for t in list(open_types):
            k = min(share, available[t] - take[t], left)
            take[t] += k
            left -= k
            if take[t] >= available[t]:
                open_types.remove(t)
            if left == 0:
                break
    return take


def _sentence(text: str, start: int, end: int) -> str:
    a = max(text.rfind(c, 0, start) for c in (". ", "\n", "? ", "! ")) + 1
    b = min([k for k in (text.find(c, end) for c in (". ", "\n", "? ", "! ")) if k >= 0] or [len(text)])
    s = text[a:b + 1].strip()
    return s if len(s) < 600 else "…" + text[max(a, start - 250):min(b + 1, end + 250)] + "…"


def draw(db: str, seed: int, n: int) -> list[dict]:
    from vnfacts.store import Store

    facts: dict[str, list[dict]] = {}
    with Store.open(db, read_only=True) as st:
        art = {r["id"]: r for r in st.query("SELECT id, source, text FROM articles ORDER BY id").to_pylist()}
        for t in TYPES:
            cols = ", ".join(f'"{c}"' for c in ATTRS[t])
            facts[t] = st.query(f'SELECT article_id, idx, start, "end", text, {cols} FROM {t} '
                                "ORDER BY article_id, idx").to_pylist()
    rng = random.Random(seed)
    take = _allocate({t: len(v) for t, v in facts.items()}, n)
    out = []
    corpus_ids = _corpus_ids()
    for t in TYPES:
        for f in sorted(rng.sample(facts[t], take[t]), key=lambda f: (f["article_id"], f["idx"])):
            a = art[f["article_id"]]
            line = int(a["source"].rsplit(":", 1)[1]) if re.search(r":\d+$", a["source"]) else None
            out.append({"type": t, "article": corpus_ids.get(line, a["source"]), "start": f["start"], "end": f["end"],
                        "text": f["text"], "attrs": {k: f[k] for k in ATTRS[t]},
                        "sentence": _sentence(a["text"], f["start"], f["end"])})
    for k, f in enumerate(out, 1):
        f["k"] = k
    return out


def _corpus_ids() -> dict[int, str]:
    """JSONL line -> the article's id in the real corpus."""
    path = Path(__file__).resolve().parents[2] / "shared" / "realcorpus" / "political.jsonl"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8") as fh:
        return {i: json.loads(line).get("id", str(i)) for i, line in enumerate(fh, 1)}


def _attrs(r: dict) -> list[str]:
    a = r.get("attr")
    return [a] if isinstance(a, str) else list(a or [])


def tally(path: str, without_metrics: bool = False) -> dict:
    rows = [json.loads(x) for x in Path(path).read_text(encoding="utf-8").splitlines() if x.strip()]
    bad = [r for r in rows if r["label"] not in LABELS or (r["label"] == "value" and not _attrs(r))]
    if bad:
        raise SystemExit(f"{path}: invalid judgments: {bad[:3]}")
    if without_metrics:  # as if the metric fields had not been judged
        for r in rows:
            if r["label"] == "value":
                kept = [a for a in _attrs(r) if a not in METRIC_ATTRS]
                r["attr"], r["label"] = kept, ("value" if kept else "right")
    per_type: dict[str, Counter] = defaultdict(Counter)
    per_attr: Counter = Counter()
    for r in rows:
        per_type[r["type"]][r["label"]] += 1
        if r["label"] == "value":
            for a in _attrs(r):
                per_attr[f"{r['type']}.{a}"] += 1
    table = {}
    for t in TYPES:
        c = per_type.get(t, Counter())
        n = sum(c.values())
        table[t] = {"n": n, **{lab: c[lab] for lab in LABELS},
                    "precision": round(c["right"] / n, 3) if n else None}
    n = len(rows)
    right = sum(r["label"] == "right" for r in rows)
    return {"facts": n, "right": right, "precision": round(right / n, 3) if n else None,
            "per_type": table, "wrong_attribute": dict(per_attr.most_common())}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("draw", help="print a seeded sample of facts with their sentences")
    d.add_argument("--db", required=True)
    d.add_argument("--seed", type=int, required=True)
    d.add_argument("--n", type=int, default=150)
    d.add_argument("--jsonl", action="store_true", help="one JSON object per fact instead of text")
    t = sub.add_parser("tally", help="count judgments per type and per attribute")
    t.add_argument("judgments")
    t.add_argument("--without-metrics", action="store_true",
                   help="read the SPEC ## Metrics fields as not judged (to compare with seeds 1 and 2)")
    a = ap.parse_args(argv)
    if a.cmd == "tally":
        json.dump(tally(a.judgments, a.without_metrics), sys.stdout, indent=2, ensure_ascii=False)
        print()
        return 0
    for f in draw(a.db, a.seed, a.n):
        if a.jsonl:
            print(json.dumps(f, ensure_ascii=False))
            continue
        attrs = "; ".join(f"{k}={v}" for k, v in f["attrs"].items() if v not in (None, [], ""))
        print(f"[{f['k']}] {f['type']} {f['article']} {f['start']}-{f['end']} «{f['text']}»  {attrs}")
        print(f"    {f['sentence']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
