"""`vnfacts eval corpus` with the baseline flags, and `vnfacts show`."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner
from vnfacts.cli import main

REPO = Path(__file__).resolve().parents[1]


def _corpus_copy(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(REPO / "corpus" / "samples", corpus / "samples")
    return corpus


def test_eval_corpus_update_then_check_baseline(tmp_path):
    corpus = _corpus_copy(tmp_path)
    r = CliRunner().invoke(main, ["eval", str(corpus), "--shared", str(tmp_path / "none"), "--update-baseline"])
    assert r.exit_code == 0, r.output
    base = json.loads((corpus / "baseline.json").read_text(encoding="utf-8"))
    assert set(base["f1"]) == {"corpus/samples"}
    assert set(base["f1"]["corpus/samples"]) == {"dates", "documents", "bodies", "persons", "counts", "ratios"}
    r = CliRunner().invoke(main, ["eval", str(corpus), "--shared", str(tmp_path / "none"), "--check-baseline"])
    assert r.exit_code == 0, r.output
    # raise one figure above what is reachable: the check must fail and name it
    base["f1"]["corpus/samples"]["counts"] = 1.5
    (corpus / "baseline.json").write_text(json.dumps(base), encoding="utf-8")
    r = CliRunner().invoke(main, ["eval", str(corpus), "--shared", str(tmp_path / "none"), "--check-baseline"])
    assert r.exit_code == 1
    assert "corpus/samples: counts F1" in r.output


def test_baseline_flags_need_a_corpus_folder(tmp_path):
    (tmp_path / "a.json").write_text("{}", encoding="utf-8")
    r = CliRunner().invoke(main, ["eval", str(tmp_path), "--check-baseline"])
    assert r.exit_code == 2


def test_show_writes_highlighted_page(tmp_path):
    art = tmp_path / "a.txt"
    art.write_text("Ngày 6-1, Đảng bộ huyện Tân Phước kết nạp 52 đảng viên, đạt 104% kế hoạch.\n", encoding="utf-8")
    out = tmp_path / "out" / "a.html"
    r = CliRunner().invoke(main, ["show", str(art), "--html", str(out), "--published", "2023-01-06"])
    assert r.exit_code == 0, r.output
    page = out.read_text(encoding="utf-8")
    assert 'title="dates: 2023-01-06 (day)"' in page
    assert page.count('class="f f-counts"') == 2  # one in the legend, one in the text


def test_show_bad_input_is_one_line(tmp_path):
    r = CliRunner().invoke(main, ["show", str(tmp_path / "missing.txt"), "--html", str(tmp_path / "x.html")])
    assert r.exit_code == 1
    assert "missing.txt" in r.output and "Traceback" not in r.output
