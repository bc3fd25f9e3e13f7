"""Sentence spans of a text: underthesea's sentence splitter, run line by
line, mapped back to character offsets. Used by segment (the pipeline) and
the NER comparison (experiments). underthesea's own sent_tokenize, loaded
without importing the underthesea package when it is not imported yet (see
vnfacts.text.underthesea_files)."""
from __future__ import annotations

import re

from vnfacts.text.underthesea_files import module


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence of `text`, in order, never across a
    line break; where underthesea altered a sentence the rest of its line is
    one span."""
    sent_tokenize = module("pipeline.sent_tokenize").sent_tokenize
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
