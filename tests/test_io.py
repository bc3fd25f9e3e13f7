"""vnfacts.ingest.inputs.read_article: what it accepts and how it refuses."""
from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest
from vnfacts.errors import InputError
from vnfacts.ingest.inputs import read_article


def test_reads_utf8_and_returns_source(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text("Đảng bộ xã kết nạp 5 đảng viên\n", encoding="utf-8")
    assert read_article(str(p)) == ("Đảng bộ xã kết nạp 5 đảng viên\n", str(p))


def test_strips_bom(tmp_path: Path) -> None:
    p = tmp_path / "bom.txt"
    p.write_bytes(b"\xef\xbb\xbf" + "Hòa".encode())
    assert read_article(str(p))[0] == "Hòa"


def test_bom_only_is_empty(tmp_path: Path) -> None:
    p = tmp_path / "bom.txt"
    p.write_bytes(b"\xef\xbb\xbf")
    with pytest.raises(InputError, match="empty"):
        read_article(str(p))


def test_invalid_utf8_names_line_and_byte(tmp_path: Path) -> None:
    p = tmp_path / "x.txt"
    data = "dòng một\ndòng hai\nCaf".encode() + b"\xff" + b"\n"
    p.write_bytes(data)
    with pytest.raises(InputError) as ei:
        read_article(str(p))
    msg = str(ei.value)
    offset = data.index(b"\xff")
    assert msg.startswith(f"{p}: not UTF-8 (invalid byte 0xff at line 3, byte offset {offset})")
    assert ei.value.source == str(p) and ei.value.line == 3
    assert "\n" not in msg


def test_truncated_multibyte_sequence_at_end(tmp_path: Path) -> None:
    p = tmp_path / "cut.txt"
    p.write_bytes("Đảng bộ".encode()[:-1])  # "ộ" cut in the middle
    with pytest.raises(InputError, match="not UTF-8"):
        read_article(str(p))


@pytest.mark.parametrize("data,reason", [
    (b"", "empty file"),
    (b"  \n\r\n\t ", "only whitespace"),
    (b"abc\x00def", "NUL"),
    (bytes(range(1, 32)) * 10, "control characters"),
])
def test_refused_contents(tmp_path: Path, data: bytes, reason: str) -> None:
    p = tmp_path / "f.txt"
    p.write_bytes(data)
    with pytest.raises(InputError, match=reason) as ei:
        read_article(str(p))
    assert ei.value.source == str(p)


def test_a_few_control_characters_are_fine(tmp_path: Path) -> None:
    p = tmp_path / "f.txt"
    p.write_text("Đảng bộ xã\x0c kết nạp 5 đảng viên\x1b mới trong năm 2021 theo kế hoạch.", encoding="utf-8")
    assert "kết nạp" in read_article(str(p))[0]


def test_missing_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_article(str(tmp_path / "nope.txt"))
    with pytest.raises(InputError, match="directory"):
        read_article(str(tmp_path))


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = io.TextIOWrapper(io.BytesIO("\ufeffĐảng ủy".encode("utf-8")), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    assert read_article("-") == ("Đảng ủy", "-")


def test_empty_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b""), encoding="utf-8"))
    with pytest.raises(InputError, match="<stdin>: empty"):
        read_article("-")


