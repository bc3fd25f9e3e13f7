"""The fact store commands of the `vnfacts` CLI: ingest, query, stats, report.

A thin layer like extract/cli.py: options, one library call, printing.
Library errors (VnfactsError) become one line on stderr and exit code 1.
"""
from __future__ import annotations

import csv
import io
import json
import re
import sys
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import click
from vnfacts.cli.common import db_option, format_table
from vnfacts.cli.common import fail as _fail
from vnfacts.errors import VnfactsError


class SizeType(click.ParamType):
    """A size in bytes: 500000, 500KB, 2MB (decimal units), 0 for no limit."""

    name = "SIZE"
    _UNITS = {"": 1, "B": 1, "K": 10**3, "KB": 10**3, "M": 10**6, "MB": 10**6, "G": 10**9, "GB": 10**9}

    def convert(self, value: Any, param, ctx) -> int:
        if isinstance(value, int):
            return value
        m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMG]?B?)\s*", str(value), re.I)
        if not m:
            self.fail(f"{value!r} is not a size (examples: 500000, 500KB, 2MB, 0)", param, ctx)
        return int(float(m.group(1)) * self._UNITS[m.group(2).upper()])


# ---------------------------------------------------------------- formatting

def _jsonable(v: Any) -> Any:
    if isinstance(v, (datetime, date)):
        return v.isoformat()
    if isinstance(v, Decimal):
        return float(v)
    if isinstance(v, dict):
        return {k: _jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    if isinstance(v, bytes):
        return v.hex()
    return v


def _table_rows(table) -> tuple[list[str], list[list[Any]]]:
    cols = table.column_names
    data = table.to_pylist()
    return cols, [[r[c] for c in cols] for r in data]


def render(table, fmt: str) -> str:
    """An Arrow table as text in `fmt` (table, csv, json, jsonl)."""
    cols, rows = _table_rows(table)
    if fmt == "table":
        return format_table(cols, rows)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(cols)
        for r in rows:
            w.writerow(["" if v is None else json.dumps(_jsonable(v), ensure_ascii=False)
                        if isinstance(v, (list, dict)) else _jsonable(v) for v in r])
        return buf.getvalue().rstrip("\n")
    objs = [{c: _jsonable(v) for c, v in zip(cols, r)} for r in rows]
    if fmt == "jsonl":
        return "\n".join(json.dumps(o, ensure_ascii=False) for o in objs)
    return json.dumps(objs, ensure_ascii=False, indent=2)


# ---------------------------------------------------------------- commands

@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@db_option
@click.option("--workers", "-j", default=1, show_default=True, type=click.IntRange(1, 64), metavar="N",
              help="Extract in N processes (the parent process writes). 1 extracts in this process.")
@click.option("--batch-size", default=1000, show_default=True, type=click.IntRange(1, None), metavar="N",
              help="Inputs per transaction. A killed ingest loses at most the batch in progress; "
                   "running it again completes it.")
@click.option("--max-size", "max_bytes", default="5MB", show_default=True, type=SizeType(),
              help="Reject an article whose text is larger (UTF-8 bytes; 500KB, 2MB; 0 for no limit). "
                   "Extraction time is linear in the text: about a minute for 5 MB.")
@click.option("--time-budget", default=600.0, show_default=True, type=click.FloatRange(0, None),
              metavar="SECONDS", help="Reject an article whose extraction takes longer (its worker is "
                                      "replaced, the run goes on); 0: no budget.")
@click.option("--sidecar", is_flag=True,
              help="Take url, published and title from NAME.json beside NAME.txt when there is one.")
@click.option("--stdin-format", type=click.Choice(["auto", "txt", "html", "jsonl"]), default="auto",
              show_default=True, help="What \"-\" reads: auto is jsonl if it starts with \"{\", html with \"<\", "
                                       "else txt.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: extract here or in --workers processes, the parent writes batches. dask: extract in "
                   "Dask tasks (a LocalCluster of --workers processes, or the cluster at --address), each chunk "
                   "written as Parquet shards, loaded into the DB in one transaction at the end.")
@click.option("--address", default=None, envvar="VNFACTS_DASK_ADDRESS", metavar="URL",
              help="--engine dask: the Dask scheduler to use, e.g. tcp://10.0.0.5:8786 (env "
                   "VNFACTS_DASK_ADDRESS). Its workers read the inputs and write the shards, so both must be on "
                   "storage they share with this machine. Default: a LocalCluster of --workers processes, "
                   "started and closed by this command.")
@click.option("--shards", "shards_dir", default=None, metavar="DIR",
              help="--engine dask: where the Parquet shards go, as DIR/run-<id>/<table>/*.parquet "
                   "(default: beside the DB file, <db>.shards).")
@click.option("--keep-shards/--no-keep-shards", default=True, show_default=True,
              help="--engine dask: keep the run's shards after loading them, for DuckDB to query in place "
                   "(read_parquet('<db>.shards/run-1/counts/*.parquet')); the shards of a run that did not "
                   "complete are always removed.")
@click.option("--progress/--no-progress", default=None,
              help="Show a progress bar with articles per second (default: when stderr is a terminal).")
@click.option("--json", "as_json", is_flag=True, help="Print the run's summary as JSON.")
def ingest_cmd(paths: tuple[str, ...], db: str, workers: int, batch_size: int, max_bytes: int,
               time_budget: float, sidecar: bool, stdin_format: str, engine: str, address: str | None, shards_dir: str | None, keep_shards: bool,
               progress: bool | None, as_json: bool) -> None:
    """Extract the facts of every article in PATH... and store them in the
    DuckDB file --db, for SQL with "vnfacts query".

    PATH is a .txt file (UTF-8, or UTF-16 with a byte order mark), an .html
    page (main text, title, date and author taken with trafilatura), a
    .jsonl file with one scraped article per line ({"url", "title",
    "published", "text" or "html"}), a directory (searched recursively for
    those), a glob pattern, or "-" for stdin.

    An article already stored (same normalized text) by the same pipeline
    version is a duplicate and skipped; one stored by an older version has
    its facts replaced. Every input is counted: read = ingested + duplicate
    + rejected, printed at the end and kept in the "runs" table; each
    rejected input is printed on stderr with the reason and kept in
    "rejects". Exit code 1 when any input was rejected.

    \b
    Examples:
      vnfacts ingest corpus/samples ../shared/seeds --db facts.duckdb
      vnfacts ingest 'scraped/**/*.jsonl' --workers 4
      vnfacts ingest page.html article.txt
      cat articles.jsonl | vnfacts ingest - --db facts.duckdb
      vnfacts ingest big-dump/ --max-size 2MB --batch-size 200
      vnfacts ingest corpus/ --engine dask --workers 2
      vnfacts ingest /mnt/nfs/in --engine dask --address tcp://10.0.0.5:8786 --shards /mnt/nfs/shards
    """
    from vnfacts.ingest.local import IngestOptions, ingest

    if engine == "local" and (address or shards_dir):
        raise click.UsageError("--address and --shards are for --engine dask")

    show = sys.stderr.isatty() if progress is None else progress
    bar: dict[str, Any] = {}

    def on_start(total: int) -> None:
        if show:
            from tqdm import tqdm
            bar["bar"] = tqdm(total=total, unit=" articles", file=sys.stderr, dynamic_ncols=True,
                              mininterval=0.25, desc="ingest")

    def on_progress(n: int) -> None:
        if "bar" in bar:
            bar["bar"].update(n)

    options = IngestOptions(workers=workers, batch_size=batch_size, max_bytes=max_bytes, time_budget=time_budget,
                            sidecar=sidecar, stdin_format=stdin_format)
    try:
        if engine == "dask":
            from vnfacts.ingest.distributed import ingest_distributed
            report = ingest_distributed(list(paths), db, options, address=address, shards_dir=shards_dir,
                                        keep_shards=keep_shards, progress=on_progress, on_start=on_start)
        else:
            report = ingest(list(paths), db, options, progress=on_progress, on_start=on_start)
    except VnfactsError as e:
        raise _fail(e) from None
    finally:
        if "bar" in bar:
            bar["bar"].close()
    for r in report.rejects:
        click.echo(f"rejected: {r}", err=True)
    run = report.run
    if as_json:
        data = run.model_dump()
        data["db"] = report.db
        if report.shards:
            data["shards"] = report.shards
        data["rejects"] = [r.model_dump() for r in report.rejects]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        rate = f", {run.read / run.seconds:.1f} inputs/s" if run.seconds else ""
        share = f", writing {100 * report.write_share:.1f}% of the time" if report.write_share is not None else ""
        click.echo(f"read {run.read}: ingested {run.ingested} ({run.replaced} replacing an older pipeline "
                   f"version), duplicate {run.duplicate}, rejected {run.rejected}; "
                   f"{run.seconds or 0:.1f} s{rate}{share}; run {run.run_id} in {report.db}")
        if report.shards:
            click.echo(f"shards: {report.shards}")
    if run.rejected:
        sys.exit(1)


def _read_sql(sql: str) -> str:
    if sql == "-":
        return sys.stdin.read()
    if sql.startswith("@"):
        try:
            return Path(sql[1:]).read_text(encoding="utf-8")
        except OSError as e:
            raise click.ClickException(f"{sql[1:]}: cannot read the SQL file: {e.strerror or e}") from None
    return sql


@click.command("query")
@click.argument("sql", metavar="SQL")
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "jsonl", "parquet"]), default="table",
              show_default=True, help="Output format; parquet needs --out.")
