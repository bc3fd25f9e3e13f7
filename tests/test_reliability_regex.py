"""Every regular expression of rules/ and of the code runs in time linear in
its input: no nested quantifiers over overlapping classes ("(?:X[a-z]*\\.?)+"
is exponential), no whitespace matched twice by neighbouring quantifiers
("\\s*(?:...|\\s+word)" is cubic in a run of spaces).

Each pattern is timed on adversarial strings (runs of capitals, letters,
digits, spaces, "1.", ...) of length n and 8n; the test asserts the RATIO of
the two times (a linear pattern gives about 8), never an absolute time.
Patterns are tried where a match can start (`match` at 0: the cost of one
start position); the rule patterns, which the pipeline runs over whole
windows of text, also over the whole string (`finditer`)."""
from __future__ import annotations

import functools
import importlib
import pkgutil
import re
import sys
import time
from pathlib import Path

import pytest
import vnfacts
from vnfacts.ruledata import load_rules

SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "samples"
SHAPES = ("A", "a", "1", " ", "\n", "1.", "Đ", "a ", "A ", "1 ", "1/", "Aa", "a.", "A.", ", ", "1,", " \n")
N = 256
_END = ")"  # a run that ends in what the pattern did not expect: backtracking is tried to the full
RATIO = 24  # 8x the input: a linear pattern takes about 8x the time; quadratic takes 64x


def _patterns_in(value, out: list) -> None:
    if isinstance(value, re.Pattern):
        out.append(value)
    elif isinstance(value, dict):
        for v in value.values():
            _patterns_in(v, out)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _patterns_in(v, out)


@functools.lru_cache(maxsize=1)
def code_patterns() -> dict[str, re.Pattern]:
    """Patterns of the vnfacts modules: module-level ones, those cached
    functions build, and every pattern compiled by vnfacts code while the
    pipeline extracts the corpus samples (inline re.search(r"...") too)."""
    found: dict[tuple, tuple[re.Pattern, str]] = {}
    modules = []
    for info in pkgutil.walk_packages(vnfacts.__path__, "vnfacts."):
        if info.name.endswith("__main__"):
            continue
        modules.append(importlib.import_module(info.name))
    for mod in modules:
        for name, v in list(vars(mod).items()):
            pats: list[re.Pattern] = []
            if hasattr(v, "cache_info") and getattr(v, "__module__", None) == mod.__name__:
                try:
                    v = v()  # a zero-argument cached builder (_lex(), _predicate_rx(), ...)
                except TypeError:
                    continue
            _patterns_in(v, pats)
            for p in pats:
                found[(p.pattern, p.flags)] = (p, f"{mod.__name__}.{name}")
    original = re._compile

    def recording(pattern, flags):
        p = original(pattern, flags)
        f = sys._getframe(1)
        while f is not None and f.f_globals.get("__name__", "").startswith("re"):
            f = f.f_back
        mod = f.f_globals.get("__name__", "") if f is not None else ""
        if mod.startswith("vnfacts") and isinstance(p, re.Pattern):
            found.setdefault((p.pattern, p.flags), (p, f"{mod}:{f.f_lineno}"))
        return p

    from vnfacts.pipeline import extract
    re._compile = recording
    try:
        for path in sorted(SAMPLES.glob("*.txt")):
            extract(path.read_text(encoding="utf-8"))
    finally:
        re._compile = original
    return {f"{where} /{p.pattern[:60]}/": p for p, where in found.values()}


def rule_patterns() -> dict[str, re.Pattern]:
    rules = load_rules()
    out = {f"rules/{dim}.yaml {c.rule.id}": c.regex for dim, cs in rules.compiled.items() for c in cs}
    out.update({f"rules/chrome.yaml {r.id}": rx for r, rx in rules.chrome_compiled})
    return out


def _time(fn, repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def _superlinear(run, unit: str) -> str | None:
    """None when `run` (a pattern applied to a string) looks linear on runs
    of `unit`, else what was measured."""
    for n in (8, 12, 16, 18, 20, 22, 24, 28, 32, 48, 64, 96, 128):  # an exponential one is caught while still fast
        s = unit * (n // len(unit)) + _END
        t = _time(lambda s=s: run(s), 1)
        if t > 0.05:
            return f"{t:.3f} s on {n} characters"
    small, big = unit * (N // len(unit)) + _END, unit * (8 * N // len(unit)) + _END
    for repeats in (3, 7):  # a second, longer look before blaming the pattern for the machine's noise
        a, b = _time(lambda: run(small), repeats), _time(lambda: run(big), repeats)
        if b < 0.0005 or b / max(a, 1e-7) <= RATIO:
            return None
    return f"{a * 1e3:.2f} ms at {N} characters, {b * 1e3:.2f} ms at {8 * N} ({b / a:.0f}x)"


def _check(patterns: dict[str, re.Pattern], whole: bool) -> list[str]:
    bad = []
    for where, rx in patterns.items():
        for unit in SHAPES:
            msg = _superlinear(lambda s, rx=rx: rx.match(s), unit)
            if msg is None and whole:
                msg = _superlinear(lambda s, rx=rx: sum(1 for _ in rx.finditer(s)), unit)
            if msg:
                bad.append(f"{where} on runs of {unit!r}: {msg}")
                break
    return bad


def test_rule_patterns_are_linear() -> None:
    bad = _check(rule_patterns(), whole=True)
    assert not bad, "\n".join(bad)


def test_code_patterns_are_linear_from_each_start() -> None:
    pats = code_patterns()
    assert len(pats) > 50  # the recorder saw the pipeline's patterns
    bad = _check(pats, whole=False)
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("pattern", [
    r"^(?:[A-ZĐÀ-Ỹ][^\W\d_]*\.?)+,?$",  # the old byline name token
    r"\s*(?:,|;|\n|\s+về\b|\s+ngày\b|\s+năm\b)",  # the old body-phrase stop
])
def test_the_check_catches_a_superlinear_pattern(pattern: str) -> None:
    assert _check({"old": re.compile(pattern)}, whole=False)
