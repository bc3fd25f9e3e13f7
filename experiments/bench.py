"""`make bench`: speed and memory of the pipeline users run, measured in one run.

Everything is measured through `vnfacts.ingest.local.ingest` (what
`vnfacts ingest` calls) and through the `vnfacts` command itself; stage times
come from the pipeline's own hook (`vnfacts.pipeline.stage_timer`), not from
a copy of the pipeline.

Corpus: the real articles of ../shared/realcorpus/political.jsonl, each once
(distinct, in file order); only a size beyond them (the 10,000 of the memory
figure) is filled with seed and devset texts, replicated, each copy made
distinct. Figures:

- throughput, one process, whole ingest path (read JSONL, normalize, extract,
  write DuckDB), against underthesea `sent_tokenize` + `word_tokenize` alone
  on the same articles' text: each repeat is a pair timed in one fresh
  process (models loaded before either clock), the order of the two
  alternating between repeats; the ratio is the median over pairs;
- the same per article length bucket (characters), from per-article times;
- time per article (p50, p99, max) and the slowest article's id; every
  article accounted for (stored, duplicate or rejected, with reasons);
- the share of each pipeline stage (the hook's figures);
- 2 workers against 1, wall clock until N articles are done (default 2,000);
- peak RSS of an ingest of 10,000 articles against 1,000 (own processes);
- facts written per second (facts stored / time spent writing);
- time to the first fact of `vnfacts extract --format jsonl one.txt`, whole
  process, against a process running underthesea sent_tokenize +
  word_tokenize on the same file, medians of alternating runs.

This machine is shared: ratios measured within one run are the headline.
Results go to bench.json (--out). A quick run while developing:
`python -m experiments.bench --articles 300 --workers-articles 200 --sizes 100,400 --repeats 1`.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FACT_TABLES = ("dates", "documents", "bodies", "persons", "counts", "ratios")
BUCKETS = (0, 1000, 2000, 4000, 8000)  # article length in characters: [0,1k), [1k,2k), ... [8k, inf)
REALCORPUS = "realcorpus/political.jsonl"


def _letters(i: int) -> str:
    """A distinct marker with no digits, so a copy yields the same facts."""
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(ord("a") + r) + s
    return s


def base_articles(shared: Path) -> list[dict]:
    """The seed and devset texts (the filler beyond the real articles)."""
    out = []
    for sub in ("seeds", "devset"):
        for p in sorted((shared / sub).glob("*.txt")):
            meta = {}
            j = p.with_suffix(".json")
            if j.exists():
                g = json.loads(j.read_text(encoding="utf-8"))
                meta = {"url": g.get("url")}
            out.append({"id": f"{sub}/{p.stem}", "text": p.read_text(encoding="utf-8"), **meta})
    if not out:
        raise SystemExit(f"no seed or devset texts under {shared}")
    return out


def real_articles(shared: Path) -> list[dict]:
    """The real articles, in file order, as scrapers wrote them."""
    path = shared / REALCORPUS
    if not path.is_file():
        raise SystemExit(f"no real corpus at {path}")
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def build_corpus(base: list[dict], n: int, path: Path, real: list[dict] | None = None) -> Path:
    """n articles as scrapers write them (JSONL): the real ones first, each
    once, then copies of `base` made distinct (a marker line without digits)."""
    real = real or []
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            if i < len(real):
                a = {k: v for k, v in real[i].items() if k in ("id", "url", "published", "text") and v is not None}
            else:
                k = i - len(real)
                a = dict(base[k % len(base)])
                a["text"] = a["text"].rstrip("\n") + f"\n\nMã tin {_letters(k)}\n"
                a["id"] = f"{a.get('id', 'copy')}#{k}"
            fh.write(json.dumps(a, ensure_ascii=False) + "\n")
    return path


# ---------------------------------------------------------------- in a child process

def _underthesea_seconds(texts: list[str]) -> tuple[list[float], int]:
    """underthesea sent_tokenize + word_tokenize alone on each text: seconds per text, sentences."""
    from underthesea import sent_tokenize, word_tokenize

    out, n = [], 0
    clock = time.perf_counter
    for t in texts:
        t0 = clock()
        for s in sent_tokenize(t):
            word_tokenize(s)
            n += 1
        out.append(clock() - t0)
    return out, n


def _warm() -> None:
    """Models, rules and lexicons loaded before any clock starts (each side loads its own)."""
    from underthesea import sent_tokenize, word_tokenize
    from vnfacts.pipeline import extract
    from vnfacts.pipeline.segment import segment
    from vnfacts.pipeline.normalize import normalize

    word_tokenize(sent_tokenize("Khởi động. Mô hình.")[0])
    extract("Ngày 6-1-2017, Đảng ủy Khối các cơ quan tỉnh kết nạp 12 đảng viên, đạt 100% kế hoạch.")
    segment(normalize("Đảng ủy Khối Doanh nghiệp họp."))  # the word segmenter, which NER loads on demand


def _ingest(corpus: str, db: str, workers: int, batch_size: int, timer: bool) -> dict:
    from vnfacts.ingest.local import IngestOptions, ingest
    from vnfacts.pipeline import stage_timer
    from vnfacts.store import Store

    stages: dict[str, dict[str, float]] = {}

    def record(article_id: str, stage: str, seconds: float) -> None:
        d = stages.setdefault(article_id, {})
        d[stage] = d.get(stage, 0.0) + seconds

    marks: list[float] = []  # when each input was done
    t0 = time.perf_counter()
    opts = IngestOptions(workers=workers, batch_size=batch_size)
    if timer:
        with stage_timer(record):
            rep = ingest([corpus], db, opts, progress=lambda n: marks.extend([time.perf_counter()] * n))
    else:
        rep = ingest([corpus], db, opts, progress=lambda n: marks.extend([time.perf_counter()] * n))
    wall = time.perf_counter() - t0
    with Store.open(db, read_only=True) as st:
        facts = sum(st.query(f"SELECT count(*) AS n FROM {t}").column(0)[0].as_py() for t in FACT_TABLES)
        src = st.query("SELECT id, source FROM articles").to_pylist()
    line_of = {r["id"]: int(r["source"].rsplit(":", 1)[1]) for r in src}
    per_line = {line_of[a]: d for a, d in stages.items() if a in line_of}
    r = rep.run
    return {"read": r.read, "ingested": r.ingested, "duplicates": r.duplicate,
            "rejects": [f"{x.line}: {x.reason}" for x in rep.rejects],
            "seconds": wall, "write_seconds": r.write_seconds, "facts": facts,
            "start_seconds": marks[0] - t0 if marks else None,
            "done_at": [m - t0 for m in marks], "stages_by_line": per_line}


def child(corpus: str, db: str, workers: int, batch_size: int, pair: str | None) -> dict:
    """One fresh process: optionally underthesea alone first or second (`pair`
    = "ud-first" / "ud-last"), and an ingest; then peak RSS."""
    _warm()
    texts = []
    if pair:
        with open(corpus, encoding="utf-8") as fh:
            texts = [json.loads(line)["text"] for line in fh]
    ud = None
    if pair == "ud-first":
        ud = _underthesea_seconds(texts)
    res = _ingest(corpus, db, workers, batch_size, timer=pair is not None)
    if pair == "ud-last":
        ud = _underthesea_seconds(texts)
    if ud is not None:
        res["ud_seconds_by_line"], res["sentences"] = ud
        res["lengths"] = [len(t) for t in texts]
        res["pair"] = pair
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if workers > 1:
        rss_kb = max(rss_kb, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    res["peak_rss_mb"] = round(rss_kb / 1024, 1)
    return res


# ---------------------------------------------------------------- the parent

def _in_child(corpus: Path, workers: int, tmp: Path, batch_size: int, pair: str | None = None) -> dict:
    db = tmp / f"bench-{time.monotonic_ns()}.duckdb"
    cmd = [sys.executable, "-m", "experiments.bench", "--child", str(corpus), str(db), str(workers),
           "--batch-size", str(batch_size)] + (["--pair", pair] if pair else [])
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    for p in (db, Path(str(db) + ".wal")):
        p.unlink(missing_ok=True)
    if proc.returncode != 0:
        raise SystemExit(f"bench child failed: {proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _first_line_seconds(cmd: list[str]) -> float:
    """Wall clock from starting `cmd` to its first line on stdout (then it is waited for)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    first = proc.stdout.readline()
    dt = time.perf_counter() - t0
    proc.stdout.read()
    if proc.wait() != 0 or not first:
        raise SystemExit(f"{cmd} failed")
    return dt


