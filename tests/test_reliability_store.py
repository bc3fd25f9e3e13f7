"""The store under a careless or hostile user: `vnfacts query` cannot write
or read outside the store, nor run without a time and memory limit; readers
can query while an ingest runs and see only committed batches; a killed
ingest shows as interrupted. Articles here are invented."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from store_helpers import contents, run_vnfacts, vnfacts_cmd
from vnfacts.cli import main
from vnfacts.ingest.local import IngestOptions, ingest
from vnfacts.store import Store


def _article(i: int) -> str:
    return (f"Đảng bộ phường Số {i} tổng kết công tác năm\n\n"
            f"Năm 2021, Đảng bộ phường Số {i} kết nạp {i + 4} đảng viên mới, đạt {90 + i}% kế hoạch; "
            f"{i % 5 + 1}/{i % 5 + 8} chi bộ hoàn thành xuất sắc nhiệm vụ.\n")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("q")
    (d / "in").mkdir()
    for i in range(4):
        (d / "in" / f"a{i}.txt").write_text(_article(i), encoding="utf-8")
    path = d / "q.duckdb"
    ingest([str(d / "in")], path, IngestOptions())
    return path


def _query(db: Path, sql: str, *extra: str):
    return CliRunner().invoke(main, ["query", sql, "--db", str(db), *extra])


# ---------------------------------------------------------------- query escapes


@pytest.mark.parametrize("sql", [
    "COPY (SELECT * FROM articles) TO '{out}'",
    "EXPORT DATABASE '{outdir}'",
    "SELECT * FROM read_text('{secret}')",
    "SELECT * FROM read_blob('{secret}')",
    "SELECT * FROM read_csv('{secret}')",
    "SELECT * FROM glob('{dir}/*')",
    "ATTACH '{other}' AS other",
    "INSTALL httpfs",
    "LOAD httpfs",
])
def test_query_cannot_reach_outside_the_store(db: Path, tmp_path: Path, sql: str) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("a,b\n1,2\n", encoding="utf-8")
    other = tmp_path / "other.duckdb"
    duckdb.connect(str(other)).close()
    sql = sql.format(out=tmp_path / "out.csv", outdir=tmp_path / "exp", secret=secret, dir=tmp_path, other=other)
    res = _query(db, sql)
    assert res.exit_code == 1, (sql, res.output)
    line = res.stderr.strip()
    assert len(line.splitlines()) == 1 and "Traceback" not in res.output, res.stderr
    assert "refused" in line, line
    assert "1,2" not in res.stdout and "secret.txt" not in res.stdout
    assert not (tmp_path / "out.csv").exists() and not (tmp_path / "exp").exists()


@pytest.mark.parametrize("sql", ["SET memory_limit = '64GB'", "SET enable_external_access = true",
                                 "SET lock_configuration = false", "RESET memory_limit"])
def test_query_cannot_change_its_settings(db: Path, sql: str) -> None:
    res = _query(db, sql)
    assert res.exit_code == 1, (sql, res.output)
    assert "cannot change settings" in res.stderr and len(res.stderr.strip().splitlines()) == 1, res.stderr


def test_query_has_a_time_limit(db: Path) -> None:
    t0 = time.monotonic()
    res = _query(db, "SELECT sum(i * i) FROM range(30000000000) t(i)", "--timeout", "1")
    assert res.exit_code == 1 and "time limit of 1 s" in res.stderr, res.output
    assert time.monotonic() - t0 < 30


def test_query_has_a_memory_limit(db: Path) -> None:
    res = _query(db, "SELECT list(i) FROM range(300000000) t(i)", "--memory-limit", "100MB", "--timeout", "60")
    assert res.exit_code == 1 and "memory than its limit of 100MB" in res.stderr, res.output


def test_export_stays_possible_through_out(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "counts.parquet"
    res = _query(db, "SELECT * FROM counts", "--format", "parquet", "--out", str(out))
    assert res.exit_code == 0, res.output
    assert duckdb.sql(f"SELECT count(*) FROM read_parquet('{out}')").fetchall()[0][0] > 0
    ok = _query(db, "SELECT count(*) AS n FROM articles")
    assert ok.exit_code == 0 and "4" in ok.stdout


# ---------------------------------------------------------------- readers during an ingest


def _inputs(d: Path, n: int) -> Path:
    d.mkdir()
    with (d / "many.jsonl").open("w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps({"text": _article(i)}, ensure_ascii=False) + "\n")
    return d


def test_queries_during_an_ingest_see_committed_batches(tmp_path: Path) -> None:
    src = _inputs(tmp_path / "in", 60)
    quiet = tmp_path / "quiet.duckdb"
    assert run_vnfacts("ingest", str(src), "--db", str(quiet), "--batch-size", "5").returncode == 0
    db = tmp_path / "busy.duckdb"
    proc = subprocess.Popen([*vnfacts_cmd(), "ingest", str(src), "--db", str(db), "--batch-size", "5"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seen: list[int] = []
    try:
        while proc.poll() is None:
            if not db.exists():
                time.sleep(0.05)
                continue
            try:
                with Store.open(db, read_only=True) as store:
                    n = store.query("SELECT count(*) AS n FROM articles").column("n")[0].as_py()
                    seen.append(n)
            except Exception as e:  # noqa: BLE001 - the store may not have its schema in its very first moments
                assert "no schema_migrations" in str(e) or "not a vnfacts store" in str(e), e
    finally:
        _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert seen == sorted(seen), seen  # never a batch undone
    assert all(n % 5 == 0 for n in seen), seen  # whole batches only
    assert any(0 < n < 60 for n in seen), seen  # queries ran while the ingest was running
    assert contents(db) == contents(quiet)


def test_a_second_ingest_is_refused_while_one_runs(tmp_path: Path) -> None:
    src = _inputs(tmp_path / "in", 40)
    db = tmp_path / "two.duckdb"
    proc = subprocess.Popen([*vnfacts_cmd(), "ingest", str(src), "--db", str(db), "--batch-size", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not Path(str(db) + ".ingest.lock").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)
        second = run_vnfacts("ingest", str(src), "--db", str(db))
        if proc.poll() is None:
            assert second.returncode == 1 and f"locked by process {proc.pid}" in second.stderr, second.stderr
    finally:
        proc.wait(timeout=300)
    assert proc.returncode == 0


def test_a_killed_ingest_shows_as_interrupted(tmp_path: Path) -> None:
    src = _inputs(tmp_path / "in", 12)
    db = tmp_path / "k.duckdb"
    killed = run_vnfacts("ingest", str(src), "--db", str(db), "--batch-size", "4",
                         env={"VNFACTS_TEST_KILL_AT": "after-commit:1"})
    assert killed.returncode == -signal.SIGKILL
    st = run_vnfacts("stats", "--db", str(db), "--json")
    assert st.returncode == 0, st.stderr
    assert [r["status"] for r in json.loads(st.stdout)["recent_runs"]] == ["interrupted"]


def _stale_run(db: Path) -> None:
    """A store whose run stays marked running with no ingest alive (as after a SIGKILL)."""
    with Store.open(db) as store:
        store.begin_run(["x.txt"], workers=1, batch_size=1)


def test_a_killed_run_is_interrupted_for_every_reader(tmp_path: Path) -> None:
    db = tmp_path / "k.duckdb"
    _stale_run(db)
    with Store.open(db, read_only=True) as store:
        assert store.query("SELECT status FROM runs").column("status").to_pylist() == ["interrupted"]
        assert store.query("SELECT status FROM main.runs").column("status").to_pylist() == ["interrupted"]
        assert [r["status"] for r in store.stats().recent_runs] == ["interrupted"]
    out = _query(db, "SELECT run_id, status FROM runs")
    assert out.exit_code == 0 and "interrupted" in out.output and "running" not in out.output, out.output


def test_a_run_whose_ingest_is_alive_stays_running(tmp_path: Path) -> None:
    import fcntl

    db = tmp_path / "a.duckdb"
    _stale_run(db)
    fd = os.open(str(db) + ".ingest.lock", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # as an ingest between two batches holds it
        with Store.open(db, read_only=True) as store:
            assert store.query("SELECT status FROM runs").column("status").to_pylist() == ["running"]
    finally:
        os.close(fd)


# ---------------------------------------------------------------- workers die with their parent


def _descendants(pid: int) -> set[int]:
    """Live (not zombie) processes whose ancestry leads to `pid`, or that
    were in its process group (orphans are re-parented to init)."""
    out = set()
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        state, pgid = fields[0], int(fields[2])
        if pgid == pid and state != "Z" and int(d.name) != pid:
            out.add(int(d.name))
    return out


def test_no_orphans_after_sigkill_of_an_ingest_with_two_workers(tmp_path: Path) -> None:
    src = _inputs(tmp_path / "in", 400)
    db = tmp_path / "o.duckdb"
    proc = subprocess.Popen([*vnfacts_cmd(), "ingest", str(src), "--db", str(db), "--workers", "2",
                             "--batch-size", "4"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and len(_descendants(proc.pid)) < 2:  # the two workers (and a forkserver where there is no fork)
            time.sleep(0.1)
        assert len(_descendants(proc.pid)) >= 2, "the workers did not start"
        time.sleep(1.0)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 10
        while _descendants(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = _descendants(proc.pid)
    finally:
        for pid in _descendants(proc.pid):  # do not leave them behind if the test fails
            os.kill(pid, signal.SIGKILL)
    assert not left, f"processes still alive after the ingest was killed: {sorted(left)}"


# ---------------------------------------------------------------- time budget


@pytest.mark.parametrize("workers", [1, 2])
def test_an_article_over_the_time_budget_is_rejected_and_the_run_goes_on(tmp_path: Path, workers: int) -> None:
    from vnfacts.pipeline import extract
    extract(_article(0))  # models loaded outside the budget (workers load theirs before their first article)
    src = tmp_path / "in"
    src.mkdir()
    for i in range(6):
        (src / f"a{i}.txt").write_text(_article(i), encoding="utf-8")
    long = "\n".join(_article(i) for i in range(3000))  # about 500 KB: seconds, not a fraction of one
    (src / "a3_long.txt").write_text(long, encoding="utf-8")
    db = tmp_path / "b.duckdb"
    rep = ingest([str(src)], db, IngestOptions(workers=workers, batch_size=3, time_budget=1.0))
    assert rep.run.read == 7 and rep.run.ingested == 6 and rep.run.rejected == 1, rep.run
    [rej] = rep.rejects
    assert rej.path.endswith("a3_long.txt") and "time budget of 1 s" in rej.reason, rej
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM rejects WHERE reason LIKE '%time budget%'").fetchall()[0][0] == 1
    finally:
        con.close()


# ---------------------------------------------------------------- workers: units held ahead


def _forked_workers() -> bool:
    from vnfacts.ingest.local import _pool_context
    return _pool_context().get_start_method() == "fork"


def _slow_inputs(src: Path, names: list[str]) -> None:
    src.mkdir()
    for i, name in enumerate(names):
        (src / f"{name}.txt").write_text(_article(i), encoding="utf-8")


@pytest.mark.skipif(not _forked_workers(), reason="the fault is injected into workers forked from this process")
def test_the_budget_counts_from_when_a_worker_begins_an_article_not_when_it_was_queued(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each worker holds several articles ahead; one of 0.4 s queued behind
    three others begins 1.2 s after it was handed over, and must not be
    rejected by a budget of 1 s. One of 3 s is."""
    import vnfacts.ingest.local as local
    real = local.process

    def slow(unit, ctx):  # runs in the workers (forked from here)
        if unit.path != "-":
            time.sleep(3.0 if "slow" in unit.path else 0.4)
        return real(unit, ctx)

    monkeypatch.setattr(local, "process", slow)
    src = tmp_path / "in"
    _slow_inputs(src, [f"a{i}" for i in range(4)] + ["b_slow"] + [f"c{i}" for i in range(7)])
    rep = ingest([str(src)], tmp_path / "t.duckdb", IngestOptions(workers=2, batch_size=5, time_budget=1.0))
    assert rep.run.read == 12 and rep.run.ingested == 11 and rep.run.rejected == 1, rep
    [rej] = rep.rejects
    assert rej.path.endswith("b_slow.txt") and "time budget of 1 s" in rej.reason, rej


