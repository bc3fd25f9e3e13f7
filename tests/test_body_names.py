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


# Second round: a head plus the body it belongs to, names cut before lower-case
# field words, places read as bodies, and canonical names (sentences written here).

@pytest.mark.parametrize("text,name,cut", [
    # an inspectorate and the body it belongs to are one body, not the body cut out of it
    ("Kết luận của Thanh tra Chính phủ đã được công bố tuần trước.", "Thanh tra Chính phủ", "Chính phủ"),
    ("Đoàn của Thanh tra Sở Xây dựng làm việc với chủ đầu tư.", "Thanh tra Sở Xây dựng", "Sở Xây dựng"),
    # the court's "tối cao" is part of its name
    ("Hồ sơ đã được gửi Tòa án nhân dân tối cao để xem xét.", "Tòa án nhân dân tối cao", "Tòa án nhân dân"),
    # a ministry's field in lower case goes on with its name
    ("Năm nay Bộ Giao thông vận tải khởi công hai tuyến đường.", "Bộ Giao thông vận tải", "Bộ Giao thông"),
    ("Theo Ủy ban Kiểm tra trung ương, ông đã vi phạm quy định.", "Ủy ban Kiểm tra trung ương", "Ủy ban Kiểm tra"),
])
def test_whole_name_not_its_part(text: str, name: str, cut: str) -> None:
    bodies = _bodies(text)
    assert name in bodies and cut not in bodies


@pytest.mark.parametrize("text,not_a_body", [
    ("Mùa hè năm nay khách du lịch đổ về Hội An rất đông.", "Hội An"),  # a town whose first syllable is a head
    ("Sau đó, Bộ Nội vụ thông tin về kết quả thi tuyển.", "Bộ Nội vụ thông tin"),  # a verb, not a field word
    ("Lễ đón Đoàn cấp cao Quốc hội Lào diễn ra sáng nay.", "Đoàn cấp cao Quốc hội Lào"),  # a delegation
])
def test_not_a_body_second_round(text: str, not_a_body: str) -> None:
    assert not_a_body not in _bodies(text)


def _canonical(text: str, name: str) -> str:
    return next(b.canonical for b in extract(text).bodies if b.text == name)


@pytest.mark.parametrize("text,name,canonical", [
    # a field abbreviated by its initials, whatever the separator
    ("Hôm qua, Bộ VH-TT-DL công bố kết quả.", "Bộ VH-TT-DL", "Bộ Văn hóa, Thể thao và Du lịch"),
    ("Hôm qua, Bộ KH&ĐT công bố kết quả.", "Bộ KH&ĐT", "Bộ Kế hoạch và Đầu tư"),
    # a province's department without a place: the article's province, a city as a city
    ("Tỉnh Gia Lai đẩy mạnh cải cách. Sở Nội vụ đã trình đề án. Tỉnh Gia Lai sẽ thực hiện.",
     "Sở Nội vụ", "Sở Nội vụ tỉnh Gia Lai"),
    ("Dịch bệnh ở TP.HCM giảm. Theo Chi cục Thú y, thành phố có 40 chốt kiểm dịch. TP.HCM tiếp tục theo dõi.",
     "Chi cục Thú y", "Chi cục Thú y thành phố Hồ Chí Minh"),
    # bare organs listed before their owner are its organs
    ("Hội nghị bầu bổ sung Ban Thường trực, Đoàn Chủ tịch và Ủy ban Trung ương MTTQ Việt Nam.",
     "Ban Thường trực", "Ban Thường trực Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam"),
])
def test_canonical_second_round(text: str, name: str, canonical: str) -> None:
    assert _canonical(text, name) == canonical


def test_lone_organ_before_another_body_keeps_its_name() -> None:
    # "Ban Tổ chức, UBND tỉnh": the organ may be anyone's (the province's party committee's, here)
    assert _canonical("Dự họp có Ban Tổ chức, UBND tỉnh Yên Bái và các sở.", "Ban Tổ chức") != \
        "Ban Tổ chức Ủy ban nhân dân tỉnh Yên Bái"


def test_role_body_is_not_a_head_inside_the_title() -> None:
    persons = extract("Ông Lê Văn Hải, Bộ trưởng Bộ Y tế, cho biết đã có kết luận.").persons
    assert [p.role_bodies for p in persons] == [["Bộ Y tế"]]
