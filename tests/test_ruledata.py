"""Invalid rule data is refused with a RuleDataError naming the file and the
rule. Each test copies rules/ and breaks one thing in the copy."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from vnfacts.errors import RuleDataError
from vnfacts.ruledata import RULES_DIR, RuleSet

GOOD_RULE = {
    "id": "test_count_rule",
    "resolver": "count",
    "pattern": r"(?P<num>{NUM})\s+cây\s+xanh",
    "examples": [{"text": "trồng 12 cây xanh", "expect": {"value": 12}}],
}


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    dst = tmp_path / "rules"
    shutil.copytree(RULES_DIR, dst)
    return dst


def _add_file(root: Path, name: str, rules: list[dict], **extra) -> Path:
    p = root / name
    data = {"dimension": "counts", "description": "test rules", **extra, "rules": rules}
    p.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return p


def _raises(root: Path) -> str:
    with pytest.raises(RuleDataError) as ei:
        RuleSet(root)
    return str(ei.value)


def test_copy_of_the_real_rules_loads(rules_copy: Path) -> None:
    """The baseline the other tests break: unbroken, it loads."""
    _add_file(rules_copy, "zz_test.yaml", [GOOD_RULE])
    rs = RuleSet(rules_copy)
    assert any(c.rule.id == "test_count_rule" for c in rs.compiled["counts"])


def test_unknown_field(rules_copy: Path) -> None:
    p = _add_file(rules_copy, "zz_test.yaml", [{**GOOD_RULE, "priorty": 5}])
    msg = _raises(rules_copy)
    assert str(p) in msg and "test_count_rule" in msg and "priorty" in msg


def test_bad_regex(rules_copy: Path) -> None:
    p = _add_file(rules_copy, "zz_test.yaml", [{**GOOD_RULE, "pattern": r"(?P<num>\d+"}])
    msg = _raises(rules_copy)
    assert str(p) in msg and "test_count_rule" in msg and "regex" in msg


def test_unknown_macro(rules_copy: Path) -> None:
    p = _add_file(rules_copy, "zz_test.yaml", [{**GOOD_RULE, "pattern": r"{NO_SUCH_MACRO}\s+cây"}])
    msg = _raises(rules_copy)
    assert str(p) in msg and "test_count_rule" in msg and "NO_SUCH_MACRO" in msg


def test_duplicate_id(rules_copy: Path) -> None:
    p = _add_file(rules_copy, "zz_test.yaml", [GOOD_RULE, {**GOOD_RULE, "pattern": r"(?P<num>{NUM})\s+cây"}])
    msg = _raises(rules_copy)
    assert str(p) in msg and "test_count_rule" in msg and "duplicate" in msg


def test_rule_without_examples(rules_copy: Path) -> None:
    p = _add_file(rules_copy, "zz_test.yaml", [{**GOOD_RULE, "examples": []}])
    msg = _raises(rules_copy)
    assert str(p) in msg and "test_count_rule" in msg and "examples" in msg


def test_rule_missing_examples_field(rules_copy: Path) -> None:
    rule = {k: v for k, v in GOOD_RULE.items() if k != "examples"}
    p = _add_file(rules_copy, "zz_test.yaml", [rule])
    msg = _raises(rules_copy)
    assert str(p) in msg and "test_count_rule" in msg and "examples" in msg


def test_broken_existing_rule_file(rules_copy: Path) -> None:
    """Breaking a real file (not only adding one) is caught the same way."""
    p = rules_copy / "dates.yaml"
    data = yaml.safe_load(p.read_text(encoding="utf-8"))
    first_id = data["rules"][0]["id"]
    data["rules"][0]["pattern"] = "(unclosed"
    p.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    msg = _raises(rules_copy)
    assert str(p) in msg and first_id in msg


def test_unknown_dimension(rules_copy: Path) -> None:
    p = _add_file(rules_copy, "zz_test.yaml", [GOOD_RULE])
    data = yaml.safe_load(p.read_text(encoding="utf-8"))
    data["dimension"] = "salaries"
    p.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    msg = _raises(rules_copy)
    assert str(p) in msg and "dimension" in msg


def test_invalid_yaml(rules_copy: Path) -> None:
    p = rules_copy / "zz_test.yaml"
    p.write_text("dimension: counts\nrules: [\n", encoding="utf-8")
    msg = _raises(rules_copy)
    assert str(p) in msg and "YAML" in msg


def test_bad_chrome_rule(rules_copy: Path) -> None:
    p = rules_copy / "chrome.yaml"
    data = yaml.safe_load(p.read_text(encoding="utf-8"))
    data["rules"].append({"id": "zz_chrome", "kind": "line", "pattern": "[unclosed", "examples": ["x"]})
    p.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    msg = _raises(rules_copy)
    assert str(p) in msg and "zz_chrome" in msg


def test_lexicon_without_entries(rules_copy: Path) -> None:
    p = rules_copy / "lexicons" / "zz_empty.yaml"
    p.write_text(yaml.safe_dump({"id": "zz_empty", "description": "x", "entries": []}), encoding="utf-8")
    msg = _raises(rules_copy)
    assert str(p) in msg and "entries" in msg


def test_error_message_is_one_line(rules_copy: Path) -> None:
    _add_file(rules_copy, "zz_test.yaml", [{**GOOD_RULE, "pattern": r"(?P<num>\d+"}])
    assert "\n" not in _raises(rules_copy)


# ---------------------------------------------------------------- the resolver registry

def test_unknown_resolver(rules_copy: Path) -> None:
    p = _add_file(rules_copy, "zz_test.yaml", [{**GOOD_RULE, "resolver": "no_such_resolver"}])
    msg = _raises(rules_copy)
    assert str(p) in msg and "test_count_rule" in msg and "no_such_resolver" in msg and "count" in msg


def test_resolver_of_another_dimension(rules_copy: Path) -> None:
    p = _add_file(rules_copy, "zz_test.yaml", [{**GOOD_RULE, "resolver": "dmy"}])
    msg = _raises(rules_copy)
    assert str(p) in msg and "test_count_rule" in msg and "dmy" in msg


def test_group_the_resolver_does_not_read(rules_copy: Path) -> None:
    p = _add_file(rules_copy, "zz_test.yaml", [{**GOOD_RULE, "pattern": r"(?P<num>{NUM})\s+(?P<tree>cây)\s+xanh"}])
    msg = _raises(rules_copy)
    assert str(p) in msg and "test_count_rule" in msg and "tree" in msg


def test_group_the_resolver_needs(rules_copy: Path) -> None:
    p = _add_file(rules_copy, "zz_test.yaml", [{**GOOD_RULE, "pattern": r"(?P<unit>cây)\s+xanh"}])
    msg = _raises(rules_copy)
    assert str(p) in msg and "test_count_rule" in msg and "num" in msg


def test_every_registered_resolver_is_used_by_a_rule() -> None:
    from vnfacts.ruledata import load_rules, resolver_registry
    used = {(c.dimension, c.rule.resolver) for cs in load_rules().compiled.values() for c in cs}
    assert set(resolver_registry()) == used


def test_section_without_examples(rules_copy: Path) -> None:
    p = rules_copy / "bodies.yaml"
    data = yaml.safe_load(p.read_text(encoding="utf-8"))
    data["sections"][0]["examples"] = []
    sid = data["sections"][0]["id"]
    p.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    msg = _raises(rules_copy)
    assert str(p) in msg and sid in msg and "examples" in msg
