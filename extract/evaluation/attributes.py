"""Attribute accuracy and strict F1: is a fact right in every field a SQL
user groups or filters on? The same figures as ../shared/tools/score_attrs.py
(tests/test_eval_attributes.py runs both on the devset and compares them):

- mentions are paired per article on score.py's key (counts on value rounded
  to 2 places, ratios on percent or numerator/denominator, documents on
  (doc_type, number), bodies on text, persons on name, dates on value), each
  gold mention in order taking the unused prediction with the same key and
  the nearest start (gold carries no start: the earliest);
- predictions inside a gold "doubtful" string (or mostly one) are dropped;
- per pair, each field of FIELDS is checked (None: not checked) with the
  reference's normalisation; a pair is strictly right when every checked
  field of STRICT agrees, and strict F1 = 2PR/(P+R) with P over predictions
  and R over gold mentions.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

KINDS = ["dates", "documents", "bodies", "persons", "counts", "ratios"]
FIELDS: dict[str, list[str]] = {
    "counts": ["unit", "unit_head", "qualifier", "predicate", "predicate_loose",
               "metric", "modality", "unit_class", "grade", "breakdown"],
    "ratios": ["unit", "qualifier", "predicate", "predicate_loose", "metric", "modality", "unit_class", "grade"],
    "documents": ["issuer", "issued", "congress"],
    "bodies": ["canonical"],
    "persons": ["roles"],
    "dates": [],
}
STRICT: dict[str, list[str]] = {
    "counts": ["unit", "qualifier", "metric", "modality", "unit_class", "grade", "breakdown"],
    "ratios": ["unit", "qualifier", "metric", "modality", "unit_class", "grade"],
    "documents": ["issuer", "issued", "congress"], "bodies": ["canonical"], "persons": ["roles"], "dates": [],
}
METRIC_FIELDS = {"metric", "modality", "unit_class", "grade", "breakdown"}
_CENTRAL = {"trung ương", "ban chấp hành trung ương", "ban chấp hành trung ương đảng"}
_PLACE_WORDS = re.compile(r"\b(tỉnh|thành phố|tp\.?)\s+")
_PATH = re.compile(r",\s*(xã|phường|thị trấn|huyện|quận|thị xã|thành phố|tỉnh)\s+[^,]+")
_TERM = re.compile(r"\s+(khóa\s+[ivxlcdm]+|nhiệm kỳ\s+[\d\s\-–]+)$")
_TONES = [("uỷ", "ủy"), ("oà", "òa"), ("oá", "óa"), ("oả", "ỏa"), ("oã", "õa"), ("oạ", "ọa"),
          ("uý", "úy"), ("uỳ", "ùy"), ("uỹ", "ũy"), ("uỵ", "ụy"), ("oè", "òe"), ("oé", "óe")]


def norm(s: Any) -> str:
    """NFC, casefold, one tone placement, single spaces, no edge punctuation."""
    if s is None:
        return ""
    s = unicodedata.normalize("NFC", str(s)).casefold()
    for a, b in _TONES:
        s = s.replace(a, b)
    return re.sub(r"\s+", " ", s).strip(" .,;:")


def _num(x: Any) -> float | None:
    if x is None or x == "":
        return None
    try:
        return round(float(x), 2)
    except (TypeError, ValueError):
        return None


def _number_key(n: Any) -> str:
    return norm(n).replace(" ", "").replace("–", "-").lstrip("0") if n else ""


def key(kind: str, item: dict) -> Any:
    if kind == "dates":
        return norm(item.get("value"))
    if kind == "documents":
        return norm(item.get("doc_type")), _number_key(item.get("number"))
    if kind == "counts":
        return _num(item.get("value"))
    if kind == "ratios":
        if item.get("percent") is not None:
            return "%", _num(item.get("percent"))
        return _num(item.get("numerator")), _num(item.get("denominator"))
    if kind == "bodies":
        return norm(item.get("text"))
    return norm(item.get("name") or item.get("text"))


def is_doubtful(item: dict, doubtful: list[str]) -> bool:
    t = norm(item.get("text") or item.get("name"))
    return any(t and (t in d or (d in t and len(d) >= 0.7 * len(t))) for d in doubtful)


def _loose_unit(u: Any) -> str:
    return re.sub(r"\s+trực thuộc\b.*$", "", norm(u))


def _loose_name(n: Any) -> tuple[str, str]:
    n = norm(n)
    return _PATH.sub("", n), _PLACE_WORDS.sub("", _PATH.sub("", n)).replace(",", " ")


def _same_name(a: Any, b: Any) -> bool:
    a1, a2 = _loose_name(a)
    b1, b2 = _loose_name(b)
    return norm(a) == norm(b) or a1 == b1 or " ".join(a2.split()) == " ".join(b2.split())


def _same_role(a: Any, b: Any) -> bool:
    a, b = _TERM.sub("", norm(a)), _TERM.sub("", norm(b))
    return a == b or _same_name(a, b)


def check(field: str, g: dict, p: dict) -> bool | None:
    """Does the prediction agree with gold on `field`? None: not checked."""
    if field in METRIC_FIELDS:
        if field not in g:
            return None
        if field == "breakdown":
            return bool(g.get(field)) == bool(p.get(field))
        return norm(g.get(field)) == norm(p.get(field))
    if field == "unit_head":
        return norm(g.get("unit")).split(" ")[:1] == norm(p.get("unit")).split(" ")[:1]
    if field == "unit":
        return _loose_unit(g.get("unit")) == _loose_unit(p.get("unit"))
    if field in ("predicate", "predicate_loose"):
        gv, pv = norm(g.get("predicate")), norm(p.get("predicate"))
        if not gv:
            return None
        if field == "predicate":
            return gv == pv
        return bool(pv) and (gv in pv or pv in gv)
    if field == "roles":
        gr, pr = list(g.get("roles") or []), list(p.get("roles") or [])
        return len(gr) == len(pr) and all(any(_same_role(x, y) for y in pr) for x in gr)
    if field == "canonical":
        return _same_name(g.get("canonical"), p.get("canonical"))
    if field == "issuer":
        gv, pv = norm(g.get("issuer")), norm(p.get("issuer"))
        return gv == pv or (gv in _CENTRAL and pv in _CENTRAL) or (bool(gv) and _same_name(gv, pv))
    if field == "congress" and not g.get("congress"):
        return None
    return norm(g.get(field)) == norm(p.get(field))


def pair(golds: list[dict], preds: list[dict], kind: str) -> list[tuple[dict, dict]]:
    """Greedy: each gold mention in order takes the unused prediction with the
    same key and the nearest start."""
    used: set[int] = set()
    out = []
    for g in golds:
        k = key(kind, g)
        best = None
        for j, p in enumerate(preds):
            if j in used or key(kind, p) != k:
                continue
            d = abs((p.get("start") or 0) - (g.get("start") or 0))
            if best is None or d < best[0]:
                best = (d, j)
        if best:
            used.add(best[1])
            out.append((g, preds[best[1]]))
    return out


class Strict(BaseModel):
    """Strictly right pairs (key and every checked attribute) against all predictions and gold mentions."""
    model_config = ConfigDict(extra="forbid")
    tp: int = 0
    pred: int = 0
    gold: int = 0

    @property
    def f1(self) -> float:
        p = self.tp / self.pred if self.pred else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, o: Strict) -> None:
        self.tp += o.tp
        self.pred += o.pred
        self.gold += o.gold


class AttrMismatch(BaseModel):
    """A matched fact whose attribute disagrees with gold (a strict field)."""
    model_config = ConfigDict(extra="forbid")
    article: str
    type: str
    field: str
    text: str
    gold: Any = None
    got: Any = None


class AttributeScores(BaseModel):
    model_config = ConfigDict(extra="forbid")
    checked: dict[str, list[int]] = Field(default_factory=dict, description="'type.field' -> [agreeing, checked]")
    strict: dict[str, Strict] = Field(default_factory=lambda: {k: Strict() for k in KINDS})
    errors: list[AttrMismatch] = Field(default_factory=list)

    def add(self, o: AttributeScores) -> None:
        for k, (a, n) in o.checked.items():
            c = self.checked.setdefault(k, [0, 0])
            c[0] += a
            c[1] += n
        for k, s in o.strict.items():
            self.strict.setdefault(k, Strict()).add(s)
        self.errors += o.errors

    def micro(self) -> Strict:
        m = Strict()
        for s in self.strict.values():
            m.add(s)
        return m


def score_attributes(pred: dict, gold: dict, name: str) -> AttributeScores:
    """One article: `pred` is an ExtractionResult as JSON (model_dump(mode="json")), `gold` its gold file."""
    out = AttributeScores()
    dl = [norm(d) for d in gold.get("doubtful", [])]
    for k in KINDS:
        gi = gold.get(k, [])
        pi = [x for x in (pred.get(k) or []) if not is_doubtful(x, dl)]
        st = out.strict[k]
        st.pred += len(pi)
        st.gold += len(gi)
        for g, p in pair(gi, pi, k):
            ok_all = True
            for f in FIELDS[k]:
                r = check(f, g, p)
                if r is None:
                    continue
                c = out.checked.setdefault(f"{k}.{f}", [0, 0])
                c[0] += r
                c[1] += 1
                if not r and f in STRICT[k]:
                    ok_all = False
                    out.errors.append(AttrMismatch(article=name, type=k, field=f, text=str(g.get("text") or g.get("name")),
                                                      gold=g.get(f), got=p.get(f)))
            st.tp += ok_all
    return out
