"""Stage 1: characters, offsets and page layout (published, author, chrome).
All texts here are invented for the tests."""
from __future__ import annotations

import itertools
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from vnfacts.pipeline import extract
from vnfacts.pipeline.normalize import normalize
from vnfacts.text.textnorm import fold, normalize_chars

ARTICLE = (
    "Huyện ủy Hoà An tổng kết công tác xây dựng Đảng năm 2023\r\n"
    "Cập nhật lúc 14:56, Thứ Sáu, 06/01/2017 (GMT+7)\r\n"
    "Ngày 5-1, Huyện uỷ Hoà An tổ chức hội nghị tổng kết công tác xây dựng Ðảng năm 2016. "
    "Trong năm, toàn Đảng bộ đã kết nạp 87 đảng viên mới, đạt 108% chỉ tiêu; "
    "45/46 tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ.\r\n"
    "Hội nghị cũng triển khai Nghị quyết số 05-NQ/HU ngày 20/12/2016 về phát triển "
    "kinh tế nông nghiệp.\r\n"
    "Lam Giang\r\n"
    "Lượt xem: 4\r\n"
    "Phản hồi\r\n"
    "Đảng bộ xã Bình Minh kết nạp 31 đảng viên trong năm 2015, đạt 97,5% kế hoạch\r\n"
)


def _all_facts(res):
    for t in ("dates", "documents", "bodies", "persons", "counts", "ratios"):
        yield from getattr(res, t)


def test_nfc() -> None:
    raw = unicodedata.normalize("NFD", "Đảng bộ tỉnh kết nạp đảng viên")
    assert raw != unicodedata.normalize("NFC", raw)
    text = normalize(raw).text
    assert text == "Đảng bộ tỉnh kết nạp đảng viên"
    assert unicodedata.is_normalized("NFC", text)


def test_icelandic_eth_read_as_dj() -> None:
    assert normalize("Ðảng ủy xã").text == "Đảng ủy xã"
    assert "\u00d0" not in normalize("ÐẢNG BỘ").text


@pytest.mark.parametrize("raw,want", [
    ("Huyện uỷ", "Huyện ủy"),
    ("hoà bình", "hòa bình"),
    ("Thuỷ lợi", "Thủy lợi"),
    ("khoẻ mạnh", "khỏe mạnh"),
    ("quý I", "quý I"),          # "qu" + y: the tone stays on y
    ("Quý II năm 2020", "Quý II năm 2020"),
    ("hoàn thành", "hoàn thành"),  # closed syllable: unchanged
])
def test_tone_placement(raw: str, want: str) -> None:
    assert normalize(raw).text == want


def test_old_and_new_tone_placement_compare_equal() -> None:
    assert fold("Ban Thường vụ Huyện uỷ Hoà Vang") == fold("Ban Thường vụ Huyện ủy Hòa Vang")


def test_crlf_becomes_lf() -> None:
    text = normalize("dòng một\r\ndòng hai\rdòng ba").text
    assert "\r" not in text
    assert text.split("\n") == ["dòng một", "dòng hai", "dòng ba"]


@pytest.mark.parametrize("raw", [
    ARTICLE,
    "a\r\nb",
    unicodedata.normalize("NFD", "Huyện uỷ Hoà An\r\n\u200bĐảng\u00a0viên"),
    "",
])
def test_offset_map(raw: str) -> None:
    norm = normalize(raw)
    text, offs = norm.text, norm.offsets
    assert len(offs) == len(text) + 1
    assert offs[-1] == len(raw)
    assert all(a <= b for a, b in itertools.pairwise(offs)), "offsets must not go backwards"
    assert all(0 <= o <= len(raw) for o in offs)
    for i, ch in enumerate(text):
        if ch.isascii() and ch.isalnum():  # same base letter (a tone may have moved)
            assert unicodedata.normalize("NFD", raw[offs[i]])[0] == ch


def test_raw_span_of_a_fact_reads_the_same_words() -> None:
    norm = normalize(ARTICLE)
    res = extract(ARTICLE)
    facts = list(_all_facts(res))
    assert facts
    for f in facts:
        rs, re_ = norm.raw_span(f.start, f.end)
        assert fold(ARTICLE[rs:re_]) == f.text