def test_unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Permissions (simulated: the suite may run as root, who reads anything)."""
    p = tmp_path / "secret.txt"
    p.write_text("Đảng ủy", encoding="utf-8")

    real_open = os.open

    def deny(path, *args, **kw):
        if str(path) == str(p):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kw)

    monkeypatch.setattr(os, "open", deny)
    with pytest.raises(InputError, match="permission denied") as ei:
        read_article(str(p))
    assert str(ei.value).startswith(f"{p}: ")


# ---------------------------------------------------------------- the input layer (extract, ingest, API)
# Each test reproduces an input that used to stop, hang or poison a run (issue 13) or be read
# wrongly (issue 10); articles are invented.

import json  # noqa: E402
import threading  # noqa: E402

import vnfacts  # noqa: E402
from vnfacts.ingest.inputs import read_path  # noqa: E402

ARTICLE = ("Đảng ủy xã Tân Lập sơ kết công tác xây dựng Đảng\n"
           "Ngày 15/3/2021, Đảng ủy xã Tân Lập kết nạp 12 đảng viên mới, đạt 120% chỉ tiêu.\n")
PAGE = """<html><head><title>Đảng ủy xã Tân Lập sơ kết công tác xây dựng Đảng</title>
<meta property="article:published_time" content="2021-09-23T08:00:00+07:00">
</head><body><nav><a href="/">Trang chủ</a> <a href="/tin">Tin tức</a></nav>
<article><h1>Đảng ủy xã Tân Lập sơ kết công tác xây dựng Đảng</h1>
<p>Ngày 20/9, Đảng ủy xã Tân Lập tổ chức lễ kết nạp 12 đảng viên mới cho các chi bộ trực thuộc trên địa bàn xã.</p>
<p>Đây là kết quả của công tác phát triển đảng viên của Đảng bộ xã, đạt 120% chỉ tiêu năm 2021 đề ra.</p>
</article><footer>Bản quyền thuộc về Báo Tân Lập. Bình luận: 45 ý kiến</footer></body></html>"""


def _read(path, timeout: float = 30.0) -> list:
    """read_path in a thread: an input that blocks fails the test instead of hanging it."""
    out: list = []
    t = threading.Thread(target=lambda: out.extend(read_path(str(path))), daemon=True)
    t.start()
    t.join(timeout)
    assert not t.is_alive(), f"reading {path} blocked for {timeout} s"
    return out


def _reasons(items) -> dict[str, str]:
    return {Path(i.path).name: i.reason for i in items if not i.ok}


def test_fifo_named_txt_is_refused_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    assert "FIFO" in _reasons(_read(fifo))["pipe.txt"]
    items = _read(tmp_path)
    assert [i.ok for i in items] == [True, False] and "regular file" in _reasons(items)["pipe.txt"]


def test_fifo_is_refused_by_ingest(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    done: list = []
    t = threading.Thread(target=lambda: done.append(vnfacts.ingest_files([tmp_path], db=tmp_path / "s.duckdb")),
                         daemon=True)
    t.start()
    t.join(120)
    assert done, "the ingest hung on a FIFO"
    run = done[0].run
    assert (run.read, run.ingested, run.rejected) == (2, 1, 1)


def test_symlink_loops_and_broken_links_are_counted(tmp_path: Path) -> None:
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    (d / "sub" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    os.symlink(d, d / "sub" / "back")  # a directory link back up: a loop
    os.symlink(d / "self.txt", d / "self.txt")  # a link to itself
    os.symlink(d / "gone.txt", d / "broken.txt")
    items = _read(d)
    reasons = _reasons(items)
    assert sum(i.ok for i in items) == 1
    assert "loop" in reasons["back"] and "loop" in reasons["self.txt"]
    assert "broken symbolic link" in reasons["broken.txt"]


def test_loop_named_directly_says_loop(tmp_path: Path) -> None:
    loop = tmp_path / "loop.txt"
    os.symlink(loop, loop)
    (reason,) = _reasons(_read(loop)).values()
    assert "symbolic link loop" in reason


def test_unlistable_directory_is_counted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Simulated (the suite may run as root, who lists anything)."""
    (tmp_path / "locked").mkdir()
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    real = os.scandir

    def scandir(path):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert "permission denied" in _reasons(_read(tmp_path))["locked"]


def test_non_utf8_file_name_is_one_reject_not_the_run(tmp_path: Path) -> None:
    bad = os.path.join(os.fsencode(tmp_path), b"x\xe9.txt")
    with open(bad, "wb") as f:
        f.write(ARTICLE.encode("utf-8"))
    (tmp_path / "ok.txt").write_text(ARTICLE.replace("12", "13"), encoding="utf-8")
    report = vnfacts.ingest_files([tmp_path], db=tmp_path / "s.duckdb")
    assert (report.run.read, report.run.ingested, report.run.rejected) == (2, 1, 1)
    (rej,) = report.rejects
    assert rej.path.endswith("x\\xe9.txt") and "not valid UTF-8" in rej.reason
    with vnfacts.open_store(tmp_path / "s.duckdb") as store:
        assert store.query("SELECT path FROM rejects").to_pylist() == [{"path": rej.path}]


