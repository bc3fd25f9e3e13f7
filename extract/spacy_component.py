"""vnfacts as a spaCy pipeline component, registered through the
`spacy_factories` entry point (no import of ours needed):

    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "spacy.Tokenizer.v1"}}})
    nlp.add_pipe("vnfacts")
    doc = nlp(text)
    doc.spans["counts"][0]._.value, doc.spans["counts"][0]._.metric

Every fact type goes to `doc.spans[<type>]` (dates, documents, bodies,
persons, counts, ratios), labelled with the type; each Span carries the
fact's SPEC fields as `Span._.<field>` extensions and the whole fact model as
`Span._.vnfacts`. Facts are read from `doc.text` by the same pipeline as
`vnfacts.extract`; spans are aligned to the Doc's tokens and never take
trailing punctuation. spaCy imports this module for every `spacy.blank`, so
it imports nothing of the pipeline until the component runs.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

FACT_TYPES = ("dates", "documents", "bodies", "persons", "counts", "ratios")
_TRAILING = ".,;:!?)]}\"'”’…-–— \n\t"


def _fields() -> list[str]:
    from vnfacts.models import ExtractionResult
    names: set[str] = set()
    for ftype in FACT_TYPES:
        model = ExtractionResult.model_fields[ftype].annotation.__args__[0]
        names |= set(model.model_fields) - {"text", "start", "end"}
    return sorted(names)


def _register_extensions() -> None:
    if not Span.has_extension("vnfacts"):
        Span.set_extension("vnfacts", default=None)
    for name in _fields():
        if not Span.has_extension(name):
            Span.set_extension(name, getter=lambda span, _n=name: getattr(span._.vnfacts, _n, None))
    if not Doc.has_extension("vnfacts_article"):
        Doc.set_extension("vnfacts_article", default=None)


class VnfactsComponent:
    """Runs the vnfacts pipeline on `doc.text` and writes its facts as spans."""

    def __init__(self, nlp: Language, name: str, published: str | None = None):
        if published is not None:
            from vnfacts.text.published import PublishedError, iso_published
            try:
                published = iso_published(published)
            except PublishedError as e:
                raise ValueError(f"vnfacts component: published {published!r}: {e}") from None
        self.name, self.published = name, published
        _register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        from vnfacts.pipeline import extract_normalized
        from vnfacts.pipeline.normalize import normalize

        norm = normalize(doc.text, source="spacy", published=self.published)
        result = extract_normalized(norm)
        doc._.vnfacts_article = result.article
        for ftype in FACT_TYPES:
            spans = []
            for fact in getattr(result, ftype):
                start, end = norm.raw_span(fact.start, fact.end)
                while end > start and doc.text[end - 1] in _TRAILING:
                    end -= 1
                span = doc.char_span(start, end, label=ftype, alignment_mode="contract") \
                    or doc.char_span(start, end, label=ftype, alignment_mode="expand")
                if span is None:
                    continue
                span._.vnfacts = fact
                spans.append(span)
            doc.spans[ftype] = spans
        return doc


@Language.factory("vnfacts", default_config={"published": None})
def make_vnfacts(nlp: Language, name: str, published: str | None) -> VnfactsComponent:
    """The `vnfacts` factory: `published` (a date or time, read as ISO 8601;
    ValueError when it is not one) resolves dates without a year, as
    `vnfacts extract --published` does."""
    return VnfactsComponent(nlp, name, published)
