"""NER comparison on the devset: bodies and persons P/R/F1 and articles per
second for

- rules          the pipeline as it is (`vnfacts.pipeline.extract`)
- rules + model  the same, plus the trained spaCy model's spans where they
                 overlap no rule body, rule person or rule person's role
                 (rules are precise; the model only fills their gaps)
- model          the trained model alone, on the project's segmentation
- underthesea    underthesea's own `ner()` (bundled CRF, offline) per
                 sentence: PER -> persons, ORG -> bodies (and, in a second
                 row, ORG or LOC -> bodies, since it tags most party bodies LOC)

All variants run in the same process on the same 30 passages, interleaved,
timed over `repeats` runs (median); every variant includes normalization
(and, where it uses them, segmentation and the rule stages). Scoring is
vnfacts.evaluation.evaluate.score_article (../shared/GOLD.md).

    python -m experiments.nercompare --shared ../shared [--model DIR] [--out build/ner/compare.json]
"""
from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import sys
import time
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

from vnfacts import pipeline
from vnfacts.evaluation.evaluate import PRF, load_gold, score_article
from vnfacts.models import BodyFact, ExtractionResult, PersonFact
from vnfacts.pipeline.normalize import Normalized, normalize
from vnfacts.text.sentences import sentence_spans

TYPES = ("bodies", "persons")
Spans = list[tuple[int, int, str]]


# ---------------------------------------------------------------- underthesea

def _base(s: str) -> str:
    """Lower case without diacritics, for matching underthesea's token text
    (which it may re-normalize) against ours."""
    d = unicodedata.normalize("NFD", s.lower().replace("đ", "d"))
    return "".join(c for c in d if not unicodedata.combining(c))


def align_tokens(text: str, start: int, end: int, tokens: list[str]) -> list[tuple[int, int] | None]:
    """Character spans in text[start:end] of underthesea's tokens (syllables
    joined by one space), in order; None for a token that cannot be found."""
    out: list[tuple[int, int] | None] = []
    pos = start
    for tok in tokens:
        sylls = tok.split()
        if not sylls:
            out.append(None)
            continue
        span: tuple[int, int] | None = None
        p = pos
        s0 = None
        for k, syl in enumerate(sylls):
            while p < end and text[p].isspace():
                p += 1
            if text.startswith(syl, p) or (p + len(syl) <= end and _base(text[p:p + len(syl)]) == _base(syl)):
                q = p
            else:
                # skip what underthesea dropped; only for the first syllable
                q = text.find(syl, p, min(end, p + 40)) if k == 0 else -1
                if q < 0:
                    s0 = None
                    break
            if k == 0:
                s0 = q
            p = q + len(syl)
        if s0 is not None:
            span = (s0, p)
            pos = p
        out.append(span)
    return out


def underthesea_entities(norm: Normalized) -> Spans:
    """underthesea ner() over each sentence of the normalized text: B-/I-
    tags joined into (start, end, PER|ORG|LOC|MISC) spans over norm.text."""
    from underthesea import ner

    text = norm.text
    out: Spans = []
    for s, e in sentence_spans(text):
        rows = ner(text[s:e])
        spans = align_tokens(text, s, e, [r[0] for r in rows])
        cur: list | None = None
        for row, sp in zip(rows, spans):
            tag = row[3] if len(row) > 3 else "O"
            if sp is None or tag == "O" or "-" not in tag:
                if cur:
                    out.append(tuple(cur))
                cur = None
                continue
            bio, label = tag.split("-", 1)
            if bio == "I" and cur and cur[2] == label:
                cur[1] = sp[1]
            else:
                if cur:
                    out.append(tuple(cur))
                cur = [sp[0], sp[1], label]
        if cur:
            out.append(tuple(cur))
    return out


# ---------------------------------------------------------------- variants

def _result(norm: Normalized, spans: Spans, body_labels: tuple[str, ...], per_labels: tuple[str, ...]) -> ExtractionResult:
    text = norm.text
    bodies, persons = [], []
    for s, e, lab in sorted(spans):
        if norm.blocked(s, e):
            continue
        t = text[s:e]
        if lab in body_labels:
            bodies.append(BodyFact(text=t, start=s, end=e, canonical=t))
        elif lab in per_labels:
            persons.append(PersonFact(text=t, start=s, end=e, name=t, roles=[]))
    return ExtractionResult(source=norm.article.source, article=norm.article, bodies=bodies, persons=persons)


@contextlib.contextmanager
def _capture_segment() -> Iterator[list]:
    """Run the pipeline as it is while keeping the Doc it segments, so the
    model reuses it instead of segmenting twice."""
    real = pipeline.segment
    seen: list = []

    def spy(norm, **kw):
        d = real(norm, **kw)
        seen.append(d)
        return d

    pipeline.segment = spy
    try:
        yield seen
    finally:
        pipeline.segment = real


def _role_spans(text: str, persons: list[PersonFact]) -> list[tuple[int, int]]:
    """Where each rule person's roles are written (the roles are kept as text
    only): the nearest occurrence around the name."""
    out = []
    for p in persons:
        lo, hi = max(0, p.start - 150), min(len(text), p.end + 250)
        for r in p.roles:
            k = text.find(r, lo, hi)
            if k >= 0:
                out.append((k, k + len(r)))
    return out


