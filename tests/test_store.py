"""The fact store itself: schema migrations, canonical documents and bodies
across articles, the views, and the query/stats/report commands (read-only,
locked database, output formats). Articles here are invented."""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from store_helpers import ALL_TABLES, SAMPLES, row_counts
from vnfacts.cli import main
from vnfacts.ingest.local import ingest
from vnfacts.pipeline.canonicalize import _body_key as body_key  # the key rules, tested on their own
from vnfacts.pipeline.canonicalize import _doc_key as doc_key
from vnfacts.store import Store, StoreError
from vnfacts.store.schema import LATEST, migrations
from vnfacts.store.version import content_hash
from vnfacts.text.gazetteer import province_from_url

BEN_TRE_1 = (
    "Đảng ủy Khối các cơ quan tỉnh Bến Tre sơ kết Nghị quyết\n\n"
    "Ngày 10/6/2017, Đảng ủy Khối các cơ quan tỉnh Bến Tre sơ kết Nghị quyết số 03-NQ/ĐUK ngày 04/01/2016 "
    "của Ban Chấp hành Đảng bộ Khối. Năm 2016, Đảng bộ Khối kết nạp 120 đảng viên mới; "
    "67/67 tổ chức cơ sở đảng học tập Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị.\n"
)
BEN_TRE_2 = (
    "Đảng ủy Khối các cơ quan tỉnh Bến Tre tổng kết năm 2018\n\n"
    "Năm 2018, Đảng ủy Khối các cơ quan tỉnh Bến Tre tiếp tục thực hiện Nghị quyết số 03-NQ/ĐUK ngày 04/01/2016 "
    "và Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị; toàn Đảng bộ kết nạp 98 đảng viên mới.\n"
)
LONG_AN = (
    "Đảng ủy Khối các cơ quan tỉnh Long An sơ kết Nghị quyết\n\n"
    "Năm 2018, Đảng ủy Khối các cơ quan tỉnh Long An sơ kết Nghị quyết số 03-NQ/ĐUK ngày 10/02/2016 "
    "và Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị; kết nạp 75 đảng viên mới.\n"
)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("store")
    for name, text in (("bt1.txt", BEN_TRE_1), ("bt2.txt", BEN_TRE_2), ("la.txt", LONG_AN)):
        (d / name).write_text(text, encoding="utf-8")
    path = d / "facts.duckdb"
    r = ingest([str(d / "bt1.txt"), str(d / "bt2.txt"), str(d / "la.txt"), str(SAMPLES)], path)
    assert r.run.rejected == 0
    return path


def _q(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


# ---------------------------------------------------------------- schema


def test_migrations_are_recorded_once(tmp_path: Path) -> None:
    path = tmp_path / "m.duckdb"
    with Store.open(path) as s:
        assert s.schema_version == LATEST
    with Store.open(path) as s:  # reopening applies nothing again
        rows = s.con.execute("SELECT version, name FROM schema_migrations ORDER BY version").fetchall()
    assert rows == [(m.version, m.name) for m in migrations()]
    assert set(row_counts(path)) == set(ALL_TABLES)


def test_a_store_from_a_newer_vnfacts_or_another_database_is_refused(tmp_path: Path) -> None:
    newer = tmp_path / "newer.duckdb"
    with Store.open(newer) as s:
        s.con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, 'future')", [LATEST + 1])
    with pytest.raises(StoreError, match="newer vnfacts"):
        Store.open(newer)
    other = tmp_path / "other.duckdb"
    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE t (x INTEGER)")
    con.close()
    with pytest.raises(StoreError, match="not a vnfacts store"):
        Store.open(other)
    with pytest.raises(StoreError, match="not a vnfacts store"):
        Store.open(other, read_only=True)
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(b"hello, not a database" * 500)
    with pytest.raises(StoreError, match="junk.duckdb"):
        Store.open(junk)


def test_pipeline_version_changes_with_the_rules(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "counts.yaml").write_text("rules: []\n", encoding="utf-8")
    pkg = Path(__file__).resolve().parents[1] / "extract"
    before = content_hash(rules, pkg)
    assert content_hash(rules, pkg) == before
    (rules / "counts.yaml").write_text("rules: [] # changed\n", encoding="utf-8")
    assert content_hash(rules, pkg) != before