def test_normalize_chars_drops_zero_width_and_maps_spaces() -> None:
    text, offs = normalize_chars("a\u200bb\u00a0c")
    assert text == "ab c"
    assert offs == [0, 2, 3, 4, 5]


def test_published_from_page_timestamp() -> None:
    res = extract(ARTICLE)
    assert res.article.published == "2017-01-06T14:56+07:00"
    # the timestamp line is page furniture, not a date of the story
    assert not any("06/01/2017" in d.text for d in res.dates)
    # a day-month without year takes the year of publication
    assert any(d.text == "Ngày 5-1" and d.value == "2017-01-05" for d in res.dates)


def test_caller_published_wins_over_page_timestamp() -> None:
    res = extract(ARTICLE, published="2018-02-03")
    assert res.article.published == "2018-02-03"
    assert any(d.text == "Ngày 5-1" and d.value == "2018-01-05" for d in res.dates)


def test_published_from_url_when_page_has_none() -> None:
    text = "Ngày 5-1, Đảng ủy xã kết nạp 12 đảng viên mới."
    res = extract(text, url="https://example.vn/2019/03/tin-tuc-kết-nạp.html")
    assert res.article.published == "2019-03"
    assert extract(text).article.published is None


def test_chrome_yields_no_facts() -> None:
    res = extract(ARTICLE)
    texts = [f.text for f in _all_facts(res)]
    # kept: the story's facts
    assert "87 đảng viên mới" in texts
    assert any(r.percent == 108 for r in res.ratios)
    # dropped: the view counter and everything after "Phản hồi"
    assert not any(c.value == 4 for c in res.counts)
    assert not any(c.value == 31 for c in res.counts)
    assert not any(d.value == "2015" for d in res.dates)
    assert not any(r.percent == 97.5 for r in res.ratios)
    assert "Bình Minh" not in res.article.body_text
    assert "Lượt xem" not in res.article.body_text


def test_title_author_and_body() -> None:
    art = extract(ARTICLE).article
    assert art.title == "Huyện ủy Hòa An tổng kết công tác xây dựng Đảng năm 2023"
    assert art.author == "Lam Giang"
    assert art.body_text.startswith("Ngày 5-1, Huyện ủy Hòa An")
    assert "Lam Giang" not in art.body_text


@pytest.mark.parametrize("byline,author", [
    ("Tin, ảnh: MINH AN", "MINH AN"),
    ("Theo baohoaan.vn", "baohoaan.vn"),
    ("Lam Giang", "Lam Giang"),
])
def test_author_from_byline(byline: str, author: str) -> None:
    text = ("Đảng ủy xã Tân Lập tổ chức hội nghị sơ kết công tác 6 tháng đầu năm.\n"
            "Trong 6 tháng, Đảng ủy xã kết nạp 12 đảng viên mới.\n" + byline + "\n")
    res = extract(text)
    assert res.article.author == author
    assert not any(author in f.text for f in _all_facts(res))


def test_sentence_after_byline_prefix_is_not_a_byline() -> None:
    """'Theo' starts bylines ("Theo Lam Giang") and sentences alike; a
    sentence must keep its facts."""
    res = extract("Theo Chỉ thị 05 của Bộ Chính trị")
    assert res.article.author is None
    assert [d.text for d in res.documents] == ["Chỉ thị 05"]


@pytest.mark.parametrize("tail,author", [
    ("Lam Giang", "Lam Giang"),
    ("Theo Minh Anh/Báo Tân Lập", "Minh Anh"),
    ("Hoàng Hà - Ảnh: Đoàn Bình", "Hoàng Hà - Đoàn Bình"),
    ("Ngọc Lan (TTXVN)", "Ngọc Lan"),
    ("Đại tá Trần Văn Bình -", "Trần Văn Bình"),
])
def test_byline_after_the_last_sentence_of_a_line(tail: str, author: str) -> None:
    """A scraper that joins the author's line to the text leaves the byline
    after the last sentence: it is the author, its names yield no facts, and
    the sentences before it keep theirs."""
    text = ("Đảng ủy xã Tân Lập tổ chức hội nghị sơ kết công tác 6 tháng đầu năm.\n"
            "Trong 6 tháng, Đảng ủy xã kết nạp 12 đảng viên mới./. " + tail + "\n")
    res = extract(text)
    assert res.article.author == author
    assert [c.text for c in res.counts] == ["12 đảng viên mới"]
    assert not any(f.text in tail for f in res.bodies + res.persons)
    assert res.article.body_text.endswith("12 đảng viên mới./.")


