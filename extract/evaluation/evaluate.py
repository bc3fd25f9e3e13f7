"""Scoring against gold annotations (../shared/GOLD.md). Kept apart from the
pipeline, like spaCy's scorer: it reads ExtractionResults and gold files.

Mentions are matched per article as multisets on a key per type: dates on
value; documents on (doc_type, number); counts on value; ratios on
(numerator, denominator) or percent; bodies on normalized text; persons on
name. A predicted mention whose text lies inside a "doubtful" string (or
mostly is one) is not counted, right or wrong.

Attribute accuracy (metric fields, unit, qualifier, canonical, roles,
issuer, issued, congress, ...) and strict F1 (key and every attribute right)
come from vnfacts.evaluation.attributes, which computes exactly what
../shared/tools/score_attrs.py does.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from vnfacts.errors import GoldError, InputError
from vnfacts.evaluation.attributes import AttributeScores, AttrMismatch, Strict, score_attributes
from vnfacts.models import FACT_TYPES, ExtractionResult
from vnfacts.text.textnorm import fold


class PRF(BaseModel):
    model_config = ConfigDict(extra="forbid")
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, o: PRF) -> None:
        self.tp += o.tp
        self.fp += o.fp
        self.fn += o.fn

    def summary(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


class Miss(BaseModel):
    """A missed (gold, not predicted) or spurious (predicted, not gold) fact."""
    model_config = ConfigDict(extra="forbid")
    article: str
    type: str
    kind: str  # "missed" | "spurious"
    text: str
    key: str
    start: int | None = None


class Accuracy(BaseModel):
    model_config = ConfigDict(extra="forbid")
    correct: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.correct / self.total if self.total else 1.0


class EvalReport(BaseModel):
    model_config = ConfigDict(extra="forbid")
    gold_dir: str
    articles: int
    per_type: dict[str, PRF]
    micro: PRF
    per_article: dict[str, dict[str, PRF]] = Field(default_factory=dict)
    attributes: dict[str, Accuracy] = Field(default_factory=dict, description="'type.field' -> agreement on matched pairs")
    strict: dict[str, Strict] = Field(default_factory=dict, description="type -> strict tp/pred/gold")
    strict_micro: Strict = Field(default_factory=Strict)
    diffs: list[Miss] = Field(default_factory=list)
    attribute_errors: list[AttrMismatch] = Field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "gold_dir": self.gold_dir, "articles": self.articles,
            "per_type": {k: v.summary() for k, v in self.per_type.items()},
            "micro": self.micro.summary(),
            "attributes": {k: {"correct": a.correct, "total": a.total, "accuracy": round(a.value, 4)}
                           for k, a in self.attributes.items()},
            "strict": {k: {"tp": v.tp, "pred": v.pred, "gold": v.gold, "f1": round(v.f1, 4)}
                       for k, v in [*self.strict.items(), ("micro", self.strict_micro)]},
            "attribute_errors": [e.model_dump(mode="json") for e in self.attribute_errors],
            "per_article": {a: {k: v.summary() for k, v in t.items()} for a, t in self.per_article.items()},
            "diffs": [d.model_dump() for d in self.diffs],
        }


def _num(x) -> float | None:
    return None if x is None else round(float(x), 4)


def _norm_text(s: str) -> str:
    return re.sub(r"\s+", " ", fold(s)).strip().lower()


KEYS: dict[str, Callable[[dict], Any]] = {
    "dates": lambda f: f.get("value"),
    "documents": lambda f: (f.get("doc_type"), f.get("number")),
    "counts": lambda f: _num(f.get("value")),
    "ratios": lambda f: ("pct", _num(f["percent"])) if f.get("percent") is not None
    else ("frac", _num(f.get("numerator")), _num(f.get("denominator"))),
    "bodies": lambda f: _norm_text(f.get("text", "")),
    "persons": lambda f: _norm_text(f.get("name", "")),
}


def load_gold(path: Path) -> dict:
    try:
        g = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise GoldError(f"{path}: cannot read gold: {e}") from None
    if not isinstance(g, dict):
        raise GoldError(f"{path}: gold must be a JSON object")
    for t in FACT_TYPES:
        v = g.get(t, [])
        if not isinstance(v, list) or not all(isinstance(x, dict) for x in v):
            raise GoldError(f"{path}: '{t}' must be a list of objects")
    if not isinstance(g.get("doubtful", []), list):
        raise GoldError(f"{path}: 'doubtful' must be a list of strings")
    return g


def _is_doubtful(text: str, doubtful: list[str]) -> bool:
    t = _norm_text(text)
    if not t:
        return False
    for d in doubtful:
        if t in d:
            return True
        if d in t and len(d) >= 0.5 * len(t):
            return True
    return False


def score_article(pred: ExtractionResult, gold: dict, name: str,
                  diffs: list[Miss] | None = None) -> tuple[dict[str, PRF], AttributeScores]:
    """Span P/R/F1 per type of one article, and its attribute scores."""
    doubtful = [_norm_text(d) for d in gold.get("doubtful", [])]
    out: dict[str, PRF] = {}
    for t in FACT_TYPES:
        key = KEYS[t]
        preds = [f.model_dump() for f in getattr(pred, t)]
        preds = [p for p in preds if not _is_doubtful(p.get("text", p.get("name", "")), doubtful)]
        golds = gold.get(t, [])
        pc = Counter(key(p) for p in preds)
        gc = Counter(key(g) for g in golds)
        tp = sum(min(pc[k], gc[k]) for k in pc)
        out[t] = PRF(tp=tp, fp=sum(pc.values()) - tp, fn=sum(gc.values()) - tp)
        if diffs is not None:
            left = Counter(gc)
            for p in preds:
                k = key(p)
                if left[k] > 0:
                    left[k] -= 1
                else:
                    diffs.append(Miss(article=name, type=t, kind="spurious", text=p.get("text", p.get("name", "")),
                                      key=str(k), start=p.get("start")))
            left = Counter(pc)
            for g in golds:
                k = key(g)
                if left[k] > 0:
                    left[k] -= 1
                else:
                    diffs.append(Miss(article=name, type=t, kind="missed", text=g.get("text", g.get("name", "")),
                                      key=str(k)))
    return out, score_attributes(pred.model_dump(mode="json"), gold, name)


def evaluate(gold_dir: str | Path, extract_fn: Callable[..., ExtractionResult], *,
             text_dirs: Iterable[Path] = (), with_diffs: bool = False) -> EvalReport:
    """Run extract_fn on every text beside (or, via `text_dirs`, named by) a
    gold file and score it."""
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise GoldError(f"{gold_dir}: not a directory")
    per_type = {t: PRF() for t in FACT_TYPES}
    attrs = AttributeScores()
    per_article: dict[str, dict[str, PRF]] = {}
    diffs: list[Miss] | None = [] if with_diffs else None
    n = 0
    for txt, js, gold in gold_pairs(gold_dir, text_dirs):
        raw = txt.read_text(encoding="utf-8")
        # the gold's url and published are the page's metadata (GOLD.md), what a scraper hands ingest
        published = gold.get("published") if isinstance(gold.get("published"), str) else None
        try:
            pred = extract_fn(raw, source=str(txt), url=gold.get("url"), published=published)
        except InputError as e:
            raise GoldError(f"{js}: {e}") from None
        scores, att = score_article(pred, gold, js.stem, diffs)
        per_article[js.stem] = scores
        for t, s in scores.items():
            per_type[t].add(s)
        attrs.add(att)
        n += 1
    if n == 0:
        raise GoldError(f"{gold_dir}: no gold *.json with its article text found")
    micro = PRF()
    for s in per_type.values():
        micro.add(s)
    return EvalReport(gold_dir=str(gold_dir), articles=n, per_type=per_type, micro=micro,
                      per_article=per_article,
                      attributes={k: Accuracy(correct=a, total=t) for k, (a, t) in sorted(attrs.checked.items())},
                      strict=attrs.strict, strict_micro=attrs.micro(), diffs=diffs or [],
                      attribute_errors=attrs.errors if with_diffs else [])


def gold_pairs(gold_dir: Path, text_dirs: Iterable[Path] = ()) -> list[tuple[Path, Path, dict]]:
    """(text, gold file, gold) of every gold file in `gold_dir`: the text
    beside it (dNN.txt), or the file its `source` names in one of `text_dirs`
    (corpus gold for texts kept in ../shared). The one gold reader: the gold is
    read and checked by load_gold."""
    out = []
    for j in sorted(Path(gold_dir).glob("*.json")):
        if j.name == "baseline.json":
            continue
        t = j.with_suffix(".txt")
        if t.exists():
            out.append((t, j, load_gold(j)))
            continue
        gold = load_gold(j)
        src = gold.get("source")
        if isinstance(src, str) and src:
            for d in text_dirs:
                cand = Path(d) / src
                if cand.exists():
                    out.append((cand, j, gold))
                    break
    return out
