"""Public output schema: the pydantic models of every SPEC fact type.

Field names follow ../shared/SPEC.md; their JSON is what `vnfacts extract`
prints and what `vnfacts schema` describes.
"""
from __future__ import annotations

from typing import Literal, Optional

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
    url: Optional[str] = None
    title: Optional[str] = None
    published: Optional[str] = Field(
        None,
        description="ISO date-time when the page gives one (2017-01-06T14:56+07:00); "
        "a shorter ISO date (2020-06) when only that is known",
    )
    author: Optional[str] = None
    body_text: str = ""


class DateFact(Span):
    value: str = Field(description="YYYY-MM-DD, YYYY-MM, YYYY-Qn, YYYY, or A/B for a range")
    grain: Grain


class DocumentFact(Span):
    doc_id: str = Field(description="stable id within the article; a bare later mention shares the id of its full mention")
    doc_type: str
    number: Optional[str] = None
    issuer: Optional[str] = None
    issued: Optional[str] = None
    subject: Optional[str] = None
    congress: Optional[str] = None


class BodyFact(Span):
    canonical: str


class PersonFact(Span):
    name: str
    roles: list[str] = Field(default_factory=list)


class CountFact(Span):
    value: float | int
    unit: Optional[str] = None
    qualifier: Qualifier = "exact"
    predicate: Optional[str] = None
    subject: Optional[str] = None
    period: Optional[str] = None


class RatioFact(Span):
    numerator: Optional[float | int] = None
    denominator: Optional[float | int] = None
    percent: Optional[float | int] = None
    unit: Optional[str] = None
    qualifier: Qualifier = "exact"
    predicate: Optional[str] = None
    subject: Optional[str] = None
    period: Optional[str] = None


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
