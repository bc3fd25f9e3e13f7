"""Document subjects end on a whole word and inside their clause; person
titles are read by their grammar (sentences written for these tests)."""
from __future__ import annotations

from vnfacts.pipeline import extract


def test_subject_never_cut_mid_word() -> None:
    words = " ".join(f"nội dung thứ {i} của công tác xây dựng Đảng" for i in range(12))
    res = extract(f"Chi bộ thực hiện Kế hoạch số 12-KH/ĐU về {words} tại các thôn.")
    doc = next(d for d in res.documents if d.number == "12-KH/ĐU")
    assert doc.subject is None or words.startswith(doc.subject) and (
        len(doc.subject) == len(words) or words[len(doc.subject)] == " ")


def test_subject_of_another_clause_is_not_the_title() -> None:
    res = extract("Nghị quyết số 05-NQ/TU là cơ sở quan trọng về phát triển kinh tế của huyện.")
    doc = next(d for d in res.documents if d.number == "05-NQ/TU")
    assert doc.subject is None


def test_office_issuer_keeps_its_city() -> None:
    res = extract("Bà Hoa khiếu nại Quyết định số 311/QĐ-UBND của Chủ tịch UBND TP Hải Dương về đền bù.",
                  url="https://baohaiduong.vn/a.html")
    doc = next(d for d in res.documents if d.number == "311/QĐ-UBND")
    assert doc.issuer is not None and "thành phố Hải Dương" in doc.issuer and doc.issuer.startswith("Chủ tịch")


def test_deputy_titles_in_any_case() -> None:
    res = extract("Ông Lý Văn Bình, Phó phòng Kế hoạch của Sở Công Thương, và bà Đặng Thị Lan, "
                  "Phó trưởng ban thường trực Ban Dân vận Huyện ủy, dự họp.")
    roles = {p.name: p.roles for p in res.persons}
    assert roles["Lý Văn Bình"] == ["Phó phòng Kế hoạch của Sở Công Thương"]
    assert roles["Đặng Thị Lan"] == ["Phó trưởng ban thường trực Ban Dân vận Huyện ủy"]
