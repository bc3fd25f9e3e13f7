"""`vnfacts show`: the highlighted article renders in a real browser
(Debian's chromium, headless). CI installs chromium (.ci/run); elsewhere the
browser test skips when chromium is absent."""
from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
from vnfacts.pipeline import extract
from vnfacts.pipeline.normalize import normalize
from vnfacts.show import render_html

ARTICLE = (
    "Đảng bộ huyện Tân Phước kết nạp 52 đảng viên\n"
    "Cập nhật lúc 09:15, Thứ Sáu, 06/01/2023 (GMT+7)\n\n"
    "Ngày 5-1, Đảng bộ huyện Tân Phước tổng kết năm 2022. Thực hiện Nghị quyết số 03-NQ/HU ngày "
    "04 tháng 01 năm 2022, toàn huyện kết nạp 52 đảng viên, đạt 104% kế hoạch; 67/67 tổ chức cơ sở Đảng "
    "hoàn thành nhiệm vụ. Đồng chí Lê Văn Tám, Bí thư Huyện ủy, phát biểu.\n"
)


def _browser() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        p = shutil.which(name)
        if p:
            return p
    return None


def test_render_marks_every_fact_with_its_value():
    res = extract(ARTICLE)
    page = render_html(res, normalize(ARTICLE).text)
    n_facts = sum(len(getattr(res, k)) for k in ("dates", "documents", "bodies", "persons", "counts", "ratios"))
    assert n_facts >= 8
    text_part = page.split('<div class="text">', 1)[1]
    assert text_part.count('<mark class="f ') == n_facts
    assert 'title="dates: 2023-01-05 (day)"' in page
    assert 'title="ratios: 104% kế hoạch' in page
    assert "03-NQ/HU" in page


def test_highlights_render_in_headless_chromium(tmp_path):
    browser = _browser()
    if browser is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing in CI (.ci/run should install it)")
        pytest.skip("no chromium on this machine (apt-get install chromium)")
    res = extract(ARTICLE)
    out = tmp_path / "a.html"
    out.write_text(render_html(res, normalize(ARTICLE).text), encoding="utf-8")
    proc = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", out.as_uri()],
        capture_output=True, text=True, timeout=120)
    m = re.search(r'data-highlights="(\d+)"', proc.stdout)
    assert m, f"page did not run its check: {proc.stderr[-500:]}"
    n_facts = sum(len(getattr(res, k)) for k in ("dates", "documents", "bodies", "persons", "counts", "ratios"))
    assert int(m.group(1)) == n_facts
