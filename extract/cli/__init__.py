"""The `vnfacts` command line: a thin layer over the library.

It parses options, calls the library and prints. Library errors
(VnfactsError) become one line on stderr, "Error: <file>: <reason>", and a
non-zero exit code; no traceback. Exit codes: 0 all went well, 1 an input or
data error (printed), 2 a usage error (click).
"""
from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click
from vnfacts.cli.common import fail as _fail
from vnfacts.cli.common import format_table, metadata_options
from vnfacts.cli.store import SizeType
from vnfacts.errors import VnfactsError
from vnfacts.models import FACT_TYPES, ExtractionResult

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


# ---------------------------------------------------------------- helpers

def _report(err: Exception) -> None:
    """Print a per-file error on stderr and carry on."""
    click.echo(f"Error: {' '.join(str(err).split())}", err=True)


def _report_bug(source: str, err: Exception) -> None:
    """An unexpected exception while extracting one file: a bug, reported in one
    line so the other files still get through (VNFACTS_DEBUG=1 re-raises)."""
    if os.environ.get("VNFACTS_DEBUG"):
        raise err
    msg = " ".join(str(err).split())
    click.echo(f"Error: {source}: internal error ({type(err).__name__}: {msg}); "
               "rerun with VNFACTS_DEBUG=1 for a traceback", err=True)


def _load_rules() -> None:
    """Load rules/ once, up front: a rule data error is one message, not one per file."""
    from vnfacts.ruledata import load_rules
    try:
        load_rules()
    except VnfactsError as e:
        raise _fail(e) from None


def _dumps(obj: Any, indent: int | None = 2) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=indent)


def _table(header: list[str], rows: Iterable[list[Any]], left: Iterable[int] = (0,)) -> str:
    return format_table(header, rows, count=False, left=left)


def _number(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:.2f}"


def _pct(x: float) -> str:
    return f"{x * 100:.1f}"


def _progress(items: list, label: str):
    """A progress bar on stderr when it is a terminal; the plain list otherwise."""
    if sys.stderr.isatty() and len(items) > 1:
        return click.progressbar(items, label=label, file=sys.stderr)
    return _Plain(items)


class _Plain:
    def __init__(self, items: list):
        self.items = items

    def __enter__(self):
        return self.items

    def __exit__(self, *exc):
        return False


# ---------------------------------------------------------------- commands

@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(package_name="vnfacts")
def main() -> None:
    """Extract facts (dates, documents, bodies, persons, counts, ratios) from
    Vietnamese party news articles, and score them against gold annotations.

    \b
    Examples:
      vnfacts extract article.txt
      vnfacts extract --format jsonl corpus/*.txt > facts.jsonl
      cat article.txt | vnfacts extract -
      vnfacts eval ../shared/devset
      vnfacts schema > schema.json
      vnfacts run-samples --shared ../shared
      vnfacts ingest corpus/samples --db facts.duckdb
      vnfacts query "SELECT * FROM admissions" --db facts.duckdb

    Run "vnfacts COMMAND --help" for the options of a command.
    """


@main.command("extract")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl"]), default="json", show_default=True,
              help="json: one pretty-printed JSON array; jsonl: one compact JSON object per line.")
@metadata_options
@click.option("--with-text", is_flag=True,
              help="Put the normalized article text in article.text: every fact's start and end index it "
                   "(text[start:end] is the fact's text).")
@click.option("--sidecar", is_flag=True,
              help="Take url, published and title from NAME.json beside NAME.txt when there is one.")
@click.option("--max-size", "max_bytes", default="5MB", show_default=True, type=SizeType(),
              help="Refuse an article whose text is larger (UTF-8 bytes; 500KB, 2MB; 0 for no limit), "
                   "as vnfacts ingest does.")
