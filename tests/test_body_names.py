"""Where a body's name starts and ends (vnfacts.pipeline.ner) and how an
all-capitals name is cased (vnfacts.pipeline.canonicalize): the error classes
found by judging real-article facts by hand. Sentences written for the test."""
from __future__ import annotations

import pytest
from vnfacts.pipeline import extract
from vnfacts.pipeline.canonicalize import _shouted


def _bodies(text: str) -> list[str]:
    return [b.text for b in extract(text).bodies]


@pytest.mark.parametrize("text,name", [
    # parts joined by commas and "và", read through underthesea's words ("Nhi đồng": "đồng" is also a unit)
    ("Hôm qua Ủy ban Văn hóa, Giáo dục, Thanh niên và Nhi đồng họp phiên toàn thể.",
     "Ủy ban Văn hóa, Giáo dục, Thanh niên và Nhi đồng"),
    # parts joined by a dash, then the place
    ("Chiều nay Sở Lao động - Thương binh và Xã hội tỉnh Cà Mau trao 200 suất quà.",
     "Sở Lao động - Thương binh và Xã hội tỉnh Cà Mau"),
    # nor a person introduced by "Ông"
    ("Văn bản của Bộ Chính trị Ông Trần Văn Lâm đọc tại hội nghị.", "Bộ Chính trị"),
    # a title after a whole name starts a role; right after a head it is the name ("Ban Giám đốc")
    ("Chiều qua, tại hành lang Quốc hội Bí thư Thành ủy nói chuyện với báo chí.", "Quốc hội"),
    ("Hôm qua Ban Giám đốc Công an tỉnh họp bàn kế hoạch.", "Ban Giám đốc Công an tỉnh"),
    # an organ followed by a lower-case unit is one name
    ("Tập thể Ban Chấp hành đảng bộ tỉnh luôn đoàn kết thống nhất.", "Ban Chấp hành đảng bộ tỉnh"),
    # an abbreviation with a dot that ends the sentence is not read on into the next one
    ("Ông được điều về Sở Nội vụ TP.HCM. Hai năm sau ông nghỉ hưu.", "Sở Nội vụ TP.HCM"),
])
def test_body_span(text: str, name: str) -> None:
    assert name in _bodies(text)


@pytest.mark.parametrize("text,not_a_body", [
    # a list of ministries stays a list
    ("Dự họp có Bộ Y tế, Bộ Công an và Bộ Quốc phòng.", "Bộ Y tế, Bộ Công an và Bộ Quốc phòng"),
    # places after a comma are not parts of the name
    ("Đoàn công tác làm việc với Sở Công Thương, Hà Nam và Ninh Bình.", "Sở Công Thương, Hà Nam và Ninh Bình"),
    # a school's name needs its kind: "Trường" before a bare given name is a person's name
    ("Trong buổi lễ, đồng chí Trường Chinh được nhắc đến nhiều lần.", "Trường Chinh"),
    # a head inside a person's name ("Lê Bộ Lĩnh") is no body
    ("Phó Tổng Thư ký Lê Bộ Lĩnh trình bày tờ trình.", "Bộ Lĩnh"),
    # a body between a title and the person's name is the person's role (SPEC), whole or cut
    ("Theo Phó Giám đốc Sở Nội vụ tỉnh Bình Phước Lê Thanh Tâm, hồ sơ đã đủ.", "Sở Nội vụ tỉnh Bình Phước"),
    ("Theo Phó Giám đốc Sở Nội vụ tỉnh Bình Phước Lê Thanh Tâm, hồ sơ đã đủ.",
     "Sở Nội vụ tỉnh Bình Phước Lê Thanh Tâm"),
    # nor a surname that is also a head ("Đoàn") starting a person's name after a body
    ("Thông tin từ Bộ Ngoại giao Đoàn Văn Thắng cho biết như vậy.", "Đoàn Văn Thắng"),
    # nor is one right before the person's name when the title is one the lexicon lacks
    ("Theo Tổng Thư ký Quốc hội Nguyễn Văn Hòa, kỳ họp kéo dài 20 ngày.", "Quốc hội"),
    # a body running into the person named after it is neither read whole nor cut: it is the person's role
    ("Phó Giám đốc phụ trách, Sở Tài chính tỉnh Kon Tum Nguyễn Hữu Phát cho biết thêm.",
     "Sở Tài chính tỉnh Kon Tum Nguyễn Hữu Phát"),
    ("Phó Giám đốc phụ trách, Sở Tài chính tỉnh Kon Tum Nguyễn Hữu Phát cho biết thêm.",
     "Sở Tài chính tỉnh Kon Tum"),
    # a deputy's role names no body
    ("Bà Trần Thị Mai, đại biểu Quốc hội tỉnh Gia Lai, chất vấn.", "Quốc hội tỉnh Gia Lai"),
])
def test_not_a_body(text: str, not_a_body: str) -> None:
    assert not_a_body not in _bodies(text)


def test_abbreviations_are_not_a_shouted_title() -> None:
    assert not _shouted("HĐND TPHCM")
    assert not _shouted("UBND TP HCM")
    assert _shouted("BAN CHẤP HÀNH ĐẢNG BỘ TỈNH")


def test_abbreviation_name_keeps_its_case() -> None:
    bodies = extract("Sáng nay UBND TP HCM làm việc với các sở về rác thải.").bodies
    # "TP HCM" is expanded like "TPHCM" (rules/bodies.yaml abbreviations), never title-cased to "Hcm"
    assert [(b.text, b.canonical) for b in bodies] == [("UBND TP HCM", "Ủy ban nhân dân Thành phố Hồ Chí Minh")]
