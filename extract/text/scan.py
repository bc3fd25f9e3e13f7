"""Running many rule-data regexes over one text, each tried only where it
can start: `Finder(regexes).matches(text)` gives, for each regex, exactly
`list(regex.finditer(text))`.

A regex whose pattern starts with a lookbehind cannot use re's fast search
(a literal or a character class first), so re tries it at every position of
the text; with a hundred such regexes that dominated the stages that run
them. Here, once per regex, its parse tree tells what every match starts
with: one of a few literal strings (`literal_prefixes`), else one of a set
of characters (`first_chars`). Per text, where those stand is found once for
all regexes (in the text lowered, so that one search serves a case-
insensitive regex), and each regex is tried with `regex.match` only there.
That gives finditer's matches: a regex matches at a position whatever
position a search started from, and a match can start nowhere else.

Lowering is exact only for texts whose characters are `_case_safe`; any
other text (a dotless ı, a long ſ, a İ whose dot lower() splits off) runs
every regex over the whole text, as does a regex whose start the parse tree
does not bound (tests/test_scan.py checks all this against re).
"""
from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

try:  # the regex parser (read once per regex when the rules load)
    from re import _constants as _sre_c
    from re import _parser as _sre_parse
except ImportError:  # Python 3.10
    import sre_constants as _sre_c  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

PREFIX_MAX = 8  # characters of a literal prefix that are looked for
PREFIXES_MAX = 64  # more alternative prefixes than this: the first characters are looked for instead
INDEX_MIN = 32  # fewer prefixes of regexes opening with NOT_AFTER_LETTER than this: looked for by str.find
CHARS_MAX = 64  # more first characters than this (and not digits): the regex runs over the whole text
LETTERS = re.compile(r"[^\W\d_]+")
NOT_AFTER_LETTER = r"(?<![^\W\d_])"  # a pattern starting with this starts a match only where a run of letters does


@functools.lru_cache(maxsize=1024)
def _parsed(pattern: str, flags: int) -> list:
    """The top-level items of a pattern's parse tree (read once per pattern)."""
    return list(_sre_parse.parse(pattern, flags).data)


def _repeat_ops() -> tuple:
    return tuple(op for op in (_sre_c.MAX_REPEAT, _sre_c.MIN_REPEAT, getattr(_sre_c, "POSSESSIVE_REPEAT", None))
                 if op is not None)


def literal_prefixes(rx: re.Pattern) -> tuple[str, ...] | None:
    """The literal strings (lower case) one of which every non-empty match
    of `rx` starts with, read from its parse tree; None when some match may
    start otherwise (a class, a dot, an empty match). Sound by construction:
    a prefix stops at the first item that is not a literal; an optional item
    is followed both ways; zero-width assertions are passed over."""
    got = mixed_starts(rx)
    return got[0] if got is not None and not got[1] and not got[2] else None


def _class_chars(items: list) -> tuple[set[str], bool] | None:
    """The characters (lower case) and whether any decimal digit may match
    a class (an IN item); None for a negated class or another category."""
    chars, digits = set(), False
    for op, av in items:
        if op is _sre_c.LITERAL and len(chr(av).lower()) == 1:
            chars.add(chr(av).lower())
        elif op is _sre_c.RANGE and av[1] - av[0] < CHARS_MAX and all(
                len(chr(i).lower()) == 1 for i in range(av[0], av[1] + 1)):
            chars |= {chr(i).lower() for i in range(av[0], av[1] + 1)}
        elif op is _sre_c.CATEGORY and av is _sre_c.CATEGORY_DIGIT:
            digits = True
        else:
            return None
    return chars, digits


