"""Public output schema: the pydantic models of every SPEC fact type.

Field names follow ../shared/SPEC.md; their JSON is what `vnfacts extract`
prints and what `vnfacts schema` describes.
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Qualifier = Literal["exact", "more_than", "less_than", "about"]
Grain = Literal["day", "month", "quarter", "year", "range"]
Metric = Literal[
    "admission", "admission_candidate", "official_membership", "membership", "organizations",
    "establishment", "rating", "inspection", "supervision", "violation", "discipline", "exit",
    "commendation", "badge", "training", "congress", "meeting", "personnel", "other",
]
Modality = Literal["actual", "target", "change"]
UnitClass = Literal["member", "person", "organization", "other"]
Grade = Literal["excellent", "good", "complete", "incomplete"]

_METRIC_DOC = (
    "what the figure measures (SPEC ## Metrics): admission (people admitted to the Party), "
    "admission_candidate (people prepared or proposed for admission), official_membership "
    "(probationary members made full members), membership (members an organization has, a stock), "
    "organizations (party organizations a structure has, a stock), establishment (organizations "
    "founded, merged, dissolved, reorganized), rating (quality ratings of organizations or members), "
    "inspection, supervision, violation (found in breach), discipline (disciplinary measures), exit "
    "(members leaving the rolls), commendation (awards and praise), badge (Party membership badges), "
    "training (study and political education), congress (party congresses and elections), meeting "
    "(meetings, conferences and their participants), personnel (cadre work), other (anything else)"
)
_MODALITY_DOC = (
    "actual (what happened or what is; 'đạt 105% chỉ tiêu' is actual), target (planned, aimed at or "
    "assigned: phấn đấu, chỉ tiêu, kế hoạch, mục tiêu, dự kiến, đề ra, sẽ), change (a difference from an "
    "earlier period or a plan: 'tăng 174 đảng viên so với năm 2017')"
)
_UNIT_CLASS_DOC = (
    "what is counted: member (party members: đảng viên, cấp ủy viên, bí thư), person (other people: "
    "quần chúng, đoàn viên, hội viên, đại biểu, học viên), organization (party and other organizations "
    "or units: tổ chức đảng, chi bộ, đảng bộ, tập thể, cơ quan, doanh nghiệp, xã), other (lớp, hồ sơ, "
    "điểm cầu, nhiệm vụ, chỉ tiêu, cuộc, hộ, lượt)"
)
_GRADE_DOC = (
    "for metric rating only, else null: excellent (hoàn thành xuất sắc nhiệm vụ; trong sạch, vững mạnh "
    "tiêu biểu), good (hoàn thành tốt nhiệm vụ, 'trở lên' included; trong sạch, vững mạnh), complete "
    "(hoàn thành nhiệm vụ), incomplete (không hoàn thành nhiệm vụ; yếu kém; vi phạm tư cách); null when "
    "the rating is named without a grade"
)


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


class CountFact(Span):
    value: float | int
    unit: str | None = None
    qualifier: Qualifier = "exact"
    predicate: str | None = None
    subject: str | None = None
    period: str | None = None
    metric: Metric = Field("other", description=_METRIC_DOC)
    modality: Modality = Field("actual", description=_MODALITY_DOC)
    unit_class: UnitClass = Field("other", description=_UNIT_CLASS_DOC)
    grade: Grade | None = Field(None, description=_GRADE_DOC)
    breakdown: bool = Field(
        False,
        description="true when the count is included in another count of the same metric in the same "
        "article (a part of a total, a sub-unit's figure after its whole's, an earlier figure a later "
        "running total includes): SUM over breakdown = false never counts a figure twice",
    )


class RatioFact(Span):
    numerator: float | int | None = None
    denominator: float | int | None = None
    percent: float | int | None = None
    unit: str | None = None
    qualifier: Qualifier = "exact"
    predicate: str | None = None
    subject: str | None = None
    period: str | None = None
    metric: Metric = Field("other", description=_METRIC_DOC)
    modality: Modality = Field("actual", description=_MODALITY_DOC)
    unit_class: UnitClass | None = Field(None, description=_UNIT_CLASS_DOC + "; null when unit is null")
    grade: Grade | None = Field(None, description=_GRADE_DOC)


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
