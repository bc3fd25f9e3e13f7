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


def test_an_action_lends_its_metric_only_to_its_clause_and_enumeration():
    # the list after "kiểm tra" continues it; the figure after "đã phát hiện" is in a clause of its own
    res = extract("Năm 2023, đoàn công tác kiểm tra 14 chi bộ, 36 đảng viên, sau đó đã phát hiện 120 hộ dân lấn chiếm đất.")
    got = {c.text: c.metric for c in res.counts}
    assert got["14 chi bộ"] == "inspection" and got["36 đảng viên"] == "inspection"
    assert got["120 hộ dân"] == "other"


def test_a_figure_far_from_an_action_in_another_clause_takes_none():
    text = ("Tại buổi lễ, Tỉnh ủy khen thưởng 8 tập thể có thành tích trong phong trào xây dựng nông thôn mới của tỉnh "
            "giai đoạn vừa qua; trong khi đó toàn tỉnh có 212 doanh nghiệp hoạt động trong khu công nghiệp.")
    got = {c.text: c.metric for c in extract(text).counts}
    assert got["8 tập thể"] == "commendation"
    assert got["212 doanh nghiệp"] == "other"


def test_a_sentence_topic_clause_lends_its_action_to_the_sentence():
    text = "Hằng năm, công tác kết nạp đảng viên được chú trọng, toàn huyện bình quân có thêm 150 đảng viên mới."
    assert [c.metric for c in extract(text).counts] == ["admission"]


def test_people_added_by_with_take_part_in_the_action_before():
    text = "Đảng ủy Khối tổ chức học tập chuyên đề năm 2023 tại hội trường lớn của tỉnh, với 97,5% đảng viên tham gia."
    assert [r.metric for r in extract(text).ratios] == ["training"]


def test_a_target_reaches_the_enumeration_it_introduces_and_no_other_clause():
    res = extract("Theo quy hoạch, đến năm 2035 sẽ có 12 xã lên phường, 3 xã sáp nhập vào thị trấn.")
    assert [(c.text, c.modality) for c in res.counts] == [("12 xã", "target"), ("3 xã", "target")]
    res = extract("Nghe tin đồn sẽ bị giải tỏa, sáng nay 40 hộ dân kéo đến trụ sở xã.")
    assert [c.modality for c in res.counts] == ["actual"]


def test_an_instruction_is_a_target():
    res = extract("Chủ tịch tỉnh yêu cầu chủ đầu tư hoàn thành 14 hạng mục trước mùa mưa.")
    assert [c.modality for c in res.counts] == ["target"]


def test_units_keep_the_words_that_say_which_ones():
    res = extract("Ban Thường vụ đã kiểm tra 25 cán bộ cấp cao, 300 cán bộ, công nhân viên của tổng công ty.")
    assert [c.unit for c in res.counts] == ["cán bộ cấp cao", "cán bộ, công nhân viên"]


def test_a_classifier_takes_the_noun_after_it_even_when_the_lexicon_does_not_list_it():
    counts = extract("Năm nay, huyện đón 4.500 lượt du khách và cấp phép cho 12 lượt dự án mỗi quý.").counts
    assert [c.unit for c in counts] == ["lượt du khách", "lượt dự án"]


def test_a_change_restated_as_a_share_is_a_change_past_its_parenthesis():
    # the share opens a parenthesis (a clause of its own) after the change amount: still the same change
    res = extract("Năm 2022, thu ngân sách của huyện giảm 45 tỷ đồng (tương đương 6,2%) so với năm 2021.")
    assert [(r.text, r.modality) for r in res.ratios] == [("6,2%", "change")]
    res = extract("Năm 2022, thu ngân sách của huyện đạt 450 tỷ đồng (tương đương 96% dự toán).")
    assert [r.modality for r in res.ratios] == ["actual"]


def test_a_growth_rate_is_a_change_unless_it_is_aimed_at():
    # the growth-rate reading comes after the target markers: an aimed rate stays a target
    done = extract("Năm 2023, tốc độ tăng trưởng kinh tế của tỉnh đạt 8,1%.").ratios
    aimed = extract("Năm 2024, tỉnh phấn đấu tốc độ tăng trưởng kinh tế đạt 8,5%.").ratios
    assert [r.modality for r in done] == ["change"]
    assert [r.modality for r in aimed] == ["target"]


def test_a_count_given_with_its_share_is_a_part_of_the_total_before_it():
    # the share says the count is a part; a total that has a share of its own is a sibling, not the total
    part = extract("Năm qua, toàn tỉnh xảy ra 820 vụ cháy. Nhiều nhất là cháy chợ với 260 vụ (hơn 31%).").counts
    assert [(c.text, c.breakdown) for c in part] == [("820 vụ cháy", False), ("260 vụ", True)]
    siblings = extract("Kết quả có 410 phiếu đồng ý (chiếm 80,2%), 70 phiếu không đồng ý (chiếm 13,7%).").counts
    assert [c.breakdown for c in siblings] == [False, False]
