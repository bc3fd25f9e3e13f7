"""The store's schema version 3: what counts and ratios measure (metric,
modality, unit_class, grade, breakdown), observations and the views on them,
typed dates and times, comments on everything, the upgrade of an existing
store and the atomic migration runner. Articles here are invented."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date, datetime, timezone
from pathlib import Path
from typing import get_args

import duckdb
import pytest
from store_helpers import REPO, SAMPLES, count_at, ratio_at, store_facts
from vnfacts import models
from vnfacts.ingest.local import IngestOptions, ingest
from vnfacts.store import Store, StoreError
from vnfacts.store.rows import iso_days, published_day, published_instant
from vnfacts.store.schema import LATEST, SQL_DIR, migrate

# migration 003's expressions for the typed publication columns, with ? for the text
_PUBLISHED_SQL = re.search(r"published AS published_text,\s*(.*?) AS published,\s*(.*?) AS published_at",
                           (SQL_DIR / "003_metrics.sql").read_text(encoding="utf-8"), re.S)
_PUBLISHED_SQL = (_PUBLISHED_SQL[1] + ", " + _PUBLISHED_SQL[2]).replace("published", "CAST(? AS VARCHAR)")

NINH_THUAN = (
    "Ninh Thuận kết nạp 288 đảng viên\n\n"
    "Năm 2022, Đảng bộ tỉnh Ninh Thuận kết nạp 288 đảng viên, đạt 105% chỉ tiêu; trong đó Đảng bộ huyện "
    "Ninh Phước kết nạp 52 đảng viên. Năm 2023, Đảng bộ tỉnh phấn đấu kết nạp 300 đảng viên. Toàn Đảng bộ "
    "tỉnh Ninh Thuận có 30.000 đảng viên; kết nạp 2 chi bộ mới và khen thưởng 12 tập thể.\n"
)
NINH_THUAN_2 = (
    "Ninh Thuận tổng kết công tác xây dựng Đảng\n\n"
    "Năm 2022, tỉnh Ninh Thuận kết nạp 288 đảng viên và 15 quần chúng ưu tú.\n"
)
BEN_TRE = (
    "Bến Tre kết nạp đảng viên\n\n"
    "Năm 2023, Đảng bộ tỉnh Bến Tre kết nạp 120 đảng viên mới; 100% chi bộ hoàn thành tốt nhiệm vụ.\n"
)
BEN_TRE_2 = (
    "Hai huyện của tỉnh Bến Tre kết nạp đảng viên\n\n"
    "Năm 2023, ở tỉnh Bến Tre, Đảng bộ huyện Ba Tri kết nạp 12 đảng viên, Đảng bộ huyện Chợ Lách kết nạp "
    "12 đảng viên.\n"
)

ADM = dict(predicate="kết nạp", metric="admission", unit_class="member", unit="đảng viên")


def _articles() -> list:
    nt, nt2, bt, bt2 = NINH_THUAN, NINH_THUAN_2, BEN_TRE, BEN_TRE_2
    province = "Đảng bộ tỉnh Ninh Thuận"
    return [
        ("nt1", nt, "2022-12-20T09:30+07:00", [
            count_at(nt, "288 đảng viên", 288, **ADM),                       # title
            count_at(nt, "288 đảng viên", 288, nth=1, period="2022", subject=province, **ADM),  # the same, in the text
            count_at(nt, "52 đảng viên", 52, period="2022", breakdown=True, **ADM),  # a part of it
            count_at(nt, "300 đảng viên", 300, period="2023", modality="target", **ADM),
            count_at(nt, "30.000 đảng viên", 30000, predicate="có", metric="membership", unit_class="member"),
            count_at(nt, "2 chi bộ", 2, predicate="kết nạp", metric="admission", unit_class="organization"),
            count_at(nt, "12 tập thể", 12, predicate="khen thưởng", metric="commendation",
                     unit_class="organization"),
        ], [ratio_at(nt, "105% chỉ tiêu", percent=105, unit="chỉ tiêu", metric="admission", unit_class="other")]),
        ("nt2", nt2, "2023-01-05", [
            count_at(nt2, "288 đảng viên", 288, period="2022", subject=province, **ADM),  # reported again elsewhere
            count_at(nt2, "15 quần chúng ưu tú", 15, period="2022", predicate="kết nạp", metric="admission",
                     unit_class="person", unit="quần chúng ưu tú"),
        ], []),
        ("bt1", bt, "2023-12-30", [count_at(bt, "120 đảng viên", 120, period="2023", **ADM)],
         [ratio_at(bt, "100% chi bộ", percent=100, unit="chi bộ", predicate="hoàn thành tốt nhiệm vụ",
                   period="2023", metric="rating", unit_class="organization", grade="good")]),
        ("bt2", bt2, "2023-12-31", [  # one value, two subjects: two figures
            count_at(bt2, "12 đảng viên", 12, period="2023", subject="Đảng bộ huyện Ba Tri", **ADM),
            count_at(bt2, "12 đảng viên", 12, nth=1, period="2023", subject="Đảng bộ huyện Chợ Lách", **ADM)], []),
    ]


@pytest.fixture(scope="module")
def hand(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("hand") / "hand.duckdb"
    store_facts(db, _articles())
    return db


def _q(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


# ---------------------------------------------------------------- observations and the views on them


def test_a_figure_repeated_in_an_article_and_across_articles_is_one_observation(hand: Path) -> None:
    rows = _q(hand, """SELECT province, year, period, value, articles, mentions, article_id, start, "end", text
                       FROM observations WHERE metric = 'admission' AND value = 288""")
    assert len(rows) == 1
    province, year, period, value, articles, mentions, art, start, end, text = rows[0]
    # the title's mention names no subject and no period (its publication year, 2022): within its
    # article it is the text's figure
    assert (province, year, period, value, articles, mentions) == ("Ninh Thuận", 2022, "2022", 288, 2, 3)
    assert art == "nt1" and start == NINH_THUAN.index("288") and text == "288 đảng viên" and NINH_THUAN[start:end] == text


def test_admissions_hold_no_part_target_stock_or_organization(hand: Path) -> None:
    rows = _q(hand, "SELECT province, year, value, unit_class, articles FROM admissions ORDER BY value, subject")
    assert rows == [("Bến Tre", 2023, 12, "member", 1), ("Bến Tre", 2023, 12, "member", 1),
                    ("Ninh Thuận", 2022, 15, "person", 1), ("Bến Tre", 2023, 120, "member", 1),
                    ("Ninh Thuận", 2022, 288, "member", 2)]
    totals = _q(hand, """SELECT province, year, modality, unit_class, total, largest, figures, articles
                         FROM metrics_by_province_year WHERE metric = 'admission' ORDER BY ALL""")
    assert ("Ninh Thuận", 2022, "actual", "member", 288, 288, 1, 2) in totals  # not 288 + 288 + 52
    assert ("Ninh Thuận", 2023, "target", "member", 300, 300, 1, 1) in totals  # a target stays a target
    assert ("Ninh Thuận", 2022, "actual", "organization", 2, 2, 1, 1) in totals
    assert _q(hand, "SELECT count(*) FROM observations WHERE value = 52") == [(0,)]  # a breakdown


def test_full_ratios_carry_metric_and_grade(hand: Path) -> None:
    rows = _q(hand, "SELECT province, year, text, metric, grade, articles FROM full_ratios")
    assert rows == [("Bến Tre", 2023, "100% chi bộ", "rating", "good", 1)]


def test_report_adds_distinct_admissions(hand: Path) -> None:
    with Store.open(hand, read_only=True) as st:
        parts = dict(st.report())
    title = next(t for t in parts if t.startswith("Admissions"))
    rows = parts[title].to_pylist()
    assert {(r["province"], r["year"], r["admitted"], r["figures"]) for r in rows} == {
        ("Ninh Thuận", "2022", 303, 2), ("Bến Tre", "2023", 144, 3)}


# ---------------------------------------------------------------- typed columns


def test_published_and_date_values_are_typed(hand: Path) -> None:
    arts = dict((r[0], r[1:]) for r in _q(hand, "SELECT id, published, published_at, published_year FROM articles"))
    assert arts["nt1"] == (date(2022, 12, 20), datetime(2022, 12, 20, 2, 30, tzinfo=timezone.utc), 2022)
    assert arts["nt2"] == (date(2023, 1, 5), None, 2023)  # a day without a time: no instant
    con = duckdb.connect(str(hand), read_only=True)
    try:
        for value, first, last in (("2021-05-31", date(2021, 5, 31), date(2021, 5, 31)),
                                   ("2021-02", date(2021, 2, 1), date(2021, 2, 28)),
                                   ("2023-Q1", date(2023, 1, 1), date(2023, 3, 31)),
                                   ("2016", date(2016, 1, 1), date(2016, 12, 31)),
                                   ("2020/2025", date(2020, 1, 1), date(2025, 12, 31)),
                                   ("2020-01/2020-09", date(2020, 1, 1), date(2020, 9, 30)),
                                   ("1931-03-26/2021-03-26", date(1931, 3, 26), date(2021, 3, 26)),
                                   ("2017-13", None, None), ("rác", None, None)):
            got = con.execute("SELECT iso_first_day(?), iso_last_day(?)", [value, value]).fetchall()[0]
            assert got == (first, last) == iso_days(value), value  # the SQL macros and the writer agree
        for value in ("2017-01-06T14:56+07:00", "2017-01-06T14:56", "2017-01-06", "2020-06", "2017-13-45",
                      "23/09/2021 08:00", "2023-05-04T08:00:00Z", "2023-05-04 08:00:00+0700"):
            sql = con.execute(f"SELECT {_PUBLISHED_SQL}", [value] * 3).fetchall()[0]
            assert sql == (published_day(value), published_instant(value)), value
        assert con.execute("SELECT iso_year('2020-01/2020-09'), iso_year('2020/2025')").fetchall() == [(2020, None)]
        types = dict(con.execute("""SELECT table_name || '.' || column_name, data_type FROM duckdb_columns()
                                    WHERE database_name = current_database() AND schema_name = 'main'""").fetchall())
    finally:
        con.close()
    assert types["articles.published"] == "DATE" and types["articles.published_at"] == "TIMESTAMP WITH TIME ZONE"
    assert types["counts.value"] == "BIGINT" and types["ratios.numerator"] == "BIGINT"
    assert types["dates.first_day"] == "DATE" and types["counts.period_first_day"] == "DATE"
    assert types["documents.issued_date"] == "DATE"
    assert types["articles.ingested_at"] == types["runs.started_at"] == "TIMESTAMP WITH TIME ZONE"


def test_closed_value_sets_are_the_models(hand: Path) -> None:
    """The CHECK constraints name exactly the values of the output models' enums."""
    con = duckdb.connect(str(hand), read_only=True)
    try:
        checks = con.execute("""SELECT table_name, constraint_text FROM duckdb_constraints()
                                WHERE constraint_type = 'CHECK' AND database_name = current_database()""").fetchall()
    finally:
        con.close()
    expected = {"metric": models.Metric, "modality": models.Modality, "unit_class": models.UnitClass,
                "grade": models.Grade, "qualifier": models.Qualifier}
    for table in ("counts", "ratios"):
        for col, lit in expected.items():
            text = next(t for tb, t in checks if tb == table and re.search(rf"\b{col} IN", t))
            assert set(re.findall(r"'([^']+)'", text)) == set(get_args(lit)), (table, col)


