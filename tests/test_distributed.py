"""`vnfacts ingest --engine dask`: on a LocalCluster of 2 worker processes the
Dask path stores what the local path stores, re-runs are duplicates, bad
inputs are rejected with their reasons, and the Parquet shards can be
queried in place. Inputs: ../shared devset and seeds when present, else
corpus/samples; the few articles written here are invented."""
from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import SHARED
from store_helpers import SAMPLES, assert_accounted, contents, row_counts, runs
from vnfacts.ingest.local import IngestError, IngestOptions, ingest

distributed = pytest.importorskip("distributed")
from vnfacts.ingest.distributed import LOCAL_QUIET, ingest_distributed  # noqa: E402

ARTICLE = (
    "Đảng ủy xã Hòa Bình tổng kết công tác năm 2022\n\n"
    "Ngày 20/12/2022, Đảng ủy xã Hòa Bình tổ chức hội nghị tổng kết. Trong năm, Đảng bộ kết nạp "
    "14 đảng viên mới, đạt 116% chỉ tiêu; 18/19 chi bộ hoàn thành tốt nhiệm vụ.\n"
)
OTHER = (
    "Huyện ủy Tân Phú sơ kết 6 tháng đầu năm 2023\n\n"
    "Sáu tháng đầu năm 2023, Huyện ủy Tân Phú kết nạp 37 đảng viên mới; 100% tổ chức cơ sở đảng "
    "triển khai Chỉ thị số 05-CT/TW của Bộ Chính trị.\n"
)


def _inputs() -> list[str]:
    dirs = [SHARED / "devset", SHARED / "seeds"]
    if all(d.is_dir() for d in dirs):
        return [str(d) for d in dirs]
    return [str(SAMPLES)]


@pytest.fixture(scope="module")
def scheduler() -> str:
    """A LocalCluster of 2 single-threaded worker processes for the module; its address."""
    from distributed import LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", memory_limit="1GiB",
                           silence_logs=logging.ERROR, **LOCAL_QUIET)
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[str]:
    """The texts, then one of them again without its sidecar (same article id,
    other metadata: the first in input order must be the one stored)."""
    inputs = _inputs()
    first = sorted(Path(inputs[0]).glob("*.txt"))[0]
    d = tmp_path_factory.mktemp("again")
    shutil.copy(first, d / "copy.txt")
    return [*inputs, str(d / "copy.txt")]


@pytest.fixture(scope="module")
def local_db(tmp_path_factory, corpus: list[str]) -> Path:
    db = tmp_path_factory.mktemp("local") / "local.duckdb"
    r = ingest(corpus, db, IngestOptions(sidecar=True))
    assert r.run.rejected == 0 and r.run.duplicate == 1 and r.run.ingested >= 20
    return db


@pytest.fixture(scope="module")
def dask_db(tmp_path_factory, corpus: list[str], scheduler: str):
    db = tmp_path_factory.mktemp("dask") / "dask.duckdb"
    # small chunks: many tasks and shard files, the repeated article in a later chunk than the first
    r = ingest_distributed(corpus, db, IngestOptions(sidecar=True), address=scheduler, chunk_size=4)
    return db, r


def test_dask_stores_the_same_facts_as_the_local_path(local_db: Path, dask_db) -> None:
    db, r = dask_db
    local = runs(local_db)[-1]
    assert r.run.status == "completed"
    assert (r.run.read, r.run.ingested, r.run.replaced, r.run.duplicate, r.run.rejected) == (
        local["n_read"], local["n_ingested"], local["n_replaced"], local["n_duplicate"], local["n_rejected"])
    assert r.run.read == r.run.ingested + r.run.duplicate + r.run.rejected
    mine, theirs = contents(db), contents(local_db)
    for table in theirs:  # table by table, for a readable failure
        assert len(mine[table]) == len(theirs[table]), table
        assert mine[table] == theirs[table], table
    assert row_counts(db) == row_counts(local_db)
    assert_accounted(db)
    assert r.shards and len(list(Path(r.shards, "stored_articles").glob("*.parquet"))) >= 8  # one file per chunk


def test_rerun_is_all_duplicates_with_identical_rows(tmp_path: Path, corpus: list[str], scheduler: str) -> None:
    db = tmp_path / "r.duckdb"
    first = ingest_distributed(corpus, db, IngestOptions(sidecar=True), address=scheduler)
    before, data = row_counts(db), contents(db)
    second = ingest_distributed(corpus, db, IngestOptions(sidecar=True), address=scheduler)
    assert second.run.read == first.run.read
    assert (second.run.ingested, second.run.rejected) == (0, 0)
    assert second.run.duplicate == first.run.read
    after = row_counts(db)
    assert after["runs"] == before["runs"] + 1
    assert {t: n for t, n in after.items() if t != "runs"} == {t: n for t, n in before.items() if t != "runs"}
    assert contents(db) == data
    assert [x["status"] for x in runs(db)] == ["completed", "completed"]
    assert_accounted(db)


