"""The metrics stage on sentences written for these tests (rules/metrics.yaml
examples cover the rule data; these cover the stage's reading order)."""
from __future__ import annotations

from vnfacts.pipeline import extract


def test_the_continuation_of_a_clause_ends_at_its_limit():
    # the figure's clause ends at a comma; a comma-joined clause follows whose comma falls exactly
    # on the continuation's 80-character limit, then more text: reading on must stop (it once looped)
    head = "Năm 2023, Đảng bộ có 120 chi bộ"
    filler = " được tổ chức lại theo mô hình mới phù hợp với điều kiện thực tế của từng xã miền núi"
    words = filler.split(" ")
    while len(" ".join(words)) + 1 > 80:
        words.pop()
    clause = " ".join(words).ljust(79, "a")
    text = head + "," + clause + ", rồi tiếp tục kiện toàn các chi bộ, và tiếp tục như vậy."
    assert text.index(",", len(head) + 1) == len(head) + 80
    counts = extract(text).counts
    assert [c.text for c in counts][:1] == ["120 chi bộ"]
    assert counts[0].metric == "organizations"


def test_every_count_and_ratio_gets_the_five_fields():
    res = extract("Năm 2022, toàn huyện kết nạp 215 đảng viên, đạt 107% chỉ tiêu; phấn đấu năm 2023 kết nạp 230 đảng viên.")
    got = [(c.text, c.metric, c.modality, c.unit_class, c.breakdown) for c in res.counts]
    assert got == [("215 đảng viên", "admission", "actual", "member", False),
                   ("230 đảng viên", "admission", "target", "member", False)]
    assert [(r.metric, r.modality, r.unit_class) for r in res.ratios] == [("admission", "actual", "other")]
