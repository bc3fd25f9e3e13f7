"""vnfacts as a new user gets it: the wheel, installed into a fresh virtualenv
outside the checkout, with nothing of the repository present, runs extract
(.txt, .html, .jsonl), ingest, query, the Python API and the spaCy component.

The dependencies come from a wheelhouse built once with the constraints
(`pip wheel -c constraints.txt`, kept in ~/.cache/vnfacts and reused while
constraints.txt and the dependencies are unchanged), and are installed with
--no-index: after the first run no network is needed. About 1 minute.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
ARTICLE = ("Đảng ủy xã Tân Lập sơ kết công tác xây dựng Đảng\n"
           "Ngày 15/3/2021, Đảng ủy xã Tân Lập kết nạp 12 đảng viên mới, đạt 120% chỉ tiêu; "
           "45/46 chi bộ hoàn thành tốt nhiệm vụ.\n")
PAGE = """<html><head><title>Huyện ủy Đắk Mil sơ kết công tác phát triển đảng viên</title>
<meta property="article:published_time" content="2021-09-23T08:00:00+07:00"></head>
<body><nav><a href="/">Trang chủ</a></nav><article>
<h1>Huyện ủy Đắk Mil sơ kết công tác phát triển đảng viên</h1>
<p>Ngày 20/9, Huyện ủy Đắk Mil tổ chức hội nghị sơ kết; toàn huyện kết nạp 50 đảng viên mới, đạt 120% chỉ tiêu.</p>
</article></body></html>"""
API_SCRIPT = """
import json, sys, vnfacts
res = vnfacts.extract(open("a.txt", encoding="utf-8").read(), published="15/03/2021 08:00", with_text=True)
assert res.article.published == "2021-03-15T08:00", res.article.published
assert all(res.article.text[f.start:f.end] == f.text for t in ("dates", "bodies", "counts", "ratios")
           for f in getattr(res, t))
report = vnfacts.ingest_files(["a.txt", "page.html"], db="api.duckdb")
assert (report.run.read, report.run.ingested) == (2, 2), report
with vnfacts.open_store("api.duckdb") as store:
    n = store.query("SELECT count(*) AS n FROM counts").to_pylist()[0]["n"]
assert n >= 2, n
import spacy
nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "spacy.Tokenizer.v1"}}})
nlp.add_pipe("vnfacts")
doc = nlp(open("a.txt", encoding="utf-8").read())
print(json.dumps({"file": vnfacts.__file__, "counts": [(s.text, s._.value) for s in doc.spans["counts"]]},
                 ensure_ascii=False))
