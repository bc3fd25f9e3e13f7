"""Where a counted noun phrase ends (vnfacts.pipeline.lexical.unit_after): the
parts that take code rather than a lexicon entry. Sentences written for this file."""
from __future__ import annotations

from vnfacts.pipeline import extract
from vnfacts.pipeline.lexical import unit_after


def _unit(text: str, after: str, **kw) -> str | None:
    u = unit_after(text, text.index(after) + len(after), **kw)
    return u[2] if u else None


def test_a_multi_word_stop_phrase_ends_a_generic_unit() -> None:
    # "tử vong" is one stop entry of two syllables: it was never matched one syllable at a time
    assert _unit("có 4 bệnh nhân tử vong tại chỗ", "4 ") == "bệnh nhân"


def test_the_word_limit_does_not_cut_inside_a_word() -> None:
    text = "ghi nhận 37 vụ phạm pháp hình sự trong tháng"
    start = text.index("hình sự")
    words = {start: (start, start + len("hình sự"))}

    def word_at(pos: int):
        return words.get(pos)

    assert _unit(text, "37 ") == "vụ phạm pháp hình"  # no segmenter: four syllables
    assert _unit(text, "37 ", word_at=word_at) == "vụ phạm pháp hình sự"


def test_the_pipeline_gives_its_segmenter_words_to_the_unit_reader() -> None:
    facts = extract("Trong quý, địa bàn ghi nhận 37 vụ phạm pháp hình sự, giảm 5 vụ.").counts
    assert [f.unit for f in facts if f.value == 37] == ["vụ phạm pháp hình sự"]


def test_a_comma_before_a_capitalized_word_ends_the_unit() -> None:
    assert _unit("kết nạp 12 đảng viên, Chi bộ thôn Đông dẫn đầu", "12 ") == "đảng viên"
    assert _unit("kết nạp 12 cán bộ, đảng viên tại xã", "12 ") == "cán bộ, đảng viên"
    # an adjective after the noun says which ones (unit_modifiers), after a joined unit too
    assert _unit("kết nạp 12 cán bộ, đảng viên trẻ", "12 ") == "cán bộ, đảng viên trẻ"


def test_an_adjective_after_the_noun_stays_in_the_unit() -> None:
    assert _unit("đoàn có 40 học sinh, 6 người lớn và 3 trẻ em", "6 ") == "người lớn"
    assert _unit("hỗ trợ 9 doanh nghiệp nhỏ và vừa vay vốn", "9 ") == "doanh nghiệp nhỏ và vừa"
    assert _unit("đoàn có 6 người lớn lên từ làng", "6 ") == "người"  # "lớn lên": grew up, a predicate


def test_a_linked_noun_narrows_the_unit_but_stays_out_of_the_span() -> None:
    text = "trong đó 8 đảng viên là chiến sĩ nghĩa vụ"
    u = unit_after(text, text.index("8 ") + 2)
    assert u is not None and u[2] == "đảng viên là chiến sĩ nghĩa vụ"
    assert text[:u[1]].endswith("8 đảng viên")


def test_a_list_after_the_link_describes_the_whole_figure() -> None:
    assert _unit("có 90 đại biểu là cán bộ chủ chốt, cán bộ, hội viên dự", "90 ") == "đại biểu"


def test_a_figure_after_a_function_word_does_not_make_the_next_list_item() -> None:
    assert _unit("duy trì 9 tổ, chốt với 70 cán bộ", "9 ") == "tổ, chốt"
    # its own figure ("..., đảng viên trẻ 14 đồng chí") does
    assert _unit("có 120 đồng chí, đảng viên trẻ 14 đồng chí", "120 ") == "đồng chí"


def test_a_stop_syllable_that_ends_a_word_does_not_end_the_unit() -> None:
    text = "khoảng 70% dân số sống ở ven biển"
    start = text.index("dân số")
    words = {start + 4: (start, start + len("dân số"))}  # the segmenter's word around "số"
    assert _unit(text, "70%") == "dân"  # without the words, "số" ends the unit
    assert _unit(text, "70%", word_at=words.get) == "dân số"


def test_a_date_after_the_list_does_not_make_its_last_item_a_new_one() -> None:
    assert _unit("kiểm tra tại 12 huyện, thị xã, thành phố trong quý III/2023", "12 ") == "huyện, thị xã, thành phố"


def test_a_linked_noun_keeps_the_noun_that_says_which() -> None:
    assert _unit("trong đó 16 đảng viên là đoàn viên thanh niên", "16 ") == "đảng viên là đoàn viên thanh niên"
    assert _unit("trong đó 16 đảng viên là người dân tộc Tày", "16 ") == "đảng viên là người dân tộc"


def test_a_modifier_past_the_generic_word_limit_ends_the_unit_at_a_clause_end() -> None:
    assert _unit("xã đã đạt 12/19 tiêu chí nông thôn mới.", "19") == "tiêu chí nông thôn mới"
    # before a predicate "mới" is an adverb (only, just): not part of the unit
    assert _unit("xã mới đạt 12/19 tiêu chí nông thôn mới được công nhận", "19") == "tiêu chí nông thôn"
    assert _unit("còn 9 tiêu chí nông thôn mới “đạt một phần”", "9 ") == "tiêu chí nông thôn"
