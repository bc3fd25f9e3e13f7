"""Attribute accuracy and strict F1 of `vnfacts eval` (vnfacts.evaluation.attributes):
the same figures as the reference scorer ../shared/tools/score_attrs.py on the
same predictions, and the checks themselves on small hand-made cases."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from vnfacts.evaluation.attributes import check, pair, score_attributes
from vnfacts.evaluation.evaluate import evaluate
from vnfacts.pipeline import extract

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()
SCORER = SHARED / "tools" / "score_attrs.py"


@pytest.mark.skipif(not (SCORER.is_file() and (SHARED / "devset").is_dir()), reason="../shared is absent")
def test_eval_agrees_with_score_attrs_on_the_devset(tmp_path):
    made = []

    def recording_extract(text, **kw):
        res = extract(text, **kw)
        made.append(res)
        return res

    rep = evaluate(SHARED / "devset", recording_extract)
    preds = tmp_path / "pred.jsonl"
    preds.write_text("".join(json.dumps(r.model_dump(mode="json"), ensure_ascii=False) + "\n" for r in made),
                     encoding="utf-8")
    proc = subprocess.run([sys.executable, str(SCORER), str(SHARED / "devset"), str(preds), "--json"],
                          capture_output=True, text=True, timeout=300, check=True)
    ref = json.loads(proc.stdout)
    ours = {k: {"acc": round(a.value, 3), "n": a.total} for k, a in rep.attributes.items()}
    assert ours == ref["attributes"]
    for kind, s in [*rep.strict.items(), ("micro", rep.strict_micro)]:
        assert {"strict_f1": round(s.f1, 3), "tp": s.tp, "pred": s.pred, "gold": s.gold} == ref[kind], kind
    assert {"counts.metric", "counts.breakdown", "ratios.unit_class", "bodies.canonical"} <= set(ours)


def test_pairs_take_the_nearest_start_and_metric_fields_only_where_gold_has_them():
    golds = [{"text": "5 chi bộ", "value": 5, "unit": "chi bộ", "start": 100, "metric": "organizations",
              "breakdown": True},
             {"text": "5 chi bộ", "value": 5, "unit": "chi bộ", "start": 10}]
    preds = [{"text": "5 chi bộ", "value": 5, "unit": "chi bộ", "start": 12, "metric": "other"},
             {"text": "5 chi bộ", "value": 5, "unit": "chi bộ", "start": 98, "metric": "organizations"}]
    pairs = pair(golds, preds, "counts")
    assert [p["start"] for _, p in pairs] == [98, 12]
    g0, p0 = pairs[0]
    assert check("metric", g0, p0) is True
    assert check("breakdown", g0, p0) is False  # absent in the prediction reads as false
    g1, p1 = pairs[1]
    assert check("metric", g1, p1) is None  # gold without the field: not checked
    assert check("unit", {"unit": "chi bộ trực thuộc"}, {"unit": "Chi bộ"}) is True


def test_strict_needs_every_attribute_and_doubtful_predictions_do_not_count():
    gold = {"counts": [{"text": "12 đảng viên", "value": 12, "unit": "đảng viên", "qualifier": "exact",
                        "metric": "admission", "modality": "actual", "unit_class": "member",
                        "grade": None, "breakdown": False}],
            "doubtful": ["số 3"]}
    right = {"text": "12 đảng viên", "start": 0, "value": 12, "unit": "đảng viên", "qualifier": "exact",
             "metric": "admission", "modality": "actual", "unit_class": "member", "grade": None, "breakdown": False}
    doubtful = {"text": "3", "start": 40, "value": 3, "unit": None, "qualifier": "exact"}
    s = score_attributes({"counts": [right, doubtful]}, gold, "a")
    assert (s.strict["counts"].tp, s.strict["counts"].pred, s.strict["counts"].gold) == (1, 1, 1)
    wrong = dict(right, modality="target")
    s = score_attributes({"counts": [wrong]}, gold, "a")
    assert s.strict["counts"].tp == 0
    assert s.checked["counts.modality"] == [0, 1] and s.checked["counts.metric"] == [1, 1]
    assert [(e.field, e.gold, e.got) for e in s.errors] == [("modality", "actual", "target")]


def test_eval_hands_the_golds_published_date_to_the_extractor(tmp_path):
    """GOLD.md's `published` is the page's metadata, what a scraper gives ingest:
    a day and month without a year take their year from it."""
    (tmp_path / "a1.txt").write_text("Ngày 5/3, Huyện ủy Gia Lâm kết nạp 12 đảng viên mới.\n", encoding="utf-8")
    gold = {"id": "a1", "url": None, "published": "2021-03-09",
            "dates": [{"text": "Ngày 5/3", "value": "2021-03-05"}], "documents": [], "bodies": [],
            "persons": [], "counts": [], "ratios": []}
    (tmp_path / "a1.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    rep = evaluate(tmp_path, extract)
    assert rep.per_type["dates"].tp == 1 and rep.per_type["dates"].fp == 0


def test_eval_names_the_gold_file_of_an_unreadable_published_date(tmp_path):
    from vnfacts.errors import GoldError
    (tmp_path / "a1.txt").write_text("Huyện ủy Gia Lâm kết nạp 12 đảng viên mới.\n", encoding="utf-8")
    (tmp_path / "a1.json").write_text(json.dumps({"id": "a1", "published": "2017-13-45"}), encoding="utf-8")
    with pytest.raises(GoldError, match="a1.json"):
        evaluate(tmp_path, extract)
