-- 004: within one article, the mentions of one figure are one observation
-- even when only some of them name the subject or a narrower period: the
-- title's "kết nạp 288 đảng viên" (no subject, the publication year) and the
-- text's "Tỉnh ủy ... kết nạp 288 đảng viên" (năm 2022) are one figure, and
-- so are "356 đồng chí" (quý III-2023) and "356 đảng viên" (2023) of one
-- article. Mentions of the same value, metric, modality, unit class and
-- grade in one article are one figure when they name at most one subject
-- and their periods lie in one year (the narrowest period is kept); else
-- they stay apart (two districts that each admitted 12).

CREATE OR REPLACE VIEW observations AS
WITH f AS (
    SELECT *, coalesce(period, CAST(published_year AS VARCHAR)) AS period_key0
    FROM count_facts
    WHERE NOT breakdown AND value IS NOT NULL
), same AS (
    SELECT *,
           count(DISTINCT subject_key) OVER w AS n_subjects,
           max(subject_key) OVER w AS one_subject_key,
           max(subject_label) OVER w AS one_subject_label,
           count(DISTINCT coalesce(iso_year(period_key0), -1)) OVER w AS n_years,
           arg_min(period_key0, iso_last_day(period_key0) - iso_first_day(period_key0)) OVER w AS narrowest
    FROM f
    WINDOW w AS (PARTITION BY article_id, metric, modality, unit_class, grade, value)
), k AS (
    SELECT * REPLACE (CASE WHEN n_subjects <= 1 THEN one_subject_key ELSE subject_key END AS subject_key,
                      CASE WHEN n_subjects <= 1 THEN one_subject_label ELSE subject_label END AS subject_label),
           CASE WHEN n_years = 1 THEN coalesce(narrowest, period_key0) ELSE period_key0 END AS period_key
    FROM same
), ranked AS (
    SELECT *, row_number() OVER (
        PARTITION BY province, period_key, subject_key, metric, modality, unit_class, grade, value
        ORDER BY published NULLS LAST, article_id, start) AS rn
    FROM k
)
SELECT province, coalesce(iso_year(period_key), min(year)) AS year, period_key AS period,
       any_value(subject_label) FILTER (WHERE rn = 1) AS subject, subject_key,
       metric, modality, unit_class, grade, value,
       any_value(unit) FILTER (WHERE rn = 1) AS unit,
       any_value(qualifier) FILTER (WHERE rn = 1) AS qualifier,
       count(DISTINCT article_id) AS articles, count(*) AS mentions,
       list(DISTINCT article_id ORDER BY article_id) AS article_ids,
       any_value(article_id) FILTER (WHERE rn = 1) AS article_id,
       any_value(start) FILTER (WHERE rn = 1) AS start,
       any_value("end") FILTER (WHERE rn = 1) AS "end",
       any_value(text) FILTER (WHERE rn = 1) AS text
FROM ranked
GROUP BY province, period_key, subject_key, metric, modality, unit_class, grade, value;

