"""NER (bodies, persons) and the links of counts/ratios, on invented text."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from vnfacts.pipeline import extract


def _bodies(text, **kw):
    return [b.text for b in extract(text, **kw).bodies]


@pytest.mark.parametrize("text, expected", [
    ("Đảng bộ huyện Tân Phước kết nạp 12 đảng viên.", ["Đảng bộ huyện Tân Phước"]),
    ("Ban Thường vụ Đảng ủy Khối các cơ quan tỉnh họp phiên thường kỳ.", ["Ban Thường vụ Đảng ủy Khối các cơ quan tỉnh"]),
    ("Theo Chỉ thị số 05-CT/TW của Bộ Chính trị về học tập.", ["Bộ Chính trị"]),
    ("Đảng ủy khối Doanh nghiệp tỉnh tổ chức hội nghị.", ["Đảng ủy khối Doanh nghiệp tỉnh"]),
    ("Tỉnh ủy, HĐND, UBND tỉnh đã ban hành nhiều văn bản.", ["Tỉnh ủy", "HĐND", "UBND tỉnh"]),
    ("Đảng bộ xã An Bình huyện Tân Phước có 9 chi bộ.", ["Đảng bộ xã An Bình"]),
])
def test_bodies(text, expected):
    assert _bodies(text) == expected


@pytest.mark.parametrize("text", [
    "các cấp ủy đã lãnh đạo tốt, 67 tổ chức cơ sở Đảng tham gia.",  # counted units, not names
    "Hội nghị được tổ chức tại hội trường lớn.",  # "Hội nghị" is an event
    "UBND các huyện, thành phố đã triển khai.",  # a generic plural
])
def test_not_bodies(text):
    assert _bodies(text) == []


def test_body_inside_role_belongs_to_the_role():
    r = extract("Đồng chí Trần Văn Minh, Tỉnh ủy viên, Bí thư Đảng ủy Khối các cơ quan tỉnh chủ trì hội nghị.")
    assert [p.name for p in r.persons] == ["Trần Văn Minh"]
    assert r.persons[0].roles == ["Tỉnh ủy viên", "Bí thư Đảng ủy Khối các cơ quan tỉnh"]
    assert r.bodies == []


def test_role_ends_before_the_verb_that_follows_it():
    r = extract("Đồng chí Nguyễn Văn An, Bí thư Đảng ủy nhiệm kỳ 2015-2020 tiếp tục được bầu giữ chức Bí thư.")
    assert r.persons[0].roles == ["Bí thư Đảng ủy nhiệm kỳ 2015-2020"]


def test_role_before_name_and_rank():
    r = extract("Đại tá Phạm Quốc Hùng phát biểu. Bí thư Huyện ủy Lò Văn Sáng trao quà.")
    assert {p.name: p.roles for p in r.persons} == {"Phạm Quốc Hùng": ["Đại tá"], "Lò Văn Sáng": ["Bí thư Huyện ủy"]}


def test_byline_is_author_not_person():
    text = "Chi bộ thôn Đông kết nạp 3 đảng viên\n\nNgày 6-1, Chi bộ thôn Đông kết nạp 3 đảng viên mới.\n\nNguyễn Thị Hoa\n"
    r = extract(text)
    assert r.article.author == "Nguyễn Thị Hoa"
    assert r.persons == []


def test_canonical_expands_abbreviations_and_adds_province():
    text = ("Tỉnh Lạng Sơn: UBND tỉnh họp bàn\n\nSáng nay, UBND tỉnh Lạng Sơn và BTV Tỉnh ủy họp. "
            "UBND tỉnh giao nhiệm vụ cho các sở tại tỉnh Lạng Sơn.")
    canon = {b.text: b.canonical for b in extract(text).bodies}
    assert canon["UBND tỉnh"] == "Ủy ban nhân dân tỉnh Lạng Sơn"
    assert canon["BTV Tỉnh ủy"] == "Ban Thường vụ Tỉnh ủy"


def test_count_links_subject_predicate_period_in_sentence():
    r = extract("Năm 2016, Đảng bộ huyện Tân Phước kết nạp 50 đảng viên.")
    c = r.counts[0]
    assert (c.value, c.subject, c.predicate, c.period) == (50, "Đảng bộ huyện Tân Phước", "kết nạp", "2016")


def test_count_inherits_paragraph_opener():
    text = ("Trong quý I năm 2023, Đảng ủy Khối Doanh nghiệp tỉnh đã làm tốt công tác phát triển đảng. "
            "Các chi bộ kết nạp 23 đảng viên mới; 100% chi bộ hoàn thành nhiệm vụ.")
    r = extract(text)
    c = r.counts[0]
    assert c.period == "2023-Q1"
    assert c.subject == "Đảng ủy Khối Doanh nghiệp tỉnh"
    assert r.ratios[0].period == "2023-Q1"


def test_document_date_is_not_a_period():
    r = extract("Thực hiện Kế hoạch số 12-KH/HU ngày 5/3/2021, các chi bộ kết nạp 8 đảng viên.")
    assert r.documents[0].issued == "2021-03-05"
    assert r.counts[0].period is None


def test_bare_mention_links_to_full_document():
    text = ("Đảng ủy Khối ban hành Đề án số 01-ĐA/ĐUK ngày 29/01/2016 về sinh hoạt chi bộ. "
            "Sau một năm, Đề án số 01 được sơ kết.")
    docs = extract(text).documents
    assert len(docs) == 2
    assert docs[1].doc_id == docs[0].doc_id
    assert docs[1].number == "01-ĐA/ĐUK" and docs[1].issued == "2016-01-29"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80))
def test_capital_word_starts_are_the_letters_isupper_accepts(text):
    from vnfacts.pipeline.ner import _cap_word_start
    expected = [m.start() for m in re.finditer(r"(?<![^\W\d_])[^\W\d_]", text) if m.group(0).isupper()]
    assert [m.start() for m in _cap_word_start().finditer(text)] == expected
