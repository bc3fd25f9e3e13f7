"""experiments/precision.py tally: counts judgments per type and attribute, and reads a
judgment as if the SPEC ## Metrics fields had not been judged (seeds 1 and 2 were judged
without them) when asked."""
from __future__ import annotations

import json

import pytest

from experiments.precision import tally


def _write(tmp_path, rows):
    p = tmp_path / "seed.jsonl"
    p.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return str(p)


ROWS = [
    {"k": 1, "type": "counts", "label": "right", "attr": None},
    {"k": 2, "type": "counts", "label": "value", "attr": ["metric"]},
    {"k": 3, "type": "counts", "label": "value", "attr": ["metric", "unit"]},
    {"k": 4, "type": "ratios", "label": "value", "attr": "subject"},
    {"k": 5, "type": "bodies", "label": "span", "attr": None},
]


def test_tally_counts_each_wrong_attribute(tmp_path):
    t = tally(_write(tmp_path, ROWS))
    assert t["right"] == 1 and t["facts"] == 5
    assert t["wrong_attribute"] == {"counts.metric": 2, "counts.unit": 1, "ratios.subject": 1}
    assert t["per_type"]["counts"]["value"] == 2


def test_tally_without_metrics_reads_metric_only_errors_as_right(tmp_path):
    t = tally(_write(tmp_path, ROWS), without_metrics=True)
    assert t["right"] == 2  # k=1, and k=2 whose only error was the metric
    assert t["wrong_attribute"] == {"counts.unit": 1, "ratios.subject": 1}


def test_tally_refuses_a_value_judgment_without_its_attribute(tmp_path):
    with pytest.raises(SystemExit):
        tally(_write(tmp_path, [{"k": 1, "type": "counts", "label": "value", "attr": []}]))
