"""The vnfacts command line: help texts, output formats, exit codes and
one-line errors for bad inputs. Articles here are invented for the tests."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from vnfacts.cli import main
from vnfacts.models import ExtractionResult

ARTICLE = (
    "Đảng ủy xã Tân Lập sơ kết công tác xây dựng Đảng\n"
    "Ngày 15/3/2021, Đảng ủy xã Tân Lập kết nạp 12 đảng viên mới, đạt 120% chỉ tiêu; "
    "45/46 chi bộ hoàn thành tốt nhiệm vụ.\n"
)
GOLD = {
    "id": "t01", "url": None, "published": None,
    "dates": [{"text": "Ngày 15/3/2021", "value": "2021-03-15"}],
    "documents": [],
    "bodies": [{"text": "Đảng ủy xã Tân Lập", "canonical": "Đảng ủy xã Tân Lập"}],
    "persons": [],
    "counts": [{"text": "12 đảng viên", "value": 12, "unit": "đảng viên", "qualifier": "exact",
                "predicate": "kết nạp"}],
    "ratios": [{"text": "120% chỉ tiêu", "numerator": None, "denominator": None, "percent": 120,
                "unit": "chỉ tiêu", "qualifier": "exact"},
               {"text": "45/46 chi bộ", "numerator": 45, "denominator": 46, "percent": None,
                "unit": "chi bộ", "qualifier": "exact"}],
    "doubtful": [],
}
TYPES = ["dates", "documents", "bodies", "persons", "counts", "ratios"]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def good(tmp_path: Path) -> Path:
    p = tmp_path / "bai-viet.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    return p


@pytest.fixture
def gold_dir(tmp_path: Path) -> Path:
    d = tmp_path / "gold"
    d.mkdir()
    (d / "t01.txt").write_text(ARTICLE, encoding="utf-8")
    (d / "t01.json").write_text(json.dumps(GOLD, ensure_ascii=False), encoding="utf-8")
    return d


def _no_traceback(result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)


def _one_line_error(result, name: str) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ") and name in lines[0], lines[0]
    return lines[0]


# ---------------------------------------------------------------- help

def _commands():
    return sorted(main.commands.items())


def test_group_help(runner: CliRunner) -> None:
    r = runner.invoke(main, ["--help"])
    assert r.exit_code == 0
    assert "Usage:" in r.output and "Examples" in r.output
    for name in main.commands:
        assert name in r.output


@pytest.mark.parametrize("name,cmd", _commands(), ids=[n for n, _ in _commands()])
def test_command_help(runner: CliRunner, name: str, cmd: click.Command) -> None:
    assert cmd.help and len(cmd.help.split()) >= 8, f"{name} needs a real help text"
    assert "Examples" in cmd.help, f"{name} help should show examples"
    r = runner.invoke(main, [name, "--help"])
    assert r.exit_code == 0
    assert f"Usage: main {name}" in r.output or f"Usage: vnfacts {name}" in r.output
    for p in cmd.params:
        if isinstance(p, click.Option) and not p.hidden and p.name != "help":
            assert p.help, f"option {p.opts} of {name} needs a help text"


def test_console_script_runs() -> None:
    script = Path(sys.executable).parent / "vnfacts"
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "vnfacts.cli"]
    r = subprocess.run([*cmd, "--help"], check=False, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "Usage:" in r.stdout and "extract" in r.stdout


def test_real_process_bad_input_has_no_traceback(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "vnfacts"
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "vnfacts.cli"]
    missing = tmp_path / "khong-co.txt"
    r = subprocess.run([*cmd, "extract", str(missing)], check=False, capture_output=True, text=True, timeout=300)
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    assert r.stderr.strip().splitlines() == [f"Error: {missing}: no such file or directory"]


# ---------------------------------------------------------------- extract

def test_extract_json(runner: CliRunner, good: Path) -> None:
    r = runner.invoke(main, ["extract", str(good)])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert isinstance(data, list) and len(data) == 1
    res = ExtractionResult.model_validate(data[0])
    assert res.source == str(good)
    assert any(c.value == 12 and c.unit == "đảng viên mới" for c in res.counts)  # as written (SPEC)
    assert "đảng viên" in r.stdout  # non-ASCII kept as is, not \u-escaped
    assert r.stdout.startswith("[\n  {")  # pretty-printed, indent 2


def test_extract_jsonl_one_object_per_line(runner: CliRunner, good: Path, tmp_path: Path) -> None:
    other = tmp_path / "bai-2.txt"
    other.write_text("Năm 2022, Chi bộ thôn Đông kết nạp 3 đảng viên.\n", encoding="utf-8")
    r = runner.invoke(main, ["extract", "--format", "jsonl", str(good), str(other)])
    assert r.exit_code == 0, r.output
    lines = r.stdout.strip().split("\n")
    assert len(lines) == 2
    results = [ExtractionResult.model_validate_json(line) for line in lines]
    assert [x.source for x in results] == [str(good), str(other)]


def test_extract_options_reach_the_library(runner: CliRunner, tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text("Ngày 6-1, Đảng ủy xã kết nạp 5 đảng viên.\n", encoding="utf-8")
    r = runner.invoke(main, ["extract", str(p), "--published", "2017-01-06",
                             "--url", "https://example.vn/tin/a.html"])
    assert r.exit_code == 0, r.output
    res = ExtractionResult.model_validate(json.loads(r.stdout)[0])
    assert res.article.published == "2017-01-06"
    assert res.article.url == "https://example.vn/tin/a.html"
    assert [d.value for d in res.dates] == ["2017-01-06"]


def test_extract_stdin(runner: CliRunner) -> None:
    r = runner.invoke(main, ["extract", "-"], input=ARTICLE.encode("utf-8"))
    assert r.exit_code == 0, r.output
    res = ExtractionResult.model_validate(json.loads(r.stdout)[0])
    assert res.source == "-"
    assert any(c.value == 12 for c in res.counts)


def test_extract_accepts_bom(runner: CliRunner, tmp_path: Path) -> None:
    p = tmp_path / "bom.txt"
    p.write_bytes(b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"))
    r = runner.invoke(main, ["extract", str(p)])
    assert r.exit_code == 0, r.output
    res = ExtractionResult.model_validate(json.loads(r.stdout)[0])
    assert not res.article.title.startswith("\ufeff")


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    empty = tmp_path / "rong.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "trang.txt"
    blank.write_text(" \n\t\n  \n", encoding="utf-8")
    binary = tmp_path / "anh.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    controls = tmp_path / "dieu-khien.txt"
    controls.write_bytes(bytes(range(1, 9)) * 50)
    legacy = tmp_path / "cu.txt"
    legacy.write_bytes(_cp1258("Đảng bộ xã\nkết nạp 5 đảng viên\nhoà"))
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Dòng đầu\nDòng hai\nCafé".encode().replace("é".encode(), b"\xe9"))
    directory = tmp_path / "thu-muc"
    directory.mkdir()
    return {
        "missing": (tmp_path / "khong-co.txt", "no such file"),
        "empty": (empty, "empty"),
        "whitespace": (blank, "empty"),
        "binary-nul": (binary, "binary"),
        "binary-controls": (controls, "binary"),
        "cp1258": (legacy, "not UTF-8"),
        "latin-1": (latin1, "not UTF-8 (invalid byte 0xe9 at line 3"),
        "directory": (directory, "directory"),
    }


def _cp1258(s: str) -> bytes:
    """Vietnamese in Windows-1258: base letters (with circumflex, breve, horn)
    precomposed, tone marks as combining characters."""
    out = b""
    for ch in s:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            dec = unicodedata.normalize("NFD", ch)
            tones = "".join(c for c in dec if c in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", "".join(c for c in dec if c not in tones))
            out += base.encode("cp1258") + tones.encode("cp1258")
    return out


BAD_KINDS = ["missing", "empty", "whitespace", "binary-nul", "binary-controls", "cp1258", "latin-1", "directory"]


@pytest.mark.parametrize("kind", BAD_KINDS)
def test_extract_bad_input(runner: CliRunner, tmp_path: Path, kind: str) -> None:
    path, reason = _bad_inputs(tmp_path)[kind]
    r = runner.invoke(main, ["extract", str(path)])
    assert r.exit_code == 1
    _no_traceback(r)
    line = _one_line_error(r, str(path))
    assert reason in line
    assert json.loads(r.stdout) == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_extract_unreadable_file(runner: CliRunner, good: Path) -> None:
    good.chmod(0)
    try:
        r = runner.invoke(main, ["extract", str(good)])
    finally:
        good.chmod(0o644)
    assert r.exit_code == 1
    _no_traceback(r)
    assert "permission denied" in _one_line_error(r, str(good))


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_extract_good_and_bad_files(runner: CliRunner, good: Path, tmp_path: Path, fmt: str) -> None:
    missing = tmp_path / "khong-co.txt"
    empty = tmp_path / "rong.txt"
    empty.write_bytes(b"")
    r = runner.invoke(main, ["extract", "--format", fmt, str(missing), str(good), str(empty)])
    assert r.exit_code == 1
    _no_traceback(r)
    errors = r.stderr.strip().splitlines()
    assert len(errors) == 2
    assert str(missing) in errors[0] and str(empty) in errors[1]
    if fmt == "json":
        results = [ExtractionResult.model_validate(x) for x in json.loads(r.stdout)]
    else:
        results = [ExtractionResult.model_validate_json(x) for x in r.stdout.strip().split("\n")]
    assert [x.source for x in results] == [str(good)]


def test_extract_usage_errors_exit_2(runner: CliRunner, good: Path) -> None:
    assert runner.invoke(main, ["extract"]).exit_code == 2
    assert runner.invoke(main, ["extract", "--format", "xml", str(good)]).exit_code == 2


# ---------------------------------------------------------------- schema

def _described(schema: dict) -> list[str]:
    """Properties without a description, anywhere in the schema."""
    missing = []
    for name, d in [("", schema), *schema.get("$defs", {}).items()]:
        for prop, v in d.get("properties", {}).items():
            if not v.get("description"):
                missing.append(f"{name}.{prop}")
    return missing


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_schema_describes_what_each_format_prints(runner: CliRunner, good: Path, fmt: str) -> None:
    r = runner.invoke(main, ["schema", "--format", fmt])
    assert r.exit_code == 0, r.output
    schema = json.loads(r.stdout)
    assert schema["$schema"].startswith("https://json-schema.org/") and schema["$id"].endswith(f"-{fmt}.schema.json")
    assert _described(schema) == []
    defs = schema["$defs"]
    qualifier = defs["CountFact"]["properties"]["qualifier"]
    assert qualifier.get("enum") == ["exact", "more_than", "less_than", "about"]
    assert defs["DateFact"]["properties"]["grain"].get("enum") == ["day", "month", "quarter", "year", "range"]
    out = runner.invoke(main, ["extract", "--format", fmt, str(good)]).stdout
    if fmt == "json":
        assert schema["type"] == "array" and schema["items"] == {"$ref": "#/$defs/ExtractionResult"}
        printed = json.loads(out)
        assert isinstance(printed, list) and len(printed) == 1
        item, example = defs["ExtractionResult"], schema["examples"][0][0]
    else:
        assert schema["type"] == "object"
        printed = [json.loads(line) for line in out.splitlines()]
        item, example = schema, schema["examples"][0]
    for obj in [*printed, example]:
        assert set(obj) == set(item["properties"])
        assert set(obj["article"]) == set(defs["Article"]["properties"])
        ExtractionResult.model_validate(obj)


def test_schema_example_is_what_extract_prints(runner: CliRunner, tmp_path: Path) -> None:
    from vnfacts.output_schema import EXAMPLE
    p = tmp_path / EXAMPLE["source"]
    p.write_text(EXAMPLE["article"]["text"], encoding="utf-8")
    r = runner.invoke(main, ["extract", "--with-text", str(p)])
    got = json.loads(r.stdout)[0]

    def subset(example, actual):  # fields added to the models later need not be in the example
        if isinstance(example, dict):
            return all(k in actual and subset(v, actual[k]) for k, v in example.items() if k != "source")
        if isinstance(example, list):
            return len(example) == len(actual) and all(subset(e, a) for e, a in zip(example, actual))
        return example == actual
    assert subset(EXAMPLE, got), got


def test_with_text_indexes_every_span(runner: CliRunner, good: Path) -> None:
    plain = json.loads(runner.invoke(main, ["extract", str(good)]).stdout)[0]
    assert plain["article"]["text"] is None
    res = json.loads(runner.invoke(main, ["extract", "--with-text", str(good)]).stdout)[0]
    text = res["article"]["text"]
    spans = [f for t in TYPES for f in res[t]]
    assert len(spans) >= 5
    for f in spans:
        assert text[f["start"]:f["end"]] == f["text"], f


# ---------------------------------------------------------------- eval

def test_eval_table(runner: CliRunner, gold_dir: Path) -> None:
    r = runner.invoke(main, ["eval", str(gold_dir)])
    assert r.exit_code == 0, r.output
    rows: dict[str, list[str]] = {}
    for line in r.stdout.splitlines():  # the first table's rows (the strict table repeats the type names)
        if line.strip():
            rows.setdefault(line.split()[0], line.split())
    for name in [*TYPES, "micro", "counts.unit", "counts.qualifier", "ratios.unit", "bodies.canonical"]:
        assert name in rows, f"row {name} missing from:\n{r.stdout}"
    assert "strict (key and every attribute right):" in r.stdout
    # type  tp fp fn  P R F1
    assert rows["dates"][1:4] == ["1", "0", "0"]
    assert rows["ratios"][1:4] == ["2", "0", "0"]
    assert int(rows["bodies"][1]) + int(rows["bodies"][3]) == 1  # the one gold body: found or missed


def test_eval_json(runner: CliRunner, gold_dir: Path) -> None:
    r = runner.invoke(main, ["eval", str(gold_dir), "--json"])
    assert r.exit_code == 0, r.output
    rep = json.loads(r.stdout)
    assert rep["articles"] == 1
    assert set(rep["per_type"]) == set(TYPES)
    assert rep["per_type"]["counts"]["tp"] == 1
    assert "counts.unit" in rep["attributes"]


def test_eval_diff_and_per_article(runner: CliRunner, gold_dir: Path) -> None:
    gold = dict(GOLD, counts=GOLD["counts"] + [{"text": "7 chi bộ", "value": 7, "unit": "chi bộ",
                                                  "qualifier": "exact", "predicate": None}])
    (gold_dir / "t01.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    r = runner.invoke(main, ["eval", str(gold_dir), "--diff", "--per-article"])
    assert r.exit_code == 0, r.output
    missed = [line for line in r.stdout.splitlines() if "missed" in line and "7 chi bộ" in line]
    assert len(missed) == 1 and "counts" in missed[0] and "t01" in missed[0]
    assert any(line.split()[:1] == ["t01"] for line in r.stdout.splitlines())


def test_eval_missing_dir(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "khong-co"
    r = runner.invoke(main, ["eval", str(missing)])
    assert r.exit_code == 1
    _no_traceback(r)
    assert "not a directory" in _one_line_error(r, str(missing))


def test_eval_dir_without_gold(runner: CliRunner, tmp_path: Path) -> None:
    r = runner.invoke(main, ["eval", str(tmp_path)])
    assert r.exit_code == 1
    _no_traceback(r)
    assert "no gold" in _one_line_error(r, str(tmp_path))


def test_eval_broken_gold(runner: CliRunner, gold_dir: Path) -> None:
    (gold_dir / "t01.json").write_text('{"dates": [', encoding="utf-8")
    r = runner.invoke(main, ["eval", str(gold_dir)])
    assert r.exit_code == 1
    _no_traceback(r)
    _one_line_error(r, "t01.json")


# ---------------------------------------------------------------- run-samples

def test_run_samples_corpus_only(runner: CliRunner, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus" / "2021"
    corpus.mkdir(parents=True)
    (corpus / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (corpus / "b.txt").write_text(
        "Năm 2022, Chi bộ thôn Đông kết nạp 3 đảng viên mới theo Nghị quyết số 05-NQ/ĐU.\n", encoding="utf-8")
    r = runner.invoke(main, ["run-samples", "--corpus", str(tmp_path / "corpus"),
                             "--shared", str(tmp_path / "khong-co")])
    assert r.exit_code == 0, r.output
    assert "not found" in r.stderr
    out = r.stdout
    assert out.startswith("2 articles")
    assert "a.txt" in out and "b.txt" in out
    assert "05-NQ/ĐU" in out
    unit_rows = [line.split() for line in out.splitlines() if line.startswith("đảng viên")]
    assert unit_rows and unit_rows[-1][-1] == "15"  # 12 + 3 đảng viên mới


def test_run_samples_nothing_found(runner: CliRunner, tmp_path: Path) -> None:
    r = runner.invoke(main, ["run-samples", "--corpus", str(tmp_path / "c"), "--shared", str(tmp_path / "s")])
    assert r.exit_code == 1
    _no_traceback(r)
    assert "no sample articles" in r.stderr


def test_eval_texts_dir(runner: CliRunner, tmp_path: Path) -> None:
    """Gold kept apart from its article: found through its "source" and --texts."""
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "bai.txt").write_text(ARTICLE, encoding="utf-8")
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "g1.json").write_text(json.dumps(dict(GOLD, source="bai.txt"), ensure_ascii=False), encoding="utf-8")
    assert runner.invoke(main, ["eval", str(gold)]).exit_code == 1  # no text beside, none given
    r = runner.invoke(main, ["eval", str(gold), "--texts", str(texts), "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["per_type"]["counts"]["tp"] == 1


def test_rule_data_error_is_one_line(runner: CliRunner, good: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import vnfacts.ruledata
    from vnfacts.errors import RuleDataError

    def broken(root=None):
        raise RuleDataError("rules/zz.yaml rule 'r1'", "bad regex: missing ), unterminated subpattern")

    monkeypatch.setattr(vnfacts.ruledata, "load_rules", broken)
    for args in (["extract", str(good)], ["eval", str(good.parent)], ["run-samples"]):
        r = runner.invoke(main, args)
        assert r.exit_code == 1, args
        _no_traceback(r)
        assert "bad regex" in _one_line_error(r, "rules/zz.yaml rule 'r1'")


def test_unexpected_library_exception_is_one_line(runner: CliRunner, good: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug in the library still gives one line per file, and the other files go through."""
    import vnfacts.pipeline

    real = vnfacts.pipeline.extract

    def flaky(text, **kw):
        if "BUG" in text:
            raise IndexError("list index out of range")
        return real(text, **kw)

    monkeypatch.setattr(vnfacts.pipeline, "extract", flaky)
    bad = tmp_path / "bug.txt"
    bad.write_text("BUG trong bài\n", encoding="utf-8")
    r = runner.invoke(main, ["extract", "--format", "jsonl", str(bad), str(good)])
    assert r.exit_code == 1
    _no_traceback(r)
    line = _one_line_error(r, str(bad))
    assert "internal error" in line and "IndexError" in line
    assert len(r.stdout.strip().splitlines()) == 1


