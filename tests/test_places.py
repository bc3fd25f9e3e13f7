"""The article's province and places (extract/text/gazetteer.py), on sentences written for the test."""
from __future__ import annotations

from vnfacts.text.gazetteer import article_places, article_province


def test_a_province_named_most_and_clearly_ahead_is_the_articles() -> None:
    text = ("Tỉnh ủy Nam Định họp phiên thường kỳ\n"
            "Sáng 5/3, Ban Thường vụ Tỉnh ủy tỉnh Nam Định họp. Tỉnh Nam Định có 10 huyện. "
            "Đoàn công tác tỉnh Thái Bình đến dự.")
    assert article_province(text) == "Nam Định"


def test_national_news_naming_several_provinces_nearly_as_often_has_none() -> None:
    text = ("Hội nghị toàn quốc tổng kết công tác dân vận\n"
            "Dự hội nghị có lãnh đạo tỉnh Sơn La, tỉnh Cà Mau và tỉnh Bắc Kạn. "
            "Đại diện tỉnh Sơn La và tỉnh Cà Mau trình bày tham luận.")
    assert article_province(text) is None


def test_the_title_decides_between_provinces_named_nearly_as_often() -> None:
    text = ("Đoàn công tác Tỉnh ủy Lạng Sơn thăm tỉnh Cao Bằng\n"
            "Đoàn của tỉnh Cao Bằng đón tiếp. Tỉnh Lạng Sơn và tỉnh Cao Bằng ký kết hợp tác. "
            "Tỉnh Lạng Sơn sẽ cử cán bộ.")
    assert article_province(text) == "Lạng Sơn"


def test_a_city_is_a_place_the_gazetteer_knows() -> None:
    # after "TP." the next sentence may start with a capital; "TP Anh hùng" qualifies the city
    assert "thành phố" not in article_places("Người dân đóng góp nhiều cho TP. Theo kế hoạch, các phường ra quân.")
    assert "thành phố" not in article_places("Xây dựng TP Anh hùng giàu đẹp. Thành ủy phát động thi đua.")
    assert article_places("Đảng bộ TP. Vũng Tàu sơ kết. Thành ủy giao chỉ tiêu.")["thành phố"] == "Vũng Tàu"
    # the longest known part of the capitalized words after the level word
    assert article_places("Chủ tịch UBND TP Đông Hà Trần Văn Long phát biểu.")["thành phố"] == "Đông Hà"