def mixed_starts(rx: re.Pattern) -> tuple[tuple[str, ...], str, bool] | None:
    """What every non-empty match of `rx` starts with, path by path through
    its parse tree: a literal string (lower case), or, on a path whose first
    consuming item is a class, one of that class's characters (or a digit).
    (prefixes, characters, digits); None when some path is not bounded so
    (a dot, a negated class, an empty match, too many). literal_prefixes
    is the case with no class."""
    out: set[str] = set()
    chars: set[str] = set()
    digits = False
    failed = False
    c, repeats = _sre_c, _repeat_ops()

    def walk(items: list, acc: str) -> None:
        nonlocal digits, failed
        if len(out) > PREFIXES_MAX or failed:
            return
        for k, (op, av) in enumerate(items):
            if op is c.IN and not acc:
                got = _class_chars(av)
                if got is None:
                    failed = True
                else:
                    chars.update(got[0])
                    digits = digits or got[1]
                return
            if op is c.LITERAL:
                low = chr(av).lower()
                if len(low) != 1 or len(acc) >= PREFIX_MAX:
                    break
                acc += low
            elif op in (c.AT, c.ASSERT, c.ASSERT_NOT):
                continue
            elif op is c.SUBPATTERN:
                return walk(list(av[-1].data) + items[k + 1:], acc)
            elif op is c.BRANCH:
                for alt in av[1]:
                    walk(list(alt.data) + items[k + 1:], acc)
                return
            elif op in repeats:
                lo, hi, sub = av
                if hi == 0:
                    continue
                if lo == 0:
                    walk(items[k + 1:], acc)
                return walk(list(sub.data), acc)  # one repetition: the prefix stops after it
            else:
                break
        out.add(acc)

    walk(list(_parsed(rx.pattern, rx.flags)), "")
    if failed or "" in out or len(out) > PREFIXES_MAX or len(chars) > CHARS_MAX:
        return None
    return tuple(sorted(out)), "".join(sorted(chars)), digits


def first_chars(rx: re.Pattern) -> tuple[str, bool] | None:
    """The characters (lower case) one of which every non-empty match of
    `rx` starts with, and whether a decimal digit (\\d) may start one too;
    None when the parse tree does not bound them (a negated class, a dot, a
    category other than \\d, an empty match, more than CHARS_MAX)."""
    chars: set[str] = set()
    digits = False
    c, repeats = _sre_c, _repeat_ops()

    def first(items: list) -> bool:
        """Add what items' first character may be; False when unbounded.
        (Returns True only after a consuming item: an empty path is unbounded.)"""
        nonlocal digits
        for k, (op, av) in enumerate(items):
            if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
                continue
            if op is c.LITERAL:
                low = chr(av).lower()
                if len(low) != 1:
                    return False
                chars.add(low)
                return True
            if op is c.IN:
                for iop, iav in av:
                    if iop is c.LITERAL:
                        low = chr(iav).lower()
                        if len(low) != 1:
                            return False
                        chars.add(low)
                    elif iop is c.RANGE and iav[1] - iav[0] < CHARS_MAX:
                        for ch in map(chr, range(iav[0], iav[1] + 1)):
                            if len(ch.lower()) != 1:
                                return False
                            chars.add(ch.lower())
                    elif iop is c.CATEGORY and iav is c.CATEGORY_DIGIT:
                        digits = True
                    else:
                        return False
                return True
            if op is c.SUBPATTERN:
                return first(list(av[-1].data) + items[k + 1:])
            if op is c.BRANCH:
                return all(first(list(alt.data) + items[k + 1:]) for alt in av[1])
            if op in repeats:
                lo, hi, sub = av
                if hi == 0:
                    continue
                if lo == 0 and not first(items[k + 1:]):
                    return False
                return first(list(sub.data)) if lo > 0 or sub.getwidth()[0] > 0 else False
            return False
        return False

    if not first(list(_parsed(rx.pattern, rx.flags))) or len(chars) > CHARS_MAX:
        return None
    return "".join(sorted(chars)), digits


def _forms(ch: str) -> set[str]:
    """The case forms of a character (a superset of what re.IGNORECASE
    equates: same lower case, or same upper case of the lower case)."""
    low = ch.lower()
    return {ch, low, ch.upper(), ch.casefold(), ch.title(), low.upper(), ch.upper().lower()}


@dataclass
class _Start:
    """Where a regex's matches can start: at one of its literal prefixes or
    one of its first characters (or a digit)."""
    prefixes: tuple[str, ...]
    chars: str = ""  # and the characters that start the other paths (lower case)
    digits: bool = False  # and whether a decimal digit starts one too
    run_start: bool = False  # the pattern opens with NOT_AFTER_LETTER: a match starts where a run of letters does


def _opens_not_after_letter(rx: re.Pattern) -> bool:
    """The pattern's first top-level item is NOT_AFTER_LETTER (not the start
    of one alternative of a top-level alternation)."""
    if not rx.pattern.startswith(NOT_AFTER_LETTER):
        return False
    data = _parsed(rx.pattern, rx.flags)
    return len(data) > 1 and data[0][0] is _sre_c.ASSERT_NOT


def _two_letters(p: str) -> bool:
    m = LETTERS.match(p, 0, 2)
    return m is not None and m.end() == 2


