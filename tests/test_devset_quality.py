"""Quality floor on the shared devset: the issue's F1 targets per fact type.
Skips when ../shared is absent."""
from __future__ import annotations

import pytest
from vnfacts.evaluation.evaluate import evaluate
from vnfacts.pipeline import extract

TARGETS = {"dates": 0.90, "documents": 0.90, "ratios": 0.90, "counts": 0.85}


@pytest.fixture(scope="module")
def report(devset_dir):
    return evaluate(devset_dir, extract, with_diffs=True)


def test_devset_is_scored(report) -> None:
    assert report.articles >= 10
    for t in TARGETS:
        s = report.per_type[t]
        assert s.tp + s.fn > 0, f"no gold {t} in the devset: the target would be vacuous"


@pytest.mark.parametrize("fact_type,target", sorted(TARGETS.items()))
def test_f1_target(report, fact_type: str, target: float) -> None:
    s = report.per_type[fact_type]
    if s.f1 < target:
        diffs = [d for d in report.diffs if d.type == fact_type][:15]
        detail = "\n".join(f"  {d.article} {d.kind:8} {d.text!r} key={d.key}" for d in diffs)
        pytest.fail(f"{fact_type} F1 {s.f1:.3f} < {target} (P {s.precision:.3f} R {s.recall:.3f}); "
                    f"first differences:\n{detail}")
    assert s.f1 >= target
