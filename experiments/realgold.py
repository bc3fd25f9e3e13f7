"""The held-out real passages (corpus/realgold): pick them, and write them out for scoring.

Twelve passages of ../shared/realcorpus/political.jsonl that nobody on the project tuned on, annotated by
hand in corpus/realgold/rNN.json (GOLD.md format plus a "source" object: realcorpus id and the character
span of the passage in that article's `text`). The passage texts are never copied into the repository:
`materialize` cuts them out of ../shared again.

    python experiments/realgold.py select                 # the seeded choice, as JSON (id, start, end, signals)
    python experiments/realgold.py materialize build/realgold   # rNN.txt + rNN.json, ready for `vnfacts eval`

Set 2 (corpus/realgold2, gNN.json): ten more passages, drawn with another seed from the articles that set 1
does not use, at least seven of them "figures" passages (the metric fields are the weakest), annotated blind
(before the extractor ever ran on them):

    python experiments/realgold.py --set 2 select --seed 7
    python experiments/realgold.py --set 2 materialize build/realgold2

A passage is a run of whole paragraphs (lines of the article text) of 800-2000 characters that holds at least
two counts or ratios, or a document reference, and also a person or a body. The cues below are crude
selection heuristics for this script only (the extractor's knowledge lives in rules/); tier 1 articles come
first; the draw among the qualifying articles is seeded, one passage per article.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GOLD_DIR = REPO / "corpus" / "realgold"
DEFAULT_SHARED = REPO / ".." / "shared"
SEED = 20261130
N_PASSAGES = 12


class GoldSet:
    """Where a set's gold lives, how its files are named, and how its passages are drawn."""

    def __init__(self, gold_dir: Path, prefix: str, n: int, seed: int, n_figures: int, exclude: Path | None = None,
                 strict: bool = False):
        self.gold_dir, self.prefix, self.n, self.seed, self.n_figures = gold_dir, prefix, n, seed, n_figures
        self.strict = strict  # the stricter count cue (see select)
        self.exclude = exclude  # a gold dir whose articles this set must not reuse

    def excluded_ids(self) -> set[str]:
        if self.exclude is None:
            return set()
        return {json.loads(js.read_text(encoding="utf-8"))["source"]["realcorpus_id"]
                for js in sorted(self.exclude.glob("*.json"))}


SETS = {
    1: GoldSet(GOLD_DIR, "r", N_PASSAGES, SEED, round(N_PASSAGES * 2 / 3)),
    2: GoldSet(REPO / "corpus" / "realgold2", "g", 10, 7, 7, exclude=GOLD_DIR, strict=True),
}
MIN_CHARS, MAX_CHARS = 800, 2000

# selection cues (heuristics of this script, not extraction rules)
_NUM = r"\d[\d.,]*"
_UNIT = (r"(đảng viên|tổ chức|chi bộ|đảng bộ|đại biểu|cán bộ|quần chúng|đoàn viên|hội viên|cơ sở|đơn vị|"
         r"tập thể|cá nhân|đồng chí|trường hợp|TCCSĐ|ĐV)")
COUNT = re.compile(rf"\b{_NUM}\s+{_UNIT}", re.I)
RATIO = re.compile(rf"\b{_NUM}\s*%|\b\d+/[\d.]+\s+{_UNIT}", re.I)
# set 2's stricter count cue: a whole number (not the tail of a date "15/6, đồng chí", no trailing comma)
_STRICT_NUM = r"(?<![\d/.,-])\d{1,3}(?:\.\d{3})*(?!\s*[,/\d])"
STRICT_COUNT = re.compile(rf"{_STRICT_NUM}\s+{_UNIT}", re.I)
DOCUMENT = re.compile(r"\b(Nghị quyết|Chỉ thị|Kết luận|Quyết định|Quy định|Hướng dẫn|Kế hoạch|Đề án)\s+"
                      r"(số\s+)?\d|Nghị quyết (Đại hội|Hội nghị|Trung ương)")
PERSON_OR_BODY = re.compile(r"\b(Bí thư|Chủ tịch (UBND|HĐND|nước|Quốc hội|Ủy ban)|Trưởng ban|Trưởng Ban|Ủy viên|Tổng Bí thư|"
                            r"Tỉnh ủy|Thành ủy|Huyện ủy|Đảng ủy|Ban Thường vụ|Bộ Chính trị|Ban Bí thư|"
                            r"Ban Tổ chức|Ủy ban Kiểm tra|UBND|HĐND|Mặt trận)")


class SharedMissing(Exception):
    pass


def corpus_path(shared: Path) -> Path:
    path = shared / "realcorpus" / "political.jsonl"
    if not path.is_file():
        raise SharedMissing(f"{path} not found: the real passages are cut out of ../shared/realcorpus, "
                            "which is not here (pass --shared DIR)")
    return path


