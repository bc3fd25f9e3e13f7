"""The words of underthesea's word segmentation CRF around one position of a
sentence, without tagging the whole sentence: exactly the words that
tagging it whole gives (or no answer, and the caller tags it whole).

The CRF is a linear chain over two labels (B-W begins a word, I-W goes on
with one); Viterbi decoding chooses each label from the whole sentence in
principle, but in practice a few tokens of strong evidence decide it. Here
the tokens of a window around the asked position are featurized with
underthesea's own featurizer (its features read two tokens either side, so
the window's inner tokens get the features the whole sentence gives them),
scored with the weights of the same model file, and decoded with the
unknown outside accounted for: the Viterbi score difference between the two
labels entering the window is taken as anything, and carried forward as an
interval; a backpointer is read only where the whole interval is on one side
of its threshold (by a margin far above rounding), and a label only where
the backpointers of both labels of the next token agree (the paths have
merged) or a known next label leads back to it. What is not decided so makes
the window grow, up to the whole sentence; a near tie there gives no answer.
tests/test_segment.py compares the words with the full segmentation's.
"""
from __future__ import annotations

import bisect
import functools
import struct
from collections.abc import Callable
from itertools import repeat
from pathlib import Path

_B, _I = 0, 1
_EPS = 1e-6  # decisions this close to a threshold are not taken (the tagger rounds differently)
_MARGIN = 3  # tokens read either side of the asked one, doubled while the word is not decided


class CrfWeights:
    """State weights (as B-W minus I-W per attribute) and transitions of a
    CRFsuite model file (underthesea's models.bin of the word segmenter)."""

    def __init__(self, path: str | Path):
        data = Path(path).read_bytes()
        (magic, _size, _type, _version, _nf, n_labels, _na, off_features, off_labels, off_attrs,
         _lr, _ar) = struct.unpack_from("<4sI4sIIIIIIIII", data, 0)
        if magic != b"lCRF" or n_labels != 2:
            raise ValueError(f"{path}: not a CRFsuite model of two labels")
        labels = _cqdb(data, off_labels)
        if labels != ["B-W", "I-W"]:
            raise ValueError(f"{path}: labels {labels}, not B-W and I-W")
        attrs = _cqdb(data, off_attrs)
        tag, _csize, n = struct.unpack_from("<4sII", data, off_features)
        if tag != b"FEAT":
            raise ValueError(f"{path}: no feature chunk")
        vals = struct.unpack_from("<" + "IIId" * n, data, off_features + 12)
        diff = [0.0] * len(attrs)
        trans = [[0.0, 0.0], [0.0, 0.0]]
        for kind, src, dst, w in zip(vals[0::4], vals[1::4], vals[2::4], vals[3::4]):
            if kind == 0:
                diff[src] += w if dst == _B else -w
            else:
                trans[src][dst] = w
        state = dict(zip(attrs, diff))
        self.state = state
        self.trans = trans
        # backpointer thresholds: the best label before a B-W (I-W) is B-W iff D > c_b (c_i),
        # D the Viterbi score of B-W minus that of I-W at the previous token
        self.c_b = trans[_I][_B] - trans[_B][_B]
        self.c_i = trans[_I][_I] - trans[_B][_I]
        self._lo_clamp = min(self.c_b, self.c_i) - 1.0
        self._hi_clamp = max(self.c_b, self.c_i) + 1.0
        self.h_any = self.h_range(float("-inf"), float("inf"))

    def h(self, d: float) -> float:
        """What the previous token's difference D adds to the next difference."""
        t = self.trans
        return max(d + t[_B][_B], t[_I][_B]) - max(d + t[_B][_I], t[_I][_I])

    def h_range(self, lo: float, hi: float) -> tuple[float, float]:
        """min and max of h over [lo, hi] (h is piecewise linear, flat outside its two breakpoints)."""
        if lo == hi:
            v = self.h(lo)
            return v, v
        lo = min(max(lo, self._lo_clamp), self._hi_clamp)  # h is flat beyond the clamps
        hi = min(max(hi, self._lo_clamp), self._hi_clamp)
        vals = [self.h(lo), self.h(hi)] + [self.h(c) for c in (self.c_b, self.c_i) if lo < c < hi]
        return min(vals), max(vals)


def _cqdb(data: bytes, off: int) -> list[str]:
    """The strings of a CQDB chunk by id (its backward array)."""
    magic, _size, _flag, _order, n, bwd = struct.unpack_from("<4sIIIII", data, off)
    if magic != b"CQDB":
        raise ValueError("not a CQDB chunk")
    size_at = struct.Struct("<I").unpack_from  # a record: id, size (with the NUL), the string, NUL
    records = [off + r for r in struct.unpack_from(f"<{n}I", data, off + bwd)]
    keys = [data[r + 8:r + 7 + size_at(data, r + 4)[0]] for r in records]
    return b"\0".join(keys).decode("utf-8").split("\0") if keys else []