class Finder:
    """finditer of several regexes over one text at a time, each tried only
    where it can start (see the module's docstring)."""

    def __init__(self, regexes: Sequence[re.Pattern]):
        self.regexes = list(regexes)
        self.starts: list[_Start | None] = []
        for rx in self.regexes:
            got = mixed_starts(rx)
            if got is None:
                fc = first_chars(rx)
                got = ((), *fc) if fc is not None else None
            self.starts.append(_Start(*got, run_start=_opens_not_after_letter(rx)) if got is not None else None)
        prefixes = {p for s in self.starts if s for p in s.prefixes}
        # prefixes found through the runs of letters of the text (all of their regexes open with
        # NOT_AFTER_LETTER and they start with two letters), by their first two characters; the
        # others are looked for everywhere
        indexed = {p for s in self.starts if s and s.run_start for p in s.prefixes} - {
            p for s in self.starts if s and not s.run_start for p in s.prefixes}
        indexed = {p for p in indexed if _two_letters(p)}
        if len(indexed) < INDEX_MIN:  # a few prefixes: str.find is quicker than reading every run of letters
            indexed = set()
        self._index: dict[str, tuple[str, ...]] = {}
        for p in sorted(indexed):
            self._index[p[:2]] = self._index.get(p[:2], ()) + (p,)
        self._searched = sorted(prefixes - indexed)
        classes = {(s.chars, s.digits) for s in self.starts if s and (s.chars or s.digits)}
        self._class_rx = {cl: re.compile("[" + "".join(re.escape(ch) for ch in cl[0]) + (r"\d" if cl[1] else "") + "]")
                          for cl in classes}
        self.prefix_chars = frozenset(ch for p in prefixes for ch in p) | frozenset(
            ch for cl in classes for ch in cl[0])
        forms = [_forms(ch) for ch in self.prefix_chars]
        # no two prefix characters may share a case form (else lowering could not tell them apart)
        self.prefix_forms = frozenset().union(*forms) if sum(map(len, forms)) == len(set().union(*forms)) \
            else frozenset()
        self._safe: set[str] = set()

    def case_safe(self, ch: str) -> bool:
        """Whether the lower case of `ch` tells which prefix character it
        matches case-insensitively, if any: its lower case is one character
        and either is a prefix character (and a letter if that is one) or
        shares no case form with any."""
        low = ch.lower()
        if len(low) != 1 or not self.prefix_forms:
            return False
        if low in self.prefix_chars:
            return bool(LETTERS.fullmatch(ch)) == bool(LETTERS.fullmatch(low))
        return not (_forms(ch) & self.prefix_forms)

    def lowered(self, text: str) -> str | None:
        """The text in lower case, position for position, when each of its
        characters is case_safe (else None). Then a character that matches a
        prefix character (in a case-insensitive regex, or the same one in a
        (?-i:...) part) is lowered to it: its forms meet the prefix forms, so
        its lower case is a prefix character, the one (no two share a form)
        whose forms it shares. A decimal digit has no case: lowered, it is
        itself."""
        for ch in set(text) - self._safe:
            if not self.case_safe(ch):
                return None
            self._safe.add(ch)
        low = text.lower()
        return low if len(low) == len(text) else None

    def _positions(self, text: str, low: str) -> dict:
        """Where each prefix stands in `low` (one indexed by _index: at the
        start of a run of letters of `text`), and where each class's
        characters do."""
        found: dict = {}
        if self._index:
            for m in LETTERS.finditer(text):
                i = m.start()
                for p in self._index.get(low[i:i + 2], ()):
                    if low.startswith(p, i):
                        found.setdefault(p, []).append(i)
        for p in self._searched:
            at, i = [], low.find(p)
            while i >= 0:
                at.append(i)
                i = low.find(p, i + 1)
            found[p] = at
        for cl, rx in self._class_rx.items():
            found[cl] = [m.start() for m in rx.finditer(low)]
        return found

    def matches(self, text: str) -> list[list[re.Match]]:
        """For each regex, `list(regex.finditer(text))`."""
        low = self.lowered(text)
        found = self._positions(text, low) if low is not None else {}
        out = []
        for rx, s in zip(self.regexes, self.starts):
            if low is None or s is None:
                out.append(list(rx.finditer(text)))
                continue
            cand: set[int] = set(found[(s.chars, s.digits)]) if s.chars or s.digits else set()
            for p in s.prefixes:
                cand.update(found.get(p, ()))
            starts = sorted(cand)
            got, pos = [], 0
            for i in starts:
                if i < pos:
                    continue
                m = rx.match(text, i)
                if m is not None:
                    got.append(m)
                    pos = m.end() if m.end() > m.start() else i + 1
            out.append(got)
        return out