def extract_cmd(files: tuple[str, ...], fmt: str, url: str | None, published: str | None, with_text: bool,
                sidecar: bool, max_bytes: int) -> None:
    """Extract the facts of each article in FILE... and print them as JSON,
    one ExtractionResult per article (see "vnfacts schema").

    FILE is read as "vnfacts ingest" reads it: a .txt file (UTF-8 or UTF-16),
    an .html page (its main text, title, date and author), a .jsonl file with
    one scraped article per line (each line one result), a directory, a glob
    pattern, or "-" for stdin (jsonl when it starts with "{", html with "<").

    Inputs that cannot be read are reported on stderr, one line each with the
    reason, and the others are still printed; the exit code is then 1.

    \b
    Examples:
      vnfacts extract article.txt
      vnfacts extract page.html scraped.jsonl --format jsonl
      vnfacts extract --published 2017-01-06 --url https://example.vn/tin.html a.txt
      vnfacts extract --with-text a.txt | jq '.[0].article.text'
      curl -s https://example.vn/tin.txt | vnfacts extract -
    """
    from vnfacts.ingest.inputs import read_path
    from vnfacts.pipeline import extract

    _load_rules()
    results: list[dict] = []
    failed = 0
    for f in files:
        for inp in read_path(f, sidecar=sidecar, max_bytes=max_bytes):
            if not inp.ok:
                click.echo(f"Error: {' '.join(str(inp).split())}", err=True)
                failed += 1
                continue
            try:
                res = extract(inp.text, source=inp.source, url=url or inp.url, published=published or inp.published,
                              title=inp.title, author=inp.author, with_text=with_text)
            except VnfactsError as e:
                _report(e)
                failed += 1
                continue
            except Exception as e:  # noqa: BLE001 - a bug: one line, then the next input
                _report_bug(inp.source, e)
                failed += 1
                continue
            data = res.model_dump(mode="json")
            if fmt == "jsonl":
                click.echo(_dumps(data, indent=None))
            else:
                results.append(data)
    if fmt == "json":
        click.echo(_dumps(results))
    if failed:
        sys.exit(1)


@main.command("eval")
@click.argument("gold_dir", metavar="GOLD_DIR")
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON instead of tables.")
@click.option("--per-article", is_flag=True, help="Also print the F1 of every fact type per article.")
@click.option("--diff", is_flag=True, help="Also list missed and spurious facts (article, type, text, key) "
                                          "and the attribute errors of matched facts (field, gold, got).")
@click.option("--texts", "text_dirs", multiple=True, metavar="DIR",
              help="Where to find the article of a gold file that has no .txt beside it: the "
                   "file named by its \"source\" field in DIR (repeatable).")
@click.option("--shared", default="../shared", show_default=True, metavar="DIR",
              help="With a corpus folder: where seeds/ (texts of corpus/seeds) and devset/ live.")
@click.option("--check-baseline", is_flag=True,
              help="With a corpus folder: exit 1 when a type's F1 fell below corpus/baseline.json "
                   "by more than its tolerance, naming set and type.")
@click.option("--update-baseline", is_flag=True,
              help="With a corpus folder: write the F1 just measured to corpus/baseline.json.")
def eval_cmd(gold_dir: str, as_json: bool, per_article: bool, diff: bool, text_dirs: tuple[str, ...],
             shared: str, check_baseline: bool, update_baseline: bool) -> None:
    """Score the extractor against gold annotations in GOLD_DIR (dNN.txt
    beside dNN.json, format in GOLD.md; or gold whose "source" names a text
    in a --texts DIR): precision, recall and F1 per fact
    type, the micro average, the accuracy of every attribute users group or
    filter on (metric, modality, unit_class, grade, breakdown, unit,
    qualifier, canonical, roles, issuer, issued, congress) on matched facts,
    and strict F1 (key and every attribute right), as
    ../shared/tools/score_attrs.py computes them.

    GOLD_DIR may also be a corpus folder whose subfolders hold gold (corpus/):
    every subfolder is scored, plus SHARED/devset, and the figures can be
    checked against, or written to, the regression baseline corpus/baseline.json.

    \b
    Examples:
      vnfacts eval ../shared/devset
      vnfacts eval ../shared/devset --diff | grep missed
      vnfacts eval ../shared/devset --per-article
      vnfacts eval ../shared/devset --json > report.json
      vnfacts eval corpus/seeds --texts ../shared/seeds
      vnfacts eval corpus --check-baseline
      vnfacts eval corpus --update-baseline     # a drop is a decision: make it explicit
    """
    from vnfacts.evaluation.evaluate import evaluate
    from vnfacts.pipeline import extract

    _load_rules()
    root = Path(gold_dir)
    is_corpus = root.is_dir() and not any(p.name != "baseline.json" for p in root.glob("*.json")) \
        and any(root.rglob("*.json"))
    if is_corpus or check_baseline or update_baseline:
        if not is_corpus:
            raise click.UsageError("--check-baseline/--update-baseline take a corpus folder (e.g. corpus)")
        _eval_corpus(root, Path(shared), as_json, per_article, diff, check_baseline, update_baseline)
        return
    try:
        report = evaluate(gold_dir, extract, with_diffs=diff, text_dirs=[Path(d) for d in text_dirs])
    except VnfactsError as e:
        raise _fail(e) from None
    if as_json:
        click.echo(_dumps(report.to_json()))
        return
    click.echo(format_report(report, per_article=per_article, diff=diff))