def test_a_value_outside_a_closed_set_is_refused(tmp_path: Path) -> None:
    with Store.open(tmp_path / "c.duckdb") as st:
        with pytest.raises(duckdb.ConstraintException):
            st.con.execute("""INSERT INTO counts (article_id, idx, start, "end", text, value, qualifier, metric)
                              VALUES ('a', 0, 0, 1, 'x', 1, 'exact', 'admissions')""")


# ---------------------------------------------------------------- comments


def test_every_table_view_and_column_has_a_comment(hand: Path) -> None:
    con = duckdb.connect(str(hand), read_only=True)
    try:
        objects = con.execute("""
            SELECT 'table ' || table_name, comment FROM duckdb_tables()
            WHERE database_name = current_database() AND schema_name = 'main'
            UNION ALL
            SELECT 'view ' || view_name, comment FROM duckdb_views()
            WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal""").fetchall()
        columns = con.execute("""
            SELECT table_name || '.' || column_name, comment FROM duckdb_columns()
            WHERE database_name = current_database() AND schema_name = 'main'""").fetchall()
    finally:
        con.close()
    assert len(objects) >= 25 and len(columns) >= 250
    assert [n for n, c in objects if not c] == []
    assert [n for n, c in columns if not c] == []
    closed = dict(columns)
    for col in ("counts.metric", "counts.modality", "counts.unit_class", "counts.grade", "ratios.metric",
                "observations.metric", "dates.grain", "runs.status"):
        assert "one of" in closed[col], col  # the closed value set is named
    assert all(m in closed["counts.metric"] for m in get_args(models.Metric))


