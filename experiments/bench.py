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
  on the same articles' text: the articles are split in chunks (10), and for
  each chunk one process times underthesea on its texts and the ingest of it,
  underthesea first for one chunk and last for the next (models loaded before
  any clock); the ratio is the median over these alternating pairs;
- the same per article length bucket (characters), from per-article times;
- time per article (p50, p99, max) and the slowest article's id; every
  article accounted for (stored, duplicate or rejected, with reasons);
- the share of each pipeline stage (the hook's figures);
- 2 workers against 1, wall clock until N articles are done (default 2,000);
- peak RSS of an ingest of 10,000 articles against 1,000 (own processes);
- facts written per second (facts stored / time spent writing), over the
  chunks' ingests (one small batch each) and over the one-worker ingests of
  the 2,000 articles (batches of the default size, as users run it);
- time to the first fact of `vnfacts extract --format jsonl one.txt`, whole
  process, against a process running underthesea sent_tokenize +
  word_tokenize on the same file, medians of alternating runs.

This machine is shared: ratios measured within one run are the headline.
Results go to bench.json (--out). A quick run while developing:
`python -m experiments.bench --articles 300 --chunks 4 --workers-articles 200 --sizes 100,400 --repeats 1`.
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
    from vnfacts.evaluation.evaluate import load_gold
    out = []
    for sub in ("seeds", "devset"):
        for p in sorted((shared / sub).glob("*.txt")):
            meta = {}
            j = p.with_suffix(".json")
            if j.exists():
                meta = {"url": load_gold(j).get("url")}
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

def _underthesea_seconds(texts: list[str]) -> tuple[list[float], int, float]:
    """underthesea sent_tokenize + word_tokenize alone on each text: seconds
    per text, sentences, and CPU seconds of the whole."""
    from underthesea import sent_tokenize, word_tokenize

    out, n = [], 0
    clock = time.perf_counter
    c0 = time.process_time()
    for t in texts:
        t0 = clock()
        for s in sent_tokenize(t):
            word_tokenize(s)
            n += 1
        out.append(clock() - t0)
    return out, n, time.process_time() - c0


def _warm() -> None:
    """Models, rules and lexicons loaded before any clock starts (each side loads its own)."""
    from underthesea import sent_tokenize, word_tokenize
    from vnfacts.pipeline import extract
    from vnfacts.pipeline.normalize import normalize
    from vnfacts.pipeline.segment import segment

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
    c0 = time.process_time()
    t0 = time.perf_counter()
    opts = IngestOptions(workers=workers, batch_size=batch_size)
    if timer:
        with stage_timer(record):
            rep = ingest([corpus], db, opts, progress=lambda n: marks.extend([time.perf_counter()] * n))
    else:
        rep = ingest([corpus], db, opts, progress=lambda n: marks.extend([time.perf_counter()] * n))
    wall = time.perf_counter() - t0
    cpu = time.process_time() - c0  # this process's threads (with workers, not the workers')
    with Store.open(db, read_only=True) as st:
        facts = sum(st.query(f"SELECT count(*) AS n FROM {t}").column(0)[0].as_py() for t in FACT_TABLES)
        src = st.query("SELECT id, source FROM articles").to_pylist()
    line_of = {r["id"]: int(r["source"].rsplit(":", 1)[1]) for r in src if r["source"].startswith(corpus + ":")}
    per_line = {line_of[a]: d for a, d in stages.items() if a in line_of}
    r = rep.run
    return {"read": r.read, "ingested": r.ingested, "duplicates": r.duplicate,
            "rejects": [f"{x.line}: {x.reason}" for x in rep.rejects],
            "seconds": wall, "cpu_seconds": cpu, "write_seconds": r.write_seconds, "facts": facts,
            "start_seconds": marks[0] - t0 if marks else None,
            "done_at": [m - t0 for m in marks], "stages_by_line": per_line}


def child(corpus: str, db: str, workers: int, batch_size: int) -> dict:
    """One fresh process: an ingest, then its peak RSS."""
    _warm()
    res = _ingest(corpus, db, workers, batch_size, timer=False)
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if workers > 1:
        rss_kb = max(rss_kb, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    res["peak_rss_mb"] = round(rss_kb / 1024, 1)
    return res


def child_pairs(chunks: list[str], db: str, batch_size: int) -> dict:
    """One fresh process: for each chunk of the corpus, underthesea alone on
    its articles' text and the ingest of the chunk (into one store, with the
    stage timer), underthesea first for even chunks and last for odd ones."""
    _warm()
    out = []
    for i, chunk in enumerate(chunks):
        with open(chunk, encoding="utf-8") as fh:
            texts = [json.loads(line)["text"] for line in fh]
        if i % 2 == 0:
            ud = _underthesea_seconds(texts)
        res = _ingest(chunk, db, 1, batch_size, timer=True)
        if i % 2 == 1:
            ud = _underthesea_seconds(texts)
        res["ud_seconds_by_line"], res["sentences"], res["ud_cpu_seconds"] = ud
        res["lengths"] = [len(t) for t in texts]
        out.append(res)
    return {"chunks": out, "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


# ---------------------------------------------------------------- the parent

def _in_child(corpus: Path | list[Path], workers: int, tmp: Path, batch_size: int) -> dict:
    db = tmp / f"bench-{time.monotonic_ns()}.duckdb"
    if isinstance(corpus, list):
        cmd = [sys.executable, "-m", "experiments.bench", "--pairs", str(db), *map(str, corpus)]
    else:
        cmd = [sys.executable, "-m", "experiments.bench", "--child", str(corpus), str(db), str(workers)]
    proc = subprocess.run(cmd + ["--batch-size", str(batch_size)], capture_output=True, text=True, check=False)
    for p in (db, Path(str(db) + ".wal")):
        p.unlink(missing_ok=True)
    if proc.returncode != 0:
        raise SystemExit(f"bench child failed: {proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _first_line_seconds(cmd: list[str], env: dict[str, str] | None = None) -> float:
    """Wall clock from starting `cmd` to its first line on stdout (then it is waited for)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
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
    line (the article's facts), against underthesea on the same file. The
    rules cache (vnfacts.rulecache) is a fresh directory: the first run fills
    it (reported apart, as the first run after an install or a rules/ change),
    the alternating runs find it."""
    exe = Path(sys.executable).with_name("vnfacts")
    ours = [str(exe), "extract", "--format", "jsonl", str(one)] if exe.exists() else \
        [sys.executable, "-m", "vnfacts", "extract", "--format", "jsonl", str(one)]
    theirs = [sys.executable, "-c", _UD_ONE, str(one)]
    env = {**os.environ, "VNFACTS_CACHE_DIR": str(one.parent / "rules-cache")}
    cold = _first_line_seconds(ours, env)
    a, b = [], []
    for i in range(runs):  # alternating, each order half the time
        for which in ((ours, a), (theirs, b)) if i % 2 == 0 else ((theirs, b), (ours, a)):
            which[1].append(_first_line_seconds(which[0], env))
    return {"chars": len(one.read_text(encoding="utf-8")), "runs": runs,
            "vnfacts_extract_cold_cache_seconds": round(cold, 3),
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


def _per_article(chunks: list[dict], offsets: list[int], ids: list[str]) -> dict:
    """From the timed pairs: time per article, per length bucket, stage shares.
    An article is its 0-based index in the corpus (chunk offset + line - 1)."""
    ours: dict[int, float] = {}
    whole: dict[int, float] = {}
    ud: dict[int, float] = {}
    length: dict[int, int] = {}
    stage_tot: dict[str, float] = {}
    for c, off in zip(chunks, offsets):
        for line, d in c["stages_by_line"].items():
            ours[off + int(line) - 1] = sum(d.values())
            for k, v in d.items():
                stage_tot[k] = stage_tot.get(k, 0.0) + v
        done = c["done_at"]  # whole ingest path per input: between two inputs done
        for i in range(len(done)):
            whole[off + i] = done[i] - (done[i - 1] if i else c["start_seconds"])
        for i, (u, n) in enumerate(zip(c["ud_seconds_by_line"], c["lengths"])):
            ud[off + i], length[off + i] = u, n
    slow = max(ours, key=ours.get)
    slow_whole = max(whole, key=whole.get)
    buckets: dict[str, dict] = {}
    for i, t in ours.items():
        b = buckets.setdefault(_bucket(length[i]), {"articles": 0, "vnfacts_s": 0.0, "underthesea_s": 0.0})
        b["articles"] += 1
        b["vnfacts_s"] += t
        b["underthesea_s"] += ud[i]
    for b in buckets.values():
        b["vnfacts_extract_articles_per_s"] = round(b["articles"] / b["vnfacts_s"], 1)
        b["underthesea_articles_per_s"] = round(b["articles"] / b["underthesea_s"], 1)
        b["ratio"] = round(b["underthesea_s"] / b["vnfacts_s"], 3)
        del b["vnfacts_s"], b["underthesea_s"]
    tot = sum(stage_tot.values())
    ov, wv = list(ours.values()), list(whole.values())
    return {
        "extraction_seconds_per_article": {  # segment -> link, the pipeline's stage timer
            "p50": round(_pct(ov, 0.5), 4), "p99": round(_pct(ov, 0.99), 4),
            "max": round(ours[slow], 4), "slowest_id": ids[slow], "slowest_chars": length[slow],
            "over_1s": sum(v > 1 for v in ov)},
        "ingest_seconds_per_article": {  # read, normalize, extract; a batch write falls on every 200th
            "p50": round(_pct(wv, 0.5), 4), "p99": round(_pct(wv, 0.99), 4),
            "max": round(whole[slow_whole], 4), "slowest_id": ids[slow_whole], "over_1s": sum(v > 1 for v in wv)},
        "by_length_chars": dict(sorted(buckets.items(), key=lambda kv: int(kv[0].split("-")[0].rstrip("+")))),
        "stage_share": {k: round(v / tot, 3) for k, v in stage_tot.items()},
    }


def run(shared: Path, articles: int | None = None, workers_articles: int = 2000,
        sizes: tuple[int, int] = (1000, 10000), repeats: int = 5, first_fact_runs: int = 5,
        batch_size: int = 500, chunks: int = 10, out: Path | None = None) -> dict:
    real = real_articles(shared)
    base = base_articles(shared)
    n = min(articles or len(real), len(real))
    small, large = sizes
    res: dict = {"command": (f"python -m experiments.bench --articles {n} --chunks {chunks} "
                             f"--workers-articles {workers_articles} --sizes {small},{large} --repeats {repeats} "
                             f"--first-fact-runs {first_fact_runs} --batch-size {batch_size}"),
                 "real_articles": len(real), "articles": n}
    ids = [a.get("id", str(i)) for i, a in enumerate(real)]

    def med(values):
        return statistics.median(list(values))

    def save():
        if out is not None:
            out.write_text(json.dumps(res, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    with tempfile.TemporaryDirectory(prefix="vnfacts-bench-") as td:
        tmp = Path(td)
        short = sorted(real, key=lambda a: len(a["text"]))[len(real) // 10]  # a short article: the 10th percentile
        one = tmp / "one.txt"
        one.write_text(short["text"], encoding="utf-8")
        if first_fact_runs:
            res["first_fact"] = first_fact(one, first_fact_runs) | {"article_id": short.get("id")}
            save()
        # underthesea against the ingest, in pairs: the real articles in `chunks` parts
        k = max(1, min(chunks, n))
        offsets = [n * i // k for i in range(k)]
        paths = []
        for i, off in enumerate(offsets):
            end = offsets[i + 1] if i + 1 < k else n
            paths.append(build_corpus(base, end - off, tmp / f"chunk-{i}.jsonl", real[off:end]))
        pr = _in_child(paths, 1, tmp, batch_size)
        cs = pr["chunks"]
        stored = sum(c["ingested"] for c in cs)
        dups = sum(c["duplicates"] for c in cs)
        rejects = [f"chunk {i}: {r}" for i, c in enumerate(cs) for r in c["rejects"]]
        res["accounted_for"] = {"articles": n, "read": sum(c["read"] for c in cs), "stored": stored,
                                "duplicates": dups, "rejected": rejects,
                                "all_accounted": sum(c["read"] for c in cs) == n and stored + dups + len(rejects) == n}
        ratio = [sum(c["ud_seconds_by_line"]) / c["seconds"] for c in cs]
        res["throughput"] = {
            "vnfacts_ingest_articles_per_s": round(n / sum(c["seconds"] for c in cs), 2),
            "underthesea_articles_per_s": round(n / sum(sum(c["ud_seconds_by_line"]) for c in cs), 2),
            "sentences": sum(c["sentences"] for c in cs),
            "pairs": len(cs),
            "ratio_per_pair": [round(x, 3) for x in ratio],
            "ingest_vs_underthesea": round(med(ratio), 3),
            "ingest_vs_underthesea_total": round(sum(sum(c["ud_seconds_by_line"]) for c in cs)
                                                 / sum(c["seconds"] for c in cs), 3),
            # the same in CPU time of the process, which other tenants of the machine disturb less
            "cpu_ratio_per_pair": [round(c["ud_cpu_seconds"] / c["cpu_seconds"], 3) for c in cs],
            "ingest_vs_underthesea_cpu": round(med(c["ud_cpu_seconds"] / c["cpu_seconds"] for c in cs), 3),
        }
        res.update(_per_article(cs, offsets, ids))
        res["facts_written_per_s"] = round(sum(c["facts"] - (cs[i - 1]["facts"] if i else 0) for i, c in enumerate(cs))
                                           / sum(c["write_seconds"] for c in cs))
        res["write_share_of_ingest"] = round(sum(c["write_seconds"] for c in cs) / sum(c["seconds"] for c in cs), 4)
        save()
        # two workers against one, wall clock, alternating
        wcorpus = build_corpus(base, workers_articles, tmp / f"w-{workers_articles}.jsonl", real)
        w1, w2 = _worker_pairs(wcorpus, repeats, tmp, batch_size)
        res["workers"] = {"articles": workers_articles,
                          "workers_1_seconds": round(med(r["seconds"] for r in w1), 2),
                          "workers_2_seconds": round(med(r["seconds"] for r in w2), 2),
                          "workers_2_vs_1": round(med(a["seconds"] / b["seconds"] for a, b in zip(w1, w2)), 3),
                          "workers_2_start_seconds": round(med(r["start_seconds"] for r in w2), 2)}
        # the same figure on whole ingests as users run them (2,000 articles in batches of
        # batch_size, one worker), where the chunks above write one small batch per ingest
        res["facts_written_per_s_whole_ingest"] = round(med(r["facts"] / r["write_seconds"] for r in w1))
        save()
        rss = {m: _in_child(build_corpus(base, m, tmp / f"rss-{m}.jsonl", real), 1, tmp, batch_size)
               for m in (small, large)}
        res["peak_rss_mb"] = {str(m): r["peak_rss_mb"] for m, r in rss.items()}
        res["peak_rss_large_vs_small"] = round(rss[large]["peak_rss_mb"] / rss[small]["peak_rss_mb"], 3)
        save()
    res["targets"] = {"ingest_vs_underthesea": ">= 1.0", "first_fact_seconds": "<= 1.0",
                      "workers_2_vs_1": ">= 1.8", "peak_rss_large_vs_small": "<= 1.1",
                      "facts_written_per_s": ">= 100000", "over_1s": "0"}
    save()
    return res


def _worker_pairs(corpus: Path, repeats: int, tmp: Path, batch_size: int) -> tuple[list[dict], list[dict]]:
    """Ingests of `corpus` with 1 and with 2 workers, `repeats` of each, alternating which goes first."""
    w1: list[dict] = []
    w2: list[dict] = []
    for i in range(repeats):
        for w, acc in ((1, w1), (2, w2)) if i % 2 == 0 else ((2, w2), (1, w1)):
            acc.append(_in_child(corpus, w, tmp, batch_size))
    return w1, w2


def workers_only(shared: Path, workers_articles: int, repeats: int, batch_size: int) -> dict:
    """The 2-workers-vs-1 figure alone (as `run` measures it), to repeat it on a
    shared machine whose speed drifts between the figures of one run."""
    real, base = real_articles(shared), base_articles(shared)
    with tempfile.TemporaryDirectory(prefix="vnfacts-bench-") as td:
        tmp = Path(td)
        wcorpus = build_corpus(base, workers_articles, tmp / f"w-{workers_articles}.jsonl", real)
        w1, w2 = _worker_pairs(wcorpus, repeats, tmp, batch_size)
    pairs = [a["seconds"] / b["seconds"] for a, b in zip(w1, w2)]
    return {"articles": workers_articles, "workers_2_vs_1": round(statistics.median(pairs), 3),
            "pairs": [round(x, 3) for x in pairs],
            "workers_1_seconds": [round(r["seconds"], 2) for r in w1],
            "workers_2_seconds": [round(r["seconds"], 2) for r in w2],
            "facts_written_per_s_whole_ingest": [round(r["facts"] / r["write_seconds"]) for r in w1]}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default="../shared", help="folder with realcorpus/, seeds/ and devset/")
    ap.add_argument("--articles", type=int, default=None, help="real articles timed against underthesea (default: all)")
    ap.add_argument("--chunks", type=int, default=10, help="pairs (underthesea, ingest) the articles are timed in")
    ap.add_argument("--workers-articles", type=int, default=2000, help="articles of the 2-vs-1-workers figure")
    ap.add_argument("--sizes", default="1000,10000", help="the two corpus sizes of the peak RSS figure")
    ap.add_argument("--repeats", type=int, default=5,
                    help="runs of each of 1 and 2 workers (alternating); the figure is the median pair")
    ap.add_argument("--first-fact-runs", type=int, default=5)
    ap.add_argument("--batch-size", type=int, default=None,
                    help="inputs per transaction (default: vnfacts ingest's own default)")
    ap.add_argument("--out", default="bench.json", help="where to write the results as JSON (also as they come)")
    ap.add_argument("--only-workers", action="store_true",
                    help="measure only 2 workers against 1 (--workers-articles, --repeats pairs)")
    ap.add_argument("--child", nargs=3, metavar=("CORPUS", "DB", "WORKERS"), help=argparse.SUPPRESS)
    ap.add_argument("--pairs", nargs="+", metavar="DB CHUNK", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.batch_size is None:  # what users run
        from vnfacts.ingest.local import IngestOptions
        a.batch_size = IngestOptions.model_fields["batch_size"].default
    if a.child:
        print(json.dumps(child(a.child[0], a.child[1], int(a.child[2]), a.batch_size)))
        return 0
    if a.pairs:
        print(json.dumps(child_pairs(a.pairs[1:], a.pairs[0], a.batch_size)))
        return 0
    if a.only_workers:
        print(json.dumps(workers_only(Path(a.shared), a.workers_articles, a.repeats, a.batch_size), indent=2))
        return 0
    small, large = sorted(int(x) for x in a.sizes.split(","))
    res = run(Path(a.shared), a.articles, a.workers_articles, (small, large), a.repeats, a.first_fact_runs,
              a.batch_size, a.chunks, Path(a.out))
    json.dump(res, sys.stdout, indent=2, ensure_ascii=False)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
