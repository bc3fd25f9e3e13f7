"""underthesea's files loaded without its __init__ (vnfacts.text.underthesea_files)
give exactly underthesea's own sentences and words, on every corpus sample,
seed and devset text (the shared ones are skipped when ../shared is absent)."""
from __future__ import annotations

import pickle
from fractions import Fraction
from pathlib import Path

import joblib
import pytest
import underthesea
from vnfacts.pipeline.normalize import normalize
from vnfacts.pipeline.segment import _WordSegmenter, fixed_words
from vnfacts.text import underthesea_files
from vnfacts.text.underthesea_files import module

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"

TRICKY = [
    "", " ", "...", "Xin chào. Tôi là A. B... Còn gì?! Không",
    "T.Ư 5, 6 khóa XIII; 99,52% đảng viên; 3.703/3.823 đảng viên; e-mail: a@b.vn",
    "Đồng chí H'Mông, xã N’Thôn Hạ, TP. Vũng Tàu -> 43H-0530 :)) v.v...",
    "hoà thuỷ uỷ ban Ðảng ủy, tổ chức cơ sở đảng (TCCS) đạt 100%",
]


def _lines() -> list[str]:
    paths = sorted((REPO / "corpus" / "samples").glob("*.txt"))
    for sub in ("seeds", "devset"):
        paths += sorted((SHARED / sub).glob("*.txt"))
    out = list(TRICKY)
    for p in paths:
        text = p.read_text(encoding="utf-8")
        out += text.splitlines() + normalize(text).text.splitlines()
    return out


def test_the_private_modules_are_not_underthesea_s() -> None:
    private = module("pipeline.sent_tokenize", private=True)
    assert private.__name__ == underthesea_files.PRIVATE + ".pipeline.sent_tokenize"
    assert private is not module("pipeline.sent_tokenize", private=False)
    # underthesea is imported here, so the default is its own module
    assert module("pipeline.sent_tokenize") is module("pipeline.sent_tokenize", private=False)
    assert Path(private.__file__) == Path(underthesea.__file__).parent / "pipeline" / "sent_tokenize" / "__init__.py"


def test_sent_tokenize_is_underthesea_s() -> None:
    lines = _lines()
    assert len(lines) > 100 or not SHARED.exists()
    ours = module("pipeline.sent_tokenize", private=True).sent_tokenize
    for line in lines:
        assert ours(line) == underthesea.sent_tokenize(line), line


def test_word_segmentation_is_underthesea_word_tokenize() -> None:
    # with the fixed words, as vnfacts segments (underthesea's tokenize keeps
    # the last fixed-words pattern for later calls without them: not compared)
    fw = list(fixed_words())
    with_fixed = _WordSegmenter(fw, private=True)
    assert with_fixed._model is not _WordSegmenter(fw, private=False)._model  # not underthesea's instance
    sents = [s for line in _lines() for s in underthesea.sent_tokenize(line)] + TRICKY
    for s in sents:
        assert with_fixed.words(s) == underthesea.word_tokenize(s, fixed_words=fw), s


def test_bundled_files_read_as_joblib_reads_them() -> None:
    base = Path(underthesea.__file__).parent / "pipeline"
    files = [base / "text_normalize" / "tn_rules_2023_07_14.bin",
             *sorted((base / "word_tokenize" / "models" / "ws_crf_vlsp2013_20230727").glob("*.bin"))]
    pickles = [f for f in files if f.name != "models.bin"]  # models.bin is the CRF's own format
    assert len(pickles) == 3
    for f in pickles:
        assert underthesea_files._joblib_load(str(f)) == joblib.load(f)


def test_a_pickle_naming_a_class_goes_to_joblib(tmp_path: Path) -> None:
    p = tmp_path / "x.bin"
    joblib.dump({"a": Fraction(1, 3)}, p)
    with open(p, "rb") as f, pytest.raises(pickle.UnpicklingError):
        underthesea_files._NoClasses(f).load()
    assert underthesea_files._joblib_load(str(p)) == {"a": Fraction(1, 3)}