@click.option("--out", "-o", default=None, metavar="FILE", help="Write the result to FILE instead of stdout.")
@click.option("--timeout", default=60.0, show_default=True, type=click.FloatRange(0, None), metavar="SECONDS",
              help="Stop a statement that runs longer (0: no limit).")
@click.option("--memory-limit", default="2GB", show_default=True, metavar="SIZE",
              help="DuckDB's memory limit for the query (e.g. 500MB, 4GB).")
def query_cmd(sql: str, db: str, fmt: str, out: str | None, timeout: float, memory_limit: str) -> None:
    """Run SQL on the store, opened read-only, and print the rows of the last
    statement. SQL is the statement, "-" to read it from stdin, or @FILE.

    Tables: articles, dates, documents, bodies, persons, counts, ratios,
    documents_canonical, bodies_canonical, runs, rejects. Views:
    observations (one row per distinct figure), admissions,
    metrics_by_province_year, ratio_observations, full_ratios, count_facts,
    ratio_facts, document_mentions, document_citations, top_documents,
    articles_per_year, facts. "vnfacts describe" says what every column means.
    Fact offsets are "start" and "end" (quote "end": it is an SQL keyword).
    The store is opened read-only and sandboxed: a statement that would
    change it, read or write another file (COPY ... TO, read_csv, glob),
    attach a database, install or load an extension, or change a setting is
    refused; write results with --out. During an ingest, queries see the
    batches committed so far (a query waits while a batch is committed).

    \b
    Examples:
      vnfacts query "SELECT * FROM admissions ORDER BY year" --db facts.duckdb
      vnfacts query "SELECT label, articles FROM top_documents LIMIT 10"
      vnfacts query "SELECT * FROM counts" --format parquet --out counts.parquet
      vnfacts query @questions/admissions.sql --format csv > admissions.csv
    """
    from vnfacts.store import Store

    if fmt == "parquet" and not out:
        raise click.UsageError("--format parquet writes a binary file: give --out FILE")
    text = _read_sql(sql)
    try:
        with Store.open(db, read_only=True, timeout=timeout, memory_limit=memory_limit) as store:
            table = store.query(text)
    except VnfactsError as e:
        raise _fail(e) from None
    if table is None:
        click.echo("(statement returned no rows)", err=True)
        return
    if fmt == "parquet":
        import pyarrow.parquet as pq
        try:
            pq.write_table(table, out)
        except OSError as e:
            raise click.ClickException(f"{out}: cannot write: {e}") from None
        click.echo(f"{table.num_rows} rows written to {out}", err=True)
        return
    text_out = render(table, fmt)
    if out:
        try:
            Path(out).write_text(text_out + "\n", encoding="utf-8")
        except OSError as e:
            raise click.ClickException(f"{out}: cannot write: {e.strerror or e}") from None
        click.echo(f"{table.num_rows} rows written to {out}", err=True)
    else:
        click.echo(text_out)


