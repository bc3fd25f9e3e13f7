"""Public output schema: the pydantic models of every SPEC fact type.

Field names follow ../shared/SPEC.md; their JSON is what `vnfacts extract`
prints and what `vnfacts schema` describes.
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Qualifier = Literal["exact", "more_than", "less_than", "about"]
Grain = Literal["day", "month", "quarter", "year", "range"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    """A stretch of the normalized article text: text == normalized[start:end]."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Article(_Model):
    id: str = Field(description="sha256 (first 16 hex) of the normalized text")
    source: str = Field(description="file path, URL or '-' for stdin")
    url: str | None = None
    title: str | None = None
    published: str | None = Field(
        None,
        description="ISO date-time when the page gives one (2017-01-06T14:56+07:00); "
        "a shorter ISO date (2020-06) when only that is known",
    )
    author: str | None = None
    body_text: str = ""


class DateFact(Span):
    value: str = Field(description="YYYY-MM-DD, YYYY-MM, YYYY-Qn, YYYY, or A/B for a range")
    grain: Grain


class DocumentFact(Span):
    doc_id: str = Field(description="stable id within the article; a bare later mention shares the id of its full mention")
    doc_type: str
    number: str | None = None
    issuer: str | None = None
    issued: str | None = None
    subject: str | None = None
    congress: str | None = None


class BodyFact(Span):
    canonical: str


class PersonFact(Span):
    name: str
    roles: list[str] = Field(default_factory=list)
    role_bodies: list[str | None] = Field(
        default_factory=list,
        description="for each role, the canonical name of the body it names (None when it names none)")


class CountFact(Span):
    value: float | int
    unit: str | None = None
    qualifier: Qualifier = "exact"
    predicate: str | None = None
    subject: str | None = None
    period: str | None = None


class RatioFact(Span):
    numerator: float | int | None = None
    denominator: float | int | None = None
    percent: float | int | None = None
    unit: str | None = None
    qualifier: Qualifier = "exact"
    predicate: str | None = None
    subject: str | None = None
    period: str | None = None


class ExtractionResult(_Model):
    """One article's facts: what `vnfacts extract` prints per article."""

    source: str
    article: Article
    dates: list[DateFact] = Field(default_factory=list)
    documents: list[DocumentFact] = Field(default_factory=list)
    bodies: list[BodyFact] = Field(default_factory=list)
    persons: list[PersonFact] = Field(default_factory=list)
    counts: list[CountFact] = Field(default_factory=list)
    ratios: list[RatioFact] = Field(default_factory=list)


FACT_TYPES = ("dates", "documents", "bodies", "persons", "counts", "ratios")
