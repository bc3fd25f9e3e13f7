"""The title of a .txt article: its first headline line, not a slogan, banner,
section path or timestamp above it; a kicker line ("Huyện ủy X:") leads into
the headline. Patterns are rule data (rules/chrome.yaml, kinds not_title and
kicker). Articles here are invented; the seeds are checked in place."""
from __future__ import annotations

import pytest
import vnfacts
from conftest import shared_texts
from vnfacts.ingest.inputs import read_article
from vnfacts.ruledata import load_rules

BODY = "Ngày 5/1/2023, Huyện ủy Tân Lập tổ chức hội nghị tổng kết; toàn huyện kết nạp 120 đảng viên mới.\n"
HEADLINE = "Huyện ủy Tân Lập tổng kết công tác xây dựng Đảng năm 2022"


@pytest.mark.parametrize("above", [
    "Toàn Đảng, toàn dân thi đua lập thành tích chào mừng Đại hội Đảng các cấp!",
    "Kỷ niệm 95 năm Ngày thành lập Đảng Cộng sản Việt Nam (03/02/1930 - 03/02/2025)!",
    "Tin tức | Xây dựng Đảng",
    "Trang chủ   Hoạt động cơ sở",
    "Thứ Hai, 09/01/2023 08:15",
])
def test_title_skips_what_is_above_the_headline(above: str) -> None:
    res = vnfacts.extract(f"{above}\n\n{HEADLINE}\n\n{BODY}")
    assert res.article.title == HEADLINE


def test_banner_is_not_the_title_but_keeps_its_facts() -> None:
    banner = "Kỷ niệm 95 năm Ngày thành lập Đảng Cộng sản Việt Nam (03/02/1930 - 03/02/2025)!"
    res = vnfacts.extract(f"{banner}\n\n{HEADLINE}\n\n{BODY}")
    assert res.article.title == HEADLINE
    assert any(d.start < len(banner) for d in res.dates)  # the banner is article text (SPEC gold keeps its dates)


def test_kicker_leads_into_the_headline() -> None:
    res = vnfacts.extract(f"Huyện ủy Tân Lập:\n\nĐẩy mạnh công tác phát triển đảng viên ở thôn, bản\n\n{BODY}")
    assert res.article.title == "Huyện ủy Tân Lập: Đẩy mạnh công tác phát triển đảng viên ở thôn, bản"
    assert "Đẩy mạnh" not in res.article.body_text


def test_a_colon_inside_the_headline_stays() -> None:
    res = vnfacts.extract(f"Huyện ủy Tân Lập: 9 tháng kết nạp 120 đảng viên mới\n\n{BODY}")
    assert res.article.title == "Huyện ủy Tân Lập: 9 tháng kết nạp 120 đảng viên mới"


def test_page_title_from_metadata_wins() -> None:
    res = vnfacts.extract(f"{HEADLINE}\n\n{BODY}", title="  Tiêu đề   của trang ")
    assert res.article.title == "Tiêu đề của trang"


@pytest.mark.parametrize("path", shared_texts("seeds"), ids=lambda p: p.name)
def test_seed_titles_are_headlines(path) -> None:
    text, _ = read_article(str(path))
    title = vnfacts.extract(text).article.title
    rules = [rx for r, rx in load_rules().chrome_compiled if r.kind == "not_title"]
    assert title and len(title.split()) >= 3
    assert not title.rstrip().endswith((":", "!")) and not any(rx.search(title) for rx in rules)
    first = title.split(": ")[-1] if ": " in title else title
    assert first in " ".join(text.split())