def test_lone_surrogate_in_a_jsonl_field_rejects_that_line(tmp_path: Path) -> None:
    p = tmp_path / "a.jsonl"
    lines = [json.dumps({"url": "\udfff", "text": ARTICLE}), json.dumps({"url": "https://x.vn/a", "text": ARTICLE})]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = vnfacts.ingest_files([p], db=tmp_path / "s.duckdb")
    assert (report.run.read, report.run.ingested, report.run.rejected) == (2, 1, 1)
    assert report.rejects[0].line == 1 and "lone surrogate" in report.rejects[0].reason


def test_html_without_an_article_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "nav.html"
    p.write_text("<html><head><title>Báo X</title></head><body><nav><ul><li><a href='/'>Menu</a></li>"
                 "<li><a href='/'>Trang chủ</a></li></ul></nav></body></html>", encoding="utf-8")
    (reason,) = _reasons(_read(p)).values()
    assert reason.startswith("no article text found")


def test_html_keeps_the_meta_time_and_zone(tmp_path: Path) -> None:
    p = tmp_path / "page.html"
    p.write_text(PAGE, encoding="utf-8")
    (item,) = _read(p)
    assert item.published == "2021-09-23T08:00:00+07:00"
    assert "Trang chủ" not in item.text and "Bản quyền" not in item.text


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_read(tmp_path: Path, codec: str) -> None:
    p = tmp_path / "a.txt"
    p.write_bytes(ARTICLE.encode(codec))
    assert read_article(str(p))[0] == ARTICLE


def test_odd_utf16_without_bom_is_refused_by_that_name(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_bytes(ARTICLE.encode("utf-16-le") + b"\x00\xd8")  # a high surrogate without its pair
    with pytest.raises(InputError, match="UTF-16-LE without a byte order mark"):
        read_article(str(p))


# published: every shape the issue names, from every source

@pytest.mark.parametrize("value,iso", [
    ("23/09/2021 08:00", "2021-09-23T08:00"),
    ("23/09/2021 lúc 08:00", "2021-09-23T08:00"),
    ("2021-09-23T08:00:00+07:00", "2021-09-23T08:00:00+07:00"),
    ("Thứ Năm, 23/09/2021 08:00 (GMT+7)", "2021-09-23T08:00+07:00"),
    ("Thu, 23 Sep 2021 08:00:00 +0700", "2021-09-23T08:00:00+07:00"),
    ("1483689360", "2017-01-06T07:56:00+00:00"),  # epoch seconds in a plausible range
    ("2017-01", "2017-01"),
])
def test_published_shapes_become_iso(value: str, iso: str) -> None:
    assert vnfacts.extract(ARTICLE, published=value).article.published == iso


@pytest.mark.parametrize("value,reason", [
    ("2017-13-45", "month 13"),
    ("2021-02-30", "day 30"),
    ("1483", "year 1483"),
    ("99999999999", "not a date"),
    ("hôm qua", "not a date"),
    ("23/09/2021 25:00", "not a time of day"),
])
def test_invalid_published_is_refused_with_a_reason(tmp_path: Path, value: str, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        vnfacts.extract(ARTICLE, published=value)
    p = tmp_path / "a.jsonl"
    p.write_text(json.dumps({"published": value, "text": ARTICLE}) + "\n", encoding="utf-8")
    (item,) = _read(p)
    assert not item.ok and reason in item.reason and "invalid published" in item.reason
    report = vnfacts.ingest_files([p], db=tmp_path / "s.duckdb")
    assert report.run.rejected == 1 and reason in report.rejects[0].reason


def test_epoch_published_resolves_a_day_without_year() -> None:
    res = vnfacts.extract("Ngày 6-1, Đảng ủy xã Tân Lập kết nạp 12 đảng viên.", published="1483689360")
    assert [d.value for d in res.dates] == ["2017-01-06"]


def test_device_is_refused_not_read() -> None:
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    (item,) = _read("/dev/zero")  # reading it would never end
    assert "not a regular file (a device)" in item.reason
    with pytest.raises(InputError, match="not a regular file"):
        read_article("/dev/zero")