_UD_ONE = ("import sys\nfrom underthesea import sent_tokenize, word_tokenize\n"
           "t = open(sys.argv[1], encoding='utf-8').read()\n"
           "print([word_tokenize(s) for s in sent_tokenize(t)][0], flush=True)\n")


def first_fact(one: Path, runs: int) -> dict:
    """`vnfacts extract --format jsonl one.txt`, whole process, to its first
    line (the article's facts), against underthesea on the same file."""
    exe = Path(sys.executable).with_name("vnfacts")
    ours = [str(exe), "extract", "--format", "jsonl", str(one)] if exe.exists() else \
        [sys.executable, "-m", "vnfacts", "extract", "--format", "jsonl", str(one)]
    theirs = [sys.executable, "-c", _UD_ONE, str(one)]
    a, b = [], []
    for i in range(runs):  # alternating, each order half the time
        for which in ((ours, a), (theirs, b)) if i % 2 == 0 else ((theirs, b), (ours, a)):
            which[1].append(_first_line_seconds(which[0]))
    return {"chars": len(one.read_text(encoding="utf-8")), "runs": runs,
            "vnfacts_extract_seconds": round(statistics.median(a), 3),
            "underthesea_seconds": round(statistics.median(b), 3),
            "ratio": round(statistics.median(x / y for x, y in zip(a, b)), 3),
            "command": " ".join(ours[:-1] + ["one.txt"])}


