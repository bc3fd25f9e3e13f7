"""The regression gate: the corpus and devset F1 per type must stay within
the tolerance of corpus/baseline.json. The second test proves the gate bites:
with one rule deliberately broken, the gate test fails and names the type."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from vnfacts.evaluation.baseline import DEFAULT_BASELINE, check, gold_sets, load_baseline, measure
from vnfacts.pipeline import extract

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()


def test_corpus_meets_baseline():
    baseline = load_baseline(DEFAULT_BASELINE)
    measured = measure(gold_sets(REPO / "corpus", SHARED if SHARED.is_dir() else None), extract)
    assert measured.f1, "no gold set could be measured"
    drops = check(measured, baseline)
    assert not drops, "F1 dropped below corpus/baseline.json:\n" + "\n".join(map(str, drops))


def test_gate_fails_and_names_the_type_when_a_rule_breaks(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(REPO / "rules", rules)
    dates = rules / "dates.yaml"
    text = dates.read_text(encoding="utf-8")
    # break one rule: the year rule no longer matches anything (it keeps the
    # group its resolver reads, so the rules still load)
    broken, n = re.subn(r"(  - id: date_year\n(?:.*\n)*?    pattern: )'.*'", r"\1'(?!x)x(?P<y>\\d{4})'", text)
    assert n == 1
    dates.write_text(broken, encoding="utf-8")
    env = dict(os.environ, VNFACTS_RULES=str(rules))
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         f"{Path(__file__)}::test_corpus_meets_baseline"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out[-2000:]
    assert re.search(r"dates F1 [\d.]+ < baseline", out), out[-2000:]