-- a replaced view loses its comments: the same as 003's
COMMENT ON VIEW observations IS 'One row per distinct figure (province, subject, metric, modality, unit class, grade, period or year, value): the same figure repeated in an article or reported by several articles is one row; breakdowns are left out.';
COMMENT ON COLUMN observations.province IS 'the province of the articles';
COMMENT ON COLUMN observations.year IS 'the year the figure refers to: the period''s when it lies in one year, else the publication year';
COMMENT ON COLUMN observations.period IS 'the figure''s stated period, else the publication year (part of what makes a figure distinct)';
COMMENT ON COLUMN observations.subject IS 'the subject''s canonical label at the source mention';
COMMENT ON COLUMN observations.subject_key IS 'the subject''s canonical key (bodies_canonical.body_key, else the lower-cased name)';
COMMENT ON COLUMN observations.unit IS 'the counted noun phrase at the source mention';
COMMENT ON COLUMN observations.qualifier IS 'the qualifier at the source mention: one of: exact, more_than (hơn, trên), less_than (dưới), about (gần, khoảng)';
COMMENT ON COLUMN observations.articles IS 'number of articles that report this figure';
COMMENT ON COLUMN observations.mentions IS 'number of mentions of this figure (title and text, every article)';
COMMENT ON COLUMN observations.article_ids IS 'the articles that report this figure';
COMMENT ON COLUMN observations.article_id IS 'source span: the article of the figure''s first mention in the earliest article';
COMMENT ON COLUMN observations.start IS 'source span: start offset in that article''s text';
COMMENT ON COLUMN observations."end" IS 'source span: end offset (exclusive)';
COMMENT ON COLUMN observations.text IS 'source span: the words of that mention';
COMMENT ON COLUMN observations.metric IS 'what the figure measures (SPEC Metrics), one of: admission (people admitted to the Party), admission_candidate (people prepared or proposed for admission), official_membership (probationary members made full members), membership (members an organization has, a stock), organizations (party organizations a structure has, a stock), establishment (organizations founded, merged, dissolved), rating (quality ratings), inspection, supervision, violation (found in breach), discipline (disciplinary measures), exit (members leaving the rolls), commendation (awards, praise), badge (Party membership badges), training (study, political education), congress (congresses, elections), meeting (meetings, participants), personnel (cadre work), other (anything else)';
COMMENT ON COLUMN observations.modality IS 'one of: actual (what happened or what is; attaining a target is actual), target (planned, aimed at, assigned), change (a difference from an earlier period or a plan)';
COMMENT ON COLUMN observations.unit_class IS 'what is counted, one of: member (party members), person (other people: quần chúng, đoàn viên, hội viên, đại biểu, học viên), organization (party and other organizations or units), other (classes, files, tasks, targets, households, ...); NULL when not decided (a ratio without unit)';
COMMENT ON COLUMN observations.grade IS 'for metric rating only, one of: excellent (hoàn thành xuất sắc; trong sạch, vững mạnh tiêu biểu), good (hoàn thành tốt, trở lên included; trong sạch, vững mạnh), complete (hoàn thành nhiệm vụ), incomplete (không hoàn thành; yếu kém); NULL when no grade is named or the metric is not rating';
COMMENT ON COLUMN observations.value IS 'the figure (BIGINT)';

-- totals as BIGINT (a sum of BIGINT is a HUGEINT, which clients read as a decimal)
CREATE OR REPLACE VIEW metrics_by_province_year AS
SELECT province, year, metric, modality, unit_class, grade,
       CAST(sum(value) AS BIGINT) AS total, max(value) AS largest, count(*) AS figures,
       len(list_distinct(flatten(list(article_ids)))) AS articles, CAST(sum(mentions) AS BIGINT) AS mentions
FROM observations
GROUP BY ALL;
COMMENT ON VIEW metrics_by_province_year IS 'Figures per province, year and what they measure, added over observations (distinct figures, no breakdowns).';
COMMENT ON COLUMN metrics_by_province_year.province IS 'the province';
COMMENT ON COLUMN metrics_by_province_year.year IS 'the year the figures refer to';
COMMENT ON COLUMN metrics_by_province_year.metric IS 'what the figure measures (SPEC Metrics), one of: admission (people admitted to the Party), admission_candidate (people prepared or proposed for admission), official_membership (probationary members made full members), membership (members an organization has, a stock), organizations (party organizations a structure has, a stock), establishment (organizations founded, merged, dissolved), rating (quality ratings), inspection, supervision, violation (found in breach), discipline (disciplinary measures), exit (members leaving the rolls), commendation (awards, praise), badge (Party membership badges), training (study, political education), congress (congresses, elections), meeting (meetings, participants), personnel (cadre work), other (anything else)';
COMMENT ON COLUMN metrics_by_province_year.modality IS 'one of: actual (what happened or what is; attaining a target is actual), target (planned, aimed at, assigned), change (a difference from an earlier period or a plan)';
COMMENT ON COLUMN metrics_by_province_year.unit_class IS 'what is counted, one of: member (party members), person (other people: quần chúng, đoàn viên, hội viên, đại biểu, học viên), organization (party and other organizations or units), other (classes, files, tasks, targets, households, ...); NULL when not decided (a ratio without unit)';
COMMENT ON COLUMN metrics_by_province_year.grade IS 'for metric rating only, one of: excellent (hoàn thành xuất sắc; trong sạch, vững mạnh tiêu biểu), good (hoàn thành tốt, trở lên included; trong sạch, vững mạnh), complete (hoàn thành nhiệm vụ), incomplete (không hoàn thành; yếu kém); NULL when no grade is named or the metric is not rating';
COMMENT ON COLUMN metrics_by_province_year.total IS 'sum of the distinct figures';
COMMENT ON COLUMN metrics_by_province_year.largest IS 'the largest figure: the whole, when the others are its parts reported in other articles';
COMMENT ON COLUMN metrics_by_province_year.figures IS 'number of distinct figures (observations)';
COMMENT ON COLUMN metrics_by_province_year.articles IS 'number of articles reporting them';
COMMENT ON COLUMN metrics_by_province_year.mentions IS 'number of mentions';
