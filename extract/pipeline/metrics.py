"""Stage 8: metrics. What each count and ratio measures (SPEC "## Metrics"):
`metric`, `modality`, `unit_class`, `grade` and, for counts, `breakdown`.
One public function, `metrics`, called after link.

All words come from rules/metrics*.yaml (vnfacts.ruledata.MetricsFile); this
module holds only the reading order:
- unit_class: the counted unit's longest lexicon entry (a comma list is
  `member` when one of its items is);
- metric: the action triggers of the figure's own clause (highest priority,
  then the first named; coordinated actions "kiểm tra, giám sát" -> the
  first), else of the clauses that continue it to the right up to the next
  figure, else the stock words of its clause ("có", "tổng số"), else the
  nearest trigger to its left in the sentence, else the opener of its
  paragraph, else `other`. A trigger whose metric cannot count the unit is
  passed over;
- modality: a change word just before the figure (or a change restated,
  "tương đương ..."), else a target marker
  earlier in its sentence (or its paragraph's opener) not followed by a
  word saying it happened, else a growth rate ("tăng trưởng ... đạt")
  is a change, else actual;
- breakdown: parts after "trong đó"/"gồm"/"Cụ thể," or in a parenthesis,
  "với" parts, people narrowed by "là ..." after a larger total, sub-units'
  figures after their whole's, and the figures a later running total
  ("nâng tổng số ... lên") adds up. A marked part of an admission total may
  name its people otherwise (quần chúng of đảng viên).
"""
from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from vnfacts.models import BodyFact, CountFact, DocumentFact, RatioFact
from vnfacts.pipeline.segment import Segmented
from vnfacts.ruledata import MetricRule, load_rules
from vnfacts.text.scan import Finder
from vnfacts.text.textnorm import fold

_WB_L, _WB_R = r"(?<![^\W\d_])", r"(?![^\W\d_])"


# ---------------------------------------------------------------- rule data, compiled once

@dataclass(frozen=True)
class _Trigger:
    regex: re.Pattern
    metric: str
    priority: int
    grade: str | None
    order: int
    excluded: tuple[str, ...] = ()  # unit groups this phrase cannot count


@dataclass(frozen=True)
class _Scan:
    """One distinct trigger regex of the rule data and the triggers that share it."""
    regex: re.Pattern
    triggers: tuple[_Trigger, ...]


@dataclass
class _Rules:
    triggers: list[_Trigger]
    rules: dict[str, MetricRule]
    not_actions: list[re.Pattern]
    units: list[tuple[str, str, str | None]]  # folded lower text, class, group
    markers: dict[str, re.Pattern | None]
    levels: list[tuple[re.Pattern, int]]
    unit_regexes: list[re.Pattern] = field(default_factory=list)  # of `units`, in their order
    trigger_scans: list[_Scan] = field(default_factory=list)
    finder: Finder | None = None  # the trigger_scans' regexes, then not_actions
    unit_classes: dict[str | None, tuple[str | None, str | None]] = field(default_factory=dict)  # a cache


def _phrase(text: str) -> str:
    return r"\s+".join(re.escape(w) for w in fold(text).split())


@functools.lru_cache(maxsize=1)
def _rules() -> _Rules:
    rs = load_rules()
    triggers, rules, not_actions, units, markers, levels = [], {}, [], [], {}, []
    order = 0
    for path, mf in rs.metric_files.items():
        def comp(pat: str, where: str, _mf=mf, _path=path) -> re.Pattern:
            return rs.compile_pattern(_WB_L + "(?:" + pat + ")" + _WB_R, f"{_path} rule {where!r}", _mf.macros)

        for m in mf.metrics:
            rules[m.id] = m
            for t in m.trigger_items():
                src = _phrase(t.text) if t.text is not None else t.pattern
                triggers.append(_Trigger(comp(src, m.id), m.id, t.priority, t.grade, order,
                                         tuple(t.excluded_unit_groups)))
                order += 1
        not_actions += [comp(p, "not_actions") for p in mf.not_actions]
        units += [(fold(u.text).lower(), u.unit_class, u.group) for u in mf.units]
        for mk in mf.markers:
            markers[mk.id] = comp("|".join(f"(?:{p})" for p in mk.patterns), mk.id) if mk.patterns else None
        levels += [(rs.compile_pattern(lv.pattern, f"{path} levels"), lv.level) for lv in mf.levels]
    units.sort(key=lambda u: -len(u[0]))
    out = _Rules(triggers, rules, not_actions, units, markers, levels)
    out.unit_regexes = [re.compile(_WB_L + re.escape(u) + _WB_R) for u, _, _ in units]
    by_regex: dict[re.Pattern, list[_Trigger]] = {}
    for t in triggers:
        by_regex.setdefault(t.regex, []).append(t)
    out.trigger_scans = [_Scan(rx, tuple(ts)) for rx, ts in by_regex.items()]
    out.finder = Finder([sc.regex for sc in out.trigger_scans] + not_actions)
    return out


