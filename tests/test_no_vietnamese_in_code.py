"""Knowledge is data: no Vietnamese word list or phrase regex in the pipeline's
Python. Every string literal (docstrings aside) of extract/pipeline/*.py and
extract/text/*.py that holds a Vietnamese letter must be listed below with
the reason it is not rule data; the list is short, and an entry that is no
longer needed fails too (so it cannot rot)."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import vnfacts

PACKAGE = Path(vnfacts.__file__).resolve().parent
VIETNAMESE = re.compile("[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.IGNORECASE)

# file -> (the literals allowed there, or None for any, and why)
EXCEPTIONS: dict[str, tuple[set[str] | None, str]] = {
    "text/textnorm.py": (None, "character tables of normalization (Đ/Ð, tone-mark placement): letters, not words"),
    "text/numbers.py": (None, "the numerals and multipliers of number arithmetic (một, mười hai, nghìn), like digits"),
    "text/gazetteer.py": ({"đ", "Đ"}, "the ASCII folding of host names (đ -> d): letters, not words"),
    "pipeline/segment.py": ({"khởi động"}, "a warm-up input for the word segmenter's model, not knowledge"),
    "pipeline/normalize.py": (None, "normalize's month words and byline cues (owned by the normalize stage; "
                                    "not yet moved to rules/chrome.yaml)"),
}


def _literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings
            and VIETNAMESE.search(n.value)]


def _modules() -> list[Path]:
    return sorted((PACKAGE / "pipeline").glob("*.py")) + sorted((PACKAGE / "text").glob("*.py"))


def test_no_vietnamese_string_literals_in_the_pipeline() -> None:
    found = []
    for path in _modules():
        rel = path.relative_to(PACKAGE).as_posix()
        allowed, _ = EXCEPTIONS.get(rel, (set(), ""))
        for line, value in _literals(path):
            if allowed is None or value in allowed:
                continue
            found.append(f"{rel}:{line}: {value[:60]!r}")
    assert not found, "Vietnamese words belong in rules/ (YAML with examples):\n" + "\n".join(found)


def test_every_exception_is_still_needed() -> None:
    for rel, (allowed, reason) in EXCEPTIONS.items():
        assert reason
        values = {v for _, v in _literals(PACKAGE / rel)}
        assert values, f"{rel} holds no Vietnamese literal any more: drop its exception"
        if allowed is not None:
            assert allowed <= values, f"{rel}: exceptions {sorted(allowed - values)} are not used any more"


def test_the_scan_can_fail(tmp_path: Path) -> None:
    p = tmp_path / "m.py"
    p.write_text('"""Docstring: đảng viên."""\nSTOPS = ["phát biểu", "tiếp tục"]\n', encoding="utf-8")
    assert [v for _, v in _literals(p)] == ["phát biểu", "tiếp tục"]
