"""Stage 2: segmentation. underthesea sentences, then words, as character
spans of the normalized text (`Segmented`), and on request as a spaCy Doc
whose text is exactly the normalized text (token offsets = character offsets).

Rules match on characters, not on these tokens; sentence boundaries and
words are for the stages that want them (linking, NER). spaCy is imported
only when a Doc is asked for: the pipeline itself never builds one.
"""
from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, PrivateAttr
from vnfacts.pipeline.normalize import Normalized
from vnfacts.ruledata import compile_regex, load_rules
from vnfacts.text.crfwords import CrfWeights, LazyWords, crf_weights, token_spans
from vnfacts.text.sentences import sentence_spans
from vnfacts.text.underthesea_files import module

_NOT_SPACE = re.compile(r"\S+")


_MAX_STRINGS = 500_000


if TYPE_CHECKING:
    from spacy.tokens import Doc


@functools.lru_cache(maxsize=1)
def _blank_nlp():
    import spacy

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
    word_tokenize(sentence, fixed_words=...) on every corpus sentence.

    underthesea's modules come from vnfacts.text.underthesea_files: the
    package's own when it is imported, else its files loaded without its
    __init__ (`private` forces one or the other; tests/test_underthesea_files.py
    checks the private ones give the same words)."""

    def __init__(self, fixed: list[str], *, private: bool | None = None):
        token_normalize = module("pipeline.text_normalize", private=private).token_normalize
        chars = module("pipeline.text_normalize.character_normalize", private=private)
        rt = module("pipeline.word_tokenize.regex_tokenize", private=private)

        alts = list(rt.regex_patterns)
        if fixed:  # the pattern word_tokenize builds for fixed_words, verbatim
            escaped = [re.sub(" ", r"\\ ", w) for w in fixed]
            alts.insert(0, "(?P<fixed_words>\\b" + "\\b|\\b".join(escaped) + "\\b)")
        self._rx = compile_regex(r"(" + "|".join(alts) + ")", re.VERBOSE | re.UNICODE)  # cached code: rulecache
        self._chars = chars.normalize_characters_in_text
        self._token = functools.lru_cache(maxsize=200_000)(token_normalize)
        self._model = _crf_model(private)
        self.tagged_whole = 0  # sentences lazy_words left to `words`, up to _WHOLE_FIRST

    def tokens(self, sentence: str) -> list[str]:
        return [self._token(m.group(0)) for m in self._rx.finditer(self._chars(sentence))]

    def words(self, sentence: str) -> list[str]:
        tokens = self.tokens(sentence)
        tags = self._model.predict([[t] for t in tokens])
        out: list[str] = []
        for tag, tok in zip(tags, tokens):
            if tag == "I-W" and out:
                out[-1] = out[-1] + " " + tok
            else:
                out.append(tok)
        return out

    def lazy_words(self, text: str, start: int, end: int) -> LazyWords | None:
        """The same words of the sentence text[start:end], decoded only around
        the positions asked for (vnfacts.text.crfwords); None where its tokens
        do not align one by one or it is cut into pieces (then `words`)."""
        if self.tagged_whole < _WHOLE_FIRST:  # reading the CRF weights costs about as much
            self.tagged_whole += 1
            return None
        if end - start > _MAX_PIECE or _LONG_RUN.search(text, start, end):
            return None  # _bounded_pieces would cut it
        sentence = text[start:end]
        chars = self._chars(sentence)
        found = list(self._rx.finditer(chars))
        written = [m.group(0) for m in found]
        tokens = list(map(self._token, written))
        if chars == sentence and tokens == written:
            # every token as written: it is where it was found (only whitespace lies between matches)
            spans = [(start + m.start(), start + m.end()) for m in found]
        else:
            spans = token_spans(text, start, end, tokens)
            if spans is None:
                return None
        model = self._model
        return LazyWords(text, spans, tokens, model.featurizer.process, _crf_weights(), model.predict)


@functools.lru_cache(maxsize=1)
def _crf_weights() -> CrfWeights:
    """The weights of the model _crf_model loads, read from its file (the
    module's file is underthesea's own, loaded privately or not)."""
    wt = module("pipeline.word_tokenize")
    return crf_weights(str(Path(wt.__file__).parent / "models" / "ws_crf_vlsp2013_20230727" / "models.bin"))


def _crf_model(private: bool | None = None):
    """underthesea's bundled word segmentation CRF, the instance word_tokenize uses."""
    wt = module("pipeline.word_tokenize", private=private)
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


def _sentence_spans(text: str, tokens: list[tuple[int, int]], starts: set[int]) -> list[tuple[int, int]]:
    """(start_char, end_char) of each sentence, as spaCy's doc.sents gives
    them for `Segmented.doc`: a sentence ends after its last token and the
    whitespace after it, unless that whitespace is one plain space (spaCy's
    trailing space of a token). tests/test_segment.py checks them against
    doc.sents."""
    if not tokens:
        return [(0, len(text))] if text else []
    out: list[tuple[int, int]] = []
    begin = 0  # a leading whitespace run is the first sentence's start
    for i, (s, _) in enumerate(tokens):
        if i and s in starts:
            out.append((begin, _after(text, tokens[i - 1][1], s)))
            begin = s
        elif not i and s and s in starts:  # leading whitespace, then a sentence start: two sentences
            out.append((0, s))
            begin = s
    out.append((begin, _after(text, tokens[-1][1], len(text))))
    return out


def _after(text: str, end: int, nxt: int) -> int:
    return end if text[end:nxt] == " " else nxt