@pytest.mark.parametrize("last", [
    "Đảng ủy đã trao quyết định cho Ủy ban Kiểm tra Đảng ủy Khối Doanh nghiệp",  # no sentence end before it
    "Hội nghị thống nhất thành lập Ban Chỉ đạo. Ban Chỉ đạo họp định kỳ hằng tháng",  # a sentence
    "Hội nghị diễn ra tại TP. Hồ Chí Minh",  # an abbreviation's dot, not a sentence end
])
def test_last_sentence_without_a_stop_is_not_a_byline(last: str) -> None:
    res = extract("Đảng ủy xã Tân Lập tổ chức hội nghị sơ kết.\n" + last + "\n")
    assert res.article.author is None
    assert res.article.body_text.endswith(last)


def test_a_list_of_other_stories_yields_no_facts() -> None:
    """Links to other stories (a headline and its date in parentheses), two
    or more in a row, are page furniture wherever they stand; one line
    ending in a dated parenthesis is not a list."""
    text = ("Huyện Tân Lập tổng kết công tác phát triển đảng viên\n"
            "Năm 2005, Đảng bộ huyện Tân Lập kết nạp 40 đảng viên mới.\n\n"
            "Hội nghị được tổ chức tại hội trường huyện (14/03/2005)\n\n"
            "Các chi bộ đều hoàn thành nhiệm vụ.\n\n"
            "Xã Bình Minh có 3 chi bộ mới(12/03/2005)\n\n"
            "Tỉnh khởi công cầu mới qua sông Lam(10/03/2005)\n\n"
            "Xem tiếp\n")
    res = extract(text)
    assert [c.text for c in res.counts] == ["40 đảng viên mới"]
    assert {d.text for d in res.dates} == {"Năm 2005", "14/03/2005"}
    assert "Bình Minh" not in res.article.body_text and "Xem tiếp" not in res.article.body_text
    assert res.article.body_text.endswith("hoàn thành nhiệm vụ.")


def test_article_id_is_stable_and_depends_on_text() -> None:
    a = normalize(ARTICLE).article.id
    assert a == normalize(ARTICLE, source="other.txt").article.id
    assert a == normalize(ARTICLE.replace("uỷ", "ủy")).article.id  # same normalized text
    assert a != normalize(ARTICLE + "x").article.id


def test_fast_path_equals_slow_path(monkeypatch):
    """The one-to-one fast path of normalize_chars gives exactly what the
    general path gives."""
    import re

    import vnfacts.text.textnorm as tn

    samples = ["Thị uỷ Cửa Lò, hoà bình, quý I\tnăm 2020\u00a0và Ðảng ủy.", "Nghị quyết số 03-NQ/ĐUK", ""]
    fast = [tn.normalize_chars(s) for s in samples]
    monkeypatch.setattr(tn, "_SLOW", re.compile(r"[\s\S]"))  # every text takes the general path
    slow = [tn.normalize_chars(s) for s in samples]
    assert fast == slow


_VOWELS = "aăâeêioôơuưyAĂÂEÊIOÔƠUƯYqhkt " + "".join(
    unicodedata.normalize("NFC", v + t) for v in "aeyAEYoOuU" for t in "\u0300\u0301\u0303\u0309\u0323")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_VOWELS, max_size=14))
def test_old_tone_placement_is_moved_only_where_the_hint_says(text):
    from vnfacts.text.textnorm import _OLD_TONE, _move_tone, _move_tones
    assert _move_tones(text) == _OLD_TONE.sub(_move_tone, text)
