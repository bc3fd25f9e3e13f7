"""The README's example questions stay true: every ```sql block of its
"Five questions" section runs on a store of the project's own samples, and
returns the columns the README shows."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from store_helpers import REPO, SAMPLES
from vnfacts.ingest.local import ingest
from vnfacts.store import Store


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    nxt = re.search(r"^##+ ", text[start + len(heading):], re.M)
    return text[start: start + len(heading) + (nxt.start() if nxt else len(text))]


def readme_questions() -> list[tuple[str, list[str]]]:
    """(sql, header columns of the output block after it) per question."""
    sec = _section((REPO / "README.md").read_text(encoding="utf-8"), "### Five questions")
    blocks = re.findall(r"```sql\n(.*?)```\s*```\n(.*?)```", sec, re.S)
    return [(sql, out.splitlines()[0].split()) for sql, out in blocks]


def test_the_readme_has_five_questions() -> None:
    assert len(readme_questions()) == 5


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("readme") / "samples.duckdb"
    r = ingest([str(SAMPLES)], db)
    assert r.run.ingested > 0 and r.run.rejected == 0
    return db


@pytest.mark.parametrize("i", range(5))
def test_readme_question_runs_and_shows_its_columns(store: Path, i: int) -> None:
    sql, columns = readme_questions()[i]
    with Store.open(store, read_only=True) as st:
        table = st.query(sql)
    assert table is not None
    assert table.column_names == columns


def test_readme_traceability_question_finds_every_span_exact(store: Path) -> None:
    sql = next(q for q, _ in readme_questions() if "exact_spans" in q)
    with Store.open(store, read_only=True) as st:
        rows = st.query(sql).to_pylist()
    assert rows and all(r["facts"] == r["exact_spans"] > 0 for r in rows)
