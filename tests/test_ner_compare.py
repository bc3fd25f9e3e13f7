"""NER training data, the trained-model loader, the underthesea baseline
adapter and the comparison's merge (extract/nerdata.py, train.py,
ner_model.py, nercompare.py). Training runs for one epoch on three invented
samples into a tmp dir; the real `make train` is not run here."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SHARED
from vnfacts.models import BodyFact, ExtractionResult, PersonFact
from vnfacts.pipeline.normalize import normalize
from vnfacts.text.textnorm import fold

from experiments.nercompare import align_tokens, markdown, merge_model, underthesea_entities
from experiments.nerdata import (
    LABELS,
    align_mentions,
    build_docbin,
    corpus_articles,
    to_doc,
)


def _corpus():
    seeds = SHARED / "seeds"
    return corpus_articles(seed_texts=seeds if seeds.is_dir() else None)


@pytest.fixture(scope="module")
def corpus():
    arts = _corpus()
    assert len(arts) >= 25  # corpus/samples alone has 25
    return arts


# ------------------------------------------------------------ training data

def test_every_gold_mention_is_located_exactly(corpus):
    for a in corpus:
        al = align_mentions(a.norm, a.gold)
        assert al.missing == [], (a.name, al.missing)
        for key, label, field in (("bodies", "BODY", "text"), ("persons", "PER", "name")):
            got = [(s, e) for s, e, lab in al.spans if lab == label]
            want = [fold(g.get(field) or g["text"]).strip() for g in a.gold.get(key, [])]
            assert len(got) == len(want), (a.name, key)
            # gold lists mentions in text order: the spans keep that order
            assert [a.norm.text[s:e] for s, e in sorted(got)] == want, (a.name, key)
            assert len(set(got)) == len(got), (a.name, key, "two mentions on one span")


def test_spans_sit_at_word_boundaries_outside_chrome(corpus):
    for a in corpus:
        t = a.norm.text
        for s, e, _ in align_mentions(a.norm, a.gold).spans:
            assert not (s > 0 and t[s - 1].isalnum()) and not (e < len(t) and t[e].isalnum()), (a.name, t[s:e])
            assert not a.norm.blocked(s, e), (a.name, t[s:e])


def test_repeated_mentions_take_successive_occurrences():
    raw = "Huyện ủy Đắk Mil họp. Đồng chí Lê Văn An dự. Sau đó Huyện ủy Đắk Mil ra thông báo.\n"
    norm = normalize(raw)
    gold = {"bodies": [{"text": "Huyện ủy Đắk Mil"}, {"text": "Huyện ủy Đắk Mil"}],
            "persons": [{"name": "Lê Văn An", "roles": []}]}
    al = align_mentions(norm, gold)
    first = norm.text.find("Huyện ủy Đắk Mil")
    second = norm.text.find("Huyện ủy Đắk Mil", first + 1)
    assert [(s, lab) for s, _, lab in al.spans] == [(first, "BODY"), (norm.text.find("Lê Văn An"), "PER"), (second, "BODY")]
    # old tone marks in the gold are folded like the text
    al2 = align_mentions(normalize("Tỉnh uỷ Hoà Bình họp."), {"bodies": [{"text": "Tỉnh uỷ Hoà Bình"}]})
    assert al2.missing == [] and len(al2.spans) == 1
    # a mention that is not in the text is reported, not invented
    al3 = align_mentions(norm, {"bodies": [{"text": "Ban Bí thư"}]})
    assert al3.spans == [] and al3.missing == [("BODY", "Ban Bí thư")]
    # not inside a longer word
    al4 = align_mentions(normalize("UBNDX họp, UBND tỉnh dự."), {"bodies": [{"text": "UBND"}]})
    assert [norm_s for norm_s, _, _ in al4.spans] == [len("UBNDX họp, ")]


def test_docs_keep_the_text_and_carry_the_mentions(corpus):
    db, stats = build_docbin(corpus[:3])
    assert stats["missing"] == [] and stats["aligned"] == stats["mentions"]
    import spacy

    docs = list(db.get_docs(spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}}).vocab))
    for a, d in zip(corpus[:3], docs):
        assert d.text == a.norm.text
        assert {e.label_ for e in d.ents} <= set(LABELS)
        # every entity covers its gold span (expanded only to whole tokens)
        spans = align_mentions(a.norm, a.gold).spans
        for s, e, lab in spans:
            assert any(x.start_char <= s and e <= x.end_char and x.label_ == lab for x in d.ents), (a.name, s, e)
        assert d.has_annotation("SENT_START")


def test_to_doc_drops_overlaps():
    norm = normalize("Ban Thường vụ Tỉnh ủy họp.")
    doc, _ = to_doc(norm, [(0, 21, "BODY"), (14, 21, "BODY")])
    assert [(e.start_char, e.end_char) for e in doc.ents] == [(0, 21)]


# ------------------------------------------------------------ underthesea baseline

def test_align_tokens_maps_underthesea_words_back():
    text = "Đồng chí  Nguyễn Văn An, Bí thư Huyện ủy Sơn Hòa."
    toks = ["Đồng chí", "Nguyễn Văn An", ",", "Bí thư", "Huyện uỷ", "Sơn Hoà", ".", "XYZ"]
    spans = align_tokens(text, 0, len(text), toks)
    got = [text[s:e] if s is not None else None for s, e in (sp or (None, None) for sp in spans)]
    assert got == ["Đồng chí", "Nguyễn Văn An", ",", "Bí thư", "Huyện ủy", "Sơn Hòa", ".", None]


def test_underthesea_adapter_gives_valid_spans():
    raw = ("Sáng 5-1, đồng chí Nguyễn Văn Hùng, Bí thư Tỉnh ủy Bắc Giang, làm việc với Công ty Cổ phần "
           "Nhựa Bình Minh tại Hà Nội.\nĐồng chí Trần Thị Lan phát biểu.\n")
    norm = normalize(raw)
    spans = underthesea_entities(norm)
    assert spans
    text = norm.text
    for s, e, lab in spans:
        assert 0 <= s < e <= len(text)
        assert text[s:e] == text[s:e].strip() and text[s:e]
        assert lab in ("PER", "ORG", "LOC", "MISC")
    assert [s for s, _, _ in spans] == sorted(s for s, _, _ in spans)
    assert ("Trần Thị Lan", "PER") in [(text[s:e], lab) for s, e, lab in spans]


# ------------------------------------------------------------ merge

def test_merge_model_only_fills_gaps():
    raw = "Huyện ủy Đắk Mil họp. Đồng chí Lê Văn An, Bí thư Đảng ủy xã, dự. Hội Nông dân xã Đắk Lao báo cáo.\n"
    norm = normalize(raw)
    t = norm.text
    hb = t.find("Huyện ủy Đắk Mil")
    pn = t.find("Lê Văn An")
    role = "Bí thư Đảng ủy xã"
    rs = t.find(role)
    hn = t.find("Hội Nông dân xã Đắk Lao")
    rules = ExtractionResult(
        source="-", article=norm.article,
        bodies=[BodyFact(text="Huyện ủy Đắk Mil", start=hb, end=hb + 16, canonical="Huyện ủy Đắk Mil")],
        persons=[PersonFact(text="Lê Văn An", start=pn, end=pn + 9, name="Lê Văn An", roles=[role])])
    model = [(hb, hb + 8, "BODY"),                   # inside a rule body: dropped
             (rs + 7, rs + len(role), "BODY"),       # inside a rule person's role: dropped
             (hn, hn + len("Hội Nông dân xã Đắk Lao"), "BODY"),  # new: added
             (pn, pn + 9, "PER")]                    # same as a rule person: dropped
    out = merge_model(rules, model, norm)
    assert [b.text for b in out.bodies] == ["Huyện ủy Đắk Mil", "Hội Nông dân xã Đắk Lao"]
    assert [(p.name, p.roles) for p in out.persons] == [("Lê Văn An", [role])]
    assert out.dates == rules.dates and out.counts == rules.counts


# ------------------------------------------------------------ training and the model

@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> Path:
    """One epoch on three corpus samples: proves `make train`'s code path
    and gives weights to load, not a useful model."""
    from experiments.train import train

    tmp = tmp_path_factory.mktemp("ner")
    rep = train(None, out=tmp / "model", build=tmp / "build", limit=3,
                overrides={"training.max_epochs": 1, "training.eval_frequency": 5})
    assert rep["data"]["train"]["docs"] == 3 and rep["data"]["train"]["aligned"] > 0
    assert (tmp / "build" / "train.spacy").is_file()
    assert rep["model_bytes"] < 5_000_000
    return tmp / "model"


def test_trained_model_loads_offline_and_gives_spans(tiny_model, monkeypatch):
    from experiments.ner_model import load_model, model_entities

    # no network: any attempt to fetch a package/model would go through these
    def refuse(*a, **k):
        raise AssertionError("tried to download")
    monkeypatch.setattr("spacy.cli.download.download", refuse, raising=False)
    monkeypatch.setattr("urllib.request.urlopen", refuse)
    load_model.cache_clear()
    nlp = load_model(str(tiny_model))
    assert nlp.pipe_names == ["tok2vec", "ner"] and set(nlp.get_pipe("ner").labels) == set(LABELS)
    raw = "Ngày 3-2, Ban Thường vụ Huyện ủy Đắk Song họp. Đồng chí Phạm Văn Tâm phát biểu.\n"
    text = normalize(raw).text
    ents = model_entities(raw, model_path=str(tiny_model))
    assert isinstance(ents, list)
    for s, e, lab in ents:
        assert 0 <= s < e <= len(text) and lab in LABELS and text[s:e] == text[s:e].strip()


def test_missing_model_is_a_clear_error(tmp_path):
    from experiments.ner_model import ModelMissing, load_model

    with pytest.raises(ModelMissing, match="make train"):
        load_model(str(tmp_path))


def test_comparison_runs_and_reports_every_variant(tiny_model, tmp_path):
    from experiments.nercompare import run

    dev = tmp_path / "shared" / "devset"
    dev.mkdir(parents=True)
    for name in ("s01", "s13"):
        src = Path(__file__).resolve().parents[1] / "corpus" / "samples"
        (dev / f"{name}.txt").write_text((src / f"{name}.txt").read_text(encoding="utf-8"), encoding="utf-8")
        (dev / f"{name}.json").write_text((src / f"{name}.json").read_text(encoding="utf-8"), encoding="utf-8")
    res = run(tmp_path / "shared", repeats=1, model_path=str(tiny_model))
    assert res["articles"] == 2
    names = list(res["variants"])
    assert names[:2] == ["rules", "rules + model"] and any(n.startswith("underthesea") for n in names)
    for v in res["variants"].values():
        for t in ("bodies", "persons"):
            assert 0.0 <= v[t]["f1"] <= 1.0
        assert v["articles_per_s"] > 0
    # the rules find these hand-written samples' persons
    assert res["variants"]["rules"]["persons"]["tp"] > 0
    table = markdown(res)
    assert table.count("\n") == len(names) + 1 and "| rules |" in table
    json.dumps(res)
