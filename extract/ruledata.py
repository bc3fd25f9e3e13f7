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

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from vnfacts.errors import RuleDataError
from vnfacts.models import Grade, Metric, UnitClass
from vnfacts.rulecache import RuleCache
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

Dimension = Literal["dates", "documents", "counts", "ratios", "bodies", "persons"]


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
    """Text in which the rule's dimension must find nothing (or not `match`;
    with `expect`, no `match` fact having all of those fields)."""

    text: str
    match: str | None = None
    published: str | None = None
    expect: dict[str, Any] = Field(default_factory=dict)


class PatternRule(_Strict):
    id: str
    pattern: str
    resolver: str
    priority: int = 0
    ignorecase: bool = True
    note: str | None = None
    examples: list[Example] = Field(min_length=1)
    negatives: list[Negative] = Field(default_factory=list)


class LexEntry(_Strict):
    text: str
    value: str | None = None  # canonical form / mapped value


class Section(_Strict):
    """A piece of knowledge the NER, resolve or canonicalize stage reads: a
    word list (`entries`, with values) and/or a regex (`pattern`), with the
    texts that show what it does (`examples`, run through the whole pipeline
    on the file's dimension) and what it must not do (`negatives`)."""

    id: str
    note: str | None = None
    entries: list[LexEntry | str] = Field(default_factory=list)
    pattern: str | None = None
    ignorecase: bool = True
    examples: list[Example] = Field(min_length=1)
    negatives: list[Negative] = Field(default_factory=list)

    @model_validator(mode="after")
    def _has_knowledge(self):
        if not self.entries and not self.pattern:
            raise ValueError("a section needs entries or a pattern")
        return self

    def items(self) -> list[LexEntry]:
        return [e if isinstance(e, LexEntry) else LexEntry(text=e) for e in self.entries]

    def texts(self) -> list[str]:
        """The entries' texts (folded), longest first, equal lengths in text
        order (the same in every process: regexes built from them are cached)."""
        return sorted({fold(e.text) for e in self.items()}, key=lambda t: (-len(t), t))

    def mapping(self) -> dict[str, str | None]:
        """folded lower-case text -> value (None when the entry has no value)."""
        return {fold(e.text).lower(): e.value for e in self.items()}

    def values(self) -> dict[str, str | None]:
        """folded text as written -> value."""
        return {fold(e.text): e.value for e in self.items()}


class RuleFile(_Strict):
    dimension: Dimension
    description: str
    macros: dict[str, str] = Field(default_factory=dict)
    rules: list[PatternRule] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_ids(self):
        seen = set()
        for r in [*self.rules, *self.sections]:
            if r.id in seen:
                raise ValueError(f"duplicate rule id {r.id!r}")
            seen.add(r.id)
        return self


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


# ---------------------------------------------------------------- metrics (rules/metrics*.yaml)

MetricId, UnitClassId, GradeId = Metric, UnitClass, Grade  # the closed value sets of the output models


class MetricExample(_Strict):
    """A sentence (written for the rule, not copied from an article) and the
    metric fields expected on the count or ratio whose text is `match`."""

    text: str
    match: str
    published: str | None = None
    expect: dict[str, Any] = Field(min_length=1)

    @model_validator(mode="after")
    def _known_fields(self):
        bad = set(self.expect) - {"metric", "modality", "unit_class", "grade", "breakdown", "unit"}
        if bad:
            raise ValueError(f"expect names unknown fields {sorted(bad)}")
        return self


class MetricNegative(_Strict):
    """The count or ratio `match` in `text` must NOT have these field values."""

    text: str
    match: str
    published: str | None = None
    not_expect: dict[str, Any] = Field(min_length=1)


class Trigger(_Strict):
    """An action phrase: `text` (words; spacing and case free) or `pattern` (a
    regex, macros allowed). `priority` ranks phrases found in the same scope
    (higher wins; ties: the first named); `grade` for rating phrases;
    `excluded_unit_groups` for a phrase narrower than its metric ("có 12
    xã" is no party organization's stock, "có chi bộ" is)."""

    text: str | None = None
    pattern: str | None = None
    priority: int = 0
    grade: GradeId | None = None
    excluded_unit_groups: list[str] = Field(default_factory=list)  # units this phrase cannot count

    @model_validator(mode="after")
    def _one_of(self):
        if (self.text is None) == (self.pattern is None):
            raise ValueError("a trigger has exactly one of text or pattern")
        return self


class MetricRule(_Strict):
    """One metric id: the actions that name it, and which counted units it can count."""

    id: MetricId
    description: str
    unit_classes: list[UnitClassId] | None = None  # None: any
    needs_unit: bool = False  # True: a figure whose counted unit is unknown cannot be this metric
    excluded_unit_groups: list[str] = Field(default_factory=list)
    triggers: list[Trigger | str] = Field(default_factory=list)
    examples: list[MetricExample] = Field(min_length=1)
    negatives: list[MetricNegative] = Field(default_factory=list)

    def trigger_items(self) -> list[Trigger]:
        return [t if isinstance(t, Trigger) else Trigger(text=t) for t in self.triggers]


