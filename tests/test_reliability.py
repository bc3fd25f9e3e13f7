"""Reliability of the extraction function on any input: no input crashes it,
every fact span is its text, and a seeded fuzz run of mutated texts (corpus
samples and synthetic strings) keeps both promises. Texts here are invented
or read in place from corpus/samples."""
from __future__ import annotations

import random
from pathlib import Path

import pytest
from vnfacts.pipeline import extract
from vnfacts.pipeline.normalize import normalize

SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "samples"
FACT_LISTS = ("dates", "documents", "bodies", "persons", "counts", "ratios")


def _assert_valid(text: str) -> None:
    norm = normalize(text)
    res = extract(text)
    for name in FACT_LISTS:
        for f in getattr(res, name):
            assert f.text == norm.text[f.start:f.end], (name, f)


# ---------------------------------------------------------------- regressions


def test_lone_surrogate_does_not_crash() -> None:
    # was: UnicodeEncodeError when hashing the article text
    res = extract("\ud800")
    assert res.article.id
    res = extract("Năm 2022, Đảng bộ xã kết nạp 12 đảng viên mới\udfff.")
    assert [c.text for c in res.counts]


def test_lone_surrogate_is_replaced_one_for_one() -> None:
    norm = normalize("a\ud800b")
    assert norm.text == "a\ufffdb"
    assert norm.offsets == [0, 1, 2, 3]


def test_metadata_date_prefix_in_upper_case_does_not_crash() -> None:
    # was: AttributeError, a case-insensitive chrome rule then a case-sensitive re.match
    res = extract("DATE 2020-06 abc")
    assert res.article.published == "2020-06"
    _assert_valid("DATE 2020-06 Năm 2022, Đảng bộ xã kết nạp 12 đảng viên mới.")


# ---------------------------------------------------------------- windows


def _paragraph(i: int) -> str:
    return (f"Năm {2000 + i % 20}, Đảng bộ xã Số {i} kết nạp {i + 3} đảng viên mới, đạt {100 + i}% chỉ tiêu; "
            f"theo Nghị quyết số {i + 1}-NQ/TU, {i % 7 + 1}/{i % 7 + 9} chi bộ hoàn thành tốt nhiệm vụ.")


def test_a_long_article_in_windows_has_the_facts_of_its_paragraphs(monkeypatch: pytest.MonkeyPatch) -> None:
    import vnfacts.pipeline as P

    text = "\n".join(_paragraph(i) for i in range(60))
    norm = normalize(text)
    whole = P.extract_normalized(norm)
    monkeypatch.setattr(P, "_WINDOW", 700)
    assert len(P._windows(norm.text)) > 5
    windowed = P.extract_normalized(norm)
    for name in FACT_LISTS:
        a, b = getattr(whole, name), getattr(windowed, name)
        assert [f.model_dump() for f in a] == [f.model_dump() for f in b], name
        for f in b:
            assert f.text == norm.text[f.start:f.end]
    assert len(windowed.counts) >= 60


def test_windows_cover_the_text_and_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    import vnfacts.pipeline as P

    monkeypatch.setattr(P, "_WINDOW", 100)
    for text in ("x" * 1000, "Câu một. " * 200, ("dòng\n" * 300), "a b " * 400):
        ws = P._windows(text)
        assert ws[0][0] == 0 and ws[-1][1] == len(text)
        assert all(a[1] == b[0] for a, b in zip(ws, ws[1:]))
        assert all(0 < e - s <= 100 for s, e in ws)


def test_windows_of_a_text_dense_in_figures_are_bounded_in_numbers(monkeypatch: pytest.MonkeyPatch) -> None:
    # one paragraph, figures in every sentence: the window is cut at sentence ends by its count of numbers
    import re

    import vnfacts.pipeline as P

    monkeypatch.setattr(P, "_NUMBERS", 30)
    text = " ".join(f"Năm {2000 + i % 20}, xã Số {i} kết nạp {i + 3} đảng viên, đạt {100 + i}% chỉ tiêu."
                    for i in range(100))
    ws = P._windows(text)
    assert ws[0][0] == 0 and ws[-1][1] == len(text) and all(a[1] == b[0] for a, b in zip(ws, ws[1:]))
    assert len(ws) >= 400 // 30
    for s, e in ws:
        assert len(re.findall(r"\d+", text[s:e])) <= 30
        assert e == len(text) or text[e - 2] == "."  # at a sentence end


