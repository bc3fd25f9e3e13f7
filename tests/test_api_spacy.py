"""The spaCy component used exactly as a spaCy user would: no vnfacts import
to register it (the spacy_factories entry point does), a blank Vietnamese
pipeline without pyvi, `nlp.add_pipe("vnfacts")`, facts in doc.spans with
their SPEC fields as Span extensions. Articles are invented."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import spacy

TEXT = ("Đảng ủy xã Tân Lập sơ kết công tác xây dựng Đảng\n"
        "Ngày 15/3/2021, đồng chí Nguyễn Văn An, Bí thư Đảng ủy xã Tân Lập, cho biết: thực hiện Nghị quyết "
        "số 21-NQ/TW của Ban Chấp hành Trung ương, Đảng ủy xã kết nạp 12 đảng viên mới, đạt 120% chỉ tiêu; "
        "45/46 chi bộ hoàn thành tốt nhiệm vụ.")
FACT_TYPES = ("dates", "documents", "bodies", "persons", "counts", "ratios")
SPEC_FIELDS = {
    "dates": ("value", "grain"),
    "documents": ("doc_id", "doc_type", "number", "issuer", "issued", "subject", "congress"),
    "bodies": ("canonical",),
    "persons": ("name", "roles"),
    "counts": ("value", "unit", "qualifier", "predicate", "subject", "period"),
    "ratios": ("numerator", "denominator", "percent", "unit", "qualifier", "predicate", "subject", "period"),
}
PUNCT = ".,;:!?)]}\"'”’…-–— \n\t"


def blank_vi() -> spacy.language.Language:
    return spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "spacy.Tokenizer.v1"}}})


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    nlp = blank_vi()
    nlp.add_pipe("vnfacts")
    return nlp


def test_registered_without_importing_vnfacts() -> None:
    code = ("import sys, spacy\n"
            "nlp = spacy.blank('vi', config={'nlp': {'tokenizer': {'@tokenizers': 'spacy.Tokenizer.v1'}}})\n"
            "nlp.add_pipe('vnfacts')\n"
            "print(nlp.pipe_names, 'pyvi' in sys.modules)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True,
                       cwd=Path(__file__).parent.parent.parent)  # outside the checkout: no extract/ on the path
    assert r.stdout.split() == ["['vnfacts']", "False"]


def test_every_fact_type_in_doc_spans_with_spec_fields(nlp) -> None:
    import vnfacts
    doc = nlp(TEXT)
    expected = vnfacts.extract(TEXT)
    assert set(doc.spans) >= set(FACT_TYPES)
    for t in FACT_TYPES:
        facts, spans = getattr(expected, t), list(doc.spans[t])
        assert facts and len(spans) == len(facts), t
        for span, fact in zip(spans, facts):
            assert span.label_ == t
            assert span.text == fact.text.rstrip(PUNCT)
            assert span.text[-1] not in PUNCT and span.text[0] not in PUNCT
            for field in SPEC_FIELDS[t]:
                assert getattr(span._, field) == getattr(fact, field), (t, field)
    (count,) = [s for s in doc.spans["counts"] if s._.value == 12]
    assert (count.text, count._.unit, count._.predicate) == ("12 đảng viên mới", "đảng viên mới", "kết nạp")
    assert {s._.percent for s in doc.spans["ratios"]} >= {120}


def test_spans_never_take_trailing_punctuation(nlp) -> None:
    doc = nlp("Năm 2020, Đảng bộ xã Tân Hòa kết nạp 7 đảng viên. Năm 2021, xã có 45/46 chi bộ.")
    spans = [s for t in FACT_TYPES for s in doc.spans[t]]
    assert spans and all(s.text[-1] not in PUNCT for s in spans)
    assert [s.text for s in doc.spans["ratios"]] == ["45/46 chi bộ"]


def test_published_config_and_pipe(tmp_path: Path) -> None:
    nlp = blank_vi()
    nlp.add_pipe("vnfacts", config={"published": "06/01/2017 14:56"})
    docs = list(nlp.pipe(["Ngày 6-1, Đảng ủy xã Tân Lập kết nạp 12 đảng viên.", "Không có số liệu nào ở đây."]))
    assert [s._.value for s in docs[0].spans["dates"]] == ["2017-01-06"]
    assert all(len(docs[1].spans[t]) == 0 for t in FACT_TYPES)
    nlp.to_disk(tmp_path / "p")
    again = spacy.load(tmp_path / "p")
    doc = again("Ngày 6-1, Đảng ủy xã Tân Lập họp.")
    assert [s._.value for s in doc.spans["dates"]] == ["2017-01-06"]
    with pytest.raises(ValueError, match="month 13"):
        blank_vi().add_pipe("vnfacts", config={"published": "2017-13-45"})