# underthesea's tokenizer regex backtracks over long runs without spaces
# ("1.1.1.1..." takes time quadratic in the run) and its CRF works on a whole
# sentence at once: it gets bounded pieces. A run longer than _MAX_RUN is one
# token, not tokenized; a longer sentence is cut at spaces into pieces of at
# most _MAX_PIECE characters (a real sentence is far shorter: words are unchanged).
_MAX_RUN = 64
_MAX_PIECE = 2000
# the first sentences a process asks words of are tagged whole: a one-article
# run (`vnfacts extract one.txt`) need not read the CRF weights for lazy_words
_WHOLE_FIRST = 64
_LONG_RUN = re.compile(rf"\S{{{_MAX_RUN + 1}}}")


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


class Segmented(BaseModel):
    """The segmentation of one normalized text: sentences, and words of
    several syllables as character spans.

    Made on demand (the pipeline's way), no sentence is word-segmented
    up front: `word_at(pos)` word-segments the sentence containing pos the
    first time a position in it is asked for, exactly as a full segmentation
    would, so the answer is the same."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    text: str
    sentences: list[tuple[int, int]]  # as spaCy's doc.sents of `doc` gives them
    raw_sentences: list[tuple[int, int]]  # underthesea's sentences, where words are segmented
    tokens: list[tuple[int, int]]  # words (whitespace-split where not word-segmented), covering the text
    starts: frozenset[int]  # tokens that start a sentence
    on_demand: bool = False
    _words: dict[int, list[tuple[int, int]]] = PrivateAttr(default_factory=dict)
    _starts_of: dict[int, list[int]] = PrivateAttr(default_factory=dict)
    _lazy: dict[int, LazyWords | None] = PrivateAttr(default_factory=dict)
    _doc: object = PrivateAttr(default=None)

    @property
    def segmented(self) -> int:
        """How many sentences were word-segmented on demand."""
        return len(self._words.keys() | self._lazy.keys())

    def word_at(self, pos: int) -> tuple[int, int] | None:
        """(start, end) of the word of several syllables containing pos, or None."""
        if not self.on_demand:
            key = -1
            if key not in self._words:
                self._words[key] = [(s, e) for s, e in self.tokens if " " in self.text[s:e]]
                self._starts_of[key] = [s for s, _ in self._words[key]]
        else:
            key = bisect.bisect_right(self._raw_starts(), pos) - 1
            if key < 0 or pos >= self.raw_sentences[key][1]:
                return None
            lazies = self._lazy
            if key not in lazies:  # words decoded only around the positions asked for
                lazies[key] = _segmenter().lazy_words(self.text, *self.raw_sentences[key])
            if lazies[key] is not None:
                return lazies[key].word_at(pos)
            if key not in self._words:
                s, e = self.raw_sentences[key]
                text = self.text
                words = _words_of(_segmenter(), text, s, e)
                self._words[key] = [(a, b) for a, b in words if " " in text[a:b]]
                self._starts_of[key] = [a for a, _ in self._words[key]]
        spans = self._words[key]
        j = bisect.bisect_right(self._starts_of[key], pos) - 1
        return spans[j] if j >= 0 and pos < spans[j][1] else None

    def _raw_starts(self) -> list[int]:
        if -2 not in self._starts_of:
            self._starts_of[-2] = [s for s, _ in self.raw_sentences]
        return self._starts_of[-2]

    @property
    def doc(self) -> Doc:
        """The same as a spaCy Doc (imports spaCy): its text is the text, its
        tokens the words (a gap other than one space is a whitespace token),
        doc.sents the sentences. Made once."""
        if self._doc is None:
            from spacy.tokens import Doc

            self._doc = Doc(_vocab_nlp().vocab, **_doc_words(self.text, self.tokens, self.starts))
        return self._doc


def _doc_words(text: str, tokens: list[tuple[int, int]], starts: frozenset[int]) -> dict:
    if not tokens:  # empty or only whitespace: one sentence of one token, or nothing
        words = [text] if text else []
        return {"words": words, "spaces": [False] * len(words), "sent_starts": [True] * len(words)}
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
    return {"words": words, "spaces": spaces, "sent_starts": sent_starts}


def segment(norm: Normalized, *, words_in: Callable[[str], bool] | None = None,
            on_demand: bool = False) -> Segmented:
    """Sentences and words of the normalized text.

    By default every sentence is word-segmented. `words_in`, when given,
    says which sentences need words: the others are split at spaces.
    `on_demand` word-segments no sentence here (see `Segmented.word_at`):
    the CRF is most of the pipeline's time, and the pipeline's only reader
    of words (NER) asks for them at a few capitalized words after a body
    head."""
    text = norm.text
    seg = None if on_demand else _segmenter()
    sentences = sentence_spans(text)
    spans: list[tuple[int, int]] = []
    starts: set[int] = set()
    for s, e in sentences:
        sentence = text[s:e]
        toks = _words_of(seg, text, s, e) if seg is not None and (words_in is None or words_in(sentence)) else []
        if not toks:
            toks = [(m.start(), m.end()) for m in _NOT_SPACE.finditer(text, s, e)]
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
    # the Doc would mark a sentence start only at a token that begins one
    kept = frozenset(s for s, _ in tokens if s in starts)
    return Segmented.model_construct(
        text=text, sentences=_sentence_spans(text, tokens, kept), raw_sentences=sentences,
        tokens=tokens, starts=kept, on_demand=on_demand)
