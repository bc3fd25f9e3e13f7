-- 005: a count's or ratio's subject joins one canonical body, so count_facts
-- and ratio_facts keep one row per fact even if an article's bodies of one
-- canonical name ever carried two keys (then the smallest key is taken).

CREATE OR REPLACE VIEW count_facts AS
SELECT c.*, a.province, a.published, a.published_year, iso_year(c.period) AS period_year,
       coalesce(iso_year(c.period), a.published_year) AS year,
       coalesce(s.body_key, lower(c.subject)) AS subject_key, coalesce(bc.label, c.subject) AS subject_label,
       a.title AS article_title, a.url AS article_url, a.source AS article_source
FROM counts c
JOIN articles a ON a.id = c.article_id
LEFT JOIN (SELECT article_id, canonical, min(body_key) AS body_key FROM bodies GROUP BY ALL) s
       ON s.article_id = c.article_id AND s.canonical = c.subject
LEFT JOIN bodies_canonical bc ON bc.body_key = s.body_key;

CREATE OR REPLACE VIEW ratio_facts AS
SELECT r.*, a.province, a.published, a.published_year, iso_year(r.period) AS period_year,
       coalesce(iso_year(r.period), a.published_year) AS year,
       coalesce(s.body_key, lower(r.subject)) AS subject_key, coalesce(bc.label, r.subject) AS subject_label,
       a.title AS article_title, a.url AS article_url, a.source AS article_source
FROM ratios r
JOIN articles a ON a.id = r.article_id
LEFT JOIN (SELECT article_id, canonical, min(body_key) AS body_key FROM bodies GROUP BY ALL) s
       ON s.article_id = r.article_id AND s.canonical = r.subject
LEFT JOIN bodies_canonical bc ON bc.body_key = s.body_key;

