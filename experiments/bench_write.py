"""The writer alone: facts written per second on real extraction results.

`make bench`'s "facts written per second" divides the facts an ingest stored
by the run's `write_seconds` (vnfacts.ingest.local: each batch's open of the
database, Arrow build, INSERTs, commit and close). Extraction dwarfs writing
(about 2% of an ingest), so this script takes extraction out: it extracts the
articles once and keeps the outcomes (`extract`), then replays them through
`vnfacts.ingest.local.ingest` itself, the function `vnfacts ingest` calls,
into a fresh store (`time`): the whole write path of a run, and nothing else
(the replay stands in for the extraction loop, `outcomes`, and for nothing
more). Besides write_seconds it reports the runs' wall clock, which also
counts the store's per-run costs (first open and schema check, the stored
versions, the run's rows), and the process's CPU time over the same span
(what a busy shared machine disturbs least).

`compare` runs `time` for two interpreters (two checkouts' .venv), in
alternating fresh processes, and reports medians and the ratio of each
round's pair, the figure to quote on a shared machine:

    python -m experiments.bench_write extract ../shared/realcorpus/political.jsonl /tmp/out.pkl --articles 300
    python -m experiments.bench_write compare /tmp/out.pkl --old ../main/.venv/bin/python --rounds 7
"""
from __future__ import annotations

import argparse
import json
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FACT_TABLES = ("dates", "documents", "bodies", "persons", "counts", "ratios")


def extract(corpus: str, out: str, articles: int) -> dict:
    from vnfacts.ingest.inputs import expand, iter_units
    from vnfacts.ingest.local import _Context, outcomes

    with tempfile.TemporaryDirectory() as td:
        src = Path(td) / Path(corpus).name
        with open(corpus, encoding="utf-8") as fh, open(src, "w", encoding="utf-8") as dst:
            for i, line in enumerate(fh):
                if i >= articles:
                    break
                dst.write(line)
        units = iter_units(expand([str(src)]))
        outs = list(outcomes(units, _Context(), 1))
    Path(out).write_bytes(pickle.dumps({"corpus": corpus, "outcomes": outs}))
    return {"outcomes": len(outs), "extracted": sum(o.status == "extracted" for o in outs)}