@functools.lru_cache(maxsize=2)
def crf_weights(path: str) -> CrfWeights:
    return CrfWeights(path)


def token_spans(text: str, start: int, end: int, tokens: list[str]) -> list[tuple[int, int]] | None:
    """Character spans of the tokens in text[start:end] when each token's
    pieces follow the previous one with only whitespace between (then any
    grouping of tokens into words aligns as segment's _align aligns it);
    else None."""
    out = []
    pos = start
    for tok in tokens:
        parts = tok.split()
        if not parts:
            return None
        a = -1
        for p in parts:
            k = text.find(p, pos, end)
            if k < 0 or text[pos:k].strip():
                return None
            if a < 0:
                a = k
            pos = k + len(p)
        out.append((a, pos))
    return out


class LazyWords:
    """The words of one sentence, decoded around the positions asked for."""

    def __init__(self, text: str, spans: list[tuple[int, int]], tokens: list[str],
                 featurize: Callable[[list], list], weights: CrfWeights, tag_all: Callable[[list], list[str]]):
        self.text = text
        self.spans = spans
        self.starts = [a for a, _ in spans]
        self.tokens = tokens
        self.featurize = featurize
        self.weights = weights
        self.tag_all = tag_all
        self.tags: list[int | None] = [None] * len(tokens)
        self.scores: list[float | None] = [None] * len(tokens)  # B-W minus I-W state score per token
        if tokens:
            self.tags[0] = _B  # a first I-W begins a word all the same

    def word_at(self, pos: int) -> tuple[int, int] | None:
        """(start, end) of the word of several syllables containing pos, or None."""
        k = bisect.bisect_right(self.starts, pos) - 1
        if k < 0:
            return None
        margin = _MARGIN
        while True:
            w = self._word(k)
            if w is not None:
                break
            n = len(self.tokens)
            if margin >= n:
                self._tag_whole()
                w = self._word(k)
                break
            self._decode(max(0, k - margin), min(n - 1, k + margin))
            margin *= 2
        a, b = self.spans[w[0]][0], self.spans[w[1]][1]
        return (a, b) if pos < b and " " in self.text[a:b] else None

    def _word(self, k: int) -> tuple[int, int] | None:
        """First and last token of the word of token k, if its labels are known."""
        tags = self.tags
        i = k
        while tags[i] != _B:
            if tags[i] is None:
                return None
            i -= 1
        j = k + 1
        while j < len(tags) and tags[j] != _B:
            if tags[j] is None:
                return None
            j += 1
        return i, j - 1

    def _tag_whole(self) -> None:
        tags = self.tag_all([[t] for t in self.tokens])
        self.tags = [_I if t == "I-W" and i else _B for i, t in enumerate(tags)]

    def _score(self, a0: int, b1: int) -> list[float]:
        """The state scores of tokens a0..b1, featurizing those not scored
        yet with two tokens of context either side (all their features read)."""
        scores = self.scores
        todo = [i for i in range(a0, b1 + 1) if scores[i] is None]
        if todo:
            n = len(self.tokens)
            f0 = max(0, todo[0] - 2)
            feats = self.featurize([[[t] for t in self.tokens[f0:min(n, todo[-1] + 3)]]])[0]
            weight = self.weights.state.get
            for i in range(todo[0], todo[-1] + 1):
                if scores[i] is None:
                    scores[i] = sum(map(weight, feats[i - f0], repeat(0.0)))
        return scores[a0:b1 + 1]

    def _decode(self, a0: int, b1: int) -> None:
        n = len(self.tokens)
        wt = self.weights
        us = self._score(a0, b1)
        lo = hi = 0.0
        bps: list[tuple[int | None, int | None]] = []  # backpointers into token i from B-W / I-W at i + 1
        for i, u in enumerate(us, a0):
            if i == 0:
                lo = hi = u
            else:
                rl, rh = wt.h_range(lo, hi) if i > a0 else wt.h_any
                lo, hi = u + rl, u + rh
            bps.append((_side(lo, hi, wt.c_b), _side(lo, hi, wt.c_i)))
        tags = self.tags
        for i in range(b1, a0 - 1, -1):
            if i == n - 1:
                t = _side(lo, hi, 0.0)  # the best last label
            else:
                bb, bi = bps[i - a0]
                nxt = tags[i + 1]
                t = bb if nxt == _B else bi if nxt == _I else None
                if t is None and bb is not None and bb == bi:
                    t = bb  # both paths through token i + 1 come from the same label here
            if t is not None and i:
                tags[i] = t


def _side(lo: float, hi: float, c: float) -> int | None:
    """B-W if the whole interval is above c, I-W if below, None if it straddles."""
    if lo > c + _EPS:
        return _B
    if hi < c - _EPS:
        return _I
    return None