-- a replaced view loses its comments: the same as 003's
COMMENT ON VIEW count_facts IS 'Every count with its article''s province and dates, the year it refers to and its subject''s canonical body.';
COMMENT ON COLUMN count_facts.article_id IS 'the article (articles.id)';
COMMENT ON COLUMN count_facts.idx IS 'position of the fact among its article''s facts of this type (0-based)';
COMMENT ON COLUMN count_facts.start IS 'start offset of the fact''s words in articles.text (0-based characters)';
COMMENT ON COLUMN count_facts."end" IS 'end offset (exclusive): substr(articles.text, start + 1, "end" - start) = text';
COMMENT ON COLUMN count_facts.text IS 'the words the fact was read from, exactly as in articles.text';
COMMENT ON COLUMN count_facts.value IS 'the number (BIGINT: 1.395 = 1395); NULL when the number read is not whole (not a cardinal)';
COMMENT ON COLUMN count_facts.unit IS 'the counted noun phrase as written (đảng viên, quần chúng ưu tú, tổ chức cơ sở đảng)';
COMMENT ON COLUMN count_facts.qualifier IS 'one of: exact, more_than (hơn, trên), less_than (dưới), about (gần, khoảng)';
COMMENT ON COLUMN count_facts.predicate IS 'what happened to them, as written (kết nạp, khen thưởng, hoàn thành tốt nhiệm vụ)';
COMMENT ON COLUMN count_facts.subject IS 'the body that did or reports it, by its canonical name, when stated';
COMMENT ON COLUMN count_facts.metric IS 'what the figure measures (SPEC Metrics), one of: admission (people admitted to the Party), admission_candidate (people prepared or proposed for admission), official_membership (probationary members made full members), membership (members an organization has, a stock), organizations (party organizations a structure has, a stock), establishment (organizations founded, merged, dissolved), rating (quality ratings), inspection, supervision, violation (found in breach), discipline (disciplinary measures), exit (members leaving the rolls), commendation (awards, praise), badge (Party membership badges), training (study, political education), congress (congresses, elections), meeting (meetings, participants), personnel (cadre work), other (anything else)';
COMMENT ON COLUMN count_facts.modality IS 'one of: actual (what happened or what is; attaining a target is actual), target (planned, aimed at, assigned), change (a difference from an earlier period or a plan)';
COMMENT ON COLUMN count_facts.unit_class IS 'what is counted, one of: member (party members), person (other people: quần chúng, đoàn viên, hội viên, đại biểu, học viên), organization (party and other organizations or units), other (classes, files, tasks, targets, households, ...); NULL when not decided (a ratio without unit)';
COMMENT ON COLUMN count_facts.grade IS 'for metric rating only, one of: excellent (hoàn thành xuất sắc; trong sạch, vững mạnh tiêu biểu), good (hoàn thành tốt, trở lên included; trong sạch, vững mạnh), complete (hoàn thành nhiệm vụ), incomplete (không hoàn thành; yếu kém); NULL when no grade is named or the metric is not rating';
COMMENT ON COLUMN count_facts.breakdown IS 'true when the count is included in another count of the same metric in the same article (a part of a total, a sub-unit''s figure after its whole''s, an earlier figure a later running total includes); SUM over breakdown = false never counts a figure twice';
COMMENT ON COLUMN count_facts.period IS 'the date value the figure refers to, when stated (ISO: 2023, 2023-Q1, 2020-01/2020-09, ...)';
COMMENT ON COLUMN count_facts.period_first_day IS 'first calendar day of period (DATE)';
COMMENT ON COLUMN count_facts.period_last_day IS 'last calendar day of period (DATE)';
COMMENT ON COLUMN count_facts.province IS 'the province of the article (articles.province)';
COMMENT ON COLUMN count_facts.published IS 'the article''s publication day (articles.published, DATE)';
COMMENT ON COLUMN count_facts.published_year IS 'the article''s publication year';
COMMENT ON COLUMN count_facts.period_year IS 'the year the period lies in, when it lies in one year; NULL for a range over years';
COMMENT ON COLUMN count_facts.year IS 'the year the figure refers to: period_year, else the publication year';
COMMENT ON COLUMN count_facts.subject_key IS 'the subject''s canonical body (bodies_canonical.body_key), else its lower-cased name';
COMMENT ON COLUMN count_facts.subject_label IS 'the subject''s canonical label (bodies_canonical.label, with the province when the name lacks it)';
COMMENT ON COLUMN count_facts.article_title IS 'articles.title';
COMMENT ON COLUMN count_facts.article_url IS 'articles.url';
COMMENT ON COLUMN count_facts.article_source IS 'articles.source';
COMMENT ON VIEW ratio_facts IS 'Every ratio, likewise.';
COMMENT ON COLUMN ratio_facts.article_id IS 'the article (articles.id)';
COMMENT ON COLUMN ratio_facts.idx IS 'position of the fact among its article''s facts of this type (0-based)';
COMMENT ON COLUMN ratio_facts.start IS 'start offset of the fact''s words in articles.text (0-based characters)';
COMMENT ON COLUMN ratio_facts."end" IS 'end offset (exclusive): substr(articles.text, start + 1, "end" - start) = text';
COMMENT ON COLUMN ratio_facts.text IS 'the words the fact was read from, exactly as in articles.text';
COMMENT ON COLUMN ratio_facts.numerator IS 'n of n/m (BIGINT), NULL for a percentage';
COMMENT ON COLUMN ratio_facts.denominator IS 'm of n/m (BIGINT), NULL for a percentage';
COMMENT ON COLUMN ratio_facts.percent IS 'the percentage (99,52% = 99.52), NULL for a fraction';
COMMENT ON COLUMN ratio_facts.unit IS 'the counted noun phrase as written; NULL for a percentage with no noun after it';
COMMENT ON COLUMN ratio_facts.qualifier IS 'one of: exact, more_than (hơn, trên), less_than (dưới), about (gần, khoảng)';
COMMENT ON COLUMN ratio_facts.predicate IS 'what happened to them, as written (kết nạp, khen thưởng, hoàn thành tốt nhiệm vụ)';
COMMENT ON COLUMN ratio_facts.subject IS 'the body that did or reports it, by its canonical name, when stated';
COMMENT ON COLUMN ratio_facts.metric IS 'what the figure measures (SPEC Metrics), one of: admission (people admitted to the Party), admission_candidate (people prepared or proposed for admission), official_membership (probationary members made full members), membership (members an organization has, a stock), organizations (party organizations a structure has, a stock), establishment (organizations founded, merged, dissolved), rating (quality ratings), inspection, supervision, violation (found in breach), discipline (disciplinary measures), exit (members leaving the rolls), commendation (awards, praise), badge (Party membership badges), training (study, political education), congress (congresses, elections), meeting (meetings, participants), personnel (cadre work), other (anything else)';
COMMENT ON COLUMN ratio_facts.modality IS 'one of: actual (what happened or what is; attaining a target is actual), target (planned, aimed at, assigned), change (a difference from an earlier period or a plan)';
COMMENT ON COLUMN ratio_facts.unit_class IS 'what is counted, one of: member (party members), person (other people: quần chúng, đoàn viên, hội viên, đại biểu, học viên), organization (party and other organizations or units), other (classes, files, tasks, targets, households, ...); NULL when not decided (a ratio without unit)';
COMMENT ON COLUMN ratio_facts.grade IS 'for metric rating only, one of: excellent (hoàn thành xuất sắc; trong sạch, vững mạnh tiêu biểu), good (hoàn thành tốt, trở lên included; trong sạch, vững mạnh), complete (hoàn thành nhiệm vụ), incomplete (không hoàn thành; yếu kém); NULL when no grade is named or the metric is not rating';
COMMENT ON COLUMN ratio_facts.period IS 'the date value the figure refers to, when stated (ISO: 2023, 2023-Q1, 2020-01/2020-09, ...)';
COMMENT ON COLUMN ratio_facts.period_first_day IS 'first calendar day of period (DATE)';
COMMENT ON COLUMN ratio_facts.period_last_day IS 'last calendar day of period (DATE)';
COMMENT ON COLUMN ratio_facts.province IS 'the province of the article (articles.province)';
COMMENT ON COLUMN ratio_facts.published IS 'the article''s publication day (articles.published, DATE)';
COMMENT ON COLUMN ratio_facts.published_year IS 'the article''s publication year';
COMMENT ON COLUMN ratio_facts.period_year IS 'the year the period lies in, when it lies in one year; NULL for a range over years';
COMMENT ON COLUMN ratio_facts.year IS 'the year the figure refers to: period_year, else the publication year';
COMMENT ON COLUMN ratio_facts.subject_key IS 'the subject''s canonical body (bodies_canonical.body_key), else its lower-cased name';
COMMENT ON COLUMN ratio_facts.subject_label IS 'the subject''s canonical label (bodies_canonical.label, with the province when the name lacks it)';
COMMENT ON COLUMN ratio_facts.article_title IS 'articles.title';
COMMENT ON COLUMN ratio_facts.article_url IS 'articles.url';
COMMENT ON COLUMN ratio_facts.article_source IS 'articles.source';
