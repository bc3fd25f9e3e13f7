"""The README's Python API and spaCy component examples, run as doctests
(each ```python block of those sections, in a scratch directory where
`corpus/` is the repository's), and the API's contract: no name in
`vnfacts` shadows a subpackage."""
from __future__ import annotations

import doctest
import importlib
import os
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SECTIONS = ("## Python API", "## spaCy component")


def _blocks() -> list[tuple[str, str]]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    out = []
    for title in SECTIONS:
        start = text.index(title + "\n")
        end = text.find("\n## ", start + len(title))
        body = text[start:end if end != -1 else len(text)]
        out += [(title, b) for b in re.findall(r"```python\n(.*?)```", body, re.S)]
    return out


def test_readme_has_examples_for_each_section() -> None:
    blocks = _blocks()
    assert {t for t, _ in blocks} == set(SECTIONS)
    assert all(">>>" in b for _, b in blocks)


def test_readme_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "corpus").symlink_to(REPO / "corpus")
    monkeypatch.chdir(tmp_path)
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    globs: dict = {}
    for i, (title, block) in enumerate(_blocks()):
        test = parser.get_doctest(block, globs, f"README {title} #{i + 1}", "README.md", 0)
        runner.run(test, clear_globs=False)
        globs.update(test.globs)  # a block goes on from the ones before it
    results = runner.summarize(verbose=False)
    assert results.attempted > 15 and results.failed == 0


def test_no_public_name_shadows_a_subpackage() -> None:
    import vnfacts
    subpackages = {p.name for p in Path(vnfacts.__file__).parent.iterdir()
                   if p.is_dir() and (p / "__init__.py").exists()}
    assert {"ingest", "pipeline", "store", "evaluation", "cli", "text"} <= subpackages
    assert not subpackages & set(vnfacts.__all__)
    for name in subpackages:
        assert importlib.import_module(f"vnfacts.{name}").__name__ == f"vnfacts.{name}"
        assert getattr(vnfacts, name, None) is None or getattr(vnfacts, name).__name__ == f"vnfacts.{name}"
    assert callable(vnfacts.extract) and vnfacts.extract.__module__ == "vnfacts"


def test_api_does_not_write_outside_its_db(tmp_path: Path) -> None:
    import vnfacts
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Năm 2021, Đảng ủy xã Tân Lập kết nạp 12 đảng viên mới.", encoding="utf-8")
    before = set(os.listdir(tmp_path))
    report = vnfacts.ingest_files([tmp_path / "in"], db=tmp_path / "x.duckdb")
    new = set(os.listdir(tmp_path)) - before
    assert report.run.ingested == 1 and "x.duckdb" in new and all(n.startswith("x.duckdb") for n in new)
    with vnfacts.open_store(tmp_path / "x.duckdb") as store:
        with pytest.raises(vnfacts.VnfactsError, match="read-only"):
            store.query("DELETE FROM counts")