def test_bad_input_is_rejected_with_its_reason_and_the_rest_lands(tmp_path: Path, scheduler: str) -> None:
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (d / "b-empty.txt").write_bytes(b"")
    (d / "c.txt").write_text(OTHER, encoding="utf-8")
    lines = [json.dumps({"url": "https://example.vn/x", "published": "2023-07-01", "text": OTHER.replace("37", "41")},
                        ensure_ascii=False), '{"text": "cut off']
    (d / "d.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "b.duckdb"
    r = ingest_distributed([str(d), str(tmp_path / "missing.txt")], db, address=scheduler, chunk_size=2)
    assert (r.run.read, r.run.ingested, r.run.duplicate, r.run.rejected) == (6, 3, 0, 3)
    got = {(Path(x.path).name, x.line): x.reason for x in r.rejects}
    assert got[("b-empty.txt", None)] == "empty file"
    assert "not valid JSON" in got[("d.jsonl", 2)]
    assert got[("missing.txt", None)] == "no such file or directory"
    con = duckdb.connect(str(db), read_only=True)
    try:
        stored = sorted(Path(s).name for (s,) in con.execute("SELECT source FROM articles").fetchall())
        reasons = {(Path(p).name, line): why for p, line, why in
                   con.execute("SELECT path, line, reason FROM rejects").fetchall()}
        admitted = sorted(v for (v,) in con.execute("SELECT value FROM counts WHERE predicate = 'kết nạp'").fetchall())
    finally:
        con.close()
    assert stored == ["a.txt", "c.txt", "d.jsonl:1"]
    assert reasons == got
    assert admitted == [14.0, 37.0, 41.0]
    assert_accounted(db)


def test_shards_can_be_queried_in_place(tmp_path: Path, scheduler: str) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(OTHER, encoding="utf-8")
    db = tmp_path / "q.duckdb"
    shards = tmp_path / "shards"
    r = ingest_distributed([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")], db, address=scheduler,
                           shards_dir=shards, chunk_size=1)
    assert Path(r.shards) == (shards / f"run-{r.run.run_id}").resolve()
    con = duckdb.connect()
    try:
        in_place = con.execute(f"SELECT article_id, idx, value, predicate FROM read_parquet('{r.shards}/counts/*.parquet') "
                               "ORDER BY ALL").fetchall()
        files = con.execute(f"SELECT count(DISTINCT filename) FROM read_parquet('{r.shards}/stored_articles/*.parquet', "
                            "filename = true)").fetchall()[0][0]
    finally:
        con.close()
    store = duckdb.connect(str(db), read_only=True)
    try:
        stored = store.execute("SELECT article_id, idx, value, predicate FROM counts ORDER BY ALL").fetchall()
    finally:
        store.close()
    assert in_place == stored and len(stored) >= 2
    assert files == 2  # one chunk per input here

    # without --keep-shards nothing is left beside the store
    r2 = ingest_distributed([str(tmp_path / "a.txt")], tmp_path / "n.duckdb", address=scheduler, keep_shards=False)
    assert r2.shards is None and r2.run.ingested == 1
    assert not (tmp_path / "n.duckdb.shards").exists()


def test_shards_of_another_store_are_left_alone(tmp_path: Path, scheduler: str) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    other = tmp_path / "s.duckdb.shards" / "run-1" / "stored_articles"
    other.mkdir(parents=True)
    (other / "part-00000001.parquet").write_bytes(b"not ours")
    with pytest.raises(IngestError, match="exists already"):
        ingest_distributed([str(tmp_path / "a.txt")], tmp_path / "s.duckdb", address=scheduler)
    assert (other / "part-00000001.parquet").read_bytes() == b"not ours"
    assert [x["status"] for x in runs(tmp_path / "s.duckdb")] == ["failed"]
    assert row_counts(tmp_path / "s.duckdb", ("articles",)) == {"articles": 0}


def test_older_pipeline_version_is_replaced(tmp_path: Path, scheduler: str, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    db = tmp_path / "v.duckdb"
    ingest_distributed([str(p)], db, address=scheduler)
    before = contents(db)
    monkeypatch.setattr("vnfacts.store.db.PIPELINE_VERSION", "9.9.9+rules-changed")
    r = ingest_distributed([str(p)], db, address=scheduler)
    assert (r.run.ingested, r.run.replaced, r.run.duplicate) == (1, 1, 0)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT pipeline_version FROM articles").fetchall() == [("9.9.9+rules-changed",)]
    con.close()
    after = contents(db)
    assert {t: v for t, v in after.items() if t != "articles"} == {t: v for t, v in before.items() if t != "articles"}


def test_unreachable_scheduler_is_one_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    monkeypatch.setattr("vnfacts.ingest.distributed.CONNECT_TIMEOUT", 2.0)
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    with pytest.raises(IngestError, match=f"cannot reach the Dask scheduler at tcp://127.0.0.1:{port}"):
        ingest_distributed([str(p)], tmp_path / "u.duckdb", address=f"tcp://127.0.0.1:{port}")


def test_cli_engine_dask_with_its_own_local_cluster(tmp_path: Path) -> None:
    from click.testing import CliRunner
    from vnfacts.cli import main
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    db = tmp_path / "c.duckdb"
    res = CliRunner().invoke(main, ["ingest", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--db", str(db),
                                    "--engine", "dask", "--workers", "1", "--json"])
    assert res.exit_code == 1, res.output  # an input was rejected
    assert "Traceback" not in res.output
    assert res.stderr.strip() == f"rejected: {tmp_path / 'b.txt'}: empty file"
    data = json.loads(res.stdout)
    assert (data["read"], data["ingested"], data["rejected"]) == (2, 1, 1)
    assert Path(data["shards"]) == (tmp_path / "c.duckdb.shards" / "run-1").resolve()
    res = CliRunner().invoke(main, ["ingest", str(tmp_path / "a.txt"), "--db", str(db), "--shards", "x"])
    assert res.exit_code == 2 and "--engine dask" in res.output
