"""Every example and negative written in rules/*.yaml is a test case.

One generic test per kind of rule data, parametrized over the data itself, so
a new rule's examples are tested without writing a test: pattern rules and
sections (the word lists and patterns NER, resolve and canonicalize read:
rules/bodies.yaml, persons.yaml, documents.yaml ...), all through the whole
pipeline on the rule file's dimension; chrome rules (their compiled regex)
and lexicons (their entries).
"""
from __future__ import annotations

from pathlib import Path

import pytest
from vnfacts.pipeline import extract
from vnfacts.ruledata import load_rules
from vnfacts.text.textnorm import fold

RULES = load_rules()


def _cases():
    for path, rf in RULES.files.items():
        name = Path(path).name
        for rule in [*rf.rules, *rf.sections]:
            for i, ex in enumerate(rule.examples):
                yield pytest.param(rf.dimension, "example", ex, id=f"{name}:{rule.id}:example{i}")
            for i, neg in enumerate(rule.negatives):
                yield pytest.param(rf.dimension, "negative", neg, id=f"{name}:{rule.id}:negative{i}")


def _same(got, want) -> bool:
    if isinstance(want, bool) or isinstance(got, bool):
        return got == want
    if isinstance(want, (int, float)) and isinstance(got, (int, float)):
        return abs(float(got) - float(want)) < 1e-9
    return got == want


def _describe(facts) -> str:
    return "\n".join(f"  {f.model_dump(exclude={'start', 'end'})}" for f in facts) or "  (none)"


@pytest.mark.parametrize("dimension,kind,case", list(_cases()))
def test_rule_example(dimension: str, kind: str, case) -> None:
    facts = getattr(extract(case.text, published=case.published), dimension)
    if kind == "example":
        want_text = fold(case.match if case.match is not None else case.text.strip())
        same_text = [f for f in facts if f.text == want_text]
        assert same_text, f"no {dimension} fact with text {want_text!r} in {case.text!r}; got:\n{_describe(facts)}"
        ok = [f for f in same_text
              if all(_same(getattr(f, k, None), v) for k, v in case.expect.items())]
        assert ok, (f"{dimension} fact {want_text!r} lacks expected fields {case.expect}; got:\n"
                    f"{_describe(same_text)}")
    else:
        if case.match is not None:
            bad = [f for f in facts if f.text == fold(case.match)
                   and all(_same(getattr(f, k, None), v) for k, v in case.expect.items())]
            assert not bad, f"{case.text!r}: must not yield {case.match!r}; got:\n{_describe(bad)}"
        else:
            assert not facts, f"{case.text!r}: must yield no {dimension}; got:\n{_describe(facts)}"


def _chrome_cases():
    for rule, rx in RULES.chrome_compiled:
        for i, text in enumerate(rule.examples):
            yield pytest.param(rx, text, True, id=f"chrome.yaml:{rule.id}:example{i}")
        for i, text in enumerate(rule.negatives):
            yield pytest.param(rx, text, False, id=f"chrome.yaml:{rule.id}:negative{i}")


@pytest.mark.parametrize("rx,text,should_match", list(_chrome_cases()))
def test_chrome_example(rx, text: str, should_match: bool) -> None:
    # normalize() matches chrome rules on normalized lines
    line = fold(text)
    assert bool(rx.search(line)) is should_match, (
        f"{text!r} should {'' if should_match else 'not '}match {rx.pattern[:120]!r}")


def _lexicon_cases():
    for lid, lex in RULES.lexicons.items():
        for i, text in enumerate(lex.examples):
            yield pytest.param(lid, text, True, id=f"lexicons/{lid}:example{i}")
        for i, text in enumerate(lex.negatives):
            yield pytest.param(lid, text, False, id=f"lexicons/{lid}:negative{i}")


@pytest.mark.parametrize("lid,text,listed", list(_lexicon_cases()))
def test_lexicon_example(lid: str, text: str, listed: bool) -> None:
    entries = RULES.lex(lid).mapping()
    assert (fold(text).lower() in entries) is listed, (
        f"{text!r} should {'' if listed else 'not '}be in lexicon {lid}")


def _metric_cases():
    for path, mf in RULES.metric_files.items():
        name = Path(path).name
        for rule in list(mf.metrics) + list(mf.markers):
            for i, ex in enumerate(rule.examples):
                yield pytest.param(ex, True, id=f"{name}:{rule.id}:example{i}")
            for i, neg in enumerate(rule.negatives):
                yield pytest.param(neg, False, id=f"{name}:{rule.id}:negative{i}")


@pytest.mark.parametrize("case,positive", list(_metric_cases()))
def test_metric_example(case, positive: bool) -> None:
    """rules/metrics*.yaml: the count or ratio `match` of each example has
    the expected metric fields; a negative's does not have the ones named."""
    res = extract(case.text, published=case.published)
    want_text = fold(case.match)
    facts = [f for f in list(res.counts) + list(res.ratios) if f.text == want_text]
    everything = list(res.counts) + list(res.ratios)
    assert facts, f"no count or ratio with text {want_text!r} in {case.text!r}; got:\n{_describe(everything)}"
    if positive:
        ok = [f for f in facts if all(_same(getattr(f, k, None), v) for k, v in case.expect.items())]
        assert ok, f"{want_text!r} lacks expected fields {case.expect}; got:\n{_describe(facts)}"
    else:
        bad = [f for f in facts if all(_same(getattr(f, k, None), v) for k, v in case.not_expect.items())]
        assert not bad, f"{want_text!r} must not have {case.not_expect}; got:\n{_describe(bad)}"


def test_rule_data_has_examples_to_test() -> None:
    """Guard against the parametrization silently going empty."""
    dims = {rf.dimension for rf in RULES.files.values()}
    assert {"dates", "documents", "counts", "ratios", "bodies", "persons"} <= dims
    assert sum(len(r.examples) for rf in RULES.files.values() for r in rf.rules) >= 20
    assert sum(len(s.examples) for rf in RULES.files.values() for s in rf.sections) >= 40
    assert RULES.chrome_compiled and RULES.lexicons
    metric_ids = {m.id for mf in RULES.metric_files.values() for m in mf.metrics}
    assert len(metric_ids) == 19, "every SPEC metric id has its rule (and its examples)"
