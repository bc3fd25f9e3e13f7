"""NER and links. Every hand case lives in the rule data as an example
(rules/bodies.yaml, persons.yaml, counts.yaml, documents.yaml), run by
tests/test_rule_examples.py; here: properties that examples cannot state."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from vnfacts.pipeline import extract
from vnfacts.pipeline.canonicalize import canonicalize


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80))
def test_capital_word_starts_are_the_letters_isupper_accepts(text):
    from vnfacts.pipeline.ner import _cap_word_start
    expected = [m.start() for m in re.finditer(r"(?<![^\W\d_])[^\W\d_]", text) if m.group(0).isupper()]
    assert [m.start() for m in _cap_word_start().finditer(text)] == expected


def test_canonicalize_is_idempotent_and_gives_one_key_per_body():
    text = ("Tỉnh Phú Yên: Ủy ban Kiểm tra Tỉnh ủy họp\n\nỦy ban Kiểm tra Tỉnh ủy Phú Yên và UBKT Tỉnh ủy "
            "thống nhất. Theo Kế hoạch số 21-KH/TU, Ủy ban Kiểm tra Tỉnh ủy kiểm tra 12 chi bộ ở tỉnh Phú Yên.")
    res = extract(text)
    again = canonicalize(res, text)
    assert again.result == res
    keys = {k.body_key for b, k in zip(res.bodies, again.keys.bodies) if "Kiểm tra" in b.canonical}
    assert keys == {"ủy ban kiểm tra tỉnh ủy phú yên"}
    assert res.documents[0].issuer == "Tỉnh ủy Phú Yên"
