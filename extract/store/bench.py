"""Benchmark of the fact store: the share of ingest time spent writing facts
(building the Arrow batches and committing them) against the whole ingest.
The issue's target is under 5%.

    python -m extract.store.bench --shared ../shared [--copies 4] [--workers 1]

The sample texts (corpus/samples, shared seeds and devset) are ingested
`copies` times, each copy made distinct by a last line, so every article is
new and goes the whole way into a fresh database.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _texts(shared: Path) -> list[str]:
    paths = sorted((REPO / "corpus" / "samples").glob("*.txt"))
    for sub in ("seeds", "devset"):
        paths += sorted((shared / sub).glob("*.txt"))
    return [p.read_text(encoding="utf-8") for p in paths]


def run(shared: Path, copies: int = 4, workers: int = 1, batch_size: int = 100) -> dict:
    from ..ingest import IngestOptions, ingest

    texts = _texts(shared)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "articles.jsonl"
        with src.open("w", encoding="utf-8") as f:
            for c in range(copies):
                for i, t in enumerate(texts):
                    f.write(json.dumps({"text": f"{t}\n\nBản sao {c}-{i}.", "url": f"https://example.vn/{c}/{i}"},
                                       ensure_ascii=False) + "\n")
        report = ingest([str(src)], Path(tmp) / "bench.duckdb",
                        IngestOptions(workers=workers, batch_size=batch_size))
    r = report.run
    return {
        "articles": r.read, "ingested": r.ingested, "workers": workers, "batch_size": batch_size,
        "seconds": round(r.seconds or 0, 3), "extract_seconds": round(r.extract_seconds or 0, 3),
        "write_seconds": round(r.write_seconds or 0, 3),
        "write_share": round((r.write_seconds or 0) / r.seconds, 4) if r.seconds else None,
        "articles_per_s": round(r.read / r.seconds, 1) if r.seconds else None,
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default="../shared", help="folder with seeds/ and devset/")
    ap.add_argument("--copies", type=int, default=4, help="how many times each text is ingested")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--batch-size", type=int, default=100)
    a = ap.parse_args(argv)
    json.dump(run(Path(a.shared), a.copies, a.workers, a.batch_size), sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
