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