# ---------------------------------------------------------------- upgrading a store


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> Path:
    """corpus/samples ingested at the current schema version."""
    db = tmp_path_factory.mktemp("ref3") / "ref.duckdb"
    r = ingest([str(SAMPLES)], db, IngestOptions(sidecar=True))
    assert r.run.rejected == 0 and r.run.ingested >= 20
    return db


_TIMES = {"ingested_at", "started_at", "finished_at", "rejected_at"}


def _v2_select(table: str, columns: list[str]) -> str:
    """The reference store's rows in the shape of schema version 2."""
    out = []
    for c in columns:
        q = f'"{c}"'
        if table == "articles" and c == "published":
            out.append("published_text AS published")
        elif c in _TIMES:
            out.append(f"CAST(timezone('UTC', {q}) AS TIMESTAMP) AS {q}")
        else:
            out.append(q)
    return ", ".join(out)


def test_a_version_2_store_upgrades_without_losing_a_row(tmp_path: Path, reference: Path) -> None:
    old = tmp_path / "v2.duckdb"
    con = duckdb.connect(str(old))
    assert migrate(con, upto=2) == [1, 2]
    tables = [r[0] for r in con.execute("""SELECT table_name FROM duckdb_tables()
                                           WHERE database_name = current_database() AND table_name <> 'schema_migrations'
                                           ORDER BY 1""").fetchall()]
    cols = {t: [r[0] for r in con.execute(f"SELECT column_name FROM duckdb_columns() WHERE table_name = '{t}' "
                                          "AND database_name = current_database() ORDER BY column_index").fetchall()]
            for t in tables}
    # an ingest at version 2: the reference rows, written in version 2's shape
    con.execute(f"ATTACH '{reference}' AS ref (READ_ONLY)")
    for t in tables:
        con.execute(f"INSERT INTO main.{t} BY NAME SELECT {_v2_select(t, cols[t])} FROM ref.{t}")
    con.execute("DETACH ref")
    before = {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}
    con.close()
    assert sum(len(v) for v in before.values()) > 500 and before["counts"] and before["runs"]

    with Store.open(old) as st:  # opening it for writing applies migration 3
        assert st.schema_version == LATEST >= 3
        con = st.con
        for t in tables:
            sel = ", ".join(
                "published_text AS published" if (t, c) == ("articles", "published")
                else f"CAST(timezone('UTC', \"{c}\") AS TIMESTAMP)" if c in _TIMES
                else f'CAST("{c}" AS DOUBLE)' if t in ("counts", "ratios") and c in ("value", "numerator", "denominator")
                else f'"{c}"' for c in cols[t])
            after = sorted(con.execute(f"SELECT {sel} FROM {t}").fetchall(), key=repr)
            assert after == before[t], t
        # the new columns: the metric defaults, and the typed values a fresh ingest computes
        assert con.execute("SELECT DISTINCT metric, modality, breakdown FROM counts").fetchall() == \
            [("other", "actual", False)]
        con.execute(f"ATTACH '{reference}' AS ref (READ_ONLY)")
        for t, c in (("articles", "id, published, published_at, published_year, ingested_at"),
                     ("dates", "article_id, idx, first_day, last_day"),
                     ("documents", "article_id, idx, issued_date"),
                     ("counts", "article_id, idx, value, period_first_day, period_last_day")):
            mine = con.execute(f"SELECT {c} FROM main.{t} ORDER BY ALL").fetchall()
            theirs = con.execute(f"SELECT {c} FROM ref.{t} ORDER BY ALL").fetchall()
            assert mine == theirs, t
        con.execute("DETACH ref")
        assert con.execute("SELECT count(*) FROM observations").fetchall()[0][0] > 0
    # and it takes new articles
    p = tmp_path / "new.txt"
    p.write_text(BEN_TRE, encoding="utf-8")
    r = ingest([str(p)], old)
    assert r.run.ingested == 1