def load_articles(shared: Path) -> dict[str, dict]:
    with corpus_path(shared).open(encoding="utf-8") as f:
        return {o["id"]: o for o in map(json.loads, f) if o.get("text")}


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank line."""
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def signals(passage: str, strict: bool = False) -> dict[str, int]:
    return {"counts": len((STRICT_COUNT if strict else COUNT).findall(passage)), "ratios": len(RATIO.findall(passage)),
            "documents": len(DOCUMENT.findall(passage)), "persons_bodies": len(PERSON_OR_BODY.findall(passage))}


def qualifies(sig: dict[str, int]) -> bool:
    return (sig["counts"] + sig["ratios"] >= 2 or sig["documents"] >= 1) and sig["persons_bodies"] >= 1


def best_window(text: str, strict: bool = False) -> tuple[int, int, dict[str, int]] | None:
    """The qualifying run of whole paragraphs with the most figures (then documents), earliest first.
    The first line (the title, in most sources) is not part of a passage."""
    paras = paragraphs(text)[1:]
    best = None
    for i in range(len(paras)):
        for j in range(i, len(paras)):
            start, end = paras[i][0], paras[j][1]
            if end - start > MAX_CHARS:
                break
            if end - start < MIN_CHARS:
                continue
            sig = signals(text[start:end], strict)
            if not qualifies(sig):
                continue
            rank = (sig["counts"] + sig["ratios"], sig["documents"], -start)
            if best is None or rank > best[0]:
                best = (rank, start, end, sig)
    return None if best is None else best[1:]


def select(shared: Path, n: int = N_PASSAGES, seed: int = SEED, n_figures: int | None = None,
           exclude: frozenset[str] | set[str] = frozenset(), prefix: str = "r", strict: bool = False) -> list[dict]:
    """n passages, one per article, tier 1 articles in a seeded order first (then tier 2, tier 3): up to
    n_figures (default two thirds) whose passage holds two figures or more (so the metric fields can be
    measured), the rest chosen for a document reference. Articles in `exclude` are never drawn; `strict`
    counts figures with the stricter cue (set 2: set 1's cue took "15/6, đồng chí" for a count)."""
    arts = load_articles(shared)
    rng = random.Random(seed)
    n_fig = round(n * 2 / 3) if n_figures is None else n_figures
    quota = {"figures": n_fig, "documents": n - n_fig}
    chosen: list[dict] = []
    for tier in (1, 2, 3):
        ids = sorted(i for i, o in arts.items() if o.get("tier") == tier and i not in exclude)
        rng.shuffle(ids)
        for aid in ids:
            if len(chosen) == n:
                break
            win = best_window(arts[aid]["text"], strict)
            if win is None:
                continue
            start, end, sig = win
            kind = "figures" if sig["counts"] + sig["ratios"] >= 2 else "documents"
            if quota[kind] == 0:
                continue
            quota[kind] -= 1
            chosen.append({"realcorpus_id": aid, "start": start, "end": end, "tier": tier, "kind": kind,
                           "url": arts[aid].get("url"), "published": arts[aid].get("published"), "signals": sig})
    chosen.sort(key=lambda c: c["kind"] != "figures")  # stable: the seeded order within each kind
    for i, c in enumerate(chosen, 1):
        c["name"] = f"{prefix}{i:02d}"
    return chosen


def materialize(shared: Path, out: Path, gold_dir: Path = GOLD_DIR, prefix: str = "r") -> list[Path]:
    """Write each gold file's passage as rNN.txt (gNN.txt for set 2) into `out`, with the gold beside it
    (a `vnfacts eval` dir)."""
    arts = load_articles(shared)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for js in sorted(gold_dir.glob(f"{prefix}[0-9]*.json")):
        src = json.loads(js.read_text(encoding="utf-8"))["source"]
        art = arts.get(src["realcorpus_id"])
        if art is None:
            raise SharedMissing(f"{js.name}: article {src['realcorpus_id']} is not in realcorpus/political.jsonl")
        txt = out / (js.stem + ".txt")
        txt.write_text(art["text"][src["start"]:src["end"]] + "\n", encoding="utf-8")
        shutil.copyfile(js, out / js.name)
        written.append(txt)
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="folder holding realcorpus/political.jsonl")
    ap.add_argument("--set", type=int, choices=sorted(SETS), default=1, dest="gold_set",
                    help="1: corpus/realgold (rNN); 2: corpus/realgold2 (gNN), drawn from articles set 1 does not use")
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("select", help="print the seeded choice of passages as JSON")
    s.add_argument("--seed", type=int, default=None, help="the draw's seed (default: the set's own)")
    m = sub.add_parser("materialize", help="write rNN.txt (+ gold rNN.json) into DIR")
    m.add_argument("dir", type=Path, nargs="?", default=None, help="default: build/realgold (set 2: build/realgold2)")
    args = ap.parse_args(argv)
    gs = SETS[args.gold_set]
    try:
        if args.cmd == "select":
            seed = gs.seed if args.seed is None else args.seed
            print(json.dumps(select(args.shared, gs.n, seed, gs.n_figures, gs.excluded_ids(), gs.prefix, gs.strict),
                             ensure_ascii=False, indent=1))
        else:
            out = args.dir or REPO / "build" / gs.gold_dir.name
            files = materialize(args.shared, out, gs.gold_dir, gs.prefix)
            print(f"{len(files)} passages written to {out}", file=sys.stderr)
    except SharedMissing as e:
        print(f"realgold: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