# ---------------------------------------------------------------- one input layer: extract == ingest

HTML_PAGE = """<html><head><title>Đảng ủy xã Tân Lập kết nạp đảng viên mới</title>
<meta property="article:published_time" content="2021-09-23T08:00:00+07:00"></head>
<body><nav><a href="/">Trang chủ</a> <a href="/tin">Tin tức</a></nav>
<article><h1>Đảng ủy xã Tân Lập kết nạp đảng viên mới</h1>
<p>Ngày 20/9, Đảng ủy xã Tân Lập tổ chức lễ kết nạp 12 đảng viên mới cho các chi bộ trực thuộc.</p>
<p>Năm 2021, Đảng bộ xã đạt 120% chỉ tiêu phát triển đảng viên; 45/46 chi bộ hoàn thành tốt nhiệm vụ.</p>
</article><footer>Bình luận (3) | Bản quyền thuộc về Báo Tân Lập, 15 năm phát triển</footer></body></html>"""


def _stored_facts(db: Path) -> list[tuple]:
    import duckdb
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = []
        for t in TYPES:
            out += [(t, *r) for r in con.execute(
                f'SELECT article_id, text, start, "end" FROM {t}'
            ).fetchall()]
        return sorted(out, key=str)
    finally:
        con.close()


def _printed_facts(results: list[dict]) -> list[tuple]:
    return sorted(((t, r["article"]["id"], f["text"], f["start"], f["end"])
                   for r in results for t in TYPES for f in r[t]), key=str)


