"""Shared fixtures. Tests that read ../shared (seeds, devset) skip cleanly
when that directory is absent; nothing from it is copied into the repo."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = (Path(__file__).parents[1] / ".." / "shared").resolve()


_OWN_CACHE: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    """The tests' rules cache (vnfacts.rulecache) is their own, not the user's ~/.cache."""
    if not os.environ.get("VNFACTS_CACHE_DIR"):
        _OWN_CACHE.append(tempfile.mkdtemp(prefix="vnfacts-test-cache-"))
        os.environ["VNFACTS_CACHE_DIR"] = _OWN_CACHE[0]


def pytest_unconfigure(config: pytest.Config) -> None:
    for d in _OWN_CACHE:
        shutil.rmtree(d, ignore_errors=True)


def shared_texts(*subdirs: str) -> list[Path]:
    """*.txt files in the given ../shared subdirectories ([] when absent);
    for parametrizing at collection time."""
    out: list[Path] = []
    for sub in subdirs:
        d = SHARED / sub
        if d.is_dir():
            out += sorted(d.glob("*.txt"))
    return out


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"shared data not available at {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def devset_dir(shared_dir: Path) -> Path:
    d = shared_dir / "devset"
    if not d.is_dir() or not any(d.glob("*.json")):
        pytest.skip(f"no devset in {shared_dir}")
    return d