@click.command("stats")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--recent", default=5, show_default=True, type=click.IntRange(0, None), metavar="N",
              help="How many recent runs and rejects to list.")
def stats_cmd(db: str, as_json: bool, recent: int) -> None:
    """Summarize the store: articles, facts per type, canonical documents and
    bodies, pipeline versions, the last ingest runs with their counts and the
    share of time spent writing, and the last rejected inputs.

    \b
    Examples:
      vnfacts stats --db facts.duckdb
      vnfacts stats --json | jq .facts
    """
    from vnfacts.store import Store

    try:
        with Store.open(db, read_only=True) as store:
            s = store.stats(recent=recent)
    except VnfactsError as e:
        raise _fail(e) from None
    if as_json:
        click.echo(json.dumps(_jsonable(s.model_dump()), ensure_ascii=False, indent=2))
        return
    out = [f"{s.path} (schema version {s.schema_version})",
           f"articles   {s.articles}",
           "facts      " + ", ".join(f"{t} {n}" for t, n in s.facts.items()) + f" (total {sum(s.facts.values())})",
           "canonical  " + ", ".join(f"{t.removesuffix('_canonical')} {n}" for t, n in s.canonical.items()),
           "pipeline   " + ("; ".join(f"{v}: {n} articles" + (" (current)" if v == s.current_version else "")
                                     for v, n in s.versions) or f"(no articles; current {s.current_version})"),
           f"runs       {s.runs}"
           + (f"; writing facts took {100 * s.write_share:.1f}% of ingest time" if s.write_share is not None else ""),
           f"rejects    {s.rejects}"]
    if s.recent_runs:
        cols = list(s.recent_runs[0])
        out += ["", "Recent runs:", format_table(cols, [[r[c] for c in cols] for r in s.recent_runs], count=False)]
    if s.recent_rejects:
        cols = list(s.recent_rejects[0])
        out += ["", "Recent rejects:",
                format_table(cols, [[r[c] for c in cols] for r in s.recent_rejects], count=False)]
    click.echo("\n".join(out))