def _pct(values: list[float], q: float) -> float:
    v = sorted(values)
    return v[min(len(v) - 1, max(0, round(q * (len(v) - 1))))]


def _bucket(n: int) -> str:
    lo = max(b for b in BUCKETS if b <= n)
    hi = [b for b in BUCKETS if b > lo]
    return f"{lo}-{hi[0]}" if hi else f"{lo}+"


def _per_article(run: dict, ids: list[str]) -> dict:
    """From one timed pair: time per article, per length bucket, stage shares."""
    lengths, ud = run["lengths"], run["ud_seconds_by_line"]
    ours = {line: sum(d.values()) for line, d in ((int(k), v) for k, v in run["stages_by_line"].items())}
    # whole ingest path per article: time between two inputs done, except where a batch was written
    done = run["done_at"]
    whole = {i + 1: done[i] - (done[i - 1] if i else run["start_seconds"]) for i in range(len(done))}
    lines = sorted(ours)
    slow = max(lines, key=lambda k: ours[k])
    slow_whole = max(whole, key=lambda k: whole[k])
    buckets: dict[str, dict] = {}
    for line in lines:
        b = buckets.setdefault(_bucket(lengths[line - 1]), {"articles": 0, "vnfacts_s": 0.0, "underthesea_s": 0.0})
        b["articles"] += 1
        b["vnfacts_s"] += ours[line]
        b["underthesea_s"] += ud[line - 1]
    for b in buckets.values():
        b["vnfacts_articles_per_s"] = round(b["articles"] / b["vnfacts_s"], 1)
        b["underthesea_articles_per_s"] = round(b["articles"] / b["underthesea_s"], 1)
        b["ratio"] = round(b["underthesea_s"] / b["vnfacts_s"], 3)
        del b["vnfacts_s"], b["underthesea_s"]
    stage_tot: dict[str, float] = {}
    for d in run["stages_by_line"].values():
        for k, v in d.items():
            stage_tot[k] = stage_tot.get(k, 0.0) + v
    tot = sum(stage_tot.values())
    return {
        "extraction_seconds_per_article": {  # segment -> link, from the pipeline's stage timer
            "p50": round(_pct(list(ours.values()), 0.5), 4), "p99": round(_pct(list(ours.values()), 0.99), 4),
            "max": round(ours[slow], 4), "slowest_id": ids[slow - 1], "slowest_chars": lengths[slow - 1],
            "over_1s": sum(v > 1 for v in ours.values())},
        "ingest_seconds_per_article": {  # read, normalize, extract, queue for writing; batch writes included
            "p50": round(_pct(list(whole.values()), 0.5), 4), "p99": round(_pct(list(whole.values()), 0.99), 4),
            "max": round(whole[slow_whole], 4), "slowest_id": ids[slow_whole - 1],
            "over_1s": sum(v > 1 for v in whole.values())},
        "by_length_chars": dict(sorted(buckets.items(), key=lambda kv: int(kv[0].split("-")[0].rstrip("+")))),
        "stage_share": {k: round(v / tot, 3) for k, v in stage_tot.items()},
    }


