"""The rules cache (vnfacts.rulecache): a second load of an unchanged rules/
gives the same rule data and equal compiled regexes from the cache; a changed
file, a stale or corrupt cache file are noticed and rebuilt; a directory that
cannot be written means no cache; an invalid rules/ is refused with its file
and rule id, cache or not, and is never cached."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from vnfacts import rulecache
from vnfacts.errors import RuleDataError
from vnfacts.ruledata import RULES_DIR, RuleSet


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    dst = tmp_path / "rules"
    shutil.copytree(RULES_DIR, dst)
    return dst


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    d = tmp_path / "cache"
    monkeypatch.setenv("VNFACTS_CACHE_DIR", str(d))
    return d


def _regexes(rs: RuleSet) -> list[re.Pattern]:
    out = [rx for _, rx in rs.chrome_compiled]
    out += [c.regex for dim in sorted(rs.compiled) for c in rs.compiled[dim]]
    out += [rs.section_rx[k] for k in sorted(rs.section_rx)]
    return out


def _dump(rs: RuleSet) -> list:
    return [rs.chrome.model_dump(), {k: v.model_dump() for k, v in rs.lexicons.items()}, rs.macros,
            {k: v.model_dump() for k, v in rs.files.items()}, {k: v.model_dump() for k, v in rs.metric_files.items()}]


def test_a_second_load_comes_from_the_cache_and_is_the_same(rules_copy: Path, cache_dir: Path) -> None:
    cold = RuleSet(rules_copy)
    assert rulecache._replica_is_re_compile()  # this Python: patterns are made and cached
    assert cold._cache.state == "hit"  # written after loading
    assert len(list(cache_dir.glob("rules-*.pickle"))) == 1
    warm = RuleSet(rules_copy)
    assert warm._cache.state == "hit" and warm._cache.codes and warm._cache.yaml_data
    assert _dump(warm) == _dump(cold)
    a, b = _regexes(cold), _regexes(warm)
    assert len(a) > 40 and len(a) == len(b)
    for x, y in zip(a, b):
        # Pattern equality compares the pattern, the flags and the compiled code
        assert x == y and x.groupindex == y.groupindex and x.groups == y.groups
        assert y == re.compile(x.pattern, x.flags)
    assert warm.compile_pattern("đảng viên {UNITS}", "test") == cold.compile_pattern("đảng viên {UNITS}", "test")


def test_the_regexes_from_the_cache_match_the_same(rules_copy: Path, cache_dir: Path) -> None:
    RuleSet(rules_copy)
    warm = RuleSet(rules_copy)
    text = "Ngày 6-1-2017, Đảng ủy Khối Doanh nghiệp tỉnh kết nạp 12 đảng viên theo Nghị quyết số 03-NQ/TU."
    for c in warm.compiled["counts"] + warm.compiled["documents"] + warm.compiled["dates"]:
        fresh = re.compile(c.regex.pattern, c.regex.flags)
        assert [m.groupdict() for m in c.regex.finditer(text)] == [m.groupdict() for m in fresh.finditer(text)]


def test_a_changed_rule_file_is_a_new_cache(rules_copy: Path, cache_dir: Path) -> None:
    RuleSet(rules_copy)
    p = rules_copy / "counts.yaml"
    p.write_text(p.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    cache = rulecache.RuleCache.open(rules_copy)
    assert cache.state == "missing"
    RuleSet(rules_copy)
    assert len(list(cache_dir.glob("rules-*.pickle"))) == 2


def test_a_corrupt_cache_is_noticed_and_rebuilt(rules_copy: Path, cache_dir: Path) -> None:
    RuleSet(rules_copy)
    (f,) = cache_dir.glob("rules-*.pickle")
    raw = bytearray(f.read_bytes())
    raw[-100] ^= 0xFF
    f.write_bytes(bytes(raw))
    assert rulecache.RuleCache.open(rules_copy).state == "corrupt"
    f.write_bytes(bytes(raw[:50]))  # truncated
    assert rulecache.RuleCache.open(rules_copy).state == "corrupt"
    rs = RuleSet(rules_copy)  # rebuilt, and written again
    assert _regexes(rs)[0] == re.compile(_regexes(rs)[0].pattern, _regexes(rs)[0].flags)
    assert rulecache.RuleCache.open(rules_copy).state == "hit"


def test_a_stale_cache_is_noticed_and_rebuilt(rules_copy: Path, cache_dir: Path) -> None:
    RuleSet(rules_copy)
    (f,) = cache_dir.glob("rules-*.pickle")
    f.write_bytes(f.read_bytes().replace(rulecache.FORMAT, b"vnfacts-rules-cache 0\n", 1))
    assert rulecache.RuleCache.open(rules_copy).state == "stale"
    RuleSet(rules_copy)
    assert rulecache.RuleCache.open(rules_copy).state == "hit"


def test_a_directory_that_cannot_be_made_means_no_cache(rules_copy: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("VNFACTS_CACHE_DIR", str(blocker / "vnfacts"))
    rs = RuleSet(rules_copy)
    assert rs._cache.state == "off" and not rs._cache.codes
    assert rs.compiled["counts"]


def test_the_cache_directory_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("VNFACTS_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert rulecache.cache_dir() == tmp_path / "xdg" / "vnfacts"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert rulecache.cache_dir() == Path.home() / ".cache" / "vnfacts"
    monkeypatch.setenv("VNFACTS_CACHE_DIR", str(tmp_path / "mine"))
    assert rulecache.cache_dir() == tmp_path / "mine"


def test_a_rule_error_names_file_and_rule_and_is_not_cached(rules_copy: Path, cache_dir: Path) -> None:
    RuleSet(rules_copy)  # the good rules, cached
    p = rules_copy / "counts.yaml"
    text = p.read_text(encoding="utf-8")
    m = re.search(r"^( *)- id: (\S+)\n", text, re.M)
    rid = m.group(2)
    broken = text.replace(m.group(0), f"{m.group(0)}{m.group(1)}  priorty: 3\n", 1)
    assert broken != text
    p.write_text(broken, encoding="utf-8")
    for _ in range(2):
        with pytest.raises(RuleDataError) as ei:
            RuleSet(rules_copy)
        assert str(p) in str(ei.value) and rid in str(ei.value) and "priorty" in str(ei.value)
    assert len(list(cache_dir.glob("rules-*.pickle"))) == 1  # only the good rules'


def test_a_second_process_compiles_no_rule_regex(tmp_path: Path) -> None:
    """Every regex the stages build from rule data is the same in every process
    (no set order in its source), so the second process finds them all cached."""
    code = ("import vnfacts\n"
            "from vnfacts.ruledata import load_rules\n"
            "r = vnfacts.extract('Ngày 6-1-2017, Đảng ủy Khối Doanh nghiệp tỉnh Bình Dương kết nạp 12 đảng viên, "
            "đạt 95% kế hoạch, theo Nghị quyết số 03-NQ/TU của Tỉnh ủy. Đồng chí Nguyễn Văn A, Bí thư.')\n"
            "print(load_rules()._cache.misses, len(load_rules()._cache.codes), r.counts[0].value)\n")
    env = {**os.environ, "VNFACTS_CACHE_DIR": str(tmp_path / "c")}
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout
            for _ in range(2)]
    (m1, n1, v1), (m2, n2, v2) = (tuple(map(int, r.split())) for r in runs)
    assert m1 > 100 and n1 == m1 and v1 == v2 == 12
    assert m2 == 0 and n2 == n1
