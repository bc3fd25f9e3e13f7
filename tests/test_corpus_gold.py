"""The hand-written gold in corpus/ is usable by the scorers: valid JSON, every mention's text is
verbatim in its article, and every count and ratio carries SPEC's five metric fields with values from
the closed sets the output models declare. Seed gold needs its article from ../shared/seeds and skips
when that is absent."""
from __future__ import annotations

import json
from pathlib import Path
from typing import get_args

import pytest
from conftest import REPO, SHARED
from vnfacts import models

GOLD = sorted((REPO / "corpus" / "samples").glob("*.json")) + sorted((REPO / "corpus" / "seeds").glob("*.json"))
METRIC = set(get_args(models.Metric))
MODALITY = set(get_args(models.Modality))
UNIT_CLASS = set(get_args(models.UnitClass))
GRADE = set(get_args(models.Grade))


def _article(gold: Path) -> str:
    txt = gold.with_suffix(".txt")
    if not txt.is_file():
        txt = SHARED / "seeds" / (gold.stem + ".txt")
        if not txt.is_file():
            pytest.skip(f"no article for {gold.name} (../shared/seeds absent)")
    return txt.read_text(encoding="utf-8")


def _metric_errors(kind: str, fact: dict) -> list[str]:
    errs = []
    if fact.get("metric") not in METRIC:
        errs.append(f"metric {fact.get('metric')!r}")
    if fact.get("modality") not in MODALITY:
        errs.append(f"modality {fact.get('modality')!r}")
    uc = fact.get("unit_class", "missing")
    if kind == "ratios" and fact.get("unit") is None:
        if uc is not None:
            errs.append(f"unit_class {uc!r} on a ratio without unit")
    elif uc not in UNIT_CLASS:
        errs.append(f"unit_class {uc!r}")
    grade = fact.get("grade", "missing")
    if grade is not None and (grade not in GRADE or fact.get("metric") != "rating"):
        errs.append(f"grade {grade!r} with metric {fact.get('metric')!r}")
    if kind == "counts" and not isinstance(fact.get("breakdown"), bool):
        errs.append(f"breakdown {fact.get('breakdown')!r}")
    return errs


@pytest.mark.parametrize("gold", GOLD, ids=[p.parent.name + "/" + p.name for p in GOLD])
def test_gold_mentions_are_in_the_article_and_metrics_are_closed(gold: Path) -> None:
    data = json.loads(gold.read_text(encoding="utf-8"))
    text = _article(gold)
    bad = []
    for kind in ("dates", "documents", "bodies", "counts", "ratios"):
        for fact in data.get(kind, []):
            if fact["text"] not in text:
                bad.append(f"{kind} {fact['text']!r} not in the article")
    bad += [f"persons {p['name']!r} not in the article" for p in data.get("persons", []) if p["name"] not in text]
    for kind in ("counts", "ratios"):
        for fact in data.get(kind, []):
            bad += [f"{kind} {fact['text']!r}: {e}" for e in _metric_errors(kind, fact)]
    assert not bad, f"{gold.name}:\n" + "\n".join(bad)


def test_metric_check_rejects_bad_values() -> None:
    good = {"text": "5 chi bộ", "unit": "chi bộ", "metric": "rating", "modality": "actual",
            "unit_class": "organization", "grade": "good", "breakdown": False}
    assert _metric_errors("counts", good) == []
    assert _metric_errors("counts", {**good, "metric": "admission"})  # a grade outside rating
    assert _metric_errors("counts", {**good, "breakdown": None})
    assert _metric_errors("ratios", {**good, "unit": None})  # unit_class needs a unit
    assert _metric_errors("counts", {k: v for k, v in good.items() if k != "modality"})