def _eval_corpus(root: Path, shared: Path, as_json: bool, per_article: bool, diff: bool,
                 check_baseline: bool, update_baseline: bool) -> None:
    from vnfacts.evaluation.baseline import check, gold_sets, load_baseline, measure, save_baseline
    from vnfacts.pipeline import extract

    baseline_path = root / "baseline.json"
    try:
        measured = measure(gold_sets(root, shared if shared.is_dir() else None), extract, with_diffs=diff)
        if not measured.f1:
            raise VnfactsError(f"{root}: no gold set could be measured")
        drops = check(measured, load_baseline(baseline_path)) if check_baseline else []
        saved = save_baseline(measured, baseline_path) if update_baseline else None
    except VnfactsError as e:
        raise _fail(e) from None
    if as_json:
        click.echo(_dumps({name: rep.to_json() for name, rep in measured.reports.items()}))
    else:
        for name, rep in measured.reports.items():
            click.echo(f"== {name}")
            click.echo(format_report(rep, per_article=per_article, diff=diff))
            click.echo("")
        for name in measured.skipped:
            click.echo(f"(skipped {name}: its files are not here)")
    if saved is not None:
        click.echo(f"baseline written to {baseline_path} (tolerance {saved.tolerance})", err=True)
    if drops:
        for d in drops:
            click.echo(f"Error: regression: {d}", err=True)
        raise SystemExit(1)
    if check_baseline:
        click.echo(f"baseline holds ({baseline_path})", err=True)


def format_report(report, *, per_article: bool = False, diff: bool = False) -> str:
    """The evaluation report as text tables."""
    header = ["type", "tp", "fp", "fn", "P%", "R%", "F1%"]

    def row(name, s):
        return [name, s.tp, s.fp, s.fn, _pct(s.precision), _pct(s.recall), _pct(s.f1)]

    rows = [row(t, report.per_type[t]) for t in FACT_TYPES if t in report.per_type]
    rows.append(row("micro", report.micro))
    out = [f"{report.articles} articles in {report.gold_dir}", "", _table(header, rows)]
    if report.attributes:
        out += ["", _table(["attribute", "correct", "total", "accuracy%"],
                           [[k, a.correct, a.total, _pct(a.value)] for k, a in report.attributes.items()])]
    if report.strict:
        out += ["", "strict (key and every attribute right):",
                _table(["type", "tp", "pred", "gold", "F1%"],
                       [[k, v.tp, v.pred, v.gold, _pct(v.f1)]
                        for k, v in [*report.strict.items(), ("micro", report.strict_micro)]])]
    if per_article:
        out += ["", "F1% per article:",
                _table(["article", *FACT_TYPES],
                       [[a, *(_pct(s[t].f1) if t in s else "-" for t in FACT_TYPES)]
                        for a, s in report.per_article.items()])]
    if diff:
        out += ["", f"{len(report.diffs)} differences:"]
        if report.diffs:
            out.append(_table(["article", "type", "kind", "start", "text", "key"],
                              [[d.article, d.type, d.kind, "" if d.start is None else d.start,
                                d.text.replace("\n", " "), d.key] for d in report.diffs],
                              left=(0, 1, 2, 4, 5)))
        out += ["", f"{len(report.attribute_errors)} attribute errors (matched facts):"]
        if report.attribute_errors:
            out.append(_table(["article", "type", "field", "text", "gold", "got"],
                              [[e.article, e.type, e.field, e.text.replace("\n", " "), str(e.gold), str(e.got)]
                               for e in report.attribute_errors], left=(0, 1, 2, 3, 4, 5)))
    return "\n".join(out)


@main.command("show")
@click.argument("file", metavar="FILE")
@click.option("--html", "out", required=True, metavar="OUT", help="Where to write the HTML page.")
@metadata_options
def show_cmd(file: str, out: str, url: str | None, published: str | None) -> None:
    """Write FILE as an HTML page with every fact highlighted by type and
    its normalized value shown on hover. FILE is read as "vnfacts extract"
    reads it (.txt, .html; of a .jsonl file, its first article).

    \b
    Examples:
      vnfacts show ../shared/seeds/000_1b1f776dd20501be.txt --html out/000.html
      vnfacts show article.txt --html a.html --published 2020-06-16
      vnfacts show page.html --html out/page.html
    """
    from vnfacts.errors import InputError
    from vnfacts.ingest.inputs import read_path
    from vnfacts.pipeline import extract_normalized
    from vnfacts.pipeline.normalize import normalize
    from vnfacts.show import render_html

    _load_rules()
    try:
        inp = next(iter(read_path(file)))
        if not inp.ok:
            raise InputError(inp.path, inp.reason or "rejected", inp.line)
        norm = normalize(inp.text, source=inp.source, url=url or inp.url, published=published or inp.published,
                         title=inp.title, author=inp.author)
        page = render_html(extract_normalized(norm), norm.text)
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(page, encoding="utf-8")
    except VnfactsError as e:
        raise _fail(e) from None
    except OSError as e:
        raise _fail(VnfactsError(f"{out}: cannot write ({e.strerror})")) from None
    click.echo(out)


