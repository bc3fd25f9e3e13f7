"""What the vnfacts commands share: one-line errors, the options several
commands take (`--db`, `--url`, `--published`), and the one text table renderer."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import click

DEFAULT_DB = "vnfacts.duckdb"
DB_HELP = "The store: a DuckDB file (env VNFACTS_DB)."


def fail(err: Exception) -> click.ClickException:
    """A library error as a click error: one line, exit code 1."""
    return click.ClickException(" ".join(str(err).split()) or type(err).__name__)


def db_option(fn: Callable) -> Callable:
    """--db FILE (env VNFACTS_DB): the store a command reads or writes."""
    return click.option("--db", default=DEFAULT_DB, show_default=True, envvar="VNFACTS_DB", metavar="FILE",
                        help=DB_HELP)(fn)


def _check_published(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    from vnfacts.text.published import PublishedError, iso_published
    try:
        return iso_published(value)
    except PublishedError as e:
        raise click.BadParameter(f"{value!r}: {e}") from None


def metadata_options(fn: Callable) -> Callable:
    """--url and --published: an article's metadata known from elsewhere,
    applied to every input of the command (they override the input's own)."""
    fn = click.option("--published", default=None, metavar="DATE", callback=_check_published,
                      help="Publication date or time known from elsewhere (2017-01-06, 2017-01-06T14:56+07:00, "
                           "06/01/2017 14:56), read as ISO 8601 (a value that is not a date is refused); "
                           "overrides the page's own. Applies to every FILE.")(fn)
    return click.option("--url", default=None, metavar="URL",
                        help="URL of the article (recorded, and a date in it is used when the page gives none). "
                             "Applies to every FILE.")(fn)


def cell(v: Any) -> str:
    """One value as table text: NULL for missing, numbers without noise."""
    if v is None:
        return "NULL"
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else f"{v:.4f}".rstrip("0").rstrip(".")
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(cell(x) for x in v) + "]"
    if isinstance(v, (datetime, date)):
        return v.isoformat(sep=" ") if isinstance(v, datetime) else v.isoformat()
    return " ".join(str(v).split()) if isinstance(v, str) else str(v)


def _numeric(values: list[Any]) -> bool:
    vals = [v for v in values if v is not None]
    return bool(vals) and all(isinstance(v, (int, float, Decimal)) and not isinstance(v, bool) for v in vals)


def format_table(columns: list[str], rows: Iterable[list[Any]], *, count: bool = True,
                 left: Iterable[int] | None = None) -> str:
    """Plain aligned text: numbers right-aligned, text left-aligned, NULL for
    missing; `left` names the left-aligned columns instead; `count` adds "(N rows)"."""
    rows = list(rows)
    cells = [[cell(v) for v in r] for r in rows]
    if left is None:
        right = [_numeric([r[i] for r in rows]) for i in range(len(columns))]
    else:
        lefts = set(left)
        right = [i not in lefts for i in range(len(columns))]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]

    def fmt(vals: list[str]) -> str:
        return "  ".join(v.rjust(w) if rt else v.ljust(w) for v, w, rt in zip(vals, widths, right)).rstrip()

    out = [fmt([str(c) for c in columns]), "  ".join("-" * w for w in widths), *(fmt(r) for r in cells)]
    if count:
        out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)