# ---------------------------------------------------------------- the migration runner is atomic


_KILL_IN_MIGRATION_1 = """
import os, signal, sys
import duckdb
import vnfacts.store.schema as schema

real_connect = duckdb.connect

def connect(*args, **kwargs):
    con = real_connect(*args, **kwargs)
    con.create_function("vnfacts_test_kill", lambda: os.kill(os.getpid(), signal.SIGKILL), [], "BIGINT",
                        side_effects=True)
    return con

duckdb.connect = connect
shipped = schema.migrations()
first = shipped[0]
schema.migrations = lambda: [schema.Migration(first.version, first.name,
                                              first.sql + "\\n;SELECT vnfacts_test_kill();"), *shipped[1:]]
from vnfacts.store import Store
Store.open(sys.argv[1])
"""


def test_a_new_store_killed_while_it_is_created_opens_as_a_new_store(tmp_path: Path) -> None:
    """SIGKILL in the middle of migration 1 of a new store: opened again, it
    is a vnfacts store, not "a DuckDB database that is not a vnfacts store"."""
    db = tmp_path / "k.duckdb"
    proc = subprocess.run([sys.executable, "-c", _KILL_IN_MIGRATION_1, str(db)], capture_output=True, text=True,
                          timeout=120, cwd=str(REPO), env=dict(os.environ))
    assert proc.returncode == -9, proc.stderr
    assert db.exists()
    with Store.open(db) as st:
        assert st.schema_version == LATEST
    with Store.open(db, read_only=True) as st:
        assert st.query("SELECT count(*) AS n FROM articles").column(0)[0].as_py() == 0


