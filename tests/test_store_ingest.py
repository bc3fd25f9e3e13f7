"""Batch ingestion into the fact store: idempotence, crash recovery (SIGKILL),
bad inputs in a batch with good ones, HTML and JSONL inputs, workers.
Articles written here are invented; ../shared texts are read in place."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from datetime import date, datetime, timezone
from pathlib import Path

import duckdb
import pytest
from store_helpers import (
    ALL_TABLES,
    SAMPLES,
    assert_accounted,
    contents,
    row_counts,
    run_vnfacts,
    runs,
    vnfacts_cmd,
)
from vnfacts.ingest.local import IngestOptions, ingest

ARTICLE = (
    "Huyện ủy Đắk Mil sơ kết công tác phát triển đảng viên\n\n"
    "Ngày 15/3/2021, Huyện ủy Đắk Mil tổ chức hội nghị sơ kết. Trong quý I năm 2021, "
    "toàn huyện kết nạp 50 đảng viên mới, đạt 120% chỉ tiêu; 45/46 chi bộ hoàn thành tốt nhiệm vụ.\n"
)
OTHER = (
    "Đảng ủy xã Tân Lập tổng kết năm 2022\n\n"
    "Năm 2022, Đảng ủy xã Tân Lập kết nạp 12 đảng viên mới; 100% chi bộ hoàn thành nhiệm vụ.\n"
)


def _article(i: int) -> str:
    return (f"Đảng bộ xã Số {i} tổng kết công tác xây dựng Đảng\n\n"
            f"Năm 2022, Đảng bộ xã Số {i} kết nạp {i + 3} đảng viên mới, đạt {100 + i}% chỉ tiêu.\n")


# ---------------------------------------------------------------- idempotence


def test_seeds_and_devset_twice_give_identical_row_counts(tmp_path: Path, shared_dir: Path) -> None:
    db = tmp_path / "s.duckdb"
    inputs = [str(shared_dir / "seeds"), str(shared_dir / "devset")]
    first = ingest(inputs, db)
    assert first.run.read == first.run.ingested + first.run.duplicate + first.run.rejected
    assert first.run.rejected == 0 and first.run.ingested > 0
    before = row_counts(db)
    data = contents(db)
    second = ingest(inputs, db)
    after = row_counts(db)
    assert second.run.read == first.run.read
    assert second.run.ingested == 0 and second.run.duplicate == first.run.read
    assert {t: n for t, n in after.items() if t != "runs"} == {t: n for t, n in before.items() if t != "runs"}
    assert after["runs"] == before["runs"] + 1
    assert contents(db) == data
    assert_accounted(db)


def test_every_fact_span_is_its_text_in_the_stored_article(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    ingest([str(SAMPLES)], db)
    con = duckdb.connect(str(db), read_only=True)
    bad = con.execute("""SELECT f.type, f.text, substr(a.text, f.start + 1, f."end" - f.start)
                         FROM facts f JOIN articles a ON a.id = f.article_id
                         WHERE substr(a.text, f.start + 1, f."end" - f.start) <> f.text""").fetchall()
    n = con.execute("SELECT count(*) FROM facts").fetchall()[0][0]
    con.close()
    assert n > 100
    assert bad == []


def test_duplicate_text_in_one_run_is_stored_once(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE.replace("\n", "\r\n"), encoding="utf-8")  # same normalized text
    db = tmp_path / "s.duckdb"
    r = ingest([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")], db)
    assert (r.run.read, r.run.ingested, r.run.duplicate) == (2, 1, 1)
    assert row_counts(db)["articles"] == 1


def test_new_pipeline_version_replaces_the_facts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    db = tmp_path / "s.duckdb"
    ingest([str(p)], db)
    before = contents(db)
    monkeypatch.setattr("vnfacts.store.db.PIPELINE_VERSION", "9.9.9+rules-changed")
    r = ingest([str(p)], db)
    assert (r.run.ingested, r.run.replaced, r.run.duplicate) == (1, 1, 0)
    after = contents(db)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT pipeline_version FROM articles").fetchall() == [("9.9.9+rules-changed",)]
    con.close()
    # the same facts, once: nothing doubled, nothing left from the old version
    assert {t: v for t, v in after.items() if t != "articles"} == {t: v for t, v in before.items() if t != "articles"}
    r = ingest([str(p)], db)  # and now it is a duplicate again
    assert (r.run.ingested, r.run.duplicate) == (0, 1)


# ---------------------------------------------------------------- crash recovery


@pytest.fixture(scope="module")
def reference_db(tmp_path_factory) -> Path:
    """corpus/samples ingested in one uninterrupted run."""
    db = tmp_path_factory.mktemp("ref") / "ref.duckdb"
    r = ingest([str(SAMPLES)], db, IngestOptions(batch_size=5))
    assert r.run.rejected == 0 and r.run.ingested >= 20
    return db


@pytest.mark.parametrize("point", ["after-commit:2", "before-commit:3"])
def test_sigkill_then_rerun_equals_an_uninterrupted_run(tmp_path: Path, reference_db: Path, point: str) -> None:
    db = tmp_path / "k.duckdb"
    args = ["ingest", str(SAMPLES), "--db", str(db), "--batch-size", "5"]
    killed = run_vnfacts(*args, env={"VNFACTS_TEST_KILL_AT": point})
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    # what was committed before the kill is there, the batch in flight is not
    stored = row_counts(db)["articles"]
    assert stored == 10, stored
    again = run_vnfacts(*args)
    assert again.returncode == 0, again.stderr
    assert contents(db) == contents(reference_db)
    history = runs(db)
    assert [r["status"] for r in history] == ["interrupted", "completed"]
    last = history[-1]
    assert last["n_duplicate"] == 10 and last["n_ingested"] == last["n_read"] - 10
    assert_accounted(db)


def _stored_so_far(db: Path) -> int:
    try:
        return row_counts(db, ("articles",))["articles"]
    except duckdb.Error:  # not created yet, or held by the ingest while it commits
        return 0


def test_sigkill_from_outside_midway_then_rerun(tmp_path: Path, reference_db: Path) -> None:
    """A real external SIGKILL at whatever point the ingest has reached after
    its first commit; the re-run still completes to the same store."""
    db = tmp_path / "x.duckdb"
    args = ["ingest", str(SAMPLES), "--db", str(db), "--batch-size", "3"]
    proc = subprocess.Popen([*vnfacts_cmd(), *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={k: v for k, v in os.environ.items() if k != "VNFACTS_TEST_KILL_AT"})
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if _stored_so_far(db) >= 3:  # some batches are committed (readers see them during the ingest)
                break
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    stored = row_counts(db)["articles"]
    assert 0 < stored < 25, stored  # killed midway
    again = run_vnfacts(*args)
    assert again.returncode == 0, again.stderr
    assert contents(db) == contents(reference_db)
    assert [r["status"] for r in runs(db)] == ["interrupted", "completed"]
    assert_accounted(db)


def test_two_workers_store_the_same_facts_as_one(tmp_path: Path, reference_db: Path) -> None:
    db = tmp_path / "w.duckdb"
    r = ingest([str(SAMPLES)], db, IngestOptions(workers=2, batch_size=7))
    assert r.run.rejected == 0
    assert contents(db) == contents(reference_db)


# ---------------------------------------------------------------- bad inputs


def _cp1258(s: str) -> bytes:
    import unicodedata
    out = bytearray()
    tones = {"\u0300": 0xCC, "\u0301": 0xEC, "\u0303": 0xDE, "\u0309": 0xD2, "\u0323": 0xF2}
    for ch in unicodedata.normalize("NFD", s):
        if ch in tones:
            out.append(tones[ch])
        else:
            try:
                out += unicodedata.normalize("NFC", ch).encode("cp1258")
            except UnicodeEncodeError:
                out += b"?"
    return bytes(out)


def test_bad_inputs_are_rejected_with_reasons_and_the_rest_lands(tmp_path: Path) -> None:
    d = tmp_path / "batch"
    d.mkdir()
    (d / "01-good.txt").write_text(ARTICLE, encoding="utf-8")
    (d / "02-empty.txt").write_bytes(b"")
    (d / "03-binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    (d / "04-cp1258.txt").write_bytes(_cp1258(OTHER))
    (d / "05-utf16.txt").write_bytes(OTHER.encode("utf-16"))  # with BOM: read
    lines = [json.dumps({"url": "https://example.vn/a", "title": None, "published": "2021-03-16",
                         "text": _article(1)}, ensure_ascii=False),
             '{"url": "https://example.vn/b", "text": "Năm 2022 kết nạp',  # cut off
             json.dumps({"url": "https://example.vn/c", "published": "2022-12-30", "text": _article(2)},
                        ensure_ascii=False)]
    (d / "06-scraped.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    html = ("<html><head><title>Đảng bộ xã Số 7 kết nạp 10 đảng viên</title>"
            '<meta property="article:published_time" content="2023-05-04T08:00:00+07:00"></head><body>'
            "<article><h1>Đảng bộ xã Số 7 kết nạp 10 đảng viên</h1><p>Năm 2023, Đảng bộ xã Số 7 kết nạp "
            "10 đảng viên mới, đạt 110% chỉ tiêu. Các chi bộ tiếp tục nâng cao chất lượng sinh hoạt và")
    (d / "07-truncated.html").write_text(html, encoding="utf-8")  # no closing tags: cut mid-sentence
    big = (ARTICLE + "\n") * (5_000_000 // len(ARTICLE.encode("utf-8")) + 1)
    (d / "08-big.txt").write_text(big, encoding="utf-8")
    assert (d / "08-big.txt").stat().st_size >= 5_000_000
    (d / "09-copy.txt").write_text(ARTICLE, encoding="utf-8")
    (d / "notes.md").write_text("not an input", encoding="utf-8")  # ignored in a directory

    db = tmp_path / "s.duckdb"
    t0 = time.perf_counter()
    r = ingest([str(d)], db)
    assert time.perf_counter() - t0 < 60  # the 5 MB article is refused, not extracted for minutes
    rejected = {(Path(x.path).name, x.line): x.reason for x in r.rejects}
    assert set(rejected) == {("02-empty.txt", None), ("03-binary.txt", None), ("04-cp1258.txt", None),
                             ("06-scraped.jsonl", 2), ("08-big.txt", None)}, rejected
    assert "empty" in rejected[("02-empty.txt", None)]
    assert "binary" in rejected[("03-binary.txt", None)]
    assert "not UTF-8" in rejected[("04-cp1258.txt", None)]
    assert "not valid JSON" in rejected[("06-scraped.jsonl", 2)]
    assert "5.0 MB" in rejected[("08-big.txt", None)] and "--max-size" in rejected[("08-big.txt", None)]
    assert (r.run.read, r.run.ingested, r.run.duplicate, r.run.rejected) == (11, 5, 1, 5)
    assert_accounted(db)

    con = duckdb.connect(str(db), read_only=True)
    stored = con.execute("SELECT source, title, published_text, url FROM articles ORDER BY source").fetchall()
    sources = [Path(s).name for s, *_ in stored]
    assert sources == ["01-good.txt", "05-utf16.txt", "06-scraped.jsonl:1", "06-scraped.jsonl:3",
                       "07-truncated.html"]
    assert con.execute("SELECT count(*) FROM articles WHERE text LIKE '%Tân Lập%'").fetchall()[0][0] == 1  # utf-16
    html_row = next(row for row in stored if row[0].endswith(".html"))
    assert html_row[1] == "Đảng bộ xã Số 7 kết nạp 10 đảng viên" and html_row[2].startswith("2023-05-04")
    assert con.execute("""SELECT count(*) FROM counts c JOIN articles a ON a.id = c.article_id
                          WHERE a.source LIKE '%.html' AND c.value = 10 AND c.predicate = 'kết nạp'""").fetchall()[0][0]
    rows = con.execute("SELECT path, line, reason FROM rejects ORDER BY path, line").fetchall()
    con.close()
    assert [(Path(p).name, line) for p, line, _ in rows] == sorted(rejected, key=lambda k: (k[0], k[1] or 0))

    # with the limit raised the 5 MB article would be read: the option reaches the reader
    small = tmp_path / "small.duckdb"
    r2 = ingest([str(d / "01-good.txt")], small, IngestOptions(max_bytes=100))
    assert r2.run.rejected == 1 and "size limit of 100 bytes" in r2.rejects[0].reason


def test_missing_paths_globs_and_empty_directories_are_accounted(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "in" / "sub").mkdir()
    (tmp_path / "in" / "sub" / "b.txt").write_text(OTHER, encoding="utf-8")
    (tmp_path / "in" / ".hidden").mkdir()
    (tmp_path / "in" / ".hidden" / "c.txt").write_text(_article(3), encoding="utf-8")
    (tmp_path / "empty").mkdir()
    db = tmp_path / "s.duckdb"
    r = ingest([str(tmp_path / "in" / "**" / "*.txt"), str(tmp_path / "nope.txt"), str(tmp_path / "empty"),
                str(tmp_path / "none-*.jsonl")], db)
    assert (r.run.read, r.run.ingested, r.run.rejected) == (5, 2, 3)
    reasons = sorted(x.reason for x in r.rejects)
    assert reasons == ["directory has no .txt, .html or .jsonl files", "no files match this pattern",
                       "no such file or directory"]
    assert_accounted(db)


# ---------------------------------------------------------------- JSONL and HTML


def test_jsonl_passes_published_url_and_title_on(tmp_path: Path) -> None:
    text = "Ngày 6-1, Đảng ủy Khối các cơ quan tỉnh Quảng Bình kết nạp 25 đảng viên mới.\n"
    p = tmp_path / "scraped.jsonl"
    p.write_text(json.dumps({"url": "https://baoquangbinh.vn/chinh-tri/tin-1.htm", "title": "Kết nạp đảng viên mới",
                             "published": "2017-01-06T14:56+07:00", "text": text}, ensure_ascii=False) + "\n\n",
                 encoding="utf-8")
    db = tmp_path / "s.duckdb"
    r = ingest([str(p)], db)
    assert (r.run.read, r.run.ingested) == (1, 1)  # the blank line is not an input
    con = duckdb.connect(str(db), read_only=True)
    art = con.execute("SELECT source, url, title, published_text, published, published_at, published_year, province "
                      "FROM articles").fetchall()
    dates = con.execute("SELECT text, value FROM dates").fetchall()
    counts = con.execute("SELECT value, predicate, year FROM count_facts").fetchall()
    con.close()
    assert art == [(f"{p}:1", "https://baoquangbinh.vn/chinh-tri/tin-1.htm", "Kết nạp đảng viên mới",
                    "2017-01-06T14:56+07:00", date(2017, 1, 6), datetime(2017, 1, 6, 7, 56, tzinfo=timezone.utc),
                    2017, "Quảng Bình")]
    assert dates == [("Ngày 6-1", "2017-01-06")]  # the year comes from `published`
    assert counts == [(25, "kết nạp", 2017)]


def test_jsonl_with_html_and_bad_lines(tmp_path: Path) -> None:
    page = ("<html><head><title>Kết nạp đảng viên</title></head><body><article><h1>Kết nạp đảng viên</h1>"
            "<p>Năm 2020, Chi bộ thôn Đông kết nạp 3 đảng viên mới và khen thưởng 5 tập thể.</p>"
            "<p>Chi bộ tiếp tục nâng cao chất lượng sinh hoạt trong năm 2021.</p></article></body></html>")
    lines = [json.dumps({"url": "https://example.vn/x", "published": "2020-12-01", "html": page}),
             json.dumps(["not", "an", "object"]),
             json.dumps({"url": "https://example.vn/y"}),
             json.dumps({"text": "Năm 2020 kết nạp 3 đảng viên.", "published": 2020})]
    p = tmp_path / "s.jsonl"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = ingest([str(p)], tmp_path / "s.duckdb")
    assert (r.run.read, r.run.ingested, r.run.rejected) == (4, 1, 3)
    by_line = {x.line: x.reason for x in r.rejects}
    assert "must be an object" in by_line[2]
    assert '"text" or "html"' in by_line[3]
    assert 'field "published" must be a string' in by_line[4]


def test_stdin_jsonl_through_the_cli(tmp_path: Path) -> None:
    from click.testing import CliRunner
    from vnfacts.cli import main
    data = "\n".join(json.dumps({"url": f"https://example.vn/{i}", "text": _article(i)}, ensure_ascii=False)
                     for i in range(3))
    db = tmp_path / "s.duckdb"
    res = CliRunner().invoke(main, ["ingest", "-", "--db", str(db)], input=data.encode("utf-8"))
    assert res.exit_code == 0, res.output
    assert "read 3: ingested 3" in res.stdout
    assert row_counts(db, ("articles",)) == {"articles": 3}


def test_cli_ingest_reports_rejects_and_exits_1(tmp_path: Path) -> None:
    from click.testing import CliRunner
    from vnfacts.cli import main
    good = tmp_path / "a.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    empty = tmp_path / "b.txt"
    empty.write_bytes(b"")
    db = tmp_path / "s.duckdb"
    res = CliRunner().invoke(main, ["ingest", str(good), str(empty), "--db", str(db), "--json"])
    assert res.exit_code == 1
    assert "Traceback" not in res.output
    assert res.stderr.strip() == f"rejected: {empty}: empty file"
    data = json.loads(res.stdout)
    assert (data["read"], data["ingested"], data["duplicate"], data["rejected"]) == (2, 1, 0, 1)
    assert set(row_counts(db)) == set(ALL_TABLES)