"""


def _run(cmd: list[str], cwd: Path, env: dict[str, str], timeout: float = 600) -> subprocess.CompletedProcess:
    r = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    assert r.returncode == 0, f"{' '.join(map(str, cmd))} exited {r.returncode}:\n{r.stdout[-2000:]}\n{r.stderr[-3000:]}"
    return r


def _pip(*args: str) -> list[str]:
    return [sys.executable, "-m", "pip", "--disable-pip-version-check", *args]


def _clean_copy(dest: Path) -> Path:
    """The checkout's files (tracked and new, not ignored) in `dest`: an in-tree
    build would leave build/ in the checkout and could pack stale files from it."""
    r = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=REPO, capture_output=True,
                       check=False)
    if r.returncode != 0:
        pytest.skip("not a git checkout")
    for name in filter(None, r.stdout.decode().split("\0")):
        src = REPO / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    return dest


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    src = _clean_copy(tmp_path_factory.mktemp("src"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    _run(_pip("wheel", "--no-deps", "--quiet", "-w", str(out), str(src)), out, env)
    _run([sys.executable, "-c", "import sys; from setuptools import build_meta as b; b.build_sdist(sys.argv[1])",
          str(out)], src, env)
    return out


@pytest.fixture(scope="module")
def venv(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    wheel = next(dist.glob("vnfacts-*.whl"))
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    deps = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    key = hashlib.sha256((REPO / "constraints.txt").read_bytes() + json.dumps(sorted(deps)).encode())
    house = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "vnfacts" / f"wheelhouse-{key.hexdigest()[:12]}"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if not (house / ".complete").exists():
        tmp = house.with_name(house.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        r = subprocess.run(_pip("wheel", "--quiet", "-c", str(REPO / "constraints.txt"), "-w", str(tmp), str(wheel)),
                           env=env, capture_output=True, text=True, timeout=900, check=False)
        if r.returncode != 0:
            pytest.skip(f"cannot build the dependency wheelhouse (offline?): {r.stderr.strip()[-300:]}")
        (tmp / wheel.name).unlink(missing_ok=True)  # the wheel under test is always the fresh one
        (tmp / ".complete").touch()
        shutil.rmtree(house, ignore_errors=True)
        tmp.rename(house)
        for old in house.parent.glob("wheelhouse-*"):  # those of earlier constraints
            if old != house:
                shutil.rmtree(old, ignore_errors=True)
    where = tmp_path_factory.mktemp("venv") / "v"
    _run([sys.executable, "-m", "venv", "--without-pip", str(where)], where.parent, env)
    _run(_pip("--python", str(where / "bin" / "python"), "install", "--quiet", "--no-compile", "--no-index",
              "--find-links", str(house), str(wheel)), where.parent, env)
    return where


@pytest.fixture(scope="module")
def outside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("user")
    (d / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (d / "page.html").write_text(PAGE, encoding="utf-8")
    (d / "scraped.jsonl").write_text(json.dumps({"url": "https://example.vn/2021/03/a.html", "text": ARTICLE},
                                                ensure_ascii=False) + "\n", encoding="utf-8")
    return d


def _env(venv: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "VNFACTS_DB")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return env


def test_wheel_and_sdist_ship_the_rule_data(dist: Path) -> None:
    wheel = next(dist.glob("vnfacts-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    rules = sorted(p.name for p in (REPO / "rules").rglob("*.yaml"))
    assert sorted(Path(n).name for n in names if n.startswith("vnfacts/rules/") and n.endswith(".yaml")) == rules
    assert any(n.startswith("vnfacts/store/sql/") for n in names)
    assert not any(n.startswith(("extract/", "experiments/", "tests/", "rules/")) for n in names)
    with tarfile.open(next(dist.glob("vnfacts-*.tar.gz"))) as sdist:
        members = sdist.getnames()
    assert sorted(Path(n).name for n in members if "/rules/" in n and n.endswith(".yaml")) == rules
    assert any(n.endswith("/LICENSE") for n in members)


def test_pip_show_has_license_url_author(venv: Path) -> None:
    r = _run(_pip("--python", str(venv / "bin" / "python"), "show", "vnfacts"), venv, _env(venv))
    fields = dict(line.split(": ", 1) for line in r.stdout.splitlines() if ": " in line)
    assert fields.get("License-Expression", fields.get("License")) == "MIT"
    assert fields.get("Home-page", "").startswith("https://")
    assert fields.get("Author")


def test_commands_outside_the_checkout(venv: Path, outside: Path) -> None:
    env = _env(venv)
    vnfacts = str(venv / "bin" / "vnfacts")
    r = _run([vnfacts, "extract", "a.txt", "page.html", "scraped.jsonl"], outside, env)
    results = json.loads(r.stdout)
    assert len(results) == 3 and all(res["counts"] for res in results)
    assert results[1]["article"]["published"] == "2021-09-23T08:00:00+07:00"
    r = _run([vnfacts, "ingest", ".", "--db", "facts.duckdb", "--json"], outside, env)
    run = json.loads(r.stdout)
    assert (run["read"], run["ingested"], run["rejected"]) == (3, 2, 0)  # the JSONL line repeats a.txt
    r = _run([vnfacts, "query", "SELECT count(*) AS n FROM articles", "--db", "facts.duckdb", "--format", "json"],
             outside, env)
    assert json.loads(r.stdout) == [{"n": 2}]


def test_python_api_outside_the_checkout(venv: Path, outside: Path) -> None:
    r = _run([str(venv / "bin" / "python"), "-c", API_SCRIPT], outside, _env(venv))
    out = json.loads(r.stdout.strip().splitlines()[-1])
    assert Path(out["file"]).is_relative_to(venv)  # the installed package, not the checkout
    assert ["12 đảng viên mới", 12] in out["counts"]