class UnitEntry(_Strict):
    text: str
    unit_class: UnitClassId
    group: str | None = None


class MarkerRule(_Strict):
    """Words that decide modality or breakdown (`patterns`, regexes; none for
    a structural rule such as a parenthesis), with examples run through the
    whole pipeline like the metrics'."""

    id: str
    description: str
    patterns: list[str] = Field(default_factory=list)
    examples: list[MetricExample] = Field(default_factory=list)
    negatives: list[MetricNegative] = Field(default_factory=list)


class LevelEntry(_Strict):
    pattern: str
    level: int = Field(ge=0, le=9)


class MetricsFile(_Strict):
    """rules/metrics*.yaml: any of the sections; every file is merged in name order."""

    description: str
    macros: dict[str, str] = Field(default_factory=dict)
    metrics: list[MetricRule] = Field(default_factory=list)
    not_actions: list[str] = Field(default_factory=list)
    units: list[UnitEntry] = Field(default_factory=list)
    markers: list[MarkerRule] = Field(default_factory=list)
    levels: list[LevelEntry] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_ids(self):
        for kind, items in (("metric", self.metrics), ("marker", self.markers)):
            seen = set()
            for r in items:
                if r.id in seen:
                    raise ValueError(f"duplicate {kind} id {r.id!r}")
                seen.add(r.id)
        return self


class ChromeRule(_Strict):
    id: str
    kind: Literal["line", "end", "list_item", "timestamp", "byline_prefix", "not_title", "kicker"]
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
    # longest first; equal lengths in text order, so that the pattern is the
    # same in every process (set order is not) and its compiled code can be cached
    alts = sorted({fold(e.text) for e in lex.items()}, key=lambda a: (-len(a), a))
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
    # imported here: with the rules cache warm no YAML is parsed (vnfacts.rulecache)
    import yaml

    # libyaml's parser when PyYAML was built with it (the same safe loading, about
    # ten times faster: the pure-Python one was a third of `vnfacts extract`'s start)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.load(fh, Loader=loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as e:
        raise RuleDataError(str(path), f"not valid YAML: {e}") from None


def _validate(model, data, path: Path):
    try:
        return model.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        loc = err["loc"]
        rid = None
        if len(loc) >= 2 and loc[0] in ("rules", "entries", "sections") and isinstance(loc[1], int):
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
        # the parsed YAML and the regexes' compiled code come from a cache
        # when rules/ is unchanged (vnfacts.rulecache); all the rest runs
        self._cache = cache = RuleCache.open(root)
        self.lexicons: dict[str, Lexicon] = {}
        for p in sorted((root / "lexicons").glob("*.yaml")):
            lex = _validate(Lexicon, cache.yaml(p, _load_yaml), p)
            if lex.id in self.lexicons:
                raise RuleDataError(str(p), f"duplicate lexicon id {lex.id!r}")
            self.lexicons[lex.id] = lex
        mf = _validate(MacroFile, cache.yaml(root / "macros.yaml", _load_yaml), root / "macros.yaml")
        self.macros: dict[str, str] = dict(mf.macros)
        for lid, lex in self.lexicons.items():
            self.macros[lid.upper()] = _lex_regex(lex)
        chrome_path = root / "chrome.yaml"
        self.chrome = _validate(ChromeFile, cache.yaml(chrome_path, _load_yaml), chrome_path)
        self.chrome_compiled: list[tuple[ChromeRule, re.Pattern]] = []
        for r in self.chrome.rules:
            rx = self._compile(r.pattern, self.macros, f"{chrome_path} rule {r.id!r}", True)
            self.chrome_compiled.append((r, rx))
        self.metric_files: dict[str, MetricsFile] = {}
        for p in sorted(root.glob("metrics*.yaml")):
            mf_ = _validate(MetricsFile, cache.yaml(p, _load_yaml), p)
            for m in mf_.metrics:
                for t in m.trigger_items():
                    if t.pattern is not None:
                        self._compile(t.pattern, {**self.macros, **mf_.macros}, f"{p} rule {m.id!r}", True)
            for mk in mf_.markers:
                for pat in mk.patterns:
                    self._compile(pat, {**self.macros, **mf_.macros}, f"{p} rule {mk.id!r}", True)
            self.metric_files[str(p)] = mf_
        ids = [m.id for f in self.metric_files.values() for m in f.metrics]
        if len(ids) != len(set(ids)):
            raise RuleDataError(str(root), "a metric id is defined twice across rules/metrics*.yaml")
        self.files: dict[str, RuleFile] = {}
        self.compiled: dict[str, list[CompiledRule]] = {}
        self.sections: dict[tuple[str, str], Section] = {}
        self.section_rx: dict[tuple[str, str], re.Pattern] = {}
        registry = resolver_registry()
        for p in sorted(root.glob("*.yaml")):
            if p.name in ("macros.yaml", "chrome.yaml") or p.name.startswith("metrics"):
                continue
            rf = _validate(RuleFile, cache.yaml(p, _load_yaml), p)
            self.files[str(p)] = rf
            macros = {**self.macros, **rf.macros}
            for r in rf.rules:
                where = f"{p} rule {r.id!r}"
                rx = self._compile(r.pattern, macros, where, r.ignorecase)
                _check_resolver(registry, rf.dimension, r.resolver, rx, where)
                self.compiled.setdefault(rf.dimension, []).append(CompiledRule(r, rx, rf.dimension, str(p)))
            for sec in rf.sections:
                key = (rf.dimension, sec.id)
                self.sections[key] = sec
                if sec.pattern:
                    self.section_rx[key] = self._compile(sec.pattern, macros, f"{p} rule {sec.id!r}",
                                                         sec.ignorecase)
        for dim in self.compiled:
            self.compiled[dim].sort(key=lambda c: -c.rule.priority)
        cache.loaded()

    def _compile(self, pattern: str, macros: dict[str, str], where: str, ignorecase: bool) -> re.Pattern:
        src = expand(pattern, macros, where)
        try:
            return self._cache.regex(src, re.IGNORECASE if ignorecase else 0)
        except re.error as e:
            raise RuleDataError(where, f"bad regex: {e}") from None

    def compile_pattern(self, pattern: str, where: str, extra_macros: dict[str, str] | None = None) -> re.Pattern:
        """A rule-data regex with the shared macros (and a file's own), case-insensitive."""
        return self._compile(fold(pattern), {**self.macros, **(extra_macros or {})}, where, True)

    def lex(self, lid: str) -> Lexicon:
        return self.lexicons[lid]

    def section(self, dimension: str, sid: str) -> Section:
        """A section of the rule file of `dimension` (rules/bodies.yaml "heads")."""
        try:
            return self.sections[(dimension, sid)]
        except KeyError:
            raise RuleDataError(str(self.root), f"no section {sid!r} in the {dimension} rules") from None

    def section_regex(self, dimension: str, sid: str) -> re.Pattern:
        """The compiled `pattern` of a section."""
        self.section(dimension, sid)
        try:
            return self.section_rx[(dimension, sid)]
        except KeyError:
            raise RuleDataError(str(self.root), f"section {sid!r} of the {dimension} rules has no pattern") from None

    def words_regex(self, dimension: str, sid: str) -> str:
        """A section's entries as one alternation, longest first, any spacing."""
        parts = [r"\s+".join(re.escape(w) for w in a.split()) for a in self.section(dimension, sid).texts()]
        return "(?:" + "|".join(parts) + ")"

    def lex_regex(self, lid: str) -> str:
        return self.macros[lid.upper()]


