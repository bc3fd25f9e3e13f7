"""Time to the first fact of `vnfacts extract --format jsonl one.txt`, whole
process, this checkout against another git revision and against underthesea
alone, in alternating runs (the machine is shared: compare within one run).

    python -m experiments.first_fact_ab --old-rev 1a7a239 --runs 9 [--cold]

The old revision's extract/ and rules/ are exported (git archive) to a
temporary directory and run by the same Python, with that directory first on
PYTHONPATH; both are started the same way (`python -c` calling the CLI's
main). The article is the bench's (the 10th percentile of the real corpus by
length). Wall clock to the first line is experiments.bench's timer; CPU is
the child's rusage. --cold gives the new one an empty rules cache
(VNFACTS_CACHE_DIR) every run, as after an install or a rules/ change.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from experiments.bench import _UD_ONE, _first_line_seconds

REPO = Path(__file__).resolve().parents[1]
MAIN = "from vnfacts.cli import main; main()"


def _cpu_children() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run(old_rev: str, runs: int, cold: bool, shared: Path) -> dict:
    real = [json.loads(line) for line in (shared / "realcorpus" / "political.jsonl").open(encoding="utf-8")]
    short = sorted(real, key=lambda a: len(a["text"]))[len(real) // 10]
    with tempfile.TemporaryDirectory(prefix="vnfacts-ff-ab-") as td:
        tmp = Path(td)
        one = tmp / "one.txt"
        one.write_text(short["text"], encoding="utf-8")
        src, path = tmp / "old-src", tmp / "old-path"
        src.mkdir()
        path.mkdir()
        archive = subprocess.run(["git", "-C", str(REPO), "archive", old_rev, "extract", "rules", "pyproject.toml"],
                                 capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(src)], input=archive, check=True)
        (path / "vnfacts").symlink_to(src / "extract")
        extract = ["extract", "--format", "jsonl", str(one)]
        cmds = {"old": ([sys.executable, "-c", MAIN, *extract], {**os.environ, "PYTHONPATH": str(path)}),
                "new": ([sys.executable, "-c", MAIN, *extract], dict(os.environ)),
                "underthesea": ([sys.executable, "-c", _UD_ONE, str(one)], dict(os.environ))}
        wall: dict[str, list[float]] = {k: [] for k in cmds}
        cpu: dict[str, list[float]] = {k: [] for k in cmds}
        for i in range(runs):
            cache = tmp / f"cache-{i}"
            if cold:
                cmds["new"][1]["VNFACTS_CACHE_DIR"] = str(cache)
            for k in (list(cmds) if i % 2 == 0 else list(reversed(cmds))):
                c0 = _cpu_children()
                wall[k].append(_first_line_seconds(*cmds[k]))
                cpu[k].append(_cpu_children() - c0)
            shutil.rmtree(cache, ignore_errors=True)
    med = statistics.median
    return {"old_rev": old_rev, "runs": runs, "cold_cache": cold, "chars": len(short["text"]),
            **{f"{k}_wall_seconds": round(med(v), 3) for k, v in wall.items()},
            **{f"{k}_cpu_seconds": round(med(v), 3) for k, v in cpu.items()},
            "new_vs_old_wall": round(med(n / o for n, o in zip(wall["new"], wall["old"])), 3),
            "new_vs_old_cpu": round(med(n / o for n, o in zip(cpu["new"], cpu["old"])), 3),
            "new_vs_underthesea_wall": round(med(n / u for n, u in zip(wall["new"], wall["underthesea"])), 3)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--old-rev", required=True)
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--cold", action="store_true")
    ap.add_argument("--shared", default=str(REPO.parent / "shared"))
    a = ap.parse_args()
    print(json.dumps(run(a.old_rev, a.runs, a.cold, Path(a.shared)), indent=2))


if __name__ == "__main__":
    main()