@pytest.mark.skipif(not _forked_workers(), reason="the fault is injected into workers forked from this process")
def test_a_worker_dying_on_an_article_rejects_it_and_its_queued_articles_go_to_another(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import vnfacts.ingest.local as local
    real = local.process

    def crash(unit, ctx):  # runs in the workers (forked from here)
        if "crash" in unit.path:
            os._exit(3)
        return real(unit, ctx)

    monkeypatch.setattr(local, "process", crash)
    src = tmp_path / "in"
    _slow_inputs(src, ["a0", "a1", "b_crash"] + [f"c{i}" for i in range(9)])
    db = tmp_path / "c.duckdb"
    rep = ingest([str(src)], db, IngestOptions(workers=2, batch_size=4))
    assert rep.run.read == 12 and rep.run.ingested == 11 and rep.run.rejected == 1, rep
    [rej] = rep.rejects
    assert rej.path.endswith("b_crash.txt") and "died while reading it (exit code 3" in rej.reason, rej
    con = duckdb.connect(str(db), read_only=True)
    try:
        stored = {r[0].rsplit("/", 1)[1] for r in con.execute("SELECT source FROM articles").fetchall()}
    finally:
        con.close()
    assert stored == {"a0.txt", "a1.txt"} | {f"c{i}.txt" for i in range(9)}