# ---------------------------------------------------------------- resolvers

class Resolver(_Strict):
    """A registered resolver: the regex groups it reads. `requires` lists
    alternatives, each a set of groups that must all be in the pattern (one
    alternative suffices); `optional` the other groups it may read."""

    dimension: str
    name: str
    requires: list[frozenset[str]]
    optional: frozenset[str] = frozenset()


_RESOLVERS: dict[tuple[str, str], Resolver] = {}


def register_resolver(dimension: str, name: str, requires: list[set[str]] | set[str],
                      optional: set[str] = frozenset()) -> Resolver:
    """Declare a resolver of `dimension` and the groups it reads (done by
    vnfacts.pipeline.resolve when it is imported)."""
    alts = [requires] if isinstance(requires, (set, frozenset)) else list(requires)
    r = Resolver(dimension=dimension, name=name, requires=[frozenset(a) for a in alts],
                 optional=frozenset(optional))
    _RESOLVERS[(dimension, name)] = r
    return r


def resolver_registry() -> dict[tuple[str, str], Resolver]:
    import vnfacts.pipeline.resolve  # noqa: F401 - registers the resolvers
    return _RESOLVERS


def _check_resolver(registry: dict[tuple[str, str], Resolver], dimension: str, name: str,
                    rx: re.Pattern, where: str) -> None:
    r = registry.get((dimension, name))
    if r is None:
        known = sorted(n for d, n in registry if d == dimension)
        raise RuleDataError(where, f"unknown resolver {name!r} for {dimension} (registered: {', '.join(known)})")
    groups = set(rx.groupindex)
    allowed = set().union(*r.requires, r.optional)
    extra = groups - allowed
    if extra:
        raise RuleDataError(where, f"resolver {name!r} does not read the group(s) {', '.join(sorted(extra))} "
                                   f"(it reads {', '.join(sorted(allowed))})")
    if not any(alt <= groups for alt in r.requires):
        need = " or ".join("{" + ", ".join(sorted(a)) + "}" for a in r.requires)
        raise RuleDataError(where, f"resolver {name!r} needs the group(s) {need} in the pattern")


@functools.lru_cache(maxsize=4)
def load_rules(root: str | None = None) -> RuleSet:
    return RuleSet(Path(root) if root else RULES_DIR)


def compile_regex(source: str, flags: int = 0) -> re.Pattern:
    """re.compile for a regex the stages build from rule data, through the
    rules cache (its compiled code is kept between processes: vnfacts.rulecache).
    The source must be the same in every process (no set order) to be found again."""
    return load_rules()._cache.regex(source, flags)