def time_write(pkl: str, db: str, batch_size: int, runs: int = 1, profile: str | None = None) -> dict:
    """Replay the outcomes into `db` in `runs` consecutive ingests (as
    `make bench` ingests its chunks of articles into one store)."""
    import vnfacts.ingest.local as local
    from vnfacts.ruledata import load_rules
    from vnfacts.store import Store

    load_rules()  # an ingest loads them first; extraction has loaded them already in a real run
    outs = pickle.loads(Path(pkl).read_bytes())["outcomes"]
    k = max(1, runs)
    parts = [outs[len(outs) * i // k:len(outs) * (i + 1) // k] for i in range(k)]
    opts = local.IngestOptions(batch_size=batch_size)
    write = wall = cpu = 0.0
    ingested = 0
    with tempfile.TemporaryDirectory() as td:
        inp = Path(td) / "in.txt"  # ingest expands its paths before the (replayed) loop
        inp.write_text("x", encoding="utf-8")
        if profile:
            import cProfile
            prof = cProfile.Profile()
            prof.enable()
        for part in parts:
            def replay(units, ctx, workers, budget=0.0, pool=None, part=part):  # stands in for the extraction loop
                return iter(part)
            local.outcomes = replay
            t0, c0 = time.perf_counter(), time.process_time()
            rep = local.ingest([str(inp)], db, opts)
            wall += time.perf_counter() - t0
            cpu += time.process_time() - c0
            write += rep.run.write_seconds
            ingested += rep.run.ingested
        if profile:
            prof.disable()
            prof.dump_stats(profile)
    with Store.open(db, read_only=True) as st:
        facts = sum(st.query(f"SELECT count(*) FROM {t}").column(0)[0].as_py() for t in FACT_TABLES)
    return {"facts": facts, "ingested": ingested, "write_seconds": write, "wall_seconds": wall, "cpu_seconds": cpu,
            "facts_per_write_s": facts / write, "facts_per_wall_s": facts / wall, "facts_per_cpu_s": facts / cpu,
            "db_mb": round(Path(db).stat().st_size / 1e6, 1)}


# the columns that record when a row was written and by which version of the
# code (pipeline_version hashes the store's code too, so it differs between checkouts)
_WHEN = {"stored_articles": ["ingested_at", "pipeline_version"], "rejects": ["rejected_at"],
         "runs": ["started_at", "finished_at", "seconds", "extract_seconds", "write_seconds", "inputs",
                  "pipeline_version"]}


def diff(a: str, b: str, ignore: dict[str, list[str]] | None = None) -> dict:
    """Rows of each table of store `a` not in `b` and of `b` not in `a`
    (multisets, EXCEPT ALL), besides the columns that say when and by which
    version, and those of `ignore` (table -> columns)."""
    import duckdb

    con = duckdb.connect()
    try:
        con.execute(f"ATTACH '{a}' AS a (READ_ONLY)")
        con.execute(f"ATTACH '{b}' AS b (READ_ONLY)")
        tables = [r[0] for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = 'a' AND table_name <> 'schema_migrations' "
            "ORDER BY 1").fetchall()]
        out = {}
        skip = {t: _WHEN.get(t, []) + (ignore or {}).get(t, []) for t in tables}
        for t in tables:
            cols = "*" + (f" EXCLUDE ({', '.join(skip[t])})" if skip[t] else "")
            n = con.execute(f"SELECT count(*) FROM a.{t}").fetchall()[0][0]
            ab = con.execute(f"SELECT count(*) FROM (SELECT {cols} FROM a.{t} EXCEPT ALL SELECT {cols} FROM b.{t})").fetchall()[0][0]
            ba = con.execute(f"SELECT count(*) FROM (SELECT {cols} FROM b.{t} EXCEPT ALL SELECT {cols} FROM a.{t})").fetchall()[0][0]
            out[t] = {"rows": n, "only_a": ab, "only_b": ba}
        return out
    finally:
        con.close()


def _child(python: str, pkl: str, db: Path, batch_size: int, runs: int) -> dict:
    for p in (db, Path(f"{db}.wal"), Path(f"{db}.ingest.lock")):
        p.unlink(missing_ok=True)  # a fresh store each time
    here = Path(__file__).resolve()
    cmd = [python, str(here), "time", pkl, str(db), "--batch-size", str(batch_size), "--runs", str(runs)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=str(here.parent.parent))
    if proc.returncode:
        raise SystemExit(f"{python}: {proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def compare(pkl: str, old: str, new: str, rounds: int, batch_size: int, runs: int,
            old_batch_size: int | None = None) -> dict:
    """`old_batch_size` (default `batch_size`): the old interpreter's batch
    size, to compare two checkouts' defaults."""
    sizes = {"old": old_batch_size or batch_size, "new": batch_size}
    res: dict[str, list[dict]] = {"old": [], "new": []}
    with tempfile.TemporaryDirectory() as td:
        for i in range(rounds):
            order = (("old", old), ("new", new)) if i % 2 == 0 else (("new", new), ("old", old))
            for name, py in order:
                res[name].append(_child(py, pkl, Path(td) / f"{name}.duckdb", sizes[name], runs))
        ignore = {"runs": ["batch_size"]} if sizes["old"] != sizes["new"] else None  # recorded as given
        same = diff(str(Path(td) / "old.duckdb"), str(Path(td) / "new.duckdb"), ignore)  # the last round's stores
    med = statistics.median
    out: dict = {"rounds": rounds, "batch_size": sizes, "runs": runs,
                 "facts": {n: sorted({r["facts"] for r in res[n]}) for n in res}}
    for k in ("facts_per_write_s", "facts_per_wall_s", "facts_per_cpu_s", "write_seconds", "wall_seconds",
              "cpu_seconds", "db_mb"):
        out[k] = {n: round(med(r[k] for r in res[n]), 4 if "seconds" in k else 1) for n in res}
    for k in ("facts_per_write_s", "facts_per_wall_s", "facts_per_cpu_s"):
        ratios = [b[k] / a[k] for a, b in zip(res["old"], res["new"])]
        out[k]["new_vs_old"] = round(med(ratios), 2)
        out[k]["per_round"] = [round(r, 2) for r in ratios]
    out["identical_rows"] = all(not d["only_a"] and not d["only_b"] for d in same.values())
    out["diff"] = same
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    e = sub.add_parser("extract")
    e.add_argument("corpus")
    e.add_argument("out")
    e.add_argument("--articles", type=int, default=300)
    t = sub.add_parser("time")
    t.add_argument("pkl")
    t.add_argument("db")
    t.add_argument("--batch-size", type=int, default=200)
    t.add_argument("--runs", type=int, default=1, help="consecutive ingests the outcomes are split into")
    t.add_argument("--profile", default=None, help="write cProfile stats of the run here")
    c = sub.add_parser("compare")
    c.add_argument("pkl")
    c.add_argument("--old", required=True, help="the other checkout's python")
    c.add_argument("--new", default=sys.executable)
    c.add_argument("--rounds", type=int, default=7)
    c.add_argument("--batch-size", type=int, default=200)
    c.add_argument("--runs", type=int, default=1, help="consecutive ingests the outcomes are split into")
    c.add_argument("--old-batch-size", type=int, default=None, help="the old interpreter's (default: --batch-size)")
    d = sub.add_parser("diff", help="rows that differ between two stores")
    d.add_argument("a")
    d.add_argument("b")
    a = ap.parse_args(argv)
    if a.cmd == "extract":
        res = extract(a.corpus, a.out, a.articles)
    elif a.cmd == "time":
        res = time_write(a.pkl, a.db, a.batch_size, a.runs, a.profile)
    elif a.cmd == "diff":
        res = diff(a.a, a.b)
    else:
        res = compare(a.pkl, a.old, a.new, a.rounds, a.batch_size, a.runs, a.old_batch_size)
    print(json.dumps(res))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