# ---------------------------------------------------------------- the figures of one article

@dataclass
class _Figure:
    kind: str  # "counts" | "ratios"
    index: int
    start: int
    end: int
    unit: str | None
    value: float | None  # a count's value, a ratio's denominator: what a part is compared with
    unit_class: str | None = None
    group: str | None = None
    metric: str = "other"
    modality: str = "actual"
    grade: str | None = None
    breakdown: bool = False
    level: int | None = None
    sent: tuple[int, int] = (0, 0)

    def key(self) -> tuple:
        return self.metric, self.modality, self.unit_class, self.grade

    def part_key(self) -> tuple:
        """key() for a part a marker names: the people admitted are named as
        members or as the people they were ("kết nạp 11 đảng viên, trong đó 5
        quần chúng là ..."), one kind to add up."""
        if self.metric == "admission" and self.unit_class == "person":
            return self.metric, self.modality, "member", self.grade
        return self.key()


@dataclass(frozen=True)
class _Site:
    """Where a trigger matched: its span and the metrics it may name, in rule order."""
    start: int
    end: int
    priority: int
    candidates: tuple[tuple[str, str | None, tuple[str, ...]], ...]  # (metric, grade, excluded unit groups)


@dataclass
class _Article:
    text: str
    figures: list[_Figure]
    sents: list[tuple[int, int]]
    paras: list[tuple[int, int]]
    sites: list[_Site] = field(default_factory=list)
    site_starts: list[int] = field(default_factory=list)


def _sentences(doc: Segmented | None, text: str) -> list[tuple[int, int]]:
    if doc is not None:  # made by vnfacts.pipeline.segment
        spans = doc.sentences
    else:
        spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+?(?:[.!?]+(?=\s|$)|$)", text, re.MULTILINE)]
    out = []
    for s, e in spans:  # a line break ends a sentence too
        a = s
        for m in re.finditer(r"\n", text[s:e]):
            out.append((a, s + m.start()))
            a = s + m.end()
        out.append((a, e))
    return [x for x in out if x[1] > x[0]]