# ---------------------------------------------------------------- canonical documents and bodies


def test_same_document_of_the_same_issuer_is_one_canonical_row(db: Path) -> None:
    rows = _q(db, """SELECT dc.label, count(DISTINCT d.article_id) FROM documents d
                     JOIN documents_canonical dc USING (doc_key) JOIN articles a ON a.id = d.article_id
                     WHERE d.number IN ('03-NQ/ĐUK', '05-CT/TW') AND regexp_matches(a.source, '(bt1|bt2|la)[.]txt$')
                     GROUP BY ALL ORDER BY 1""")
    assert rows == [("chỉ thị 05-CT/TW (TW, 2016)", 3),       # central: one document for all provinces
                    ("nghị quyết 03-NQ/ĐUK (Bến Tre, 2016)", 2),  # same number, same issuer: one
                    ("nghị quyết 03-NQ/ĐUK (Long An, 2016)", 1)]  # another province's Đảng ủy Khối: another


def test_an_undated_mention_resolves_to_the_one_dated_document(db: Path) -> None:
    undated = _q(db, """SELECT DISTINCT m.doc_key, m.resolved_key FROM document_mentions m
                        WHERE m.number = '05-CT/TW' AND m.issued IS NULL""")
    assert undated and all(k.endswith("|?") for k, _ in undated)  # the samples cite it without a date
    assert {r for _, r in undated} == {"chỉ thị|5-CT/TW||tw|2016"}
    cited = _q(db, "SELECT articles FROM document_citations WHERE label = 'chỉ thị 05-CT/TW (TW, 2016)'")[0][0]
    dated = _q(db, "SELECT count(DISTINCT article_id) FROM documents WHERE doc_key = 'chỉ thị|5-CT/TW||tw|2016'")[0][0]
    assert cited > dated  # the undated citations count for the dated document
    # without a unique dated document an undated mention stays on its own
    ambiguous = _q(db, """SELECT count(*) FROM document_resolution r JOIN documents_canonical dc USING (doc_key)
                          WHERE dc.number = '03-NQ/ĐUK' AND r.resolved_key <> r.doc_key""")
    assert ambiguous == [(0,)]


def test_document_keys() -> None:
    a = doc_key("nghị quyết", "03-NQ/ĐUK", None, "Đảng ủy Khối", "2016-01-04", "x", "Bến Tre")
    b = doc_key("Nghị quyết", "3-NQ/ĐUK", None, None, "2016-01-29", "y", "Bến Tre")
    c = doc_key("nghị quyết", "03-NQ/ĐUK", None, "Đảng ủy Khối", "2021-03-01", "x", "Bến Tre")
    assert a.doc_key == b.doc_key  # type case, padding zeros and the day do not matter
    assert a.doc_key != c.doc_key  # numbering restarts: another year is another document
    tw = doc_key("chỉ thị", "05-CT/TW", None, None, None, "Chỉ thị số 05-CT/TW", "Bến Tre")
    assert tw.scope == "TW" and tw == doc_key("chỉ thị", "05-CT/TW", None, None, None, "z", "Long An")
    bare = doc_key("chỉ thị", "05", None, "Bộ Chính trị", None, "Chỉ thị 05", None)
    assert bare.scope == "TW" and bare.issuer == "Bộ Chính trị"
    assert bare.doc_key != doc_key("chỉ thị", "05", None, "Tỉnh ủy", None, "Chỉ thị 05", "Long An").doc_key
    plenum = doc_key("nghị quyết", None, "Hội nghị Trung ương 4 khóa XII", None, None, "x", "Bến Tre")
    assert plenum.scope == "TW" and plenum.label == "nghị quyết Hội nghị Trung ương 4 khóa XII"
    local = doc_key("nghị quyết", None, "Đại hội Đảng bộ tỉnh lần thứ X", None, None, "x", "Bến Tre")
    assert local.scope == "Bến Tre"
    state = doc_key("nghị quyết", "31/2019/NQ-HĐND", None, None, None, "x", "Hòa Bình")
    assert state.issued_year == 2019


