"""vnfacts.evaluation.summary: sample discovery and the run-samples summary."""
from __future__ import annotations

import json
from pathlib import Path

from vnfacts.evaluation.summary import find_samples, summarize
from vnfacts.pipeline import extract


def test_find_samples(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "sub" / "b.txt").write_text("x", encoding="utf-8")
    (corpus / "a.txt").write_text("x", encoding="utf-8")
    (corpus / "notes.md").write_text("x", encoding="utf-8")
    shared = tmp_path / "shared"
    (shared / "devset").mkdir(parents=True)
    (shared / "seeds").mkdir()
    (shared / "devset" / "d01.txt").write_text("x", encoding="utf-8")
    (shared / "devset" / "d01.json").write_text(json.dumps({"url": "https://example.vn/2020/06/a"}), encoding="utf-8")
    (shared / "seeds" / "s.txt").write_text("x", encoding="utf-8")

    found = find_samples(corpus, shared)
    names = [Path(i.path).relative_to(tmp_path).as_posix() for i in found.inputs]
    assert names == ["corpus/a.txt", "corpus/sub/b.txt", "shared/seeds/s.txt", "shared/devset/d01.txt"]
    assert [i.url for i in found.inputs][-1] == "https://example.vn/2020/06/a"
    assert found.shared_dir == str(shared)

    alone = find_samples(corpus, tmp_path / "missing")
    assert alone.shared_dir is None and len(alone.inputs) == 2


def test_summarize() -> None:
    a = extract("Đảng bộ xã kết nạp 12 đảng viên theo Nghị quyết số 05-NQ/ĐU, Nghị quyết số 05-NQ/ĐU.",
                source="x/a.txt")
    b = extract("Chi bộ thôn kết nạp 3 đảng viên, khen thưởng 4 cá nhân theo Chỉ thị số 07-CT/HU.",
                source="b.txt")
    s = summarize([a, b])
    assert s.articles == 2
    assert s.facts["counts"] == len(a.counts) + len(b.counts)
    assert [x.source for x in s.per_article] == ["a.txt", "b.txt"]
    assert s.top_documents[0] == ("nghị quyết 05-NQ/ĐU", 2)
    assert ("chỉ thị 07-CT/HU", 1) in s.top_documents
    assert dict(s.count_units)["đảng viên"] == 15
    assert s.count_units[0][0] == "đảng viên"  # largest total first
