"""Rule data in rules/: loading and validation.

Every file is validated by pydantic models with extra="forbid"; an error names
the file and the rule id. Patterns may use macros written {NAME}: the file's
own `macros`, rules/macros.yaml, and one macro per lexicon (rules/lexicons/),
named after the lexicon id in upper case.
"""
from __future__ import annotations

import functools
import os
import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from vnfacts.errors import RuleDataError
from vnfacts.text.textnorm import fold


def _default_rules_dir() -> Path:
    """The rule data: `vnfacts/rules/` inside an installed wheel; in a source
    checkout (an editable install) the repository's top-level `rules/`, which
    the wheel ships as that package data. Nothing else on sys.path is looked at."""
    package = Path(__file__).resolve().parent
    shipped = package / "rules"
    if shipped.is_dir():
        return shipped
    checkout = package.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "rules").is_dir():
        return checkout / "rules"
    raise RuleDataError(str(shipped), "the rule data is missing: vnfacts is installed without its rules/ folder")


RULES_DIR = _default_rules_dir()
if os.environ.get("VNFACTS_RULES"):  # another rules/ tree (experiments, the regression-gate test)
    RULES_DIR = Path(os.environ["VNFACTS_RULES"])

Dimension = Literal["dates", "documents", "counts", "ratios"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Example(_Strict):
    """Text the rule must match; `match` is the expected span (default: all of
    `text`), `expect` the expected fields of the fact."""

    text: str
    match: str | None = None
    published: str | None = None
    expect: dict[str, Any] = Field(default_factory=dict)


class Negative(_Strict):
    """Text in which the rule's dimension must find nothing (or not `match`)."""

    text: str
    match: str | None = None
    published: str | None = None


class PatternRule(_Strict):
    id: str
    pattern: str
    resolver: str
    priority: int = 0
    ignorecase: bool = True
    note: str | None = None
    examples: list[Example] = Field(min_length=1)
    negatives: list[Negative] = Field(default_factory=list)


class RuleFile(_Strict):
    dimension: Dimension
    description: str
    macros: dict[str, str] = Field(default_factory=dict)
    rules: list[PatternRule]

    @model_validator(mode="after")
    def _unique_ids(self):
        seen = set()
        for r in self.rules:
            if r.id in seen:
                raise ValueError(f"duplicate rule id {r.id!r}")
            seen.add(r.id)
        return self


class LexEntry(_Strict):
    text: str
    value: str | None = None  # canonical form / mapped value


class Lexicon(_Strict):
    id: str
    description: str
    entries: list[LexEntry | str] = Field(min_length=1)
    examples: list[str] = Field(default_factory=list)
    negatives: list[str] = Field(default_factory=list)

    def items(self) -> list[LexEntry]:
        return [e if isinstance(e, LexEntry) else LexEntry(text=e) for e in self.entries]

    def mapping(self) -> dict[str, str | None]:
        """folded lower-case text -> value (None when the entry has no value)."""
        return {fold(e.text).lower(): e.value for e in self.items()}


class ChromeRule(_Strict):
    id: str
    kind: Literal["line", "end", "timestamp", "byline_prefix", "not_title", "kicker"]
    pattern: str
    note: str | None = None
    examples: list[str] = Field(min_length=1)
    negatives: list[str] = Field(default_factory=list)


class ChromeFile(_Strict):
    description: str
    rules: list[ChromeRule]


class MacroFile(_Strict):
    description: str
    macros: dict[str, str]


_MACRO = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")


def _lex_regex(lex: Lexicon) -> str:
    alts = sorted({fold(e.text) for e in lex.items()}, key=len, reverse=True)
    parts = [r"\s+".join(re.escape(w) for w in a.split()) for a in alts]
    return "(?:" + "|".join(parts) + ")"


def expand(pattern: str, macros: dict[str, str], where: str, depth: int = 0) -> str:
    if depth > 10:
        raise RuleDataError(where, "macro expansion too deep (recursive macro?)")

    def sub(m: re.Match) -> str:
        name = m.group(1)
        if name not in macros:
            raise RuleDataError(where, f"unknown macro {{{name}}}")
        return "(?:" + expand(macros[name], macros, where, depth + 1) + ")"

    return _MACRO.sub(sub, pattern)


def _load_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except yaml.YAMLError as e:
        raise RuleDataError(str(path), f"not valid YAML: {e}") from None


def _validate(model, data, path: Path):
    try:
        return model.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        loc = err["loc"]
        rid = None
        if len(loc) >= 2 and loc[0] in ("rules", "entries") and isinstance(loc[1], int):
            try:
                rid = data[loc[0]][loc[1]].get("id")
            except Exception:  # noqa: BLE001 - best effort for the message
                rid = None
        where = f"{path}" + (f" rule {rid!r}" if rid else "")
        raise RuleDataError(where, f"{'.'.join(map(str, loc))}: {err['msg']}") from None


class CompiledRule:
    __slots__ = ("dimension", "file", "regex", "rule")

    def __init__(self, rule: PatternRule, regex: re.Pattern, dimension: str, file: str):
        self.rule, self.regex, self.dimension, self.file = rule, regex, dimension, file


class RuleSet:
    """Everything in rules/, validated and compiled."""

    def __init__(self, root: Path):
        self.root = root
        self.lexicons: dict[str, Lexicon] = {}
        for p in sorted((root / "lexicons").glob("*.yaml")):
            lex = _validate(Lexicon, _load_yaml(p), p)
            if lex.id in self.lexicons:
                raise RuleDataError(str(p), f"duplicate lexicon id {lex.id!r}")
            self.lexicons[lex.id] = lex
        mf = _validate(MacroFile, _load_yaml(root / "macros.yaml"), root / "macros.yaml")
        self.macros: dict[str, str] = dict(mf.macros)
        for lid, lex in self.lexicons.items():
            self.macros[lid.upper()] = _lex_regex(lex)
        chrome_path = root / "chrome.yaml"
        self.chrome = _validate(ChromeFile, _load_yaml(chrome_path), chrome_path)
        self.chrome_compiled: list[tuple[ChromeRule, re.Pattern]] = []
        for r in self.chrome.rules:
            rx = self._compile(r.pattern, self.macros, f"{chrome_path} rule {r.id!r}", True)
            self.chrome_compiled.append((r, rx))
        self.files: dict[str, RuleFile] = {}
        self.compiled: dict[str, list[CompiledRule]] = {}
        for p in sorted(root.glob("*.yaml")):
            if p.name in ("macros.yaml", "chrome.yaml"):
                continue
            rf = _validate(RuleFile, _load_yaml(p), p)
            self.files[str(p)] = rf
            macros = {**self.macros, **rf.macros}
            for r in rf.rules:
                rx = self._compile(r.pattern, macros, f"{p} rule {r.id!r}", r.ignorecase)
                self.compiled.setdefault(rf.dimension, []).append(CompiledRule(r, rx, rf.dimension, str(p)))
        for dim in self.compiled:
            self.compiled[dim].sort(key=lambda c: -c.rule.priority)

    @staticmethod
    def _compile(pattern: str, macros: dict[str, str], where: str, ignorecase: bool) -> re.Pattern:
        src = expand(pattern, macros, where)
        try:
            return re.compile(src, re.IGNORECASE if ignorecase else 0)
        except re.error as e:
            raise RuleDataError(where, f"bad regex: {e}") from None

    def lex(self, lid: str) -> Lexicon:
        return self.lexicons[lid]

    def lex_regex(self, lid: str) -> str:
        return self.macros[lid.upper()]


@functools.lru_cache(maxsize=4)
def load_rules(root: str | None = None) -> RuleSet:
    return RuleSet(Path(root) if root else RULES_DIR)
