"""Stage 2: segmentation. underthesea sentences, then words, into a spaCy Doc
whose text is exactly the normalized text (token offsets = character offsets).

Rules match on characters, not on these tokens; the Doc carries sentence
boundaries and words for the stages that want them (linking, NER).
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable

import spacy
from spacy.tokens import Doc
from vnfacts.pipeline.normalize import Normalized
from vnfacts.ruledata import load_rules
from vnfacts.text.sentences import sentence_spans

_NOT_SPACE = re.compile(r"\S+")


_MAX_STRINGS = 500_000


@functools.lru_cache(maxsize=1)
def _blank_nlp():
    return spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})


def _vocab_nlp():
    """The blank pipeline whose vocab the Docs use. A vocab keeps every string
    it has seen, so over a long ingest of distinct articles it is replaced
    once it holds _MAX_STRINGS (Docs already made keep theirs)."""
    nlp = _blank_nlp()
    if len(nlp.vocab.strings) > _MAX_STRINGS:
        _blank_nlp.cache_clear()
        nlp = _blank_nlp()
    return nlp


@functools.lru_cache(maxsize=1)
def fixed_words() -> tuple[str, ...]:
    """Domain terms underthesea must keep whole (rules/lexicons/fixed_words.yaml)."""
    return tuple(e.text for e in load_rules().lex("fixed_words").items())


class _WordSegmenter:
    """underthesea's word_tokenize, the same words, without its per-call
    overhead: the fixed-words regex is compiled once (word_tokenize rebuilds
    it on every call), a token is the whole regex match (word_tokenize walks
    groupdict() to find it), and token normalization is cached per token. The
    CRF featurizer and tagger are underthesea's own, loaded from the same
    bundled model. tests/test_segment.py checks the words are identical to
    word_tokenize(sentence, fixed_words=...) on every corpus sentence."""

    def __init__(self, fixed: list[str]):
        from underthesea.pipeline.text_normalize import token_normalize
        from underthesea.pipeline.text_normalize.character_normalize import normalize_characters_in_text
        from underthesea.pipeline.word_tokenize import regex_tokenize as rt

        alts = list(rt.regex_patterns)
        if fixed:  # the pattern word_tokenize builds for fixed_words, verbatim
            escaped = [re.sub(" ", r"\\ ", w) for w in fixed]
            alts.insert(0, "(?P<fixed_words>\\b" + "\\b|\\b".join(escaped) + "\\b)")
        self._rx = re.compile(r"(" + "|".join(alts) + ")", re.VERBOSE | re.UNICODE)
        self._chars = normalize_characters_in_text
        self._token = functools.lru_cache(maxsize=200_000)(token_normalize)
        self._model = _crf_model()

    def words(self, sentence: str) -> list[str]:
        tokens = [self._token(m.group(0)) for m in self._rx.finditer(self._chars(sentence))]
        tags = self._model.predict([[t] for t in tokens])
        out: list[str] = []
        for tag, tok in zip(tags, tokens):
            if tag == "I-W" and out:
                out[-1] = out[-1] + " " + tok
            else:
                out.append(tok)
        return out


def _crf_model():
    """underthesea's bundled word segmentation CRF, the instance word_tokenize uses."""
    import underthesea.pipeline.word_tokenize as wt

    if wt.word_tokenize_model is None:
        wt.word_tokenize("khởi động")  # loads the model the way underthesea does
    return wt.word_tokenize_model


@functools.lru_cache(maxsize=1)
def _segmenter() -> _WordSegmenter:
    return _WordSegmenter(list(fixed_words()))


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


def _sentence_spans(words: list[str], spaces: list[bool], sent_starts: list[bool]) -> list[tuple[int, int]]:
    """(start_char, end_char) of each sentence, as spaCy's doc.sents gives them."""
    out: list[tuple[int, int]] = []
    pos = 0
    start = 0
    end = 0
    for i, (w, sp) in enumerate(zip(words, spaces)):
        if sent_starts[i] and i:
            out.append((start, end))
            start = pos
        end = pos + len(w)
        pos = end + sp
    if words:
        out.append((start, end))
    return out


# underthesea's tokenizer regex backtracks over long runs without spaces
# ("1.1.1.1..." takes time quadratic in the run) and its CRF works on a whole
# sentence at once: it gets bounded pieces. A run longer than _MAX_RUN is one
# token, not tokenized; a longer sentence is cut at spaces into pieces of at
# most _MAX_PIECE characters (a real sentence is far shorter: words are unchanged).
_MAX_RUN = 64
_MAX_PIECE = 2000


def _bounded_pieces(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """(start, end, segment?) pieces of text[start:end] for the word segmenter."""
    if end - start <= _MAX_PIECE and not any(m.end() - m.start() > _MAX_RUN
                                              for m in _NOT_SPACE.finditer(text, start, end)):
        return [(start, end, True)]
    out: list[tuple[int, int, bool]] = []
    ps = pe = -1
    for m in _NOT_SPACE.finditer(text, start, end):
        if m.end() - m.start() > _MAX_RUN:
            if ps >= 0:
                out.append((ps, pe, True))
            out.append((m.start(), m.end(), False))
            ps = -1
            continue
        if ps >= 0 and m.end() - ps > _MAX_PIECE:
            out.append((ps, pe, True))
            ps = -1
        if ps < 0:
            ps = m.start()
        pe = m.end()
    if ps >= 0:
        out.append((ps, pe, True))
    return out


def _words_of(seg: _WordSegmenter, text: str, start: int, end: int) -> list[tuple[int, int]]:
    toks: list[tuple[int, int]] = []
    for ps, pe, words in _bounded_pieces(text, start, end):
        toks += _align(text, ps, pe, seg.words(text[ps:pe])) if words else [(ps, pe)]
    return toks


def segment(norm: Normalized, *, words_in: Callable[[str], bool] | None = None) -> Doc:
    """Sentences and words of the normalized text as a spaCy Doc.

    `words_in`, when given, says which sentences need words: the others are
    split at spaces, not word-segmented. The CRF is most of the pipeline's
    time, and the pipeline's only reader of words (NER) needs them in the
    sentences that name a body (vnfacts.pipeline.ner.needs_words)."""
    text = norm.text
    nlp = _vocab_nlp()
    seg = _segmenter()
    spans: list[tuple[int, int]] = []
    starts: set[int] = set()
    for s, e in sentence_spans(text):
        sentence = text[s:e]
        toks = _words_of(seg, text, s, e) if words_in is None or words_in(sentence) else []
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
    if not tokens:  # empty or only whitespace: one sentence of one token, or nothing
        words, spaces = ([text], [False]) if text else ([], [])
        doc = Doc(nlp.vocab, words=words, spaces=spaces, sent_starts=[True] * len(words))
        doc.user_data["multi_syllable_words"] = []
        doc.user_data["sentences"] = _sentence_spans(words, spaces, [True] * len(words))
        return doc
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
        sent_starts.append(len(words) == 1 or s in starts)  # first word, or a sentence start
        spaces.append(gap == " ")
        if gap not in ("", " "):
            words.append(gap)
            spaces.append(False)
            sent_starts.append(False)
    sent_starts[0] = True
    doc = Doc(nlp.vocab, words=words, spaces=spaces, sent_starts=sent_starts)
    # words of several syllables, and sentences, as character spans: read by
    # NER and linking without walking spaCy Token objects
    doc.user_data["multi_syllable_words"] = [(s, e) for s, e in tokens if " " in text[s:e]]
    doc.user_data["sentences"] = _sentence_spans(words, spaces, sent_starts)
    return doc  # doc.text == text by construction (tests/test_segment.py checks every corpus text)
