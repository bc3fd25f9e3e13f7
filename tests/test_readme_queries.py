"""The README's store section stays true: every ```sql block of its "Five
questions" section runs on the `make run` store (corpus/samples, plus the
../shared seeds and devset when present) and returns the columns the README
shows; its data dictionary is the store's own comments; and that store's
`admissions` hold only what the gold calls actual admissions of people."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from store_helpers import REPO, SAMPLES
from vnfacts.cli.store import dictionary_markdown, render
from vnfacts.ingest.local import IngestOptions, ingest
from vnfacts.store import Store

SHARED = REPO.parent / "shared"
MAKE_RUN_INPUTS = [SAMPLES, *(p for p in (SHARED / "seeds", SHARED / "devset") if p.is_dir())]


def _readme() -> str:
    return (REPO / "README.md").read_text(encoding="utf-8")


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    nxt = re.search(r"^##+ ", text[start + len(heading):], re.M)
    return text[start: start + len(heading) + (nxt.start() if nxt else len(text))]


def readme_questions() -> list[tuple[str, list[str]]]:
    """(sql, header columns of the output block after it) per question."""
    return [(sql, out.splitlines()[0].split()) for sql, out in _answer_blocks()]


def _answer_blocks() -> list[tuple[str, str]]:
    """(sql, the output block the README shows for it) per question."""
    sec = _section(_readme(), "### Five questions")
    return re.findall(r"```sql\n(.*?)```\s*```\n(.*?)```", sec, re.S)


def test_the_readme_has_five_questions() -> None:
    assert len(readme_questions()) == 5


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """The store `make run` builds."""
    db = tmp_path_factory.mktemp("readme") / "samples.duckdb"
    r = ingest([str(p) for p in MAKE_RUN_INPUTS], db, IngestOptions(sidecar=True))
    assert r.run.ingested > 0 and r.run.rejected == 0
    return db


@pytest.mark.parametrize("i", range(5))
def test_readme_question_runs_and_shows_its_columns(store: Path, i: int) -> None:
    sql, columns = readme_questions()[i]
    with Store.open(store, read_only=True) as st:
        table = st.query(sql)
    assert table is not None
    assert table.column_names == columns


@pytest.mark.skipif(len(MAKE_RUN_INPUTS) < 3, reason="the README's answers include ../shared seeds and devset")
@pytest.mark.parametrize("i", range(5))
def test_readme_answer_is_what_the_store_answers(store: Path, i: int) -> None:
    """The rows the README shows (each checked by hand against its sentence)
    are the rows the store returns: a rule change that moves an answer fails
    here until the README's answer, and its hand check, are brought up to date."""
    sql, shown = _answer_blocks()[i]
    with Store.open(store, read_only=True) as st:
        got = render(st.query(sql), "table")
    assert got.strip() == shown.strip(), f"question {i + 1}: README shows\n{shown}\nthe store answers\n{got}"


def test_readme_traceability_question_finds_every_span_exact(store: Path) -> None:
    sql = next(q for q, _ in readme_questions() if "exact_spans" in q)
    with Store.open(store, read_only=True) as st:
        rows = st.query(sql).to_pylist()
    assert rows and all(r["facts"] == r["exact_spans"] > 0 for r in rows)


def test_readme_data_dictionary_is_the_stores_comments(store: Path) -> None:
    m = re.search(r"<!-- dictionary: vnfacts describe --format markdown -->\n(.*?)<!-- /dictionary -->", _readme(),
                  re.S)
    assert m, "README has no generated data dictionary"
    with Store.open(store, read_only=True) as st:
        expected = dictionary_markdown(*st.describe())
    assert m.group(1).strip() == expected.strip(), \
        "README's data dictionary differs from the store's comments: regenerate it with " \
        "vnfacts describe --format markdown"


# ---------------------------------------------------------------- admissions against the gold


def _gold_of(source: str) -> Path | None:
    p = Path(source)
    for g in (p.with_suffix(".json"), REPO / "corpus" / "seeds" / (p.stem + ".json")):
        if g.is_file():
            return g
    return None


def test_make_run_admissions_hold_no_total_target_part_or_organization(store: Path) -> None:
    """Every row of `admissions` is, in the hand-written gold of its source
    article, a count of people admitted (metric admission, modality actual,
    not a breakdown, unit class member or person): no membership total, no
    target, no part of a total, no organization."""
    with Store.open(store, read_only=True) as st:
        rows = st.query("""SELECT ad.*, a.source FROM admissions ad JOIN articles a ON a.id = ad.article_id""")
    rows = rows.to_pylist()
    assert len(rows) >= 5
    checked, wrong = 0, []
    for r in rows:
        gold = _gold_of(r["source"])
        if gold is None:
            continue
        counts = json.loads(gold.read_text(encoding="utf-8")).get("counts", [])
        # the gold count of the same value whose words begin alike (its unit may be longer or shorter)
        same = [c for c in counts if c["value"] == r["value"]
                and (c["text"].startswith(r["text"]) or r["text"].startswith(c["text"]))]
        ok = [c for c in same if c.get("metric") == "admission" and c.get("modality") == "actual"
              and not c.get("breakdown") and c.get("unit_class") in ("member", "person")]
        if not ok:
            wrong.append((Path(r["source"]).name, r["text"], [{k: c.get(k) for k in (
                "metric", "modality", "unit_class", "breakdown")} for c in same] or "not a count in the gold"))
        checked += 1
    assert checked >= 5
    assert wrong == []
