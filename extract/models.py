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

_UNIT_DOC = ("the counted noun phrase as written, with the modifiers that say which ones ('đảng viên mới', "
             "'quần chúng ưu tú'); it ends before the predicate, a comparison, a parenthesis or the next item")
_QUALIFIER_DOC = "exact, more_than (hơn, trên), less_than (dưới), about (gần, khoảng, gần như)"
_PREDICATE_DOC = "what happened to them: 'kết nạp', 'chuyển đảng chính thức', 'khen thưởng'"
_SUBJECT_DOC = "the body that did or reports it, when stated"
_PERIOD_DOC = "the date value it refers to, when stated"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    """A stretch of the normalized article text: text == normalized[start:end]."""

    text: str = Field(description="the words the fact was read from: the normalized article text [start:end]")
    start: int = Field(ge=0, description="0-based offset of the first character in the normalized article text")
    end: int = Field(ge=0, description="offset just after the last character (end-exclusive)")


class Article(_Model):
    id: str = Field(description="sha256 (first 16 hex) of the normalized text")
    source: str = Field(description="file path, URL or '-' for stdin")
    url: str | None = Field(None, description="the article's URL, when known")
    title: str | None = Field(None, description="the headline: the page's title, or the first headline line of the text")
    published: str | None = Field(
        None,
        description="ISO date-time when the page gives one (2017-01-06T14:56+07:00); "
        "a shorter ISO date (2020-06) when only that is known",
    )
    author: str | None = Field(None, description="the byline ('Lam Giang'), when the article has one")
    body_text: str = Field("", description="the article's lines without title, page chrome, timestamp and byline")
    text: str | None = Field(None, description="the normalized article text that every start and end index "
                             "(text[start:end] == the fact's text); given with `vnfacts extract --with-text`, "
                             "else null")


class DateFact(Span):
    value: str = Field(description="YYYY-MM-DD, YYYY-MM, YYYY-Qn, YYYY, or A/B for a range")
    grain: Grain = Field(description="day, month, quarter, year, or range (nhiệm kỳ 2020-2025, 9 tháng năm 2020)")


class DocumentFact(Span):
    doc_id: str = Field(description="stable id within the article; a bare later mention shares the id of its full mention")
    doc_type: str = Field(description="lower-case Vietnamese: nghị quyết, chỉ thị, kết luận, quyết định, quy định, "
                          "hướng dẫn, kế hoạch, đề án, chương trình hành động, thông báo, văn kiện, ...")
    number: str | None = Field(None, description="as written but canonical ('Nghị quyết số 03-NQ/ĐUK' -> "
                               "'03-NQ/ĐUK'); null for a congress resolution")
    issuer: str | None = Field(None, description="canonical name of the body that issued it, when the text or "
                               "the number says so ('/TU' -> 'Tỉnh ủy <province>')")
    issued: str | None = Field(None, description="ISO date it was issued, when the text gives it")
    subject: str | None = Field(None, description="the title after 'về', when given")
    congress: str | None = Field(None, description="for congress and plenum resolutions: 'Đại hội Đảng toàn quốc "
                                 "lần thứ XII', 'Hội nghị Trung ương 4 khóa XII'")


class BodyFact(Span):
    canonical: str = Field(description="the name with abbreviations expanded and, where the article makes it "
                           "known, the province ('Ban Thường vụ Tỉnh ủy' -> 'Ban Thường vụ Tỉnh ủy Gia Lai')")


class PersonFact(Span):
    name: str = Field(description="the person's name as written")
    roles: list[str] = Field(default_factory=list, description="roles as stated, wherever they stand "
                             "('Tỉnh ủy viên', 'Bí thư Đảng ủy Khối'); a former office keeps its 'nguyên'")
    role_bodies: list[str | None] = Field(
        default_factory=list,
        description="for each role, the canonical name of the body it names (None when it names none)")


class CountFact(Span):
    value: float | int = Field(description="the number ('1.395' = 1395, '01' = 1, 'hơn 60' = 60)")
    unit: str | None = Field(None, description=_UNIT_DOC)
    qualifier: Qualifier = Field("exact", description=_QUALIFIER_DOC)
    predicate: str | None = Field(None, description=_PREDICATE_DOC)
    subject: str | None = Field(None, description=_SUBJECT_DOC)
    period: str | None = Field(None, description=_PERIOD_DOC)
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
    numerator: float | int | None = Field(None, description="of a fraction: '3.703/3.823 đảng viên' -> 3703")
    denominator: float | int | None = Field(None, description="of a fraction: '3.703/3.823 đảng viên' -> 3823")
    percent: float | int | None = Field(None, description="of a percentage: '99,52%' -> 99.52")
    unit: str | None = Field(None, description=_UNIT_DOC)
    qualifier: Qualifier = Field("exact", description=_QUALIFIER_DOC)
    predicate: str | None = Field(None, description=_PREDICATE_DOC)
    subject: str | None = Field(None, description=_SUBJECT_DOC)
    period: str | None = Field(None, description=_PERIOD_DOC)
    metric: Metric = Field("other", description=_METRIC_DOC)
    modality: Modality = Field("actual", description=_MODALITY_DOC)
    unit_class: UnitClass | None = Field(None, description=_UNIT_CLASS_DOC + "; null when unit is null")
    grade: Grade | None = Field(None, description=_GRADE_DOC)


class ExtractionResult(_Model):
    """One article's facts: what `vnfacts extract` prints per article."""

    source: str = Field(description="where the article was read: a file path, PATH:LINE for a JSONL line, '-' for stdin")
    article: Article = Field(description="the article's metadata")
    dates: list[DateFact] = Field(default_factory=list, description="every calendar expression, normalized")
    documents: list[DocumentFact] = Field(default_factory=list, description="resolutions, directives and the like")
    bodies: list[BodyFact] = Field(default_factory=list, description="named party, state and mass organizations")
    persons: list[PersonFact] = Field(default_factory=list, description="people named with their roles")
    counts: list[CountFact] = Field(default_factory=list, description="cardinal quantities of something")
    ratios: list[RatioFact] = Field(default_factory=list, description="fractions and percentages")


FACT_TYPES = ("dates", "documents", "bodies", "persons", "counts", "ratios")
