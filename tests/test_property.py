"""Property tests: whatever the text, the pipeline returns a result, every
fact span is exact (text == normalized[start:end]), and the segmented Doc's
text is the normalized text."""
from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from vnfacts.errors import InputError
from vnfacts.models import FACT_TYPES
from vnfacts.pipeline import extract
from vnfacts.pipeline.ner import needs_words
from vnfacts.pipeline.normalize import normalize
from vnfacts.pipeline.segment import segment

FRAGMENTS = [
    "ngày", "Ngày", "tháng", "năm 2020", "năm", "quý I", "quý", "nhiệm kỳ 2020-2025", "giai đoạn",
    "Nghị quyết số 03-NQ/TW", "Nghị quyết", "số", "Chỉ thị 05", "-NQ/", "/ĐUK", "khóa XII",
    "Hội nghị Trung ương 4", "Đại hội", "lần thứ", "XIII",
    "67/67", "3.703/3.823", "99,52%", "%", "124%", "1.395", "01", "4,7 ngàn", "hơn", "trên", "dưới",
    "gần", "khoảng", "đảng viên", "quần chúng ưu tú", "tổ chức cơ sở đảng", "chi bộ", "kết nạp",
    "Đảng ủy Khối", "Bộ Chính trị", "đồng chí", "Bí thư", "Phản hồi", "Lượt xem: 4",
    "Cập nhật lúc 14:56, Thứ Sáu, 06/01/2017 (GMT+7)", "Theo", "Tin, ảnh:",
    "\x00", "\x1b", "\ufeff", "\u200b", "\u00a0", "\r\n", "\r", "\u2028", "Ð", "uỷ", "hoà", "quý",
    "0", "1", "2", "9", "12", "2021", "31/5", "22-8-2007", "30.3.2021", "/", "-", ".", ",", ":",
    "(", ")", "–", "“", "”", "…",
]
SEPARATORS = ["", " ", " ", "  ", "\n", ", ", ". ", "/", "-"]

vietnamese_like = st.lists(
    st.tuples(
        st.one_of(
            st.sampled_from(FRAGMENTS),
            st.sampled_from(FRAGMENTS).map(lambda s: unicodedata.normalize("NFD", s)),
            st.text(max_size=4),
            st.integers(0, 10**7).map(str),
        ),
        st.sampled_from(SEPARATORS),
    ),
    max_size=80,
).map(lambda parts: "".join(a + b for a, b in parts))

# one very long line of plausible words (no newline), long runs of digits
long_lines = st.lists(st.sampled_from(FRAGMENTS[:45]), min_size=100, max_size=600).map(" ".join)

arbitrary = st.text(min_size=0, max_size=3000)
mixed_scripts = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "M", "N", "P", "Z", "Cc", "Cf", "S")),
    max_size=400,
)

published = st.sampled_from([None, "2017-01-06", "2020", "2021-05", "2017-01-06T14:56+07:00", "rác"])

PROPS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(raw: str, pub) -> None:
    if pub == "rác":  # not a date: refused with the reason, whatever the text
        with pytest.raises(InputError, match="invalid published"):
            extract(raw, published=pub)
        return
    res = extract(raw, published=pub)
    norm = normalize(raw, published=pub)
    text = norm.text
    for words_in in (None, needs_words):  # the Doc's text is the normalized text, token for token
        assert segment(norm, words_in=words_in).doc.text == text
    for t in FACT_TYPES:
        for f in getattr(res, t):
            assert 0 <= f.start < f.end <= len(text), (t, f)
            assert f.text == text[f.start:f.end], (t, f.text, text[f.start:f.end])
    assert res.article.body_text is not None


@PROPS
@given(arbitrary, published)
def test_arbitrary_text(raw: str, pub) -> None:
    _check(raw, pub)


@PROPS
@given(mixed_scripts, published)
def test_mixed_scripts_and_controls(raw: str, pub) -> None:
    _check(raw, pub)


@PROPS
@given(vietnamese_like, published)
def test_vietnamese_looking_text(raw: str, pub) -> None:
    _check(raw, pub)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(long_lines)
def test_long_lines(raw: str) -> None:
    _check(raw, None)