@pytest.mark.parametrize("kind", ["html", "jsonl"])
def test_extract_reads_html_and_jsonl_as_ingest_does(runner: CliRunner, tmp_path: Path, kind: str) -> None:
    if kind == "html":
        p = tmp_path / "page.html"
        p.write_text(HTML_PAGE, encoding="utf-8")
    else:
        p = tmp_path / "scraped.jsonl"
        p.write_text("\n".join(json.dumps(o, ensure_ascii=False) for o in [
            {"url": "https://x.vn/2021/09/a.html", "published": "23/09/2021 08:00", "html": HTML_PAGE},
            {"title": "Tân Lập tổng kết", "published": "2022-01-05", "text": ARTICLE},
            {"text": ""},  # rejected by both
        ]) + "\n", encoding="utf-8")
    r = runner.invoke(main, ["extract", str(p)])
    assert r.exit_code == (1 if kind == "jsonl" else 0)
    printed = json.loads(r.stdout)
    assert len(printed) == (1 if kind == "html" else 2)
    assert all("<" not in res["article"]["title"] for res in printed)
    facts = _printed_facts(printed)
    assert not any("Bình luận" in f[2] or "15 năm" in f[2] or "Trang chủ" in f[2] for f in facts)
    db = tmp_path / "s.duckdb"
    runner.invoke(main, ["ingest", str(p), "--db", str(db)])
    assert _stored_facts(db) == facts and len(facts) >= 5
    if kind == "jsonl":
        assert [res["article"]["published"] for res in printed] == ["2021-09-23T08:00", "2022-01-05"]
        assert printed[1]["article"]["title"] == "Tân Lập tổng kết"
        assert printed[0]["source"] == f"{p}:1"


