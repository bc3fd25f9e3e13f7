"""make bench runs end to end on a tiny corpus and reports every figure the
issue asks for (the figures themselves are not asserted: timing is the
benchmark's business, not the tests')."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from experiments import bench

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.mark.skipif(not (SHARED / bench.REALCORPUS).is_file() or not (SHARED / "devset").is_dir(),
                    reason="needs ../shared with the real corpus")
def test_bench_reports_every_figure() -> None:
    res = bench.run(SHARED, articles=6, workers_articles=4, sizes=(3, 8), repeats=1, first_fact_runs=1, chunks=2)
    assert res["accounted_for"]["all_accounted"]
    assert res["accounted_for"]["read"] == 6
    assert res["throughput"]["ingest_vs_underthesea"] > 0
    assert res["throughput"]["sentences"] > 6
    per = res["extraction_seconds_per_article"]
    assert 0 < per["p50"] <= per["p99"] <= per["max"]
    assert per["slowest_id"] in {a["id"] for a in bench.real_articles(SHARED)[:6]}
    assert sum(b["articles"] for b in res["by_length_chars"].values()) == res["accounted_for"]["stored"]
    from vnfacts.pipeline import STAGES
    assert set(res["stage_share"]) == set(STAGES)
    assert abs(sum(res["stage_share"].values()) - 1) < 0.01
    assert res["workers"]["workers_2_vs_1"] > 0
    assert res["peak_rss_large_vs_small"] > 0
    assert res["facts_written_per_s"] > 0
    assert res["facts_written_per_s_whole_ingest"] > 0
    assert res["first_fact"]["vnfacts_extract_seconds"] > 0 and res["first_fact"]["ratio"] > 0


def test_real_articles_come_first_then_distinct_copies(tmp_path: Path) -> None:
    real = [{"id": "r1", "text": "Bài thật thứ nhất.", "source": "x", "tier": 1},
            {"id": "r2", "text": "Bài thật thứ hai.", "url": "https://example.vn/b"}]
    base = [{"text": "Năm 2020, kết nạp 12 đảng viên.", "url": "https://example.vn/a"}]
    path = bench.build_corpus(base, 5, tmp_path / "c.jsonl", real)
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [r["text"] for r in rows[:2]] == ["Bài thật thứ nhất.", "Bài thật thứ hai."]
    assert "source" not in rows[0] and rows[1]["url"] == "https://example.vn/b"
    copies = [r["text"] for r in rows[2:]]
    assert len(set(copies)) == 3 and all("kết nạp 12 đảng viên" in t for t in copies)
    assert len({r["id"] for r in rows}) == 5