def test_a_failing_migration_leaves_the_store_at_its_version(tmp_path: Path, monkeypatch) -> None:
    import vnfacts.store.schema as schema
    db = tmp_path / "f.duckdb"
    store_facts(db, _articles()[2:3])
    shipped = schema.migrations()
    broken = schema.Migration(LATEST + 1, "broken", "ALTER TABLE counts ADD COLUMN x INTEGER; SELECT * FROM nope;")
    monkeypatch.setattr(schema, "migrations", lambda: [*shipped, broken])
    monkeypatch.setattr("vnfacts.store.db.LATEST", LATEST + 1)
    with pytest.raises(StoreError, match="cannot apply the schema"):
        Store.open(db)
    monkeypatch.undo()
    with Store.open(db, read_only=True) as st:
        assert st.schema_version == LATEST
        assert "x" not in st.query("SELECT * FROM counts LIMIT 0").column_names
        assert st.query("SELECT count(*) AS n FROM admissions").column(0)[0].as_py() == 1


def test_describe_prints_the_dictionary(hand: Path) -> None:
    from click.testing import CliRunner
    from vnfacts.cli import main
    r = CliRunner().invoke(main, ["describe", "admissions", "--db", str(hand)])
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("admissions (view): People admitted to the Party")
    assert "article_ids" in r.stdout and "counts (table)" not in r.stdout
    md = CliRunner().invoke(main, ["describe", "--format", "markdown", "--db", str(hand)])
    assert md.stdout.count("<details>") >= 25 and "| `metric` | VARCHAR |" in md.stdout
    bad = CliRunner().invoke(main, ["describe", "nope", "--db", str(hand)])
    assert bad.exit_code == 1 and "no table or view named nope" in bad.stderr


def test_a_count_joins_one_subject_body(tmp_path: Path) -> None:
    """count_facts keeps one row per count even when an article's bodies of
    one canonical name carry two keys."""
    db = tmp_path / "s.duckdb"
    store_facts(db, _articles()[:1])
    with Store.open(db) as st:
        for idx, key in ((90, "a @ x"), (91, "b @ x")):
            st.con.execute("""INSERT INTO bodies (article_id, idx, start, "end", text, canonical, body_key)
                              VALUES ('nt1', ?, 0, 1, 'N', 'Đảng bộ tỉnh Ninh Thuận', ?)""", [idx, key])
        n_counts = st.con.execute("SELECT count(*) FROM counts").fetchall()[0][0]
        assert st.con.execute("SELECT count(*) FROM count_facts").fetchall()[0][0] == n_counts
        keys = st.con.execute("SELECT DISTINCT subject_key FROM count_facts WHERE subject IS NOT NULL").fetchall()
    assert keys == [("a @ x",)]
