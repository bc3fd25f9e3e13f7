"""Every fact's span points at its words: text == normalized[start:end], and
the offset map leads back to the same words in the raw article. Runs on the
real articles in ../shared (seeds and devset), read at test time."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import shared_texts
from vnfacts.models import FACT_TYPES
from vnfacts.pipeline import extract
from vnfacts.pipeline.normalize import normalize
from vnfacts.text.textnorm import fold

TEXTS = shared_texts("seeds", "devset")


def _url(path: Path):
    js = path.with_suffix(".json")
    if path.parent.name == "devset" and js.is_file():
        return json.loads(js.read_text(encoding="utf-8")).get("url")
    return None


@pytest.fixture(params=TEXTS or [None], ids=[p.parent.name + "/" + p.name for p in TEXTS] or ["no-shared"])
def article(request, shared_dir):
    path = request.param
    if path is None:
        pytest.skip("no *.txt in shared seeds/devset")
    raw = path.read_text(encoding="utf-8")
    url = _url(path)
    return raw, normalize(raw, source=str(path), url=url), extract(raw, source=str(path), url=url)


def test_every_fact_span_matches_its_text(article) -> None:
    _raw, norm, res = article
    text = norm.text
    n = 0
    for t in FACT_TYPES:
        for f in getattr(res, t):
            assert 0 <= f.start < f.end <= len(text), f"{t} {f.text!r}: bad span {f.start}:{f.end}"
            assert f.text == text[f.start:f.end], (
                f"{t}: text {f.text!r} != normalized[{f.start}:{f.end}] {text[f.start:f.end]!r}")
            n += 1
    # every real article has some fact; an empty result would make this test vacuous
    assert n > 0


def test_offset_map_leads_back_to_the_raw_words(article) -> None:
    raw, norm, res = article
    facts = [f for t in FACT_TYPES for f in getattr(res, t)]
    assert facts
    # the first, last and a few in between
    step = max(1, len(facts) // 5)
    for f in facts[::step] + facts[-1:]:
        rs, re_ = norm.raw_span(f.start, f.end)
        assert 0 <= rs < re_ <= len(raw)
        assert fold(raw[rs:re_]) == f.text, f"raw {raw[rs:re_]!r} does not fold to {f.text!r}"


def test_result_source_and_article_are_consistent(article) -> None:
    _raw, norm, res = article
    assert res.article.id == norm.article.id
    assert res.source == res.article.source
    assert res.article.body_text
    for line in res.article.body_text.split("\n"):
        assert line in norm.text