def _containing(spans: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    i = bisect.bisect_right([s for s, _ in spans], pos) - 1
    if i >= 0 and spans[i][0] <= pos < spans[i][1]:
        return spans[i]
    return pos, pos + 1


def unit_class_of(unit: str | None) -> tuple[str | None, str | None]:
    """(unit_class, group) of a counted unit; (None, None) for no unit."""
    cache = _rules().unit_classes
    if unit not in cache:
        cache[unit] = _unit_class(unit)
    return cache[unit]


def _unit_class(unit: str | None) -> tuple[str | None, str | None]:
    if not unit:
        return None, None
    units = _rules().units
    found = []
    for item in re.split(r"\s*,\s*", fold(unit).lower()):
        for text, cls, group in units:
            if item == text or item.startswith(text + " "):
                found.append((cls, group))
                break
        else:
            found.append(("other", None))
    for cls, group in found:
        if cls == "member":
            return cls, group
    return found[0]


_QUOTED = re.compile(r"“[^”\n]{1,200}”|\"[^\"\n]{1,200}\"")


def _find_sites(text: str, masked: list[tuple[int, int]]) -> list[_Site]:
    """Trigger matches outside bodies, documents, quoted titles ("cuộc vận
    động “Học tập và làm theo ...”") and not_actions."""
    r = _rules()
    found = r.finder.matches(text)  # each regex's finditer (trying it only where it can start)
    masked = masked + [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
    for ms in found[len(r.trigger_scans):]:
        masked = masked + [(m.start(), m.end()) for m in ms]
    hits: dict[tuple[int, int], list[_Trigger]] = {}
    for sc, ms in zip(r.trigger_scans, found):
        for m in ms:
            if m.end() > m.start() and not any(a < m.end() and m.start() < b for a, b in masked):
                hits.setdefault((m.start(), m.end()), []).extend(sc.triggers)
    spans = sorted(hits, key=lambda s: (s[0], -s[1]))
    kept = []
    for s in spans:  # a trigger inside a longer one is part of it
        if any(o[0] <= s[0] and s[1] <= o[1] and o != s for o in spans):
            continue
        ts = sorted(hits[s], key=lambda t: t.order)
        kept.append(_Site(s[0], s[1], max(t.priority for t in ts), tuple((t.metric, t.grade, t.excluded) for t in ts)))
    return kept


# ---------------------------------------------------------------- metric

def _fits(metric: str, unit_class: str | None, group: str | None) -> bool:
    rule = _rules().rules.get(metric)
    if rule is None:
        return False
    if unit_class is None:
        return not rule.needs_unit and not (group and group in rule.excluded_unit_groups)
    if rule.unit_classes is not None and unit_class not in rule.unit_classes:
        return False
    return not (group and group in rule.excluded_unit_groups)


def _site_metric(site: _Site, cls: str | None, group: str | None) -> tuple[str, str | None] | None:
    for metric, grade, excluded in site.candidates:
        if _fits(metric, cls, group) and not (group and group in excluded):
            return metric, grade
    return None


_NEVER = re.compile(r"(?!x)x")


def _marker(mid: str) -> re.Pattern:
    """A marker of rules/metrics*.yaml (a pattern that never matches when the data has none)."""
    return _rules().markers.get(mid) or _NEVER


def _coordinated(text: str, a: int, b: int) -> bool:
    """Only a comma, a slash or a conjunction ("và") between a and b."""
    rest = re.sub(r"[\s,/\-–]+", " ", text[a:b]).strip()
    return not rest or bool(_marker("conjunction").fullmatch(rest))


_CONTINUATION = 50  # characters of comma clauses after a figure's own that may still name its action
_NEAR = 60  # characters: an action this close before a figure reaches it across a comma
_ADVERBIAL = 30  # characters: a sentence's opening adverbial ("Hàng năm,", "Trong năm 2023,")
_WITH_REACH = 200  # characters: the action before a "với" figure that it adds to
_COLON_REACH = 300  # characters: a list after a colon
_LIST_GAP = 60  # characters between two figures of one enumeration
_BOUNDARY = re.compile(r"[,;:()]")
_SENTENCE_END = re.compile(r"[!?]|\.(?:\s|$)")
_OPENER_CLAUSE_END = re.compile(r"[,;:.!?](?:\s|$)")


class _Decider:
    def __init__(self, art: _Article):
        self.art = art
        self.fig_spans = [(f.start, f.end) for f in art.figures]

    def _in_fig(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.fig_spans)

    def _in_figure(self, pos: int) -> bool:
        """Inside a figure ("cán bộ, đảng viên"), a trigger ("trong sạch, vững mạnh") or a listed
        noun pair written with a comma ("các tỉnh, thành phố": units): no boundary."""
        return (any(a <= pos < b for a, b in self.fig_spans) or any(s.start <= pos < s.end for s in self.art.sites)
                or _in_comma_unit(self.art.text, pos))

    def clause(self, f: _Figure) -> tuple[int, int]:
        t, (s0, s1) = self.art.text, f.sent
        left = s0
        for m in _BOUNDARY.finditer(t, s0, f.start):
            if not self._in_figure(m.start()):
                left = m.end()
        right = s1
        for m in _BOUNDARY.finditer(t, f.end, s1):
            if not self._in_figure(m.start()):
                right = m.start()
                break
        return left, right

    def continuation(self, f: _Figure, right: int) -> tuple[int, int]:
        """Comma clauses after the figure's, up to the next figure or a part
        marker, at most _CONTINUATION characters on."""
        t, s1 = self.art.text, f.sent[1]
        end = right
        part = _rules().markers.get("part_of_total")
        nexts = [g.start for g in self.art.figures if g.start >= right]
        stop = min([s1] + nexts)
        while end < stop and t[end] == ",":
            m = _BOUNDARY.search(t, end + 1, s1)
            seg_end = m.start() if m else s1
            seg = t[end + 1:seg_end]
            if seg_end > stop or (part and part.match(t, end + 1 + len(seg) - len(seg.lstrip()))):
                break
            if seg_end - right > _CONTINUATION:
                end = right + _CONTINUATION
                break
            end = seg_end
        return right, end

    def _sites_in(self, a: int, b: int) -> list[_Site]:
        i = bisect.bisect_left(self.art.site_starts, a)
        out = []
        for s in self.art.sites[i:]:
            if s.start >= b:
                break
            if s.end <= b:
                out.append(s)
        return out

    def _chain(self, site: _Site, cls, group) -> _Site:
        """Coordinated actions ("kiểm tra, giám sát"): the first decides."""
        t = self.art.text
        while True:
            prev = [s for s in self._sites_in(max(0, site.start - 80), site.start) if s.end <= site.start]
            if not prev:
                return site
            p = prev[-1]
            if p.priority != site.priority or site.priority < 0 or not _coordinated(t, p.end, site.start) \
                    or not _site_metric(p, cls, group):
                return site
            site = p

    def _best(self, sites: list[_Site], cls, group, min_pri=None, max_pri=None, nearest=False):
        ok = [(s, _site_metric(s, cls, group)) for s in sites
              if (min_pri is None or s.priority >= min_pri) and (max_pri is None or s.priority <= max_pri)]
        ok = [(s, m) for s, m in ok if m]
        if not ok:
            return None
        if nearest:
            s = max(ok, key=lambda x: x[0].end)[0]
        else:
            s = min(ok, key=lambda x: (-x[0].priority, x[0].start))[0]
        s = self._chain(s, cls, group)
        return s, _site_metric(s, cls, group)

    def part_marker(self, f: _Figure) -> int | None:
        """Where the parts of a total start when the figure is one of them:
        after "trong đó"/"gồm" following a figure of its sentence, or a
        sentence opened by such a marker ("Trong số ...:", "Cụ thể, ...")."""
        mk = _rules().markers
        t, s0 = self.art.text, f.sent[0]
        last = None
        for rx in (mk.get("part_of_total"), mk.get("part_in_sentence")):
            for m in rx.finditer(t, s0, f.start) if rx is not None else ():
                if last is None or m.start() > last.start():
                    last = m
        if last is None:
            return None
        opens = not t[s0:last.start()].strip(" \t-–•*")
        if opens or any(s0 <= g.start and g.end <= last.start() for g in self.art.figures):
            return last.start()
        return None

    def _new_clause(self, a: int, b: int) -> bool:
        """text[a:b] holds a clause of its own: a sentence end or a word that
        opens a predicate (marker `clause_opener`: "đã", "được", "cho biết")."""
        t = self.art.text
        return bool(_SENTENCE_END.search(t, a, b)) or bool(_marker("clause_opener").search(t, a, b))

    def _governs(self, s: _Site, g: _Figure) -> bool:
        """The action s names what g counts: it stands in g's clause, or close
        before it with no clause of another predicate between."""
        left, right = self.clause(g)
        if left <= s.start and s.end <= right:
            return True
        return s.end <= g.start and g.start - s.end <= _NEAR and not self._new_clause(s.end, g.start)

    def _enumeration(self, f: _Figure) -> list[_Figure]:
        """The figures of f's sentence before it that f continues as a list
        ("kiểm tra 796 tổ chức đảng, 1.256 đảng viên"): each joined to the next
        by a short gap that opens no clause of its own. A ratio may follow its
        count through an attainment word ("kết nạp 288 ..., đạt 35% chỉ tiêu")."""
        t = self.art.text
        out, cur = [], f
        for g in reversed([g for g in self.art.figures if f.sent[0] <= g.start and g.end <= f.start]):
            if g.end > cur.start:
                continue
            gap_end = cur.start
            if cur.kind == "ratios" and cur is f:
                m = _marker("attainment_before").search(t, g.end, f.start)
                if m:
                    gap_end = m.start()
            if cur.start - g.end > _LIST_GAP or self._new_clause(g.end, gap_end):
                break
            out.append(g)
            cur = g
        return out

    def _topic(self, f: _Figure) -> tuple[int, int] | None:
        """The topic clause of f's sentence ("Hàng năm, công tác kết nạp đảng
        viên luôn được coi trọng, ..."): its first clause, or the one after a
        short opening adverbial, when it opens with a topic word (marker
        `topic_opener`). Its action is what the sentence's figures are about."""
        t, (s0, s1) = self.art.text, f.sent
        starts = [s0]
        m = _OPENER_CLAUSE_END.search(t, s0, min(s1, s0 + _ADVERBIAL))
        if m:
            starts.append(m.end())
        rx = _rules().markers.get("topic_opener")
        for a in starts:
            if rx is not None and rx.match(t, a) and a < f.start:
                e = _OPENER_CLAUSE_END.search(t, a, s1)
                return a, min(e.start() if e else s1, f.start)
        return None

    def inherited(self, f: _Figure, sites: list[_Site], pm: int | None, cls: str | None = None) -> list[_Site]:
        """Actions to the left that the figure can inherit: those that govern
        a figure of the enumeration it continues ("khen thưởng 27 tập thể, 57
        cá nhân"), a total it is a part of, a list it follows after a colon,
        or stand close before it in no clause of their own. An action of
        another clause or sentence part lends it nothing."""
        t = self.art.text
        chain = self._enumeration(f)
        totals = [g for g in self.art.figures if pm is not None and f.sent[0] <= g.start and g.end <= pm]
        colon = t.rfind(":", f.sent[0], f.start)  # "... gồm có: A (5%); B (7%)"
        topic = self._topic(f)
        # "tổ chức học tập nghị quyết ..., với 98% đảng viên tham gia": the people or organizations
        # "với" adds take part in the action before it
        with_ = cls in ("member", "person", "organization") and \
            _marker("with_parts").search(t, max(f.sent[0], f.start - 12), f.start)
        out = []
        for s in sites:
            if (topic and topic[0] <= s.start and s.end <= topic[1]) or self._governs(s, f) \
                    or (with_ and f.start - s.end <= _WITH_REACH) or any(self._governs(s, g) for g in chain) \
                    or any(self._governs(s, g) for g in totals) \
                    or (s.end <= colon and colon - s.end <= _NEAR and f.start - colon <= _COLON_REACH
                        and not self._new_clause(s.end, colon)
                        and not _BOUNDARY.search(t, s.end, colon)):
                out.append(s)
        return out

    def decide(self, f: _Figure, cls: str | None, group: str | None) -> tuple[str, str | None, tuple[int, int]]:
        left, right = self.clause(f)
        pm = self.part_marker(f)

        def keep(sites):
            # the stock words of the parts' clauses ("trong đó có") and those inside a figure
            # ("96% tổng số đảng viên", a determiner) are no action
            return [s for s in sites if (pm is None or s.priority >= -1 or s.start < pm)
                    and not (s.priority < 0 and self._in_fig(s.start))]

        own = keep(self._sites_in(left, right))
        if _marker("event_after").match(self.art.text, _SPACES.match(self.art.text, f.end).end()):
            # "đã có 17 đảng viên bị phạt tù": "có" introduces an event, not what an organization has
            own = [s for s in own if not (s.priority < 0 and s.end <= f.start)]
        if _marker("locative_before").search(self.art.text, max(left, f.start - 12), f.start):
            # "... sự cố tại 4 tỉnh miền Trung cũng nêu rõ vi phạm": a place names no action after it
            own = [s for s in own if s.end <= f.start]
        # the figure's own stretch of a clause that names several ("10 ... xếp loại A và 39 ... xếp loại B")
        # (from the last "và" or figure before it to the first "và" or figure after it)
        t = self.art.text
        a = max([g.end for g in self.art.figures if left <= g.end <= f.start and g is not f]
                + [m.end() for m in _marker("conjunction").finditer(t, left, f.start)] + [left])
        nxt = _marker("conjunction").search(t, f.end, right)
        b = min([g.start for g in self.art.figures if f.end <= g.start < right] + [nxt.start() if nxt else right])
        region = [s for s in own if a <= s.start and s.end <= b]
        cont = [] if len(own) != len(keep(self._sites_in(left, right))) else \
            self._sites_in(*self.continuation(f, right))
        opener = _opener(self.art, f)
        for pick in (lambda: self._best(region, cls, group, min_pri=0),
                     lambda: self._best(own, cls, group, min_pri=0),
                     lambda: self._best(own, cls, group),
                     lambda: self._best(self.inherited(f, keep(self._sites_in(f.sent[0], left)), pm, cls),
                                        cls, group, nearest=True),
                     lambda: self._best(cont, cls, group, min_pri=0),
                     lambda: self._best(self._sites_in(*opener), cls, group) if opener else None,
                     # last, a stock word inside the figure itself ("chiếm 2,6% tổng số đảng viên")
                     lambda: self._best([s for s in self._sites_in(f.start, f.end) if s.priority < 0], cls, group)):
            got = pick()
            if got:
                site, (metric, grade) = got
                if metric == "rating" and grade is None:
                    graded = [s for s in own + cont if any(m == "rating" and g for m, g, _ in s.candidates)]
                    if graded:
                        grade = next(g for m, g, _ in graded[0].candidates if m == "rating" and g)
                return metric, grade, (left, right)
        return "other", None, (left, right)


def _clause_class(text: str, a: int, b: int, names: list[tuple[int, int]],
                  people_only: bool = False) -> tuple[str | None, str | None]:
    """The class of the first counted noun named in text[a:b] (a percentage
    without a unit: "đảng viên nữ chiếm 48%" counts members); with people_only,
    only a noun of people (member, person) and written in lower case counts."""
    seg = fold(text[a:b])
    low = seg.lower()
    best = None
    r = _rules()
    for (u, cls, group), rx in zip(r.units, r.unit_regexes):
        if u not in low:  # (a match is an occurrence)
            continue
        for m in rx.finditer(low):
            pos = a + m.start()
            if people_only and (cls not in ("member", "person") or not text[pos:pos + 1].islower()):
                continue
            if not any(x <= pos < y for x, y in names):  # "Đảng bộ huyện ..." names an actor, not what is counted
                if best is None or m.start() < best[0]:
                    best = (m.start(), cls, group)
                break
    return (best[1], best[2]) if best else (None, None)


# ---------------------------------------------------------------- modality

def _modality(art: _Article, f: _Figure, clause_left: int) -> str:
    mk = _rules().markers
    t = art.text
    digit = re.search(r"\d", t[f.start:f.end])
    num_at = f.start + digit.start() if digit else f.start  # a qualifier word of the figure counts too ("vượt 12%")
    a_change = max(clause_left, f.start - 60)
    change = mk.get("change_before")
    if change and (change.search(t[a_change:f.start]) or change.search(t[a_change:num_at])):
        return "change"
    restated = mk.get("change_restated")  # "giảm 120 tỷ đồng (tương đương 4,5%)": past the clause's start
    if restated and restated.search(t[max(f.sent[0], f.start - 80):f.start]):
        return "change"
    cancel = mk.get("target_cancel")
    scopes = [(mk.get("target_clause"), _verb_pair_left(t, f.sent[0], clause_left, mk.get("target_clause")), f.start),
              (mk.get("target"), f.sent[0], f.start)]
    opener = _opener(art, f)
    if opener:
        scopes.append((mk.get("target"), *opener))
    for rx, a, b in scopes:
        if rx is None:
            continue
        last = None
        for m in rx.finditer(t, a, b):
            last = m
        if last is not None:
            between = t[last.end():f.start]
            return "actual" if cancel and cancel.search(between) else "target"
    rate = mk.get("change_rate")  # a growth rate, unless aimed at (above)
    if rate and (rate.search(t[a_change:f.start]) or rate.search(t[a_change:num_at])):
        return "change"
    return "actual"


@functools.lru_cache(maxsize=1)
def _comma_units() -> tuple[tuple[str, int], ...]:
    """The units entries that hold a comma ("tỉnh, thành phố"), each with its comma's index."""
    return tuple((text, text.find(",")) for text, _, _ in _rules().units if "," in text)


def _in_comma_unit(t: str, pos: int) -> bool:
    """pos is the comma of a units entry that holds one ("tỉnh, thành phố")."""
    if t[pos:pos + 1] != ",":
        return False
    low = fold(t[max(0, pos - 30):pos + 30]).lower()
    at = pos - max(0, pos - 30)
    return any(low[at - c:at - c + len(text)] == text for text, c in _comma_units())


_VERB_PAIR_TAIL = re.compile(r"\s*[^\W\d_]+(?: [^\W\d_]+)?\s*,\s*$")  # "<sẽ> xem xét, " before "thông qua 13 dự án"


def _verb_pair_left(t: str, sent_start: int, clause_left: int, rx: re.Pattern | None) -> int:
    """Two verbs joined by a comma ("sẽ xem xét, thông qua 13 dự án") make one
    predicate: a target word (rx) of the comma clause just before, followed by
    one or two words and the comma, reaches the figure's clause too."""
    if rx is None or clause_left <= sent_start:
        return clause_left
    a = max(sent_start, clause_left - 60)
    last = None
    for m in rx.finditer(t, a, clause_left):
        last = m
    if last is not None and _VERB_PAIR_TAIL.fullmatch(t, last.end(), clause_left):
        return last.start()
    return clause_left


def _listed_modality(art: _Article, decider: _Decider, f: _Figure) -> str:
    """A figure that continues an enumeration ("sẽ có 40% diện tích ..., 11%
    diện tích ...") or is a part of a total ("sẽ có 258 cây ..., trong đó ...
    196 cây") is a target when the figure it follows is, unless a word
    between says it happened (marker `target_cancel`)."""
    chain = decider._enumeration(f)
    pm = decider.part_marker(f)
    before = chain[:1] or [g for g in art.figures if pm is not None and f.sent[0] <= g.start and g.end <= pm][-1:]
    if not before or before[0].modality != "target":
        return "actual"
    cancel = _rules().markers.get("target_cancel")
    return "actual" if cancel and cancel.search(art.text, before[0].end, f.start) else "target"


def _opener(art: _Article, f: _Figure) -> tuple[int, int] | None:
    """The lead-in of the figure's paragraph that its sentences inherit: up to
    a colon near its start ("Về công tác kết nạp đảng viên: ..."), or its
    first clause when it opens with a topic word (marker `topic_opener`)."""
    t = art.text
    para = _containing(art.paras, f.start)
    if para[0] >= f.sent[0]:
        return None
    colon = t.find(":", para[0], min(para[1], para[0] + 150))
    if 0 < colon < f.sent[0] and not re.search(r"[.!?;]\s", t[para[0]:colon]):
        return para[0], colon
    topic = _rules().markers.get("topic_opener")
    if topic and topic.match(t, para[0]):
        m = _OPENER_CLAUSE_END.search(t, para[0], para[1])
        return para[0], min(m.start() if m else para[1], f.sent[0])
    return None


# ---------------------------------------------------------------- breakdown

def _level(art: _Article, f: _Figure) -> int | None:
    """The level of the figure's actor: the last level phrase in its sentence
    segment (after a ';') before it, not one inside a figure ("5 chi bộ")."""
    t = art.text
    a = max(f.sent[0], t.rfind(";", f.sent[0], f.start) + 1)
    best = None
    for rx, lvl in _rules().levels:
        for m in rx.finditer(t, a, f.start):
            if any(g.start <= m.start() < g.end for g in art.figures):  # "5 chi bộ" is counted, not an actor
                continue
            if best is None or m.start() > best[0]:
                best = (m.start(), lvl)
    return best[1] if best else None


def _breakdowns(art: _Article) -> None:
    mk = _rules().markers
    t = art.text
    part, with_ = mk.get("part_of_total"), mk.get("with_parts")
    running = mk.get("running_total")
    figs = art.figures
    totals: list[_Figure] = []

    def total_before(f: _Figure, lo: int, hi: int) -> _Figure | None:
        for g in reversed(totals):
            if lo <= g.start and g.end <= hi and g.part_key() == f.part_key():
                return g if (g.value or 0) > (f.value or 0) else None
        return None

    for i, f in enumerate(figs):
        if f.kind == "counts" and f.value is not None:
            prev = figs[i - 1] if i else None
            verdict = None
            if prev is not None and prev.kind == "counts" and prev.sent == f.sent and prev.key() == f.key():
                between = t[prev.end:f.start]
                if with_ and with_.search(between):
                    # "149 đảng bộ cơ sở, với 1.251 chi bộ": what a part has is no part of the total
                    verdict = False if prev.breakdown else ((prev.value or 0) > f.value or None)
                elif prev.breakdown and _coordinated(t, prev.end, f.start):
                    verdict = True  # "27 đảng bộ cơ sở và 34 đảng bộ cấp trên cơ sở"
            if verdict is None:
                verdict = _part(art, f, part, total_before) or _part_in_sentence(art, f, total_before) \
                    or _restricted_part(art, f, total_before) or _share_part(art, f, total_before) \
                    or _sub_unit(f, totals)
            f.breakdown = bool(verdict)
        if not f.breakdown:
            totals.append(f)
    if running:
        for i, r in enumerate(figs):
            for m in running.finditer(t, r.sent[0], r.start):
                for f in figs[:i]:
                    if f.kind == "counts" and f.sent == r.sent and f.end <= m.start() and f.key() == r.key() \
                            and (r.value or 0) > (f.value or 0):
                        f.breakdown = True


def _part(art: _Article, f: _Figure, part, total_before) -> bool:
    t = art.text
    # in a parenthesis opened after a figure of the sentence
    op = t.rfind("(", f.sent[0], f.start)
    if op >= 0 and t.find(")", op, f.start) < 0 and any(g.end <= op and op - g.end <= 30 for g in art.figures):
        if total_before(f, f.sent[0], op):
            return True
    if part is None:
        return False
    last = None
    for m in part.finditer(t, f.sent[0], f.start):
        last = m
    if last is None:
        return False
    if not t[f.sent[0]:last.start()].strip(" \t-–•*"):  # "Trong đó, ...", "Cụ thể, ..." opening the sentence
        return total_before(f, 0, f.sent[0]) is not None
    return total_before(f, f.sent[0], last.start()) is not None


def _part_in_sentence(art: _Article, f: _Figure, total_before) -> bool:
    rx = _rules().markers.get("part_in_sentence")
    if rx is None:
        return False
    last = None
    for m in rx.finditer(art.text, f.sent[0], f.start):
        last = m
    return last is not None and total_before(f, f.sent[0], last.start()) is not None


_SPACES = re.compile(r"[ \t]*")


def _restricted_part(art: _Article, f: _Figure, total_before) -> bool:
    """A figure whose counted people are narrowed right after it ("5 quần
    chúng là đoàn viên ...", marker `restricted_part`) after a larger total
    of the same metric in its sentence is a part of that total."""
    rx = _rules().markers.get("restricted_part")
    at = _SPACES.match(art.text, f.end).end()
    return rx is not None and rx.match(art.text, at) is not None \
        and total_before(f, f.sent[0], f.start) is not None


def _share_part(art: _Article, f: _Figure, total_before) -> bool:
    """A count given with its share right after it ("505 vụ (>30%)", "312
    hộ, chiếm 18%", marker `share_after`) after a larger total of the same
    metric in its paragraph is a part of that total."""
    rx = _rules().markers.get("share_after")
    if rx is None or f.modality == "change" or not _has_share(rx, art.text, f):
        return False  # a change's share is of the earlier figure, not of a total
    para = _containing(art.paras, f.start)
    total = total_before(f, para[0], f.start)
    # a total given with a share of its own is a sibling ("362 phiếu (72%), 91 phiếu (18%)")
    return total is not None and not _has_share(rx, art.text, total)


def _has_share(rx: re.Pattern, text: str, f: _Figure) -> bool:
    return rx.match(text[f.end:f.end + 40]) is not None  # (a slice: the unit's last letter is no word edge)


def _sub_unit(f: _Figure, totals: list[_Figure]) -> bool:
    if f.level is None:
        return False
    for w in reversed(totals):
        if w.key() == f.key() and (w.value or 0) > (f.value or 0) and (w.level is None or w.level < f.level):
            return True
    return False


# ---------------------------------------------------------------- entry point

def metrics(counts: Sequence[CountFact], ratios: Sequence[RatioFact], bodies: Sequence[BodyFact],
            documents: Sequence[DocumentFact], doc: Segmented | None,
            text: str) -> tuple[list[CountFact], list[RatioFact]]:
    """Counts and ratios with metric, modality, unit_class, grade (and
    breakdown for counts) decided from their clause, sentence and paragraph."""
    if not counts and not ratios:
        return list(counts), list(ratios)
    figs = [_Figure("counts", i, c.start, c.end, c.unit, float(c.value)) for i, c in enumerate(counts)]
    figs += [_Figure("ratios", i, r.start, r.end, r.unit, float(r.denominator) if r.denominator else None)
             for i, r in enumerate(ratios)]
    figs.sort(key=lambda f: (f.start, f.kind))
    art = _Article(text, figs, _sentences(doc, text), [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)])
    art.sites = _find_sites(text, [(b.start, b.end) for b in bodies] + [(d.start, d.end) for d in documents])
    art.site_starts = [s.start for s in art.sites]
    decider = _Decider(art)
    names = [(b.start, b.end) for b in bodies]
    actions = names + [(s.start, s.end) for s in art.sites]
    for f in figs:
        f.sent = _containing(art.sents, f.start)
        f.unit_class, f.group = unit_class_of(f.unit)
        cls, group = f.unit_class, f.group
        left, right = decider.clause(f)
        if cls is None:
            cls, group = _clause_class(text, left, f.start, names)
        if cls is None or group == "plan":  # "kết nạp 25 hội viên, đạt 80% (chỉ tiêu)": what the figure before counts
            before = [g for g in figs if g.sent == f.sent and g.end <= f.start and g.unit_class]
            if before:
                cls, group = before[-1].unit_class, before[-1].group
        if cls is None:  # "phấn đấu 80% trở lên số chi bộ đạt ...": the counted noun after it in its clause,
            # not a noun inside an action ("14,6% hoàn thành xuất sắc nhiệm vụ")
            cls, group = _clause_class(text, f.end, right, actions)
        if cls is None and f.sent:  # "Trong số đảng viên được đánh giá, 14,6% hoàn thành ...": people named earlier in its sentence
            cls, group = _clause_class(text, f.sent[0], left, names, people_only=True)
        f.metric, grade, (left, _) = decider.decide(f, cls, group)
        f.grade = grade if f.metric == "rating" else None
        f.modality = _modality(art, f, left)
        if f.modality == "actual":
            f.modality = _listed_modality(art, decider, f)
        f.level = _level(art, f)
    _breakdowns(art)
    out_c, out_r = list(counts), list(ratios)
    for f in figs:
        upd = {"metric": f.metric, "modality": f.modality, "grade": f.grade}
        if f.kind == "counts":
            out_c[f.index] = out_c[f.index].model_copy(
                update={**upd, "unit_class": f.unit_class or "other", "breakdown": f.breakdown})
        else:
            out_r[f.index] = out_r[f.index].model_copy(update={**upd, "unit_class": f.unit_class})
    return out_c, out_r