@click.command("report")
@db_option
def report_cmd(db: str) -> None:
    """Print a short SQL report on the store: articles per year, the most
    cited documents, admissions per province and year (metric admission,
    modality actual, distinct figures, no breakdowns), and units reporting
    100%. Used by "make run"; each part is one query on the views
    that "vnfacts query" can use too.

    \b
    Examples:
      vnfacts report --db out/samples.duckdb
      vnfacts report --db facts.duckdb | less -S
    """
    from vnfacts.store import Store

    try:
        with Store.open(db, read_only=True) as store:
            parts = store.report()
    except VnfactsError as e:
        raise _fail(e) from None
    out = []
    for title, table in parts:
        cols, rows = _table_rows(table)
        out += [title, format_table(cols, rows) if rows else "(none)", ""]
    click.echo("\n".join(out).rstrip())


def dictionary_markdown(objects, columns) -> str:
    """The data dictionary (Store.describe()) as Markdown: one collapsible
    table of columns per table and view. The README's section is this text."""
    def cell(v: Any) -> str:
        return " ".join(str(v or "").split()).replace("|", "\\|")

    cols: dict[str, list[dict]] = {}
    for c in columns.to_pylist():
        cols.setdefault(c["name"], []).append(c)
    out = []
    for o in objects.to_pylist():
        out += [f"<details><summary><code>{o['name']}</code> ({o['kind']}): {cell(o['comment'])}</summary>", "",
                "| column | type | meaning |", "|---|---|---|"]
        out += [f"| `{c['column']}` | {c['type']} | {cell(c['comment'])} |" for c in cols.get(o["name"], [])]
        out += ["", "</details>", ""]
    return "\n".join(out).rstrip() + "\n"


@click.command("describe")
@click.argument("names", nargs=-1, metavar="[NAME]...")
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "markdown"]), default="table", show_default=True,
              help="markdown: the README's data dictionary.")
def describe_cmd(names: tuple[str, ...], db: str, fmt: str) -> None:
    """The store's data dictionary: every table and view (or those named),
    each column with its type and what it means, from the comments the
    schema puts on them (DuckDB's duckdb_columns() holds the same text).

    \b
    Examples:
      vnfacts describe --db facts.duckdb
      vnfacts describe observations admissions
      vnfacts describe --format markdown > dictionary.md
    """
    import pyarrow.compute as pc
    from vnfacts.store import Store

    try:
        with Store.open(db, read_only=True) as store:
            objects, columns = store.describe()
    except VnfactsError as e:
        raise _fail(e) from None
    if names:
        unknown = sorted(set(names) - set(objects.column("name").to_pylist()))
        if unknown:
            raise click.ClickException(f"no table or view named {', '.join(unknown)}")
        objects = objects.filter(pc.is_in(objects.column("name"), value_set=pa_array(names)))
        columns = columns.filter(pc.is_in(columns.column("name"), value_set=pa_array(names)))
    if fmt == "markdown":
        click.echo(dictionary_markdown(objects, columns), nl=False)
        return
    out = []
    for o in objects.to_pylist():
        rows = [[c["column"], c["type"], c["comment"]] for c in columns.to_pylist() if c["name"] == o["name"]]
        out += [f"{o['name']} ({o['kind']}): {o['comment']}", format_table(["column", "type", "meaning"], rows,
                                                                          count=False), ""]
    click.echo("\n".join(out).rstrip())


def pa_array(values):
    import pyarrow as pa
    return pa.array(list(values), pa.string())


COMMANDS = (ingest_cmd, query_cmd, stats_cmd, report_cmd, describe_cmd)