def merge_model(rules: ExtractionResult, model: Spans, norm: Normalized) -> ExtractionResult:
    """Rule facts, plus model spans that overlap no rule body, person or
    role and lie outside page chrome. Model persons have name = span text
    and no roles; model bodies canonical = span text."""
    text = norm.text
    taken = [(b.start, b.end) for b in rules.bodies] + [(p.start, p.end) for p in rules.persons]
    taken += _role_spans(text, rules.persons)
    bodies, persons = list(rules.bodies), list(rules.persons)
    for s, e, lab in model:
        if norm.blocked(s, e) or any(s < te and ts < e for ts, te in taken):
            continue
        t = text[s:e]
        if lab == "BODY":
            bodies.append(BodyFact(text=t, start=s, end=e, canonical=t))
        elif lab == "PER":
            persons.append(PersonFact(text=t, start=s, end=e, name=t, roles=[]))
        taken.append((s, e))
    return rules.model_copy(update={"bodies": sorted(bodies, key=lambda b: b.start),
                                    "persons": sorted(persons, key=lambda p: p.start)})


def variants(model_path: str | None) -> dict[str, Callable[[str, str, str | None], ExtractionResult]]:
    from vnfacts.pipeline.segment import segment

    from experiments.ner_model import load_model, model_entities

    load_model(model_path)

    def rules(raw, source, url):
        return pipeline.extract(raw, source=source, url=url)

    def rules_model(raw, source, url):
        norm = normalize(raw, source=source, url=url)
        with _capture_segment() as seen:
            res = pipeline.extract_normalized(norm, all_words=True)  # the model reads every word
        doc = seen[-1].doc if seen else segment(norm).doc
        return merge_model(res, model_entities(doc, model_path), norm)

    def model(raw, source, url):
        norm = normalize(raw, source=source, url=url)
        return _result(norm, model_entities(segment(norm).doc, model_path), ("BODY",), ("PER",))

    ud_cache: dict[str, Spans] = {}

    def ud(labels):
        def run(raw, source, url):
            norm = normalize(raw, source=source, url=url)
            spans = underthesea_entities(norm)
            ud_cache[source] = spans
            return _result(norm, spans, labels, ("PER",))
        return run

    return {
        "rules": rules,
        "rules + model": rules_model,
        "model only": model,
        "underthesea ner() (ORG→bodies)": ud(("ORG",)),
        "underthesea ner() (ORG, LOC→bodies)": ud(("ORG", "LOC")),
    }


def run(shared: Path, repeats: int = 3, model_path: str | None = None) -> dict:
    devset = shared / "devset"
    pairs = [(j.with_suffix(".txt"), j) for j in sorted(devset.glob("*.json")) if j.with_suffix(".txt").exists()]
    if not pairs:
        raise SystemExit(f"{devset}: no devset passages")
    items = [(t.read_text(encoding="utf-8"), str(t), load_gold(j), j.stem) for t, j in pairs]
    fns = variants(model_path)
    for fn in fns.values():  # warm-up: model and CRF loading, rule compilation
        fn(items[0][0], items[0][1], items[0][2].get("url"))
    times: dict[str, list[float]] = {k: [] for k in fns}
    scores: dict[str, dict[str, PRF]] = {}
    for r in range(repeats):
        for name, fn in fns.items():
            preds = []
            t0 = time.perf_counter()
            for raw, src, gold, _ in items:
                preds.append(fn(raw, src, gold.get("url")))
            times[name].append(time.perf_counter() - t0)
            if r == 0:
                tot = {t: PRF() for t in TYPES}
                for pred, (_, _, gold, stem) in zip(preds, items):
                    sc, _ = score_article(pred, gold, stem)
                    for t in TYPES:
                        tot[t].add(sc[t])
                scores[name] = tot
    n = len(items)
    res = {"articles": n, "repeats": repeats, "variants": {}}
    for name in fns:
        med = statistics.median(times[name])
        res["variants"][name] = {t: scores[name][t].summary() for t in TYPES} | {
            "seconds_median": round(med, 3), "articles_per_s": round(n / med, 1)}
    return res


def markdown(res: dict) -> str:
    lines = ["| variant | bodies P | bodies R | bodies F1 | persons P | persons R | persons F1 | articles/s |",
             "|---|---|---|---|---|---|---|---|"]
    for name, v in res["variants"].items():
        b, p = v["bodies"], v["persons"]
        lines.append(f"| {name} | {b['precision']:.3f} | {b['recall']:.3f} | **{b['f1']:.3f}** | "
                     f"{p['precision']:.3f} | {p['recall']:.3f} | **{p['f1']:.3f}** | {v['articles_per_s']:.1f} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default="../shared", help="folder with devset/")
    ap.add_argument("--model", default=None, help="trained model directory (default: the shipped one)")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--out", default="build/ner/compare.json", help="where to write the results as JSON")
    a = ap.parse_args(argv)
    from experiments.ner_model import MODEL_DIR, ModelMissing

    try:
        res = run(Path(a.shared), repeats=a.repeats, model_path=a.model)
    except ModelMissing as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    res["model"] = str(Path(a.model) if a.model else MODEL_DIR)
    res["table"] = markdown(res)
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    Path(a.out).write_text(json.dumps(res, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(res["table"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
