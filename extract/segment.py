"""Stage 2: segmentation. underthesea sentences, then words, into a spaCy Doc
whose text is exactly the normalized text (token offsets = character offsets).

Rules match on characters, not on these tokens; the Doc carries sentence
boundaries and words for the stages that want them (linking, NER).
"""
from __future__ import annotations

import functools
import re

import spacy
from spacy.tokens import Doc

from .normalize import Normalized
from .ruledata import load_rules

_NOT_SPACE = re.compile(r"\S+")


@functools.lru_cache(maxsize=1)
def _vocab_nlp():
    return spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})


@functools.lru_cache(maxsize=1)
def fixed_words() -> tuple[str, ...]:
    """Domain terms underthesea must keep whole (rules/lexicons/fixed_words.yaml)."""
    return tuple(e.text for e in load_rules().lex("fixed_words").items())


def _sentences(text: str) -> list[tuple[int, int]]:
    from underthesea import sent_tokenize

    spans = []
    for block in re.finditer(r"[^\n]+", text):
        btext = block.group(0)
        if not btext.strip():
            continue
        pos = 0
        for sent in sent_tokenize(btext):
            k = btext.find(sent, pos)
            if k < 0:  # underthesea altered the text: fall back to the block
                spans.append((block.start() + pos, block.end()))
                break
            spans.append((block.start() + k, block.start() + k + len(sent)))
            pos = k + len(sent)
    return spans


def _align(text: str, start: int, end: int, words: list[str]) -> list[tuple[int, int]]:
    """Character spans of underthesea words inside text[start:end]; a word that
    cannot be found falls back to whitespace tokens."""
    out, pos = [], start
    for w in words:
        parts = w.split()
        if not parts:
            continue
        k = text.find(parts[0], pos, end)
        if k < 0:
            continue
        # a multi-syllable word spans from its first to its last syllable
        e = k + len(parts[0])
        ok = True
        for p in parts[1:]:
            k2 = text.find(p, e, end)
            if k2 < 0 or text[e:k2].strip():
                ok = False
                break
            e = k2 + len(p)
        if not ok:
            e = k + len(parts[0])
        out.append((k, e))
        pos = e
    return out


def segment(norm: Normalized) -> Doc:
    """Sentences and words of the normalized text as a spaCy Doc."""
    from underthesea import word_tokenize

    text = norm.text
    nlp = _vocab_nlp()
    spans: list[tuple[int, int]] = []
    starts: set[int] = set()
    fw = list(fixed_words())
    for s, e in _sentences(text):
        words = word_tokenize(text[s:e], fixed_words=fw)
        toks = _align(text, s, e, words)
        if not toks:
            toks = [(s + m.start(), s + m.end()) for m in _NOT_SPACE.finditer(text[s:e])]
        if toks:
            starts.add(toks[0][0])
        spans.extend(toks)
    # make the token sequence cover the text: gaps between tokens become
    # whitespace of the previous token; anything non-space left over its own token
    spans.sort()
    tokens: list[tuple[int, int]] = []
    pos = 0
    for s, e in spans:
        if s < pos:
            continue
        if text[pos:s].strip():
            for m in _NOT_SPACE.finditer(text, pos, s):
                tokens.append((m.start(), m.end()))
        tokens.append((s, e))
        pos = e
    for m in _NOT_SPACE.finditer(text, pos):
        tokens.append((m.start(), m.end()))
    if not tokens:
        return Doc(nlp.vocab, words=[text] if text else [], spaces=[False] if text else [])
    # spaCy allows one trailing space per token: a longer gap (or a newline)
    # becomes a whitespace token of its own, so that doc.text == text
    words: list[str] = []
    spaces: list[bool] = []
    sent_starts: list[bool] = []
    lead = tokens[0][0]
    if lead:
        words.append(text[:lead])
        spaces.append(False)
        sent_starts.append(True)
    for i, (s, e) in enumerate(tokens):
        nxt = tokens[i + 1][0] if i + 1 < len(tokens) else len(text)
        gap = text[e:nxt]
        words.append(text[s:e])
        sent_starts.append(not words[:-1] or s in starts)
        spaces.append(gap == " ")
        if gap not in ("", " "):
            words.append(gap)
            spaces.append(False)
            sent_starts.append(False)
    sent_starts[0] = True
    doc = Doc(nlp.vocab, words=words, spaces=spaces, sent_starts=sent_starts)
    # words of several syllables, as character spans: read by NER without
    # walking spaCy Token objects
    doc.user_data["multi_syllable_words"] = [(s, e) for s, e in tokens if " " in text[s:e]]
    assert doc.text == text, "segmentation must not alter the text"
    return doc
