"""Train the statistical NER model (BODY, PER) from the gold in corpus/.
Run with `make train` (or `python -m experiments.train --shared ../shared`).

1. corpus/samples (texts beside the gold) and corpus/seeds (texts in
   ../shared/seeds, named by the gold's "source") -> spaCy Docs tokenized by
   the project's segmenter with the gold mentions as entities
   (extract/nerdata.py), saved as DocBins under build/ner/ (git-ignored).
   A fixed fifth of the articles is held out as spaCy's dev set for choosing
   the best checkpoint; the devset in ../shared is never read.
2. spaCy's trainer with configs/ner.cfg, CPU only.
3. model-best is copied to extract/models_data/ner/ (or --out), so it can
   be loaded offline with spacy.load(path).
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

from experiments.nerdata import REPO, build_docbin, corpus_articles

CONFIG = REPO / "configs" / "ner.cfg"
BUILD = REPO / "build" / "ner"
MODEL_DIR = Path(__file__).resolve().parent / "models_data" / "ner"


def split(names: list[str], every: int = 5) -> tuple[set[str], set[str]]:
    """Deterministic held-out set: every `every`-th article (sorted by name)."""
    names = sorted(names)
    dev = {n for i, n in enumerate(names) if i % every == every - 1}
    return set(names) - dev, dev


def build_data(shared: Path | None, build: Path = BUILD, corpus: Path | None = None,
               limit: int = 0) -> dict:
    """Write build/train.spacy and build/dev.spacy; return alignment stats."""
    kw = {"corpus": corpus} if corpus is not None else {}
    arts = corpus_articles(seed_texts=(shared / "seeds") if shared else None, **kw)
    if limit:
        arts = arts[:limit]
    if not arts:
        raise SystemExit("no gold articles with text found in corpus/")
    tr_names, dev_names = split([a.name for a in arts]) if len(arts) >= 5 else ({a.name for a in arts}, set())
    if not dev_names:  # tiny runs (tests): dev = train
        dev_names = tr_names
    build.mkdir(parents=True, exist_ok=True)
    stats = {}
    for part, names in (("train", tr_names), ("dev", dev_names)):
        db, st = build_docbin([a for a in arts if a.name in names])
        db.to_disk(build / f"{part}.spacy")
        st["articles"] = sorted(names)
        stats[part] = st
    return stats


def train(shared: Path | None, out: Path = MODEL_DIR, build: Path = BUILD, config: Path = CONFIG,
          overrides: dict | None = None, corpus: Path | None = None, limit: int = 0) -> dict:
    from spacy.cli.train import train as spacy_train

    t0 = time.perf_counter()
    stats = build_data(shared, build, corpus=corpus, limit=limit)
    ov = {"paths.train": str(build / "train.spacy"), "paths.dev": str(build / "dev.spacy")}
    ov.update(overrides or {})
    runs = build / "output"
    if runs.exists():
        shutil.rmtree(runs)
    t1 = time.perf_counter()
    spacy_train(config, runs, use_gpu=-1, overrides=ov)
    t2 = time.perf_counter()
    best = runs / "model-best"
    if not (best / "meta.json").is_file():  # no evaluation improved on step 0
        best = runs / "model-last"
    if out.exists():
        shutil.rmtree(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(best, out)
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    report = {
        "data": {k: {x: v[x] for x in ("docs", "mentions", "aligned", "expanded")} | {"articles": v["articles"]}
                 for k, v in stats.items()},
        "build_data_s": round(t1 - t0, 1), "train_s": round(t2 - t1, 1),
        "model_dir": str(out), "model_bytes": size,
        "heldout_scores": {k: meta.get("performance", {}).get(k) for k in ("ents_p", "ents_r", "ents_f")},
    }
    (build / "train_report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return report


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default="../shared", help="folder with seeds/ (texts of corpus/seeds gold)")
    ap.add_argument("--out", default=str(MODEL_DIR), help="where the trained model goes")
    ap.add_argument("--build", default=str(BUILD), help="scratch folder for DocBins and checkpoints")
    ap.add_argument("--config", default=str(CONFIG))
    ap.add_argument("--max-epochs", type=int, default=None, help="override training.max_epochs")
    a = ap.parse_args(argv)
    shared = Path(a.shared)
    if not (shared / "seeds").is_dir():
        print(f"note: {shared}/seeds not found; training on corpus/samples only", file=sys.stderr)
    ov = {"training.max_epochs": a.max_epochs} if a.max_epochs else {}
    rep = train(shared, Path(a.out), Path(a.build), Path(a.config), overrides=ov)
    json.dump(rep, sys.stdout, indent=2, ensure_ascii=False)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