def run(shared: Path, articles: int | None = None, workers_articles: int = 2000,
        sizes: tuple[int, int] = (1000, 10000), repeats: int = 3, first_fact_runs: int = 5,
        batch_size: int = 200) -> dict:
    real = real_articles(shared)
    base = base_articles(shared)
    n = min(articles or len(real), len(real))
    small, large = sizes
    res: dict = {"command": (f"python -m experiments.bench --articles {n} --workers-articles {workers_articles} "
                             f"--sizes {small},{large} --repeats {repeats} --first-fact-runs {first_fact_runs}"),
                 "real_articles": len(real), "articles": n, "repeats": repeats}
    ids = [a.get("id", str(i)) for i, a in enumerate(real)]
    with tempfile.TemporaryDirectory(prefix="vnfacts-bench-") as td:
        tmp = Path(td)
        corpus = build_corpus(base, n, tmp / f"real-{n}.jsonl", real)
        wcorpus = build_corpus(base, workers_articles, tmp / f"w-{workers_articles}.jsonl", real)
        pairs, w1, w2 = [], [], []
        for i in range(repeats):  # alternating: underthesea first, then last; one and two workers in turn
            pairs.append(_in_child(corpus, 1, tmp, batch_size, pair="ud-first" if i % 2 == 0 else "ud-last"))
            w1.append(_in_child(wcorpus, 1, tmp, batch_size))
            w2.append(_in_child(wcorpus, 2, tmp, batch_size))
        rss = {m: _in_child(build_corpus(base, m, tmp / f"rss-{m}.jsonl", real), 1, tmp, batch_size)
               for m in (small, large)}
        short = sorted(real, key=lambda a: len(a["text"]))[len(real) // 10]  # a short article: the 10th percentile
        one = tmp / "one.txt"
        one.write_text(short["text"], encoding="utf-8")
        ff = first_fact(one, first_fact_runs) if first_fact_runs else None
        if ff:
            ff["article_id"] = short.get("id")

    def med(values):
        return statistics.median(list(values))

    p0 = pairs[0]
    accounted = p0["ingested"] + p0["duplicates"] + len(p0["rejects"])
    res["accounted_for"] = {"articles": n, "read": p0["read"], "stored": p0["ingested"],
                            "duplicates": p0["duplicates"], "rejected": p0["rejects"],
                            "all_accounted": p0["read"] == n and accounted == n}
    ratio = [sum(p["ud_seconds_by_line"]) / p["seconds"] for p in pairs]
    res["throughput"] = {
        "vnfacts_ingest_articles_per_s": round(med(p["read"] / p["seconds"] for p in pairs), 2),
        "underthesea_articles_per_s": round(med(n / sum(p["ud_seconds_by_line"]) for p in pairs), 2),
        "sentences": p0["sentences"],
        "ratio_per_pair": [round(x, 3) for x in ratio],
        "ingest_vs_underthesea": round(med(ratio), 3),
    }
    res.update(_per_article(pairs[len(pairs) // 2], ids))

    def done_at(r: dict) -> float:
        return r["done_at"][-1]  # until the last of the N articles is done (batches written)
    res["workers"] = {"articles": workers_articles,
                      "workers_1_seconds": round(med(done_at(r) for r in w1), 2),
                      "workers_2_seconds": round(med(done_at(r) for r in w2), 2),
                      "workers_2_vs_1": round(med(done_at(a) / done_at(b) for a, b in zip(w1, w2)), 3),
                      "workers_2_start_seconds": round(med(r["start_seconds"] for r in w2), 2)}
    res["peak_rss_mb"] = {str(m): r["peak_rss_mb"] for m, r in rss.items()}
    res["peak_rss_large_vs_small"] = round(rss[large]["peak_rss_mb"] / rss[small]["peak_rss_mb"], 3)
    res["facts_written_per_s"] = round(med(r["facts"] / r["write_seconds"] for r in pairs + w1 if r["write_seconds"]))
    res["write_share_of_ingest"] = round(med(r["write_seconds"] / r["seconds"] for r in pairs), 4)
    res["first_fact"] = ff
    res["targets"] = {"ingest_vs_underthesea": ">= 1.0", "first_fact_seconds": "<= 1.0",
                      "workers_2_vs_1": ">= 1.8", "peak_rss_large_vs_small": "<= 1.1",
                      "facts_written_per_s": ">= 100000", "over_1s": "0"}
    return res


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default="../shared", help="folder with realcorpus/, seeds/ and devset/")
    ap.add_argument("--articles", type=int, default=None, help="real articles timed (default: all)")
    ap.add_argument("--workers-articles", type=int, default=2000, help="articles of the 2-vs-1-workers figure")
    ap.add_argument("--sizes", default="1000,10000", help="the two corpus sizes of the peak RSS figure")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--first-fact-runs", type=int, default=5)
    ap.add_argument("--batch-size", type=int, default=200)
    ap.add_argument("--out", default="bench.json", help="where to write the results as JSON")
    ap.add_argument("--child", nargs=3, metavar=("CORPUS", "DB", "WORKERS"), help=argparse.SUPPRESS)
    ap.add_argument("--pair", choices=("ud-first", "ud-last"), help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.child:
        print(json.dumps(child(a.child[0], a.child[1], int(a.child[2]), a.batch_size, a.pair)))
        return 0
    small, large = sorted(int(x) for x in a.sizes.split(","))
    res = run(Path(a.shared), a.articles, a.workers_articles, (small, large), a.repeats, a.first_fact_runs,
              a.batch_size)
    Path(a.out).write_text(json.dumps(res, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    json.dump(res, sys.stdout, indent=2, ensure_ascii=False)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