def test_extract_refuses_an_invalid_published_option(runner: CliRunner, good: Path) -> None:
    r = runner.invoke(main, ["extract", "--published", "2017-13-45", str(good)])
    assert r.exit_code == 2 and "month 13 is not 1-12" in r.output


def test_with_text_indexes_every_devset_span(runner: CliRunner, devset_dir: Path) -> None:
    """The real passages: every fact's text is article.text[start:end] (it used to be
    checkable against body_text for 39 of 798 spans)."""
    files = sorted(str(p) for p in devset_dir.glob("*.txt"))
    r = runner.invoke(main, ["extract", "--with-text", "--format", "jsonl", *files])
    assert r.exit_code == 0, r.output
    results = [json.loads(line) for line in r.stdout.splitlines()]
    assert len(results) == len(files)
    spans = 0
    for res in results:
        text = res["article"]["text"]
        for t in TYPES:
            for f in res[t]:
                assert text[f["start"]:f["end"]] == f["text"], (res["source"], f)
                spans += 1
    assert spans > 500


def test_engine_dask_without_dask_says_what_to_install(runner: CliRunner, good: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if the dask extra were not installed
    r = runner.invoke(main, ["ingest", "--engine", "dask", str(good), "--db", str(tmp_path / "x.duckdb")])
    assert r.exit_code == 1 and "pip install 'vnfacts[dask]'" in r.output
    assert "Traceback" not in r.output


def test_ingest_option_defaults_are_the_librarys() -> None:
    """The CLI keeps its defaults as literals (vnfacts --help must not import the
    store); they must stay those of the Python API."""
    from vnfacts.ingest.local import IngestOptions
    params = {p.name: p for p in main.commands["ingest"].params}
    for name in ("workers", "batch_size", "time_budget"):
        assert params[name].default == IngestOptions.model_fields[name].default, name
