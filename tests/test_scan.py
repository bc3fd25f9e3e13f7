"""vnfacts.text.scan.Finder runs many regexes over a text, each tried only
where its parse tree says a match can start. These tests check that it finds
exactly what each regex's finditer over the whole text finds: for the
regexes of the metrics stage (triggers, not_actions) and of the rules stage
(rules/*.yaml patterns), on sentences written here in several cases and with
characters whose case folding is unusual, on real articles when ../shared is
present, and, for the case folding itself, on every Unicode character."""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from vnfacts.pipeline import metrics as M
from vnfacts.pipeline import rules as R
from vnfacts.text import scan as S

REAL = Path(__file__).resolve().parents[2] / "shared" / "realcorpus" / "political.jsonl"

SENTENCES = [
    "Năm qua, Đảng bộ xã kết nạp 14 đảng viên mới, trong đó có 3 đảng viên là người dân tộc thiểu số.",
    "Ủy ban Kiểm tra Huyện ủy đã kiểm tra, giám sát 12 tổ chức đảng và thi hành kỷ luật 2 đảng viên.",
    "Hiện có 45 chi bộ trực thuộc; 90% tổ chức cơ sở đảng đạt trong sạch, vững mạnh, không có chi bộ yếu, kém.",
    "Sáng 12/3/2024, tại hội nghị trực tuyến với 120 điểm cầu, Tỉnh ủy trao tặng Huy hiệu 30 năm tuổi Đảng.",
    "Ban Tổ chức đã thẩm định hồ sơ và đề nghị kết nạp 8 quần chúng ưu tú; phát triển 1.215 đảng viên.",
    "Nhân kỷ niệm 90 năm ngày thành lập, chi bộ mới thành lập được 6 tháng đã tăng cường trao đổi.",
    "Theo Nghị quyết số 18-NQ/TW ngày 25/10/2017, trong 6 tháng đầu năm 2023 có 152/160 chi bộ, đạt 95,0%.",
    "Từ ngày 5 đến ngày 7 tháng 4 năm 2022, nhiệm kỳ 2020 - 2025, quý II/2022, Chỉ thị 05 và Kết luận 21.",
]


def _variants(text: str) -> list[str]:
    # upper case, swapped case, and characters re.IGNORECASE equates with a letter of a prefix although
    # their lower case differs (dotless i, long s) or whose lower case is two characters (dotted I);
    # digits of another script
    return [text, text.upper(), text.swapcase(), text.title(), text.replace("i", "\u0131"),
            text.replace("s", "\u017f"), text.replace("I", "\u0130").replace("i", "I"), text + " \U0001F600",
            text.replace("1", "\u0661").replace("2", "\u0662")]


def _finders() -> list[S.Finder]:
    return [M._rules().finder, R._finder(None)[1]]


def _check(finder: S.Finder, text: str) -> bool:
    """Every regex's matches equal its finditer over the whole text; whether the fast path was taken."""
    got = finder.matches(text)
    for rx, ms in zip(finder.regexes, got):
        assert [m.span() for m in ms] == [m.span() for m in rx.finditer(text)], (rx.pattern[:80], text[:80])
        assert [m.groupdict() for m in ms] == [m.groupdict() for m in rx.finditer(text)]
    return finder.lowered(text) is not None


def test_the_finder_finds_what_finditer_finds():
    for finder in _finders():
        fast = [_check(finder, v) for s in SENTENCES for v in _variants(s)]
        assert any(fast) and not all(fast)  # both paths were exercised


def test_the_rule_data_regexes_have_bounded_starts():
    # a regex whose start the parse tree does not bound would run over every whole text (correct, but slow)
    for finder in _finders():
        assert [rx.pattern for rx, s in zip(finder.regexes, finder.starts) if s is None] == []
        assert finder.prefix_forms
    assert M._rules().finder._index  # the triggers are found through the runs of letters


def test_literal_prefixes():
    def pre(pattern):
        return S.literal_prefixes(re.compile(pattern, re.IGNORECASE))

    assert pre(r"(?:ab\s+)?cd") == ("ab", "cd")  # an optional group is followed both ways
    assert pre(r"(?<!x)\bAb(?=c)C") == ("abc",)  # assertions are passed over, letters lowered
    assert pre(r"(?:ab|c)d*e") == ("abd", "abe", "cd", "ce")  # a repetition ends the prefix
    assert pre(r"ab{0}c") == ("ac",)
    assert pre(r"abcdefghijk") == ("abcdefgh",)  # at most PREFIX_MAX characters
    assert pre(r"[ab]c") is None and pre(r"a?b?") is None and pre(r"x|.y") is None


def test_first_chars():
    def first(pattern):
        return S.first_chars(re.compile(pattern, re.IGNORECASE))

    assert first(r"(?=\d)(?<!x)(?:0?[1-3]|[Xy]\w)") == ("0123xy", False)
    assert first(r"(?:ab)?\d+") == ("a", True)
    assert first(r"[^a]b") is None and first(r"\w") is None and first(r"a?") is None and first(r".") is None
    assert first(r"(?:a?)+b") is None  # a repetition that may be empty does not bound the start


def test_mixed_starts():
    def mixed(pattern):
        return S.mixed_starts(re.compile(pattern, re.IGNORECASE))

    # a path that starts with a class is bounded by its characters, the others by their literals
    assert mixed(r"(?:(?:tu\s+)?Ngay\s+)?(?:0?[1-9]|[12]\d)") == (("0", "ngay", "tu"), "12345678" + "9", False)
    assert mixed(r"(?=\d)(?:\d+|x)") == (("x",), "", True)
    assert mixed(r"ab|[^c]") is None and mixed(r"ab|\w") is None and mixed(r"(?:[ab])?") is None
    assert S.literal_prefixes(re.compile(r"ab|[cd]")) is None  # literal_prefixes: no class path


def test_a_pattern_opening_an_alternative_with_the_lookbehind_is_not_indexed():
    f = S.Finder([re.compile(S.NOT_AFTER_LETTER + "ab|cd", re.I)])
    assert not f.starts[0].run_start
    assert [m.span() for m in f.matches("xcd ab")[0]] == [(1, 3), (4, 6)]


def test_a_safe_character_is_lowered_to_the_prefix_character_it_matches():
    # for every character, every prefix character it matches case-insensitively is its lower case,
    # when case_safe says so (and it is a letter when the prefix character is one); digits have no case
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    assert all(m.group().lower() == m.group() for m in re.finditer(r"\d", every))
    for finder in _finders():
        seen = 0
        for q in finder.prefix_chars:
            for m in re.finditer(re.escape(q), every, re.IGNORECASE):
                ch = m.group()
                if finder.case_safe(ch):
                    seen += 1
                    assert ch.lower() == q, (q, ch)
                    assert bool(S.LETTERS.fullmatch(ch)) == bool(S.LETTERS.fullmatch(q)), (q, ch)
        assert seen >= len(finder.prefix_chars)
        assert not any(finder.case_safe(ch) for ch in "\u0131\u017f\u0130")


@pytest.mark.slow
@pytest.mark.skipif(not REAL.is_file(), reason="needs ../shared/realcorpus")
def test_real_articles():
    with REAL.open(encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for _, line in zip(range(25), fh)]
    for finder in _finders():
        assert all(_check(finder, t) for t in texts)
        assert sum(_check(finder, t.upper()) for t in texts) > 20