def test_a_long_text_is_normalized_in_pieces_as_in_one(monkeypatch: pytest.MonkeyPatch) -> None:
    # one odd character (a combining mark, a zero-width space) sends only its piece down the slow path
    from vnfacts.text import textnorm

    rng = random.Random(11)
    lines = [f"Đảng bộ xã Số {i} kết nạp {i} đảng viên mới, thuỷ lợi hoà bình." for i in range(300)]
    odd = ["\u0301", "\u200b", "\r", "\u00a0", "\ufeff", "\u2028", "\n\u0300"]
    for _ in range(20):
        text = list("\n".join(lines))
        for _ in range(rng.randint(0, 6)):
            text.insert(rng.randrange(len(text)), rng.choice(odd))
        text = "".join(text)
        whole = textnorm._normalize_piece(text)
        monkeypatch.setattr(textnorm, "_PIECE", 500)
        assert textnorm.normalize_chars(text) == whole
        monkeypatch.undo()


def test_spans_overlap_by_search_as_by_scan() -> None:
    from vnfacts.text.spans import Disjoint

    rng = random.Random(7)
    for _ in range(200):
        taken, chosen = Disjoint(), []
        for _ in range(30):
            s = rng.randrange(60)
            e = s + rng.choice((0, 1, 2, 5, 9))
            scan = any(s < ce and cs < e for cs, ce in chosen)
            assert taken.overlaps(s, e) == scan, (chosen, s, e)
            if not scan:
                chosen.append((s, e))
                taken.add(s, e)


def test_a_document_mention_links_to_its_full_mention_in_an_earlier_window(monkeypatch: pytest.MonkeyPatch) -> None:
    import vnfacts.pipeline as P

    first = "Ban Thường vụ Tỉnh ủy ban hành Chỉ thị số 05-CT/TU về công tác phát triển đảng viên."
    filler = "\n".join(f"Chi bộ thôn Số {i} sinh hoạt định kỳ." for i in range(40))
    later = "Thực hiện Chỉ thị số 05, các chi bộ đã kết nạp 20 đảng viên."
    norm = normalize("\n".join([first, filler, later]))
    monkeypatch.setattr(P, "_WINDOW", 400)
    docs = P.extract_normalized(norm).documents
    assert len(docs) >= 2 and len({d.doc_id for d in docs}) == 1, [(d.text, d.doc_id) for d in docs]


# ---------------------------------------------------------------- fuzz


def _mutations(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    bases = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    bases += ["", " ", "\n\n", "DATE 2020-06 abc", "Tin, ảnh: " + "Á" * 40 + ")",
              "Đảng ủy xã kết nạp " + "1." * 200, "100% 3/4 ngày 5/6/2021 Nghị quyết số 12-NQ/TW"]
    pool = "\ud800\udfff\u0300\u200b\ufeff\x00\r\n\t\u00a0Đđ%/.,:;()-0123456789 aA"
    out = []
    for _ in range(n):
        t = rng.choice(bases)
        if len(t) > 3000:
            s = rng.randrange(len(t) - 3000)
            t = t[s:s + 3000]
        for _ in range(rng.randint(1, 8)):
            op = rng.randrange(5)
            i = rng.randrange(len(t) + 1)
            if op == 0 and t:  # deletion
                t = t[:i] + t[i + rng.randint(1, 20):]
            elif op == 1:  # insertion of random unicode, surrogates included
                ins = "".join(rng.choice(pool) if rng.random() < 0.7 else chr(rng.randrange(0x110000))
                              for _ in range(rng.randint(1, 6)))
                t = t[:i] + ins + t[i:]
            elif op == 2 and t:  # duplication
                j = min(len(t), i + rng.randint(1, 200))
                t = t[:j] + t[i:j] * rng.randint(1, 4) + t[j:]
            elif op == 3 and t:  # case flip
                j = min(len(t), i + rng.randint(1, 100))
                t = t[:i] + t[i:j].swapcase() + t[j:]
            else:  # synthetic string
                t = t[:i] + rng.choice(["A" * 30 + ")", "1." * 50, " tháng ", "Đảng bộ ", "\n", "%"]) + t[i:]
        out.append(t)
    return out


def test_seeded_fuzz_no_crash_and_valid_spans() -> None:
    for t in _mutations(seed=13, n=300):
        try:
            _assert_valid(t)
        except Exception as e:  # noqa: BLE001 - the failing input is the message
            raise AssertionError(f"{type(e).__name__}: {e} on {t[:200]!r}") from e
