"""The regression gate covers strict F1 and the metric fields' accuracy, not only span F1."""
from __future__ import annotations

from vnfacts.evaluation.baseline import Baseline, Measured, check, load_baseline, save_baseline


def _measured(strict_counts: float, metric_acc: float) -> Measured:
    return Measured(f1={"devset": {"counts": 0.98}},
                    strict={"devset": {"counts": strict_counts, "micro": 0.8}},
                    attributes={"devset": {"counts.metric": metric_acc}})


def test_a_drop_in_strict_f1_or_a_metric_field_is_named():
    base = Baseline(updated="2026-01-01", f1={"devset": {"counts": 0.98}},
                    strict={"devset": {"counts": 0.90, "micro": 0.8}},
                    attributes={"devset": {"counts.metric": 0.97}})
    assert check(_measured(0.90, 0.97), base) == []
    drops = [str(d) for d in check(_measured(0.85, 0.90), base)]
    assert drops == ["devset: counts strict F1 0.8500 < baseline 0.9000",
                     "devset: counts.metric accuracy 0.9000 < baseline 0.9700"]


def test_old_baselines_without_the_new_sections_still_load_and_gain_them(tmp_path):
    path = tmp_path / "baseline.json"
    path.write_text('{"tolerance": 0.01, "updated": "2026-01-01", "f1": {"devset": {"counts": 0.9}}}',
                    encoding="utf-8")
    assert load_baseline(path).strict == {}
    saved = save_baseline(_measured(0.9, 0.95), path)
    assert saved.strict["devset"]["counts"] == 0.9 and saved.attributes["devset"]["counts.metric"] == 0.95
    assert load_baseline(path).attributes == saved.attributes
