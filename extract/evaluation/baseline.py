"""The regression gate: F1 per fact type, strict F1 per type (key and every
attribute right) and the accuracy of the metric fields, on the annotated
corpus and the devset, kept in corpus/baseline.json. A rule change that drops
any of them by more than the tolerance fails `make test`; the baseline
changes only through `vnfacts eval corpus --update-baseline`, so a drop is a
decision.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field
from vnfacts.errors import GoldError
from vnfacts.evaluation.attributes import METRIC_FIELDS
from vnfacts.evaluation.evaluate import EvalReport, evaluate
from vnfacts.models import FACT_TYPES

REPO = Path(__file__).resolve().parents[2]
DEFAULT_BASELINE = REPO / "corpus" / "baseline.json"
DEFAULT_TOLERANCE = 0.01


class GoldSet(BaseModel):
    """A folder of gold files, and where their article texts live."""
    model_config = ConfigDict(extra="forbid")
    name: str
    gold_dir: Path
    text_dirs: list[Path] = Field(default_factory=list)

    def available(self) -> bool:
        if not self.gold_dir.is_dir():
            return False
        return all(d.is_dir() for d in self.text_dirs)


# Measured with `make realgold` / `make realgold2`, never gated: their texts live in ../shared/realcorpus
# (cut out by experiments/realgold.py), and a held-out set that a regression gate pins would be tuned on.
HELD_OUT = frozenset({"realgold", "realgold2"})


def gold_sets(corpus: Path, shared: Path | None) -> list[GoldSet]:
    """Every gold folder under `corpus` (texts beside the gold or in
    shared/seeds) except the held-out ones, plus shared/devset."""
    sets = []
    for d in sorted({p.parent for p in corpus.rglob("*.json") if p.name != "baseline.json"}):
        if d.name in HELD_OUT:
            continue
        text_dirs = [shared / "seeds"] if shared and d.name == "seeds" else []
        sets.append(GoldSet(name=str(d.relative_to(corpus.parent)), gold_dir=d, text_dirs=text_dirs))
    if shared is not None:
        sets.append(GoldSet(name="devset", gold_dir=shared / "devset"))
    return sets


class Measured(BaseModel):
    model_config = ConfigDict(extra="forbid")
    f1: dict[str, dict[str, float]]  # set name -> fact type -> F1
    strict: dict[str, dict[str, float]] = Field(default_factory=dict)  # set name -> type (and micro) -> strict F1
    attributes: dict[str, dict[str, float]] = Field(default_factory=dict)  # set -> "counts.metric" -> accuracy
    reports: dict[str, EvalReport] = Field(default_factory=dict, exclude=True)
    skipped: list[str] = Field(default_factory=list)


def _metric_accuracies(rep: EvalReport) -> dict[str, float]:
    return {k: round(a.value, 4) for k, a in rep.attributes.items()
            if a.total and k.split(".", 1)[1] in METRIC_FIELDS}


def measure(sets: list[GoldSet], extract_fn: Callable, with_diffs: bool = False) -> Measured:
    f1, strict, attrs, reports, skipped = {}, {}, {}, {}, []
    for s in sets:
        if not s.available():
            skipped.append(s.name)
            continue
        rep = evaluate(s.gold_dir, extract_fn, text_dirs=s.text_dirs, with_diffs=with_diffs)
        reports[s.name] = rep
        f1[s.name] = {t: round(rep.per_type[t].f1, 4) for t in FACT_TYPES}
        strict[s.name] = {t: round(v.f1, 4) for t, v in [*rep.strict.items(), ("micro", rep.strict_micro)]}
        attrs[s.name] = _metric_accuracies(rep)
    return Measured(f1=f1, strict=strict, attributes=attrs, reports=reports, skipped=skipped)


class Baseline(BaseModel):
    model_config = ConfigDict(extra="forbid")
    tolerance: float = DEFAULT_TOLERANCE
    updated: str
    note: str = ("F1 per fact type, strict F1 per type and the accuracy of the metric fields; `make test` "
                 "fails when one drops below its baseline by more than `tolerance`. Change only with: "
                 "vnfacts eval corpus --update-baseline")
    f1: dict[str, dict[str, float]]
    strict: dict[str, dict[str, float]] = Field(default_factory=dict)
    attributes: dict[str, dict[str, float]] = Field(default_factory=dict)


class Drop(BaseModel):
    model_config = ConfigDict(extra="forbid")
    set: str
    type: str
    baseline: float
    now: float
    measure: str = "F1"  # "F1", "strict F1" or "accuracy"

    def __str__(self) -> str:
        return f"{self.set}: {self.type} {self.measure} {self.now:.4f} < baseline {self.baseline:.4f}"


def load_baseline(path: Path = DEFAULT_BASELINE) -> Baseline:
    try:
        return Baseline.model_validate_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GoldError(f"{path}: no baseline yet; create it with: vnfacts eval corpus --update-baseline") from None
    except ValueError as e:
        raise GoldError(f"{path}: not a valid baseline file ({' '.join(str(e).split())[:200]})") from None


def save_baseline(measured: Measured, path: Path = DEFAULT_BASELINE,
                  tolerance: float | None = None) -> Baseline:
    """Write the measured F1 as the new baseline; sets that could not be
    measured here (../shared absent) keep their old figures."""
    old = load_baseline(path) if path.exists() else None
    f1 = dict(old.f1) if old else {}
    f1.update(measured.f1)
    strict = dict(old.strict) if old else {}
    strict.update(measured.strict)
    attrs = dict(old.attributes) if old else {}
    attrs.update(measured.attributes)
    b = Baseline(tolerance=tolerance if tolerance is not None else (old.tolerance if old else DEFAULT_TOLERANCE),
                 updated=dt.date.today().isoformat(), f1=f1, strict=strict, attributes=attrs)
    path.write_text(json.dumps(b.model_dump(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return b


def check(measured: Measured, baseline: Baseline) -> list[Drop]:
    """Every (set, type) whose F1 or strict F1, and every (set, metric field)
    whose accuracy, fell below its baseline by more than the tolerance."""
    drops = []
    for label, now_all, base_all in (("F1", measured.f1, baseline.f1),
                                      ("strict F1", measured.strict, baseline.strict),
                                      ("accuracy", measured.attributes, baseline.attributes)):
        for name, types in now_all.items():
            base = base_all.get(name)
            if not base:
                continue
            for t, now in types.items():
                if t in base and now < base[t] - baseline.tolerance:
                    drops.append(Drop(set=name, type=t, baseline=base[t], now=now, measure=label))
    return drops
