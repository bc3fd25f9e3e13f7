"""Benchmark: pipeline throughput against underthesea's word_tokenize on the
same texts, in one run, medians over repeats. Run with `make bench`.

Ratios are the headline: this machine is shared and noisy, absolute times
are not comparable between runs.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path


def _texts(shared: Path) -> list[tuple[str, str]]:
    out = []
    for sub in ("seeds", "devset"):
        for p in sorted((shared / sub).glob("*.txt")):
            out.append((str(p), p.read_text(encoding="utf-8")))
    root = Path(__file__).resolve().parent.parent / "corpus"
    for p in sorted(root.rglob("*.txt")):
        out.append((str(p), p.read_text(encoding="utf-8")))
    return out


def run(shared: Path, repeats: int = 5, copies: int = 3) -> dict:
    from underthesea import sent_tokenize, word_tokenize

    from .merge import merge
    from .normalize import normalize
    from .resolve import resolve
    from .rules import match_rules
    from .segment import segment

    texts = _texts(shared) * copies
    if not texts:
        raise SystemExit(f"no texts found under {shared} or corpus/")
    # warm up (model loading, rule compilation)
    for _, t in texts[:3]:
        resolve(merge(match_rules(segment(normalize(t)), normalize(t))), normalize(t))
        word_tokenize(t)
    stage_names = ("normalize", "segment", "rules", "merge", "resolve")
    pipe_times, wt_times = [], []
    stage_tot = {s: [] for s in stage_names}
    n_sents = sum(len(sent_tokenize(t)) for _, t in texts)
    for _ in range(repeats):
        acc = dict.fromkeys(stage_names, 0.0)
        t0 = time.perf_counter()
        for src, t in texts:
            a = time.perf_counter()
            norm = normalize(t, source=src)
            b = time.perf_counter()
            doc = segment(norm)
            c = time.perf_counter()
            ms = match_rules(doc, norm)
            d = time.perf_counter()
            kept = merge(ms)
            e = time.perf_counter()
            resolve(kept, norm)
            f = time.perf_counter()
            for stage, dt in zip(stage_names, (b - a, c - b, d - c, e - d, f - e)):
                acc[stage] += dt
        pipe_times.append(time.perf_counter() - t0)
        for s in stage_names:
            stage_tot[s].append(acc[s])
        t0 = time.perf_counter()
        for _, t in texts:
            for s in sent_tokenize(t):
                word_tokenize(s)
        wt_times.append(time.perf_counter() - t0)
    pipe, wt = statistics.median(pipe_times), statistics.median(wt_times)
    total = sum(statistics.median(v) for v in stage_tot.values())
    return {
        "articles": len(texts), "sentences": n_sents, "repeats": repeats,
        "pipeline_articles_per_s": round(len(texts) / pipe, 2),
        "pipeline_sentences_per_s": round(n_sents / pipe, 1),
        "word_tokenize_sentences_per_s": round(n_sents / wt, 1),
        "ratio_pipeline_to_word_tokenize": round(wt / pipe, 3),
        "stage_share": {s: round(statistics.median(v) / total, 3) for s, v in stage_tot.items()},
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", default="../shared", help="folder with seeds/ and devset/")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--out", default="bench.json", help="where to write the results as JSON")
    a = ap.parse_args(argv)
    res = run(Path(a.shared), repeats=a.repeats)
    Path(a.out).write_text(json.dumps(res, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    json.dump(res, sys.stdout, indent=2, ensure_ascii=False)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
