"""One pipeline stage's time before and after a change, in the same run.

    .venv/bin/python -m experiments.stage_ab --stage metrics --rev HEAD~1 --articles 300 --rounds 7

Runs the first N real articles of ../shared/realcorpus/political.jsonl
(one window each: longer articles are skipped) through the stages up to the
chosen one, keeping its inputs; then times the stage's function from the
working tree and from `git show REV:extract/pipeline/STAGE.py` over all
of them, alternately (old first in even rounds), and prints the medians and
their ratio (--cold NAME...: memos of the new module cleared before each of
its rounds, so that it is not timed on names it saw in an earlier round). Both must give equal outputs on every article. The inputs are
made the way vnfacts.pipeline._extract_window makes them; the script checks
that the facts it assembles equal extract_normalized's.

The machine is shared: only the ratio within one run means anything.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from vnfacts.models import ExtractionResult
from vnfacts.pipeline import _WINDOW, extract_normalized
from vnfacts.pipeline.canonicalize import canonicalize
from vnfacts.pipeline.link import link
from vnfacts.pipeline.merge import merge
from vnfacts.pipeline.metrics import metrics
from vnfacts.pipeline.ner import ner
from vnfacts.pipeline.normalize import normalize
from vnfacts.pipeline.resolve import resolve
from vnfacts.pipeline.rules import match_rules
from vnfacts.pipeline.segment import segment

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "realcorpus" / "political.jsonl"
FUNCS = {"metrics": "metrics", "rules": "match_rules", "canonicalize": "canonicalize"}


def _inputs(stage: str, n: int) -> list[tuple]:
    out = []
    with REAL.open(encoding="utf-8") as fh:
        for line in fh:
            if len(out) >= n:
                break
            a = json.loads(line)
            norm = normalize(a["text"], source=a.get("source") or "-", url=a.get("url"),
                             published=a.get("published"), title=a.get("title"))
            if len(norm.text) > _WINDOW:
                continue
            doc = segment(norm, on_demand=True)
            rules_args = (doc, norm)
            matches = match_rules(*rules_args)
            doc_spans = [m.group_spans[g] for m in matches if m.dimension == "documents"
                         for g in ("num", "num_so") if g in m.group_spans]
            ents = ner(doc, norm, excluded=doc_spans)
            res = resolve(merge(matches), norm, ents.bodies)
            counts, ratios = link(res.counts, res.ratios, res.dates, res.documents, ents.bodies, doc, norm.text)
            metrics_args = (counts, ratios, ents.bodies, res.documents, doc, norm.text)
            counts, ratios = metrics(*metrics_args)
            result = ExtractionResult(source=norm.article.source, article=norm.article, dates=res.dates,
                                      documents=res.documents, bodies=ents.bodies, persons=ents.persons,
                                      counts=counts, ratios=ratios)
            if canonicalize(result, norm.text).result != extract_normalized(norm):
                sys.exit(f"article {a.get('id')}: the assembled facts differ from extract_normalized's")
            out.append({"rules": rules_args, "metrics": metrics_args, "canonicalize": (result, norm.text)}[stage])
    return out


def _old(stage: str, rev: str):
    src = subprocess.run(["git", "show", f"{rev}:extract/pipeline/{stage}.py"], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    path = Path(tempfile.mkdtemp()) / f"old_{stage}.py"
    path.write_text(src, encoding="utf-8")
    name = f"_stage_ab_old_{stage}"
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return getattr(mod, FUNCS[stage])


def _plain(x):
    """Outputs as plain data (the old module defines its own model classes)."""
    if hasattr(x, "model_dump"):
        return x.model_dump()
    if isinstance(x, (list, tuple)):
        return [_plain(y) for y in x]
    return x


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--stage", choices=sorted(FUNCS), required=True)
    ap.add_argument("--rev", default="HEAD~1")
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--cold", nargs="*", default=[], metavar="NAME",
                    help="lru_cache'd functions of the working tree's stage module to clear before each of its "
                         "rounds (a memo that later rounds would find warm on the same articles)")
    args = ap.parse_args()
    inputs = _inputs(args.stage, args.articles)
    new = {"metrics": metrics, "rules": match_rules, "canonicalize": canonicalize}[args.stage]
    old = _old(args.stage, args.rev)
    for x in inputs:
        if _plain(old(*x)) != _plain(new(*x)):
            sys.exit("old and new outputs differ")

    module = sys.modules[new.__module__]

    def run(f) -> float:
        if f is new:
            for name in args.cold:
                getattr(module, name).cache_clear()
        t = time.perf_counter()
        for x in inputs:
            f(*x)
        return time.perf_counter() - t

    t_old, t_new = [], []
    for i in range(args.rounds):
        for f, acc in ([(old, t_old), (new, t_new)] if i % 2 == 0 else [(new, t_new), (old, t_old)]):
            acc.append(run(f))
    mo, mn = statistics.median(t_old), statistics.median(t_new)
    print(f"{args.stage}: {len(inputs)} articles, {args.rounds} alternating rounds; "
          f"{args.rev} median {mo * 1000:.0f} ms, working tree median {mn * 1000:.0f} ms: {mo / mn:.2f}x faster")
    print("per round:", " ".join(f"{a / b:.2f}" for a, b in zip(t_old, t_new)))


if __name__ == "__main__":
    main()
