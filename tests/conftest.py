"""Shared fixtures. Tests that read ../shared (seeds, devset) skip cleanly
when that directory is absent; nothing from it is copied into the repo."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = (Path(__file__).parents[1] / ".." / "shared").resolve()


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