def test_body_keys() -> None:
    assert body_key("Bộ Chính trị", "Bến Tre") == body_key("Bộ Chính trị", "Long An")
    assert body_key("Tỉnh ủy", "Bến Tre") != body_key("Tỉnh ủy", "Long An")
    assert body_key("Tỉnh ủy", "Bến Tre").label == "Tỉnh ủy (Bến Tre)"
    named = body_key("Đảng ủy Khối các cơ quan tỉnh Bến Tre", "Long An")
    assert named.province == "Bến Tre" and named.label == "Đảng ủy Khối các cơ quan tỉnh Bến Tre"
    assert body_key("Đảng ủy Các cơ quan tỉnh", "Bắc Giang").body_key == \
        body_key("Đảng ủy các cơ quan  tỉnh", "Bắc Giang").body_key
    assert province_from_url("https://baoninhthuan.com.vn/news/1.htm") == "Ninh Thuận"
    assert province_from_url("https://dangcongsan.vn/a.html") is None


def test_bodies_join_across_articles(db: Path) -> None:
    rows = _q(db, """SELECT bc.label, count(DISTINCT b.article_id) FROM bodies b JOIN bodies_canonical bc
                     USING (body_key) WHERE bc.label LIKE 'Đảng ủy Khối các cơ quan tỉnh %' GROUP BY ALL ORDER BY 1""")
    assert ("Đảng ủy Khối các cơ quan tỉnh Bến Tre", 2) in rows and ("Đảng ủy Khối các cơ quan tỉnh Long An", 1) in rows


def test_views_answer_the_usual_questions(db: Path) -> None:
    counts = _q(db, "SELECT province, year, value FROM count_facts WHERE predicate = 'kết nạp' "
                    "AND province IN ('Bến Tre', 'Long An') AND year IN (2016, 2018) ORDER BY 1, 2")
    assert counts == [("Bến Tre", 2016, 120), ("Bến Tre", 2018, 98), ("Long An", 2018, 75)]
    top = _q(db, "SELECT label FROM top_documents LIMIT 1")
    assert top == [("chỉ thị 05-CT/TW (TW, 2016)",)]
    full = _q(db, "SELECT text FROM full_ratios WHERE province = 'Bến Tre'")
    assert ("67/67 tổ chức cơ sở đảng",) in full
    years = dict(_q(db, "SELECT year, articles FROM articles_per_year"))
    assert sum(years.values()) == _q(db, "SELECT count(*) FROM articles")[0][0]


# ---------------------------------------------------------------- query / stats / report


def test_query_formats(db: Path, tmp_path: Path) -> None:
    r = CliRunner()
    sql = "SELECT name, roles FROM persons WHERE cardinality(roles) > 1 ORDER BY name LIMIT 2"
    table = r.invoke(main, ["query", sql, "--db", str(db)])
    assert table.exit_code == 0, table.output
    assert table.stdout.splitlines()[0].split() == ["name", "roles"] and "(2 rows)" in table.stdout
    js = r.invoke(main, ["query", sql, "--db", str(db), "--format", "json"])
    data = json.loads(js.stdout)
    assert len(data) == 2 and isinstance(data[0]["roles"], list)
    csv_out = r.invoke(main, ["query", "SELECT 1 AS a, NULL AS b, 'x,y' AS c", "--db", str(db), "--format", "csv"])
    assert csv_out.stdout.splitlines() == ["a,b,c", '1,,"x,y"']
    out = tmp_path / "counts.parquet"
    pqr = r.invoke(main, ["query", "SELECT * FROM counts", "--db", str(db), "--format", "parquet", "--out", str(out)])
    assert pqr.exit_code == 0, pqr.output
    assert pq.read_table(out).num_rows == _q(db, "SELECT count(*) FROM counts")[0][0]
    no_out = r.invoke(main, ["query", "SELECT 1", "--db", str(db), "--format", "parquet"])
    assert no_out.exit_code == 2 and "--out" in no_out.output


