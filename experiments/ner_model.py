"""The trained spaCy NER model (BODY, PER), loaded lazily and offline from
the weights shipped in the package (extract/models_data/ner/, written by
`make train`). One public function, `model_entities`.

The model was trained on Docs tokenized by the project's segmenter, so it is
fed the same: a Doc from `vnfacts.pipeline.segment.segment` (or text, which is
normalized and segmented here). Nothing is downloaded: spacy.load gets a
local path.
"""
from __future__ import annotations

import functools
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

MODEL_DIR = Path(__file__).resolve().parent / "models_data" / "ner"
_TRIM = " \t\n,.;:()[]“”\"'–-"


class ModelMissing(RuntimeError):
    """The NER weights are not in the package (run `make train`)."""


@functools.lru_cache(maxsize=4)
def load_model(path: str | None = None) -> Language:
    """spacy.load of a local model directory (default: the shipped one)."""
    import spacy

    p = Path(path) if path else MODEL_DIR
    if not (p / "meta.json").is_file():
        raise ModelMissing(f"{p}: no trained NER model (run `make train`)")
    return spacy.load(p)


def predict_doc(doc: Doc, nlp: Language | None = None) -> Doc:
    """Run the model's pipes over a copy of `doc` (same tokens) in the
    model's own vocabulary."""
    nlp = nlp or load_model()
    copy = Doc(nlp.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc])
    for _, proc in nlp.pipeline:
        copy = proc(copy)
    return copy


def model_entities(doc_or_text: Doc | str, model_path: str | None = None) -> list[tuple[int, int, str]]:
    """(start, end, label) character spans, label BODY or PER, over the
    Doc's text; for a str, over its normalized text (`normalize(text).text`).
    Spans are trimmed of surrounding spaces and punctuation."""
    if isinstance(doc_or_text, str):
        from vnfacts.pipeline.normalize import normalize
        from vnfacts.pipeline.segment import segment

        doc = segment(normalize(doc_or_text)).doc
    else:
        doc = doc_or_text
    text = doc.text
    out: list[tuple[int, int, str]] = []
    for ent in predict_doc(doc, load_model(model_path)).ents:
        s, e = ent.start_char, ent.end_char
        while s < e and text[s] in _TRIM:
            s += 1
        while e > s and text[e - 1] in _TRIM:
            e -= 1
        if e > s:
            out.append((s, e, ent.label_))
    return out