@main.command("schema")
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl"]), default="json", show_default=True,
              help="The output format whose schema to print: json (an array of results) or jsonl (one line).")
def schema_cmd(fmt: str) -> None:
    """Print the JSON Schema of what "vnfacts extract --format FMT" prints:
    for json an array of ExtractionResult objects, for jsonl one object
    (one line). Every field is described (from SPEC), closed sets are enums,
    and an example is included.

    \b
    Examples:
      vnfacts schema > extract.schema.json
      vnfacts schema --format jsonl | jq '.properties | keys'
    """
    from vnfacts.output_schema import output_schema
    click.echo(_dumps(output_schema(fmt)))


@main.command("run-samples")
@click.option("--shared", "shared", default="../shared", show_default=True, metavar="DIR",
              help="Shared directory whose seeds/*.txt and devset/*.txt are extracted too (skipped if missing).")
@click.option("--corpus", "corpus", default="corpus", show_default=True, metavar="DIR",
              help="Directory searched recursively for *.txt articles.")
def run_samples_cmd(shared: str, corpus: str) -> None:
    """Extract every sample article and print a short summary: facts per type,
    one line per article, the most frequent document numbers and the count
    totals per unit. Samples are corpus/**/*.txt plus DIR/seeds/*.txt and
    DIR/devset/*.txt. Used by "make run".

    \b
    Examples:
      vnfacts run-samples
      vnfacts run-samples --shared /data/shared --corpus /data/corpus
    """
    from vnfacts.evaluation.summary import find_samples, summarize
    from vnfacts.ingest.inputs import read_article
    from vnfacts.pipeline import extract

    _load_rules()
    shared_dir = Path(shared)
    samples = find_samples(Path(corpus), shared_dir)
    if samples.shared_dir is None:
        click.echo(f"note: shared directory {shared} not found; using {corpus}/ only", err=True)
    if not samples.inputs:
        raise click.ClickException(
            f"no sample articles found: no *.txt under {corpus}/"
            + ("" if samples.shared_dir is None else f", {shared}/seeds/ or {shared}/devset/"))
    results: list[ExtractionResult] = []
    failed = 0
    with _progress(samples.inputs, "extracting") as items:
        for inp in items:
            try:
                text, source = read_article(inp.path)
                results.append(extract(text, source=source, url=inp.url))
            except VnfactsError as e:
                _report(e)
                failed += 1
            except Exception as e:  # noqa: BLE001 - a bug: one line, then the next file
                _report_bug(inp.path, e)
                failed += 1
    click.echo(format_summary(summarize(results)))
    if failed:
        sys.exit(1)


def format_summary(s) -> str:
    """The run-samples summary as text."""
    short = {"dates": "dat", "documents": "doc", "bodies": "bod", "persons": "per",
             "counts": "cnt", "ratios": "rat"}
    out = [f"{s.articles} articles; facts: " + ", ".join(f"{t} {s.facts.get(t, 0)}" for t in FACT_TYPES), ""]
    out.append(_table(["article", "published", *(short[t] for t in FACT_TYPES)], left=(0, 1), rows=
                      [[a.source, a.published or "-", *(a.facts.get(t, 0) for t in FACT_TYPES)]
                       for a in s.per_article]))
    out += ["", "Most frequent documents:"]
    out.append(_table(["document", "mentions"], [[d, n] for d, n in s.top_documents])
               if s.top_documents else "  (none)")
    out += ["", "Counts by unit (total value):"]
    out.append(_table(["unit", "total"], [[u, _number(v)] for u, v in s.count_units])
               if s.count_units else "  (none)")
    return "\n".join(out)


# the fact store commands (ingest, query, stats, report) live in their own module
from vnfacts.cli.store import COMMANDS as _STORE_COMMANDS  # noqa: E402

for _cmd in _STORE_COMMANDS:
    main.add_command(_cmd)