def test_query_refuses_writes_with_a_clear_message(db: Path) -> None:
    n = _q(db, "SELECT count(*) FROM articles")[0][0]
    for sql in ("DELETE FROM articles", "INSERT INTO runs (run_id) VALUES (99)", "DROP TABLE counts",
                "CREATE TABLE t (x INTEGER)"):
        res = CliRunner().invoke(main, ["query", sql, "--db", str(db)])
        assert res.exit_code == 1, (sql, res.output)
        lines = res.stderr.strip().splitlines()
        assert len(lines) == 1 and "read-only" in lines[0] and "Traceback" not in res.output, res.stderr
    assert _q(db, "SELECT count(*) FROM articles")[0][0] == n


def test_query_errors_are_one_line(db: Path, tmp_path: Path) -> None:
    r = CliRunner()
    bad = r.invoke(main, ["query", "SELECT * FROM nope", "--db", str(db)])
    assert bad.exit_code == 1 and bad.stderr.startswith("Error: SQL error:") and len(bad.stderr.splitlines()) == 1
    missing = r.invoke(main, ["query", "SELECT 1", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 1 and "no such database" in missing.stderr
    assert not (tmp_path / "none.duckdb").exists()


def test_locked_database_gets_a_message_not_a_traceback(db: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Another process holds the store open for writing (as a running ingest
    does while it commits), longer than a reader waits for it."""
    monkeypatch.setenv("VNFACTS_LOCK_WAIT", "0.5")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('ok', flush=True); "
                               "time.sleep(120)", str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ok"
        r = CliRunner()
        for args in (["query", "SELECT 1"], ["stats"], ["report"], ["ingest", str(SAMPLES / "s01.txt")]):
            res = r.invoke(main, [*args, "--db", str(db)])
            assert res.exit_code == 1, (args, res.output)
            assert "Traceback" not in res.output
            line = res.stderr.strip()
            assert len(line.splitlines()) == 1
            assert f"locked by process {holder.pid}" in line and "ingest still running" in line, line
    finally:
        holder.kill()
        holder.wait()
    time.sleep(0.1)
    assert CliRunner().invoke(main, ["query", "SELECT 1", "--db", str(db)]).exit_code == 0


def test_stats_and_report(db: Path) -> None:
    r = CliRunner()
    st = r.invoke(main, ["stats", "--db", str(db)])
    assert st.exit_code == 0, st.output
    n = _q(db, "SELECT count(*) FROM articles")[0][0]
    assert f"articles   {n}" in st.stdout and "(current)" in st.stdout and "Recent runs:" in st.stdout
    js = json.loads(r.invoke(main, ["stats", "--db", str(db), "--json"]).stdout)
    assert js["articles"] == n and js["facts"]["counts"] == _q(db, "SELECT count(*) FROM counts")[0][0]
    assert js["runs"] == 1 and js["rejects"] == 0
    rep = r.invoke(main, ["report", "--db", str(db)])
    assert rep.exit_code == 0, rep.output
    for title in ("Articles per year", "Most cited documents", "Admissions per province and year",
                  "Units reporting 100%"):
        assert title in rep.stdout
    assert "chỉ thị 05-CT/TW (TW, 2016)" in rep.stdout and "Bến Tre" in rep.stdout


def test_a_writer_can_run_duckdb_on_one_thread(tmp_path: Path) -> None:
    with Store.open(tmp_path / "t.duckdb", threads=1) as st:
        assert st.query("SELECT current_setting('threads') AS n").column(0)[0].as_py() == 1
    with Store.open(tmp_path / "t.duckdb", read_only=True) as st:
        assert st.query("SELECT current_setting('threads') AS n").column(0)[0].as_py() >= 1


def test_a_writer_lets_duckdbs_allocator_give_back_what_a_batch_freed(tmp_path: Path) -> None:
    """jemalloc's background threads purge the pages a batch freed while the
    next articles are extracted (without them a writer's memory grew batch
    after batch); a reader's connection is left as DuckDB sets it."""
    with Store.open(tmp_path / "t.duckdb") as st:
        known = st.query("SELECT count(*) FROM duckdb_settings() WHERE name = 'allocator_background_threads'")
        if not known.column(0)[0].as_py():
            pytest.skip("this DuckDB has no allocator_background_threads")
        got = st.query("SELECT current_setting('allocator_background_threads') AS on_")
        assert got.column(0)[0].as_py() is True


def test_each_batch_writes_its_own_row_groups_in_a_store_with_small_blocks(tmp_path: Path) -> None:
    """A batch's checkpoint must not merge (rewrite) the row groups earlier
    batches wrote: that made every batch cost more the larger the store."""
    from vnfacts.ingest.local import IngestOptions
    for i, text in enumerate((BEN_TRE_1, BEN_TRE_2, LONG_AN)):
        (tmp_path / f"a{i}.txt").write_text(text, encoding="utf-8")
    db = tmp_path / "rg.duckdb"
    r = ingest([str(tmp_path / f"a{i}.txt") for i in range(3)], db, IngestOptions(batch_size=1))
    assert r.run.ingested == 3
    from vnfacts.store.db import NEW_BLOCK_SIZE
    assert _q(db, "SELECT block_size FROM pragma_database_size()")[0][0] == NEW_BLOCK_SIZE == 32768
    groups = "SELECT count(DISTINCT row_group_id) FROM pragma_storage_info('{t}')"
    assert _q(db, groups.format(t="stored_articles"))[0][0] == 3
    assert _q(db, groups.format(t="dates"))[0][0] == 3
    # and the store reads as before
    assert _q(db, "SELECT count(*) FROM articles")[0][0] == 3


# ---------------------------------------------------------------- the article text stored once (migration 007)
# (rows in stored_articles, body_text read through the view articles)

# a body that is one stretch of the text, one with a chrome line left out between its lines, an empty one
_BODIES = [("a1", "Tiêu đề bài\nDòng một.\nDòng hai.", "Dòng một.\nDòng hai.", (12, 31, None)),
           ("a2", "Tiêu đề\nDòng một.\nẢnh: minh họa\nDòng hai.", "Dòng một.\nDòng hai.",
            (None, None, "Dòng một.\nDòng hai.")),
           ("a3", "Chỉ một dòng tiêu đề", "", (0, 0, None))]


def test_body_text_is_kept_as_offsets_when_it_is_a_stretch_of_the_text_and_reads_back_the_same(tmp_path: Path) -> None:
    from vnfacts.models import Article, ExtractionResult
    from vnfacts.store import ArticleRecord, Batch, article_rows
    from vnfacts.store.rows import body_span
    for _, text, body, kept in _BODIES:
        assert body_span(text, body) == kept
    rows = [article_rows(ArticleRecord(ExtractionResult(
        source=f"{i}.txt", article=Article(id=i, source=f"{i}.txt", body_text=body)), text))
        for i, text, body, _ in _BODIES]
    with Store.open(tmp_path / "b.duckdb") as st:
        run = st.begin_run(["x"], workers=1, batch_size=3)
        st.write_batch(run, Batch.of(rows, n_read=3))
        got = st.con.execute("SELECT id, body_text, body_start, body_end, body_lines FROM articles "
                             "JOIN stored_articles USING (id) ORDER BY id").fetchall()
    assert got == [(i, body, *kept) for i, _, body, kept in _BODIES]


def test_migration_007_keeps_every_body_text(tmp_path: Path) -> None:
    from vnfacts.store.schema import migrate
    path = tmp_path / "v6.duckdb"
    con = duckdb.connect(str(path))
    migrate(con, upto=6)
    for i, text, body, _ in _BODIES + [("a4", "Không có thân bài", None, None)]:
        con.execute("INSERT INTO articles (id, source, text, body_text, pipeline_version, ingested_at) "
                    "VALUES (?, 'x', ?, ?, 'v', now())", [i, text, body])
    con.close()
    with Store.open(path) as st:  # applies 007
        assert st.schema_version >= 7
        got = st.con.execute("SELECT id, body_text, body_start, body_end, body_lines FROM articles "
                             "JOIN stored_articles USING (id) ORDER BY id").fetchall()
    assert got == [(i, body, *kept) for i, _, body, kept in _BODIES] + [("a4", None, None, None, None)]
