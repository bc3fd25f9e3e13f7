"""make bench runs end to end on a tiny corpus and reports every figure the
issue asks for (the figures themselves are not asserted: timing is the
benchmark's business, not the tests')."""
from __future__ import annotations

from pathlib import Path

import pytest

from experiments import bench

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.mark.skipif(not (SHARED / "devset").is_dir(), reason="needs ../shared")
def test_bench_reports_every_figure(tmp_path: Path) -> None:
    res = bench.run(SHARED, [6, 12], repeats=1)
    ratios = res["ratios"]
    for key in ("pipeline_vs_word_tokenize", "workers_2_vs_1", "peak_rss_12_vs_6", "write_share_of_ingest",
                "machine_2_processes_vs_1", "workers_2_vs_1_of_machine", "workers_2_vs_1_steady"):
        assert ratios[key] > 0, key
    assert res["end_to_end"]["articles"] == 6
    assert res["runs"]["workers_1"][0]["articles"] == 6  # every copy is a distinct article
    assert res["word_tokenize"]["sentences"] > 6
    assert res["facts_written_per_s"] > 0
    assert abs(sum(res["stage_share"].values()) - 1) < 0.01


def test_copies_are_distinct_and_yield_the_same_text_otherwise(tmp_path: Path) -> None:
    base = [{"text": "Năm 2020, kết nạp 12 đảng viên.", "url": "https://example.vn/a"}]
    path = bench.build_corpus(base, 3, tmp_path / "c.jsonl")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(set(lines)) == 3
    assert all("kết nạp 12 đảng viên" in line for line in lines)
