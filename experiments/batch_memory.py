"""A one-worker ingest's memory around each batch: what a long ingest keeps.

`make bench` reports one figure, the peak RSS of an ingest of 10,000
articles against 1,000. When it grows, this shows where: for each batch,
the process's RSS before and after the write, glibc's heap (`mallinfo2`:
its size and what is in use) and, where DuckDB's jemalloc exports its
control function (Linux wheels), jemalloc's resident and allocated bytes.
The corpus is the bench's (real articles, then replicated seed and devset
texts), the ingest `vnfacts.ingest.local.ingest` itself; the only thing
added is a wrapper around `Store.write_batch` that reads the counters.

    python -m experiments.batch_memory --articles 4000

prints a JSON line per batch and the run's peak (`ru_maxrss`).
"""
from __future__ import annotations

import argparse
import ctypes
import json
import resource
import sys
import tempfile
from pathlib import Path

MB = 2**20


class _MallInfo2(ctypes.Structure):
    _fields_ = [(k, ctypes.c_size_t) for k in ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks",
                                               "fsmblks", "uordblks", "fordblks", "keepcost")]


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * resource.getpagesize() / MB


def _glibc():
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallinfo2.restype = _MallInfo2
        return libc.mallinfo2
    except (OSError, AttributeError):
        return None


def _jemalloc():
    """DuckDB's jemalloc mallctl, when its library exports it."""
    import duckdb
    for path in Path(duckdb.__file__).parent.parent.glob("_duckdb*.so"):
        lib = ctypes.CDLL(str(path))
        if hasattr(lib, "duckdb_je_mallctl"):
            return lib.duckdb_je_mallctl
    return None


def counters(mallinfo, mallctl) -> dict:
    out = {"rss_mb": round(_rss_mb(), 1)}
    if mallinfo is not None:
        m = mallinfo()
        out["glibc_heap_mb"] = round((m.arena + m.hblkhd) / MB, 1)
        out["glibc_in_use_mb"] = round((m.uordblks + m.hblkhd) / MB, 1)
    if mallctl is not None:
        epoch, size = ctypes.c_uint64(1), ctypes.c_size_t(8)
        mallctl(b"epoch", None, None, ctypes.byref(epoch), size)
        for name, key in ((b"stats.resident", "jemalloc_resident_mb"), (b"stats.allocated", "jemalloc_allocated_mb")):
            v, n = ctypes.c_uint64(0), ctypes.c_size_t(8)
            if mallctl(name, ctypes.byref(v), ctypes.byref(n), None, ctypes.c_size_t(0)) == 0:
                out[key] = round(v.value / MB, 1)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--articles", type=int, default=4000)
    ap.add_argument("--batch-size", type=int, default=None, help="default: vnfacts ingest's")
    a = ap.parse_args(argv)
    from vnfacts.ingest.local import IngestOptions, ingest
    from vnfacts.store import db

    from experiments import bench

    shared = Path(a.shared)
    opts = IngestOptions() if a.batch_size is None else IngestOptions(batch_size=a.batch_size)
    mallinfo, mallctl = _glibc(), _jemalloc()
    write_batch = db.Store.write_batch

    def measured(self, run_id, batch, **kw):
        before = counters(mallinfo, mallctl)
        write_batch(self, run_id, batch, **kw)
        print(json.dumps({"articles": batch.n_read, "before": before, "after": counters(mallinfo, mallctl)}),
              flush=True)

    with tempfile.TemporaryDirectory(prefix="vnfacts-mem-") as td:
        corpus = bench.build_corpus(bench.base_articles(shared), a.articles, Path(td) / "corpus.jsonl",
                                    bench.real_articles(shared))
        bench._warm()
        db.Store.write_batch = measured  # this experiment's probe; the ingest is the library's
        try:
            ingest([str(corpus)], Path(td) / "store.duckdb", opts)
        finally:
            db.Store.write_batch = write_batch
    print(json.dumps({"peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
