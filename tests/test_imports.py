"""`vnfacts --help` and `vnfacts extract one.txt` load only what they use:
no dask, trafilatura, pyarrow, duckdb or spaCy, and `vnfacts extract` does
not import the underthesea package (its __init__ imports every pipeline it
has, and joblib with numpy): it loads the few underthesea files it needs
privately (vnfacts.text.underthesea_files). Checked in a fresh process, where
nothing else has imported them."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HEAVY = ("dask", "distributed", "trafilatura", "pyarrow", "duckdb", "spacy", "thinc", "pandas",
         "underthesea", "joblib", "numpy", "sklearn", "torch")

_RUN = """
import json, sys
from vnfacts.cli import main
try:
    main(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in {heavy})), file=sys.stderr)
"""


def _loaded(*args: str, heavy: tuple[str, ...] = HEAVY) -> tuple[list[str], str]:
    code = _RUN.replace("{heavy}", repr(set(heavy)))
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
    return json.loads(proc.stderr.strip().splitlines()[-1]), proc.stdout


def test_help_loads_no_pipeline() -> None:
    loaded, out = _loaded("--help")
    assert "extract" in out
    assert loaded == []
    code = "import sys, vnfacts; print(sorted(m for m in sys.modules if m.startswith(('vnfacts.pipeline', 'underthesea'))))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "[]"


def test_extract_one_file_loads_neither_store_nor_spacy(tmp_path: Path) -> None:
    one = tmp_path / "one.txt"
    one.write_text("Ngày 6-1-2017, Đảng ủy Khối Doanh nghiệp tỉnh kết nạp 12 đảng viên.\n", encoding="utf-8")
    loaded, out = _loaded("extract", "--format", "jsonl", str(one))
    assert json.loads(out.splitlines()[0])["counts"][0]["value"] == 12
    assert loaded == []
    # the rules cache is now warm (vnfacts.rulecache): no YAML is parsed
    loaded, out = _loaded("extract", "--format", "jsonl", str(one), heavy=(*HEAVY, "yaml"))
    assert json.loads(out.splitlines()[0])["counts"][0]["value"] == 12
    assert loaded == []


def test_extract_segments_words_without_underthesea_s_init() -> None:
    code = ("import sys\n"
            "from vnfacts.pipeline.normalize import normalize\n"
            "from vnfacts.pipeline.segment import segment\n"
            "seg = segment(normalize('Ban Chấp hành Đảng bộ tỉnh họp. Hội nghị bàn công tác xây dựng Đảng.'))\n"
            "print(len(seg.sentences), sum(' ' in seg.text[a:b] for a, b in seg.tokens))\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('underthesea', 'joblib')))\n"
            "print(sum(m.startswith('vnfacts._underthesea.') for m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    sentences, several = map(int, out[0].split())
    assert sentences == 2 and several >= 3  # words of several syllables: the CRF ran
    assert out[1] == "[]"
    assert int(out[2]) > 3  # underthesea's files, loaded privately


def test_vnfacts_extract_still_works_lazily() -> None:
    import vnfacts

    assert vnfacts.extract("Năm 2016, Đảng ủy xã Tân Hòa kết nạp 12 đảng viên.").counts[0].value == 12
