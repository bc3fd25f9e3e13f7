"""Segmentation: the project's word segmenter gives exactly underthesea's
word_tokenize words (it only removes word_tokenize's per-call overhead), and
the Doc it builds keeps the text."""
from __future__ import annotations

from pathlib import Path

import pytest
from underthesea import word_tokenize as underthesea_word_tokenize
from vnfacts.pipeline.ner import needs_words
from vnfacts.pipeline.normalize import normalize
from vnfacts.pipeline.segment import _WHOLE_FIRST, _segmenter, fixed_words, segment
from vnfacts.text.sentences import sentence_spans as _sentences

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def _texts() -> list[str]:
    paths = sorted((REPO / "corpus" / "samples").glob("*.txt"))
    for sub in ("seeds", "devset"):
        paths += sorted((SHARED / sub).glob("*.txt"))
    return [p.read_text(encoding="utf-8") for p in paths]


TRICKY = [
    "", " ", "...", "Nghị quyết số 03-NQ/ĐUK ngày 04/01/2016 của Đảng ủy Khối",
    "T.Ư 5, 6 khóa XIII; 99,52% đảng viên; 3.703/3.823 đảng viên; e-mail: a@b.vn",
    "Đồng chí H'Mông, xã N’Thôn Hạ, TP. Vũng Tàu -> 43H-0530 :)) v.v...",
    "hoà thuỷ uỷ ban Ðảng ủy, tổ chức cơ sở đảng (TCCS) đạt 100%",
]


def word_tokenize(sentence: str) -> list[str]:
    return _segmenter().words(sentence)


def test_words_are_underthesea_word_tokenize_on_every_corpus_sentence() -> None:
    fw = list(fixed_words())
    sents = list(TRICKY)
    for t in _texts():
        text = normalize(t).text
        sents += [text[s:e] for s, e in _sentences(text)]
    assert len(sents) > len(TRICKY)
    for s in sents:
        assert word_tokenize(s) == underthesea_word_tokenize(s, fixed_words=fw), s


def test_fixed_words_stay_whole() -> None:
    fw = list(fixed_words())
    assert fw
    for w in fw[:5]:
        assert w in word_tokenize(f"Ông ấy nói về {w} hôm nay")


@pytest.mark.parametrize("text", TRICKY[1:])
def test_doc_text_is_the_normalized_text(text: str) -> None:
    norm = normalize(text)
    assert segment(norm).doc.text == norm.text
    assert segment(norm, words_in=needs_words).doc.text == norm.text
    assert segment(norm, on_demand=True).doc.text == norm.text


def test_doc_text_is_the_normalized_text_on_every_corpus_text() -> None:
    texts = _texts()
    assert texts
    for t in texts:
        norm = normalize(t)
        for words_in in (None, needs_words):
            assert segment(norm, words_in=words_in).doc.text == norm.text
        assert segment(norm, on_demand=True).doc.text == norm.text


def test_sentence_spans_are_spacys_sents() -> None:
    texts = _texts() or TRICKY
    for t in [*TRICKY[1:], *texts, "  lead\n\nA. B  c.\n"]:
        for seg in (segment(normalize(t)), segment(normalize(t), on_demand=True)):
            assert seg.sentences == [(s.start_char, s.end_char) for s in seg.doc.sents]


def test_segmenting_on_demand_gives_the_same_facts() -> None:
    """The pipeline word-segments only the sentences where NER asks for a
    word: its facts are those of a full segmentation, on every corpus text."""
    from vnfacts.pipeline import extract_normalized
    from vnfacts.pipeline.ner import ner

    texts = _texts()
    assert texts
    skipped = 0
    for t in texts:
        norm = normalize(t)
        full = extract_normalized(norm, all_words=True).model_dump()
        assert extract_normalized(norm).model_dump() == full
        seg = segment(norm, on_demand=True)
        ner(seg, norm)
        skipped += len(seg.raw_sentences) - seg.segmented
    assert skipped  # the check compares two different segmentations


def test_on_demand_words_are_the_full_segmentations() -> None:
    for t in [*TRICKY, *_texts()[:10]]:
        norm = normalize(t)
        full, lazy = segment(norm), segment(norm, on_demand=True)
        assert lazy.segmented == 0
        for pos in range(len(norm.text)):
            assert lazy.word_at(pos) == full.word_at(pos), (t, pos)


def test_sentences_without_words_keep_whitespace_tokens() -> None:
    norm = normalize("Hôm nay trời đẹp quá. Đảng ủy Khối Doanh nghiệp họp.")
    doc = segment(norm, words_in=needs_words).doc
    assert [t.text for t in doc][:5] == ["Hôm", "nay", "trời", "đẹp", "quá."]
    assert doc.text == norm.text
    assert any(" " in t.text for t in doc)  # the second sentence has words of several syllables


def test_the_vocab_is_replaced_when_it_grows_too_large(monkeypatch: pytest.MonkeyPatch) -> None:
    import vnfacts.pipeline.segment as seg

    first = seg._vocab_nlp()
    assert segment(normalize("Một câu có vài chữ khác nhau: Đảng ủy Khối họp.")).doc.text
    monkeypatch.setattr(seg, "_MAX_STRINGS", len(first.vocab.strings) - 1)
    second = seg._vocab_nlp()
    assert second is not first
    assert len(second.vocab.strings) < len(first.vocab.strings)
    doc = segment(normalize("Đảng ủy Khối họp.")).doc
    assert doc.vocab is second.vocab and doc.text == "Đảng ủy Khối họp."


def test_words_decoded_around_one_position_are_the_whole_sentences() -> None:
    """vnfacts.text.crfwords decodes the CRF only in a window around the
    asked position: asked afresh at every token (nothing known from an earlier
    question), its word is the one tagging the whole sentence gives."""
    seg = _segmenter()
    seg.tagged_whole = max(seg.tagged_whole, _WHOLE_FIRST)  # no sentence left to whole tagging
    texts = [*TRICKY, *_texts()[:6]]
    asked = 0
    for t in texts:
        norm = normalize(t)
        text = norm.text
        full = segment(norm)  # every sentence word-segmented
        for s, e in _sentences(text):
            if seg.lazy_words(text, s, e) is None:
                continue
            for k in range(len(seg.tokens(text[s:e]))):
                lazy = seg.lazy_words(text, s, e)
                pos = lazy.spans[k][0]
                assert lazy.word_at(pos) == full.word_at(pos), (text[s:e], k)
                asked += 1
    assert asked > 1000
