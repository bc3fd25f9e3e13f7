"""How fast DuckDB itself takes one ingest's batches: the floor under "facts written per second".

The Arrow tables of real extraction results are built once (outside the clock), then written as
vnfacts' writer does (an in-memory engine ATTACHes the store per batch: BEGIN, one INSERT per
table, COMMIT, DETACH = checkpoint), into a store migrated by vnfacts, for variants of what is
stored: `cur` (the schema as it is), `nopk` (no primary keys on the six fact tables), `onetext`
(the article's body_text not stored beside its text), `hold` (the store kept attached between
batches), `ckpt0` (checkpoint at every commit); env FC forces a compression (DuckDB's debug
setting force_compression), RG a ROW_GROUP_SIZE, BS the batch size. Rounds alternate the variants.

    python -m experiments.bench_write extract ../shared/realcorpus/political.jsonl /tmp/w.pkl --articles 1500
    python experiments/write_floor.py /tmp/w.pkl cur,nopk,onetext,nopk_onetext 5
"""
import os, sys, time, pickle, re, statistics, json, tempfile
from pathlib import Path
import duckdb, pyarrow as pa
from vnfacts.store.rows import build_tables, Batch, FACT_TABLES, CANONICAL_TABLES
from vnfacts.store import Store
from datetime import datetime, timezone

outs = pickle.loads(Path(sys.argv[1]).read_bytes())['outcomes']
recs = [o.rows for o in outs if o.status == 'extracted']
BS = int(os.environ.get('BS', 500))
batches = []
for i in range(0, len(recs), BS):
    b = Batch(articles=recs[i:i+BS]); b.n_read = len(b.articles)
    batches.append(build_tables(b, run_id=1, version='x', now=datetime.now(timezone.utc)))
nfacts = sum(t[n].num_rows for t in batches for n in FACT_TABLES)

def make_store(path, variant):
    st = Store.open(path, threads=1); st.close()  # migrated schema
    if variant == 'nopk':
        con = duckdb.connect(path)
        for t in FACT_TABLES:
            con.execute(f"CREATE TABLE {t}_x AS SELECT * FROM {t} LIMIT 0")
            con.execute(f"DROP TABLE {t} CASCADE") if False else con.execute(f"DROP TABLE {t}")
            con.execute(f"ALTER TABLE {t}_x RENAME TO {t}")
        con.close()

def write(path, variant):
    eng = duckdb.connect(':memory:', config={'threads': '1'})
    tw = 0.0; parts = {'attach':0,'insert':0,'commit':0,'detach':0}
    hold = 'hold' in variant
    for bi, tables in enumerate(batches):
        t0 = time.perf_counter()
        if not hold or bi == 0:
            rg=os.environ.get('RG'); eng.execute(f"ATTACH '{path}' AS store" + (f" (ROW_GROUP_SIZE {rg})" if rg else "")); eng.execute("USE store"); eng.execute("SET max_vacuum_tasks=0")
            fc = os.environ.get('FC')
            if fc: eng.execute(f"SET force_compression='{fc}'")
            if 'ckpt0' in variant: eng.execute("SET checkpoint_threshold='0b'")
            dc = os.environ.get('DC')
            if dc: eng.execute(f"SET disabled_compression_methods='{dc}'")
        t1 = time.perf_counter()
        eng.execute("BEGIN TRANSACTION")
        for name in ("articles", *FACT_TABLES, "rejects", *CANONICAL_TABLES):
            tb = tables[name]
            if 'onetext' in variant and name == 'articles':
                tb = tb.set_column(tb.schema.get_field_index('body_text'), 'body_text', pa.nulls(tb.num_rows, pa.string()))
            if not tb.num_rows: continue
            if 'noart' in variant and name == 'articles': continue
            if 'onlyart' in variant and name != 'articles': continue
            eng.register('_batch', tb)
            if name in CANONICAL_TABLES:
                key = CANONICAL_TABLES[name]
                eng.execute(f"INSERT INTO {name} BY NAME SELECT * FROM _batch b WHERE NOT EXISTS (SELECT 1 FROM {name} c WHERE c.{key} = b.{key})")
            else:
                eng.execute(f"INSERT INTO {name} BY NAME SELECT * FROM _batch")
            eng.unregister('_batch')
        t2 = time.perf_counter()
        eng.execute("COMMIT")
        t3 = time.perf_counter()
        if not hold or bi == len(batches) - 1:
            eng.execute("USE memory"); eng.execute("DETACH store")
        t4 = time.perf_counter()
        parts['attach'] += t1-t0; parts['insert'] += t2-t1; parts['commit'] += t3-t2; parts['detach'] += t4-t3
    eng.close()
    return parts

variants = sys.argv[2].split(',')
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 3
res = {v: [] for v in variants}
with tempfile.TemporaryDirectory() as td:
    for r in range(rounds):
        for v in (variants if r % 2 == 0 else variants[::-1]):
            p = f"{td}/{v}{r}.duckdb"
            make_store(p, 'nopk' if 'nopk' in v else 'cur')
            c0 = time.process_time()
            parts = write(p, v)
            cpu = time.process_time() - c0
            tot = sum(parts.values())
            res[v].append((tot, cpu, parts, os.path.getsize(p)))
for v in variants:
    tots = [x[0] for x in res[v]]
    m = statistics.median(tots)
    best = min(res[v], key=lambda x: x[0])
    print(v, f"facts={nfacts} median {m:.3f}s -> {nfacts/m:,.0f} facts/s; cpu med {statistics.median(x[1] for x in res[v]):.3f}", {k: round(val,3) for k,val in best[2].items()}, f"{best[3]/1e6:.1f} MB")
