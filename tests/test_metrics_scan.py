"""The metrics stage finds its triggers and not_actions only where one of a
regex's literal prefixes stands (vnfacts.pipeline.metrics._matches). These
tests check that this finds exactly what running every regex over the whole
text finds: on sentences written here (in several cases and with characters
whose case folding is unusual), on real articles when ../shared is present,
and, for the case folding itself, on every Unicode character."""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from vnfacts.pipeline import metrics as M

REAL = Path(__file__).resolve().parents[2] / "shared" / "realcorpus" / "political.jsonl"

SENTENCES = [
    "Năm qua, Đảng bộ xã kết nạp 14 đảng viên mới, trong đó có 3 đảng viên là người dân tộc thiểu số.",
    "Ủy ban Kiểm tra Huyện ủy đã kiểm tra, giám sát 12 tổ chức đảng và thi hành kỷ luật 2 đảng viên.",
    "Hiện có 45 chi bộ trực thuộc; 90% tổ chức cơ sở đảng đạt trong sạch, vững mạnh, không có chi bộ yếu, kém.",
    "Tại hội nghị trực tuyến với 120 điểm cầu, Tỉnh ủy trao tặng Huy hiệu 30 năm tuổi Đảng cho 25 đảng viên.",
    "Ban Tổ chức đã thẩm định hồ sơ và đề nghị kết nạp 8 quần chúng ưu tú; phát triển 1.215 đảng viên.",
    "Nhân kỷ niệm 90 năm ngày thành lập, chi bộ mới thành lập được 6 tháng đã tăng cường trao đổi.",
]


def _variants(text: str) -> list[str]:
    # upper case, swapped case, and characters re.IGNORECASE equates with a letter of a prefix although
    # their lower case differs (dotless i, long s) or whose lower case is two characters (dotted I)
    return [text, text.upper(), text.swapcase(), text.title(), text.replace("i", "\u0131"),
            text.replace("s", "\u017f"), text.replace("I", "\u0130").replace("i", "I"), text + " \U0001F600"]


def _check(text: str) -> bool:
    """Every scan's matches equal its regex's finditer over the whole text;
    whether the lowered fast path was taken."""
    r = M._rules()
    low = M._lowered(text)
    found = M._prefix_starts(text, low) if low is not None else {}
    for scan in r.trigger_scans + r.not_action_scans:
        want = [m.span() for m in scan.regex.finditer(text)]
        got = [m.span() for m in M._matches(scan, text, low, found)]
        assert got == want, (scan.regex.pattern, text[:80])
    return low is not None


def test_the_prefix_scan_finds_what_the_whole_text_scan_finds():
    fast = [_check(v) for s in SENTENCES for v in _variants(s)]
    assert any(fast) and not all(fast)  # both paths were exercised


def test_every_trigger_of_the_rule_data_has_prefixes():
    # a regex without prefixes would be run over every whole text (correct, but slow): say so
    r = M._rules()
    assert r.prefix_index is not None and r.prefix_forms
    assert [sc.regex.pattern for sc in r.trigger_scans + r.not_action_scans if sc.prefixes is None] == []


def test_literal_prefixes():
    def pre(pattern):
        return M._literal_prefixes(re.compile(pattern, re.IGNORECASE))

    assert pre(r"(?:ab\s+)?cd") == ("ab", "cd")  # an optional group is followed both ways
    assert pre(r"(?<!x)\bAb(?=c)C") == ("abc",)  # assertions are passed over, letters lowered
    assert pre(r"(?:ab|c)d*e") == ("abd", "abe", "cd", "ce")  # a repetition ends the prefix
    assert pre(r"ab{0}c") == ("ac",)
    assert pre(r"abcdefghijk") == ("abcdefgh",)  # at most _PREFIX_MAX characters
    assert pre(r"[ab]c") is None and pre(r"a?b?") is None and pre(r"x|.y") is None


def test_a_safe_character_is_lowered_to_the_prefix_character_it_matches():
    # for every character, every prefix character it matches case-insensitively is its lower case,
    # when _case_safe says so (and it is a letter when the prefix character is one)
    r = M._rules()
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    seen = 0
    for q in r.prefix_chars:
        for m in re.finditer(re.escape(q), every, re.IGNORECASE):
            ch = m.group()
            if M._case_safe(ch, r):
                seen += 1
                assert ch.lower() == q, (q, ch)
                assert bool(M._LETTERS.fullmatch(ch)) == bool(M._LETTERS.fullmatch(q)), (q, ch)
    assert seen >= len(r.prefix_chars)
    assert not any(M._case_safe(ch, r) for ch in "\u0131\u017f\u0130")


@pytest.mark.slow
@pytest.mark.skipif(not REAL.is_file(), reason="needs ../shared/realcorpus")
def test_real_articles():
    with REAL.open(encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for _, line in zip(range(60), fh)]
    assert all(_check(t) for t in texts)
    assert sum(_check(t.upper()) for t in texts) > 40
