-- 003: what a count or ratio measures (SPEC "## Metrics": metric, modality,
-- unit_class, grade, breakdown), typed date and time columns, the views
-- rebuilt on metric ids, and a comment on every table, view and column.
--
-- An existing store upgrades in place, in one transaction with the rest of
-- the migration: the tables whose columns change are rebuilt and their rows
-- copied over, nothing dropped. Facts stored before this version get the
-- metric defaults (metric 'other', modality 'actual', breakdown false) until
-- they are re-extracted: the pipeline version changes with this release, so
-- the next `vnfacts ingest` of the same inputs replaces them.

DROP VIEW IF EXISTS facts;
DROP VIEW IF EXISTS articles_per_year;
DROP VIEW IF EXISTS full_ratios;
DROP VIEW IF EXISTS top_documents;
DROP VIEW IF EXISTS document_citations;
DROP VIEW IF EXISTS document_mentions;
DROP VIEW IF EXISTS document_resolution;
DROP VIEW IF EXISTS admissions;
DROP VIEW IF EXISTS metrics_by_province_year;
DROP VIEW IF EXISTS ratio_facts;
DROP VIEW IF EXISTS count_facts;
DROP MACRO IF EXISTS period_year;

-- ---------------------------------------------------------------- dates as DATE

-- The first and the last calendar day an ISO value of the pipeline covers:
-- 2021-05-31 (day), 2021-05 (month), 2023-Q1 (quarter), 2016 (year), and a
-- range A/B of those ("2020/2025", "2020-01/2020-09"). NULL for anything else.
-- New rows get these typed columns from the writer (rows.iso_days, the same
-- rules in Python; a test holds the two to the same answers); the macros fill
-- them for the rows a store already has, and are there for queries. Typed
-- columns are plain columns, not generated ones: replaying a WAL that holds
-- a comment on a table whose generated columns call date functions needs an
-- extension DuckDB then tries to download.
CREATE MACRO iso_part_first_day(p) AS
    CASE
        WHEN regexp_matches(p, '^\d{4}-\d{1,2}-\d{1,2}$') THEN try_cast(p AS DATE)
        WHEN regexp_matches(p, '^\d{4}-\d{1,2}$') THEN try_cast(p || '-01' AS DATE)
        WHEN regexp_matches(p, '^\d{4}-Q[1-4]$')
            THEN make_date(CAST(substr(p, 1, 4) AS INTEGER), 3 * CAST(substr(p, 7, 1) AS INTEGER) - 2, 1)
        WHEN regexp_matches(p, '^\d{4}$') THEN make_date(CAST(p AS INTEGER), 1, 1)
    END;

CREATE MACRO iso_part_last_day(p) AS
    CASE
        WHEN regexp_matches(p, '^\d{4}-\d{1,2}-\d{1,2}$') THEN try_cast(p AS DATE)
        WHEN regexp_matches(p, '^\d{4}-\d{1,2}$') THEN last_day(try_cast(p || '-01' AS DATE))
        WHEN regexp_matches(p, '^\d{4}-Q[1-4]$')
            THEN last_day(make_date(CAST(substr(p, 1, 4) AS INTEGER), 3 * CAST(substr(p, 7, 1) AS INTEGER), 1))
        WHEN regexp_matches(p, '^\d{4}$') THEN make_date(CAST(p AS INTEGER), 12, 31)
    END;

CREATE MACRO iso_first_day(v) AS
    CASE WHEN strpos(v, '/') > 0 THEN iso_part_first_day(split_part(v, '/', 1)) ELSE iso_part_first_day(v) END;

CREATE MACRO iso_last_day(v) AS
    CASE WHEN strpos(v, '/') > 0 THEN iso_part_last_day(split_part(v, '/', 2)) ELSE iso_part_last_day(v) END;

-- The year a value lies in, when it lies in one ("2016", "quý I-2018", "9
-- tháng năm 2020" = 2020-01/2020-09); NULL for a range over several years.
CREATE MACRO iso_year(v) AS
    CASE WHEN year(iso_first_day(v)) = year(iso_last_day(v)) THEN year(iso_first_day(v)) END;

-- ---------------------------------------------------------------- articles

CREATE TABLE articles_new (
    id               VARCHAR PRIMARY KEY,
    source           VARCHAR NOT NULL,
    url              VARCHAR,
    title            VARCHAR,
    published_text   VARCHAR,
    published        DATE,
    published_at     TIMESTAMP WITH TIME ZONE,
    published_year   INTEGER,
    province         VARCHAR,
    author           VARCHAR,
    text             VARCHAR NOT NULL,
    body_text        VARCHAR,
    pipeline_version VARCHAR NOT NULL,
    run_id           INTEGER,
    ingested_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
INSERT INTO articles_new BY NAME
SELECT id, source, url, title, published AS published_text,
       try_cast(regexp_extract(published, '^(\d{4}-\d{1,2}-\d{1,2})(?:$|[T ])', 1) AS DATE) AS published,
       CASE WHEN regexp_matches(published,
                '^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)$')
            THEN try_cast(published AS TIMESTAMP WITH TIME ZONE) END AS published_at,
       published_year, province, author, text, body_text,
       pipeline_version, run_id, timezone('UTC', ingested_at) AS ingested_at
FROM articles;
DROP TABLE articles;
ALTER TABLE articles_new RENAME TO articles;

-- ---------------------------------------------------------------- dates

CREATE TABLE dates_new (
    article_id VARCHAR NOT NULL, idx INTEGER NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text VARCHAR NOT NULL,
    value VARCHAR NOT NULL,
    grain VARCHAR NOT NULL CHECK (grain IN ('day', 'month', 'quarter', 'year', 'range')),
    first_day DATE,
    last_day  DATE,
    PRIMARY KEY (article_id, idx)
);
INSERT INTO dates_new BY NAME
SELECT article_id, idx, start, "end", text, value, grain, iso_first_day(value) AS first_day,
       iso_last_day(value) AS last_day
FROM dates;
DROP TABLE dates;
ALTER TABLE dates_new RENAME TO dates;

-- ---------------------------------------------------------------- documents

CREATE TABLE documents_new (
    article_id VARCHAR NOT NULL, idx INTEGER NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text VARCHAR NOT NULL,
    doc_id VARCHAR NOT NULL,
    doc_type VARCHAR NOT NULL, number VARCHAR, issuer VARCHAR, issued VARCHAR,
    issued_date DATE,
    subject VARCHAR, congress VARCHAR,
    doc_key VARCHAR NOT NULL,
    PRIMARY KEY (article_id, idx)
);
INSERT INTO documents_new BY NAME
SELECT article_id, idx, start, "end", text, doc_id, doc_type, number, issuer, issued,
       CASE WHEN regexp_matches(issued, '^\d{4}-\d{1,2}-\d{1,2}$') THEN try_cast(issued AS DATE) END AS issued_date,
       subject, congress, doc_key
FROM documents;
DROP TABLE documents;
ALTER TABLE documents_new RENAME TO documents;

-- ---------------------------------------------------------------- counts and ratios

CREATE TABLE counts_new (
    article_id VARCHAR NOT NULL, idx INTEGER NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text VARCHAR NOT NULL,
    value BIGINT,
    unit VARCHAR,
    qualifier VARCHAR NOT NULL CHECK (qualifier IN ('exact', 'more_than', 'less_than', 'about')),
    predicate VARCHAR, subject VARCHAR, period VARCHAR,
    period_first_day DATE,
    period_last_day  DATE,
    metric VARCHAR NOT NULL DEFAULT 'other' CHECK (metric IN (
        'admission', 'admission_candidate', 'official_membership', 'membership', 'organizations',
        'establishment', 'rating', 'inspection', 'supervision', 'violation', 'discipline', 'exit',
        'commendation', 'badge', 'training', 'congress', 'meeting', 'personnel', 'other')),
    modality VARCHAR NOT NULL DEFAULT 'actual' CHECK (modality IN ('actual', 'target', 'change')),
    unit_class VARCHAR CHECK (unit_class IN ('member', 'person', 'organization', 'other')),
    grade VARCHAR CHECK (grade IN ('excellent', 'good', 'complete', 'incomplete')),
    breakdown BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY (article_id, idx)
);
INSERT INTO counts_new BY NAME
SELECT article_id, idx, start, "end", text,
       CASE WHEN value = floor(value) THEN CAST(value AS BIGINT) END AS value,
       unit, qualifier, predicate, subject, period,
       iso_first_day(period) AS period_first_day, iso_last_day(period) AS period_last_day
FROM counts;
DROP TABLE counts;
ALTER TABLE counts_new RENAME TO counts;

CREATE TABLE ratios_new (
    article_id VARCHAR NOT NULL, idx INTEGER NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text VARCHAR NOT NULL,
    numerator BIGINT, denominator BIGINT, percent DOUBLE,
    unit VARCHAR,
    qualifier VARCHAR NOT NULL CHECK (qualifier IN ('exact', 'more_than', 'less_than', 'about')),
    predicate VARCHAR, subject VARCHAR, period VARCHAR,
    period_first_day DATE,
    period_last_day  DATE,
    metric VARCHAR NOT NULL DEFAULT 'other' CHECK (metric IN (
        'admission', 'admission_candidate', 'official_membership', 'membership', 'organizations',
        'establishment', 'rating', 'inspection', 'supervision', 'violation', 'discipline', 'exit',
        'commendation', 'badge', 'training', 'congress', 'meeting', 'personnel', 'other')),
    modality VARCHAR NOT NULL DEFAULT 'actual' CHECK (modality IN ('actual', 'target', 'change')),
    unit_class VARCHAR CHECK (unit_class IN ('member', 'person', 'organization', 'other')),
    grade VARCHAR CHECK (grade IN ('excellent', 'good', 'complete', 'incomplete')),
    PRIMARY KEY (article_id, idx)
);
INSERT INTO ratios_new BY NAME
SELECT article_id, idx, start, "end", text,
       CASE WHEN numerator = floor(numerator) THEN CAST(numerator AS BIGINT) END AS numerator,
       CASE WHEN denominator = floor(denominator) THEN CAST(denominator AS BIGINT) END AS denominator,
       percent, unit, qualifier, predicate, subject, period,
       iso_first_day(period) AS period_first_day, iso_last_day(period) AS period_last_day
FROM ratios;
DROP TABLE ratios;
ALTER TABLE ratios_new RENAME TO ratios;

-- ---------------------------------------------------------------- the log: times with their zone (UTC)

CREATE TABLE runs_new (
    run_id           INTEGER PRIMARY KEY,
    started_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at      TIMESTAMP WITH TIME ZONE,
    status           VARCHAR NOT NULL CHECK (status IN ('running', 'completed', 'interrupted', 'failed')),
    inputs           VARCHAR[] NOT NULL,
    pipeline_version VARCHAR NOT NULL,
    workers          INTEGER,
    batch_size       INTEGER,
    n_read           INTEGER NOT NULL DEFAULT 0,
    n_ingested       INTEGER NOT NULL DEFAULT 0,
    n_replaced       INTEGER NOT NULL DEFAULT 0,
    n_duplicate      INTEGER NOT NULL DEFAULT 0,
    n_rejected       INTEGER NOT NULL DEFAULT 0,
    seconds          DOUBLE,
    extract_seconds  DOUBLE,
    write_seconds    DOUBLE
);
INSERT INTO runs_new BY NAME
SELECT * REPLACE (timezone('UTC', started_at) AS started_at, timezone('UTC', finished_at) AS finished_at)
FROM runs;
DROP TABLE runs;
ALTER TABLE runs_new RENAME TO runs;

CREATE TABLE rejects_new (
    run_id      INTEGER NOT NULL,
    path        VARCHAR NOT NULL,
    line        INTEGER,
    reason      VARCHAR NOT NULL,
    rejected_at TIMESTAMP WITH TIME ZONE NOT NULL
);
INSERT INTO rejects_new BY NAME
SELECT * REPLACE (timezone('UTC', rejected_at) AS rejected_at) FROM rejects;
DROP TABLE rejects;
ALTER TABLE rejects_new RENAME TO rejects;

-- ---------------------------------------------------------------- views

-- Every count with its article's province, dates, the year it refers to and
-- its subject's canonical body.
CREATE VIEW count_facts AS
SELECT c.*, a.province, a.published, a.published_year, iso_year(c.period) AS period_year,
       coalesce(iso_year(c.period), a.published_year) AS year,
       coalesce(s.body_key, lower(c.subject)) AS subject_key, coalesce(bc.label, c.subject) AS subject_label,
       a.title AS article_title, a.url AS article_url, a.source AS article_source
FROM counts c
JOIN articles a ON a.id = c.article_id
LEFT JOIN (SELECT DISTINCT article_id, canonical, body_key FROM bodies) s
       ON s.article_id = c.article_id AND s.canonical = c.subject
LEFT JOIN bodies_canonical bc ON bc.body_key = s.body_key;

-- Every ratio, likewise.
CREATE VIEW ratio_facts AS
SELECT r.*, a.province, a.published, a.published_year, iso_year(r.period) AS period_year,
       coalesce(iso_year(r.period), a.published_year) AS year,
       coalesce(s.body_key, lower(r.subject)) AS subject_key, coalesce(bc.label, r.subject) AS subject_label,
       a.title AS article_title, a.url AS article_url, a.source AS article_source
FROM ratios r
JOIN articles a ON a.id = r.article_id
LEFT JOIN (SELECT DISTINCT article_id, canonical, body_key FROM bodies) s
       ON s.article_id = r.article_id AND s.canonical = r.subject
LEFT JOIN bodies_canonical bc ON bc.body_key = s.body_key;

-- One row per distinct figure: the same value of the same metric, modality,
-- unit class and grade, for the same subject in the same province and period
-- (the count's own period, else its article's publication year), however
-- often it is repeated in an article (title and text) and however many
-- articles report it. Breakdowns (parts of a total, sub-units listed after
-- their whole, figures a later running total includes) are left out, so a
-- SUM over observations never counts a figure twice within an article. The
-- source span is the figure's first mention in the earliest article.
CREATE VIEW observations AS
WITH f AS (
    SELECT *, coalesce(period, CAST(published_year AS VARCHAR)) AS period_key
    FROM count_facts
    WHERE NOT breakdown AND value IS NOT NULL
), ranked AS (
    SELECT *, row_number() OVER (
        PARTITION BY province, period_key, subject_key, metric, modality, unit_class, grade, value
        ORDER BY published NULLS LAST, article_id, start) AS rn
    FROM f
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

-- The same for ratios: one row per distinct numerator, denominator and percent.
CREATE VIEW ratio_observations AS
WITH f AS (
    SELECT *, coalesce(period, CAST(published_year AS VARCHAR)) AS period_key FROM ratio_facts
), ranked AS (
    SELECT *, row_number() OVER (
        PARTITION BY province, period_key, subject_key, metric, modality, unit_class, grade,
                     numerator, denominator, percent
        ORDER BY published NULLS LAST, article_id, start) AS rn
    FROM f
)
SELECT province, coalesce(iso_year(period_key), min(year)) AS year, period_key AS period,
       any_value(subject_label) FILTER (WHERE rn = 1) AS subject, subject_key,
       metric, modality, unit_class, grade, numerator, denominator, percent,
       any_value(unit) FILTER (WHERE rn = 1) AS unit,
       any_value(qualifier) FILTER (WHERE rn = 1) AS qualifier,
       any_value(predicate) FILTER (WHERE rn = 1) AS predicate,
       count(DISTINCT article_id) AS articles, count(*) AS mentions,
       list(DISTINCT article_id ORDER BY article_id) AS article_ids,
       any_value(article_id) FILTER (WHERE rn = 1) AS article_id,
       any_value(start) FILTER (WHERE rn = 1) AS start,
       any_value("end") FILTER (WHERE rn = 1) AS "end",
       any_value(text) FILTER (WHERE rn = 1) AS text
FROM ranked
GROUP BY province, period_key, subject_key, metric, modality, unit_class, grade, numerator, denominator, percent;

-- Figures per province and year, by what they measure: `total` adds the
-- distinct figures (observations), `largest` is the largest of them (the
-- whole, when the others are parts of it reported in other articles).
CREATE VIEW metrics_by_province_year AS
SELECT province, year, metric, modality, unit_class, grade,
       sum(value) AS total, max(value) AS largest, count(*) AS figures,
       len(list_distinct(flatten(list(article_ids)))) AS articles, sum(mentions) AS mentions
FROM observations
GROUP BY ALL;

-- People admitted to the Party: one row per distinct figure.
CREATE VIEW admissions AS
SELECT province, year, period, subject, value, unit, unit_class, qualifier, articles, mentions, article_ids,
       article_id, start, "end", text
FROM observations
WHERE metric = 'admission' AND modality = 'actual' AND unit_class IN ('member', 'person');

-- A mention with no issue date ("Chỉ thị số 05-CT/TW") is keyed without a
-- year; when the store knows exactly one dated document of that number and
-- scope, it is taken to mean that one. Decided at query time, so it does
-- not depend on the order articles were ingested in.
CREATE VIEW document_resolution AS
WITH dated AS (
    SELECT series_key, count(*) AS n, min(doc_key) AS doc_key
    FROM documents_canonical WHERE issued_year IS NOT NULL GROUP BY series_key
)
SELECT dc.doc_key,
       CASE WHEN dc.issued_year IS NULL AND dc.number IS NOT NULL AND dated.n = 1
            THEN dated.doc_key ELSE dc.doc_key END AS resolved_key
FROM documents_canonical dc LEFT JOIN dated USING (series_key);

CREATE VIEW document_mentions AS
SELECT d.*, r.resolved_key, a.province, a.published, a.published_year
FROM documents d
JOIN document_resolution r USING (doc_key)
JOIN articles a ON a.id = d.article_id;

CREATE VIEW document_citations AS
SELECT dc.doc_key, dc.label, dc.doc_type, dc.number, dc.congress, dc.scope, dc.issued_year,
       count(*) AS mentions, count(DISTINCT m.article_id) AS articles,
       min(m.published_year) AS first_year, max(m.published_year) AS last_year
FROM document_mentions m
JOIN documents_canonical dc ON dc.doc_key = m.resolved_key
GROUP BY ALL;

CREATE VIEW top_documents AS
SELECT label, articles, mentions, first_year, last_year, doc_key
FROM document_citations
ORDER BY articles DESC, mentions DESC, label;

-- Ratios that report everything (67/67 tổ chức cơ sở đảng, 100% đảng viên),
-- one row per distinct figure.
CREATE VIEW full_ratios AS
SELECT province, year, unit, predicate, subject, metric, modality, grade, numerator, denominator, percent,
       articles, text, article_id
FROM ratio_observations
WHERE (numerator IS NOT NULL AND numerator = denominator AND denominator > 0)
   OR percent = 100;

CREATE VIEW articles_per_year AS
SELECT published_year AS year, count(*) AS articles
FROM articles GROUP BY ALL ORDER BY year NULLS LAST;

CREATE VIEW facts AS
SELECT 'dates' AS type, article_id, idx, start, "end", text FROM dates
UNION ALL SELECT 'documents', article_id, idx, start, "end", text FROM documents
UNION ALL SELECT 'bodies', article_id, idx, start, "end", text FROM bodies
UNION ALL SELECT 'persons', article_id, idx, start, "end", text FROM persons
UNION ALL SELECT 'counts', article_id, idx, start, "end", text FROM counts
UNION ALL SELECT 'ratios', article_id, idx, start, "end", text FROM ratios;

-- ---------------------------------------------------------------- comments
-- Every table, view and column documented: DESCRIBE and duckdb_columns() show these.

COMMENT ON TABLE articles IS 'One row per article: its metadata, normalized text and the run that stored it.';
COMMENT ON COLUMN articles.id IS 'sha256 (first 16 hex) of the normalized text: the same text is the same article';
COMMENT ON COLUMN articles.source IS 'file path, path:line for JSONL, - for stdin';
COMMENT ON COLUMN articles.url IS 'the page''s URL, when known';
COMMENT ON COLUMN articles.title IS 'the article''s headline';
COMMENT ON COLUMN articles.published_text IS 'publication date-time as extracted, ISO 8601 (2017-01-06T14:56+07:00, 2020-06-18, 2020-06)';
COMMENT ON COLUMN articles.published IS 'publication day (DATE, the page''s own calendar day); NULL when only a month or year is known';
COMMENT ON COLUMN articles.published_at IS 'publication instant (TIMESTAMP WITH TIME ZONE) when the page gives a time and its zone, else NULL';
COMMENT ON COLUMN articles.published_year IS 'publication year, when known';
COMMENT ON COLUMN articles.province IS 'the province the article is about: most named in its bodies, else its site''s, else its text''s';
COMMENT ON COLUMN articles.author IS 'the byline';
COMMENT ON COLUMN articles.text IS 'the normalized text (Unicode NFC, one tone placement): every fact''s offsets refer to it';
COMMENT ON COLUMN articles.body_text IS 'the text without title, byline and page chrome';
COMMENT ON COLUMN articles.pipeline_version IS 'vnfacts version + hash of the rules and code that extracted the facts';
COMMENT ON COLUMN articles.run_id IS 'the ingest run that stored it (runs.run_id)';
COMMENT ON COLUMN articles.ingested_at IS 'when it was stored (UTC)';

COMMENT ON TABLE dates IS 'Every calendar expression of every article, normalized.';
COMMENT ON COLUMN dates.article_id IS 'the article (articles.id)';
COMMENT ON COLUMN dates.idx IS 'position of the fact among its article''s facts of this type (0-based)';
COMMENT ON COLUMN dates.start IS 'start offset of the fact''s words in articles.text (0-based characters)';
COMMENT ON COLUMN dates."end" IS 'end offset (exclusive): substr(articles.text, start + 1, "end" - start) = text';
COMMENT ON COLUMN dates.text IS 'the words the fact was read from, exactly as in articles.text';
COMMENT ON COLUMN dates.value IS 'ISO value: YYYY-MM-DD, YYYY-MM, YYYY-Qn, YYYY, or A/B for a range';
COMMENT ON COLUMN dates.grain IS 'one of: day, month, quarter, year, range';
COMMENT ON COLUMN dates.first_day IS 'first calendar day the value covers (DATE)';
COMMENT ON COLUMN dates.last_day IS 'last calendar day the value covers (DATE)';

COMMENT ON TABLE documents IS 'Every mention of a resolution, directive, decision or other numbered party or state document.';
COMMENT ON COLUMN documents.article_id IS 'the article (articles.id)';
COMMENT ON COLUMN documents.idx IS 'position of the fact among its article''s facts of this type (0-based)';
COMMENT ON COLUMN documents.start IS 'start offset of the fact''s words in articles.text (0-based characters)';
COMMENT ON COLUMN documents."end" IS 'end offset (exclusive): substr(articles.text, start + 1, "end" - start) = text';
COMMENT ON COLUMN documents.text IS 'the words the fact was read from, exactly as in articles.text';
COMMENT ON COLUMN documents.doc_id IS 'id within the article; a bare later mention shares the id of its full mention';
COMMENT ON COLUMN documents.doc_type IS 'lower-case Vietnamese type: nghị quyết, chỉ thị, kết luận, quyết định, quy định, ...';
COMMENT ON COLUMN documents.number IS 'the number as written, canonical (03-NQ/ĐUK); NULL for a congress resolution';
COMMENT ON COLUMN documents.issuer IS 'the issuing body, by canonical name, when the text or the number says so';
COMMENT ON COLUMN documents.issued IS 'issue date (ISO), when given';
COMMENT ON COLUMN documents.issued_date IS 'issue date as DATE, when the day is known';
COMMENT ON COLUMN documents.subject IS 'the title after về, when given';
COMMENT ON COLUMN documents.congress IS 'the congress or plenum of a congress or plenum document (Hội nghị Trung ương 4 khóa XII)';
COMMENT ON COLUMN documents.doc_key IS 'the canonical document (documents_canonical.doc_key)';

COMMENT ON TABLE bodies IS 'Every mention of a named party, state or mass organization.';
COMMENT ON COLUMN bodies.article_id IS 'the article (articles.id)';
COMMENT ON COLUMN bodies.idx IS 'position of the fact among its article''s facts of this type (0-based)';
COMMENT ON COLUMN bodies.start IS 'start offset of the fact''s words in articles.text (0-based characters)';
COMMENT ON COLUMN bodies."end" IS 'end offset (exclusive): substr(articles.text, start + 1, "end" - start) = text';
COMMENT ON COLUMN bodies.text IS 'the words the fact was read from, exactly as in articles.text';
COMMENT ON COLUMN bodies.canonical IS 'the full name: abbreviations expanded, the province added where the article makes it known';
COMMENT ON COLUMN bodies.body_key IS 'the canonical body (bodies_canonical.body_key)';

COMMENT ON TABLE persons IS 'Every person named in the story, with the roles stated.';
COMMENT ON COLUMN persons.article_id IS 'the article (articles.id)';
COMMENT ON COLUMN persons.idx IS 'position of the fact among its article''s facts of this type (0-based)';
COMMENT ON COLUMN persons.start IS 'start offset of the fact''s words in articles.text (0-based characters)';
COMMENT ON COLUMN persons."end" IS 'end offset (exclusive): substr(articles.text, start + 1, "end" - start) = text';
COMMENT ON COLUMN persons.text IS 'the words the fact was read from, exactly as in articles.text';
COMMENT ON COLUMN persons.name IS 'the person''s name';
COMMENT ON COLUMN persons.roles IS 'the roles as stated (Bí thư Tỉnh ủy, nguyên Trưởng Ban ...)';

COMMENT ON TABLE counts IS 'Every count: a cardinal quantity, what it measures and whether it is part of another.';
COMMENT ON COLUMN counts.article_id IS 'the article (articles.id)';
COMMENT ON COLUMN counts.idx IS 'position of the fact among its article''s facts of this type (0-based)';
COMMENT ON COLUMN counts.start IS 'start offset of the fact''s words in articles.text (0-based characters)';
COMMENT ON COLUMN counts."end" IS 'end offset (exclusive): substr(articles.text, start + 1, "end" - start) = text';
COMMENT ON COLUMN counts.text IS 'the words the fact was read from, exactly as in articles.text';
COMMENT ON COLUMN counts.value IS 'the number (BIGINT: 1.395 = 1395); NULL when the number read is not whole (not a cardinal)';
COMMENT ON COLUMN counts.unit IS 'the counted noun phrase as written (đảng viên, quần chúng ưu tú, tổ chức cơ sở đảng)';
COMMENT ON COLUMN counts.qualifier IS 'one of: exact, more_than (hơn, trên), less_than (dưới), about (gần, khoảng)';
COMMENT ON COLUMN counts.predicate IS 'what happened to them, as written (kết nạp, khen thưởng, hoàn thành tốt nhiệm vụ)';
COMMENT ON COLUMN counts.subject IS 'the body that did or reports it, by its canonical name, when stated';
COMMENT ON COLUMN counts.metric IS 'what the figure measures (SPEC Metrics), one of: admission (people admitted to the Party), admission_candidate (people prepared or proposed for admission), official_membership (probationary members made full members), membership (members an organization has, a stock), organizations (party organizations a structure has, a stock), establishment (organizations founded, merged, dissolved), rating (quality ratings), inspection, supervision, violation (found in breach), discipline (disciplinary measures), exit (members leaving the rolls), commendation (awards, praise), badge (Party membership badges), training (study, political education), congress (congresses, elections), meeting (meetings, participants), personnel (cadre work), other (anything else)';
COMMENT ON COLUMN counts.modality IS 'one of: actual (what happened or what is; attaining a target is actual), target (planned, aimed at, assigned), change (a difference from an earlier period or a plan)';
COMMENT ON COLUMN counts.unit_class IS 'what is counted, one of: member (party members), person (other people: quần chúng, đoàn viên, hội viên, đại biểu, học viên), organization (party and other organizations or units), other (classes, files, tasks, targets, households, ...); NULL when not decided (a ratio without unit)';
COMMENT ON COLUMN counts.grade IS 'for metric rating only, one of: excellent (hoàn thành xuất sắc; trong sạch, vững mạnh tiêu biểu), good (hoàn thành tốt, trở lên included; trong sạch, vững mạnh), complete (hoàn thành nhiệm vụ), incomplete (không hoàn thành; yếu kém); NULL when no grade is named or the metric is not rating';
COMMENT ON COLUMN counts.breakdown IS 'true when the count is included in another count of the same metric in the same article (a part of a total, a sub-unit''s figure after its whole''s, an earlier figure a later running total includes); SUM over breakdown = false never counts a figure twice';
COMMENT ON COLUMN counts.period IS 'the date value the figure refers to, when stated (ISO: 2023, 2023-Q1, 2020-01/2020-09, ...)';
COMMENT ON COLUMN counts.period_first_day IS 'first calendar day of period (DATE)';
COMMENT ON COLUMN counts.period_last_day IS 'last calendar day of period (DATE)';

COMMENT ON TABLE ratios IS 'Every ratio: a fraction (67/67) or a percentage (99,52%), and what it measures.';
COMMENT ON COLUMN ratios.article_id IS 'the article (articles.id)';
COMMENT ON COLUMN ratios.idx IS 'position of the fact among its article''s facts of this type (0-based)';
COMMENT ON COLUMN ratios.start IS 'start offset of the fact''s words in articles.text (0-based characters)';
COMMENT ON COLUMN ratios."end" IS 'end offset (exclusive): substr(articles.text, start + 1, "end" - start) = text';
COMMENT ON COLUMN ratios.text IS 'the words the fact was read from, exactly as in articles.text';
COMMENT ON COLUMN ratios.numerator IS 'n of n/m (BIGINT), NULL for a percentage';
COMMENT ON COLUMN ratios.denominator IS 'm of n/m (BIGINT), NULL for a percentage';
COMMENT ON COLUMN ratios.percent IS 'the percentage (99,52% = 99.52), NULL for a fraction';
COMMENT ON COLUMN ratios.unit IS 'the counted noun phrase as written; NULL for a percentage with no noun after it';
COMMENT ON COLUMN ratios.qualifier IS 'one of: exact, more_than (hơn, trên), less_than (dưới), about (gần, khoảng)';
COMMENT ON COLUMN ratios.predicate IS 'what happened to them, as written (kết nạp, khen thưởng, hoàn thành tốt nhiệm vụ)';
COMMENT ON COLUMN ratios.subject IS 'the body that did or reports it, by its canonical name, when stated';
COMMENT ON COLUMN ratios.metric IS 'what the figure measures (SPEC Metrics), one of: admission (people admitted to the Party), admission_candidate (people prepared or proposed for admission), official_membership (probationary members made full members), membership (members an organization has, a stock), organizations (party organizations a structure has, a stock), establishment (organizations founded, merged, dissolved), rating (quality ratings), inspection, supervision, violation (found in breach), discipline (disciplinary measures), exit (members leaving the rolls), commendation (awards, praise), badge (Party membership badges), training (study, political education), congress (congresses, elections), meeting (meetings, participants), personnel (cadre work), other (anything else)';
COMMENT ON COLUMN ratios.modality IS 'one of: actual (what happened or what is; attaining a target is actual), target (planned, aimed at, assigned), change (a difference from an earlier period or a plan)';
COMMENT ON COLUMN ratios.unit_class IS 'what is counted, one of: member (party members), person (other people: quần chúng, đoàn viên, hội viên, đại biểu, học viên), organization (party and other organizations or units), other (classes, files, tasks, targets, households, ...); NULL when not decided (a ratio without unit)';
COMMENT ON COLUMN ratios.grade IS 'for metric rating only, one of: excellent (hoàn thành xuất sắc; trong sạch, vững mạnh tiêu biểu), good (hoàn thành tốt, trở lên included; trong sạch, vững mạnh), complete (hoàn thành nhiệm vụ), incomplete (không hoàn thành; yếu kém); NULL when no grade is named or the metric is not rating';
COMMENT ON COLUMN ratios.period IS 'the date value the figure refers to, when stated (ISO: 2023, 2023-Q1, 2020-01/2020-09, ...)';
COMMENT ON COLUMN ratios.period_first_day IS 'first calendar day of period (DATE)';
COMMENT ON COLUMN ratios.period_last_day IS 'last calendar day of period (DATE)';

COMMENT ON TABLE documents_canonical IS 'One row per document across articles (keyed by type, number or congress, scope and issue year).';
COMMENT ON COLUMN documents_canonical.doc_key IS 'the key: type|number|issuer of a bare number|scope|year';
COMMENT ON COLUMN documents_canonical.series_key IS 'doc_key without the year: every year of one number';
COMMENT ON COLUMN documents_canonical.label IS 'readable name, e.g. nghị quyết 03-NQ/ĐUK (Bến Tre, 2016)';
COMMENT ON COLUMN documents_canonical.doc_type IS 'lower-case Vietnamese type';
COMMENT ON COLUMN documents_canonical.number IS 'the number as first written';
COMMENT ON COLUMN documents_canonical.congress IS 'the congress or plenum, for congress documents';
COMMENT ON COLUMN documents_canonical.issuer IS 'the issuer, part of the key only for a bare number (Chỉ thị 05 của Bộ Chính trị)';
COMMENT ON COLUMN documents_canonical.scope IS 'TW for a central document, else the article''s province; NULL when unknown';
COMMENT ON COLUMN documents_canonical.issued_year IS 'issue year, when known';

COMMENT ON TABLE bodies_canonical IS 'One row per body across articles: a provincial name that does not say which province is qualified by the article''s.';
COMMENT ON COLUMN bodies_canonical.body_key IS 'the key: the case-folded canonical name, with @ province when the key adds it';
COMMENT ON COLUMN bodies_canonical.label IS 'the name, with (province) when the key adds it';
COMMENT ON COLUMN bodies_canonical.name IS 'the canonical name';
COMMENT ON COLUMN bodies_canonical.province IS 'the province the body belongs to, when known';
COMMENT ON COLUMN bodies_canonical.scope IS 'TW for a central body, else a province, NULL when unknown';

COMMENT ON TABLE runs IS 'The ingest log: one row per vnfacts ingest, its counters updated with each committed batch.';
COMMENT ON COLUMN runs.run_id IS 'the run''s number, 1, 2, ...';
COMMENT ON COLUMN runs.started_at IS 'when it started (UTC)';
COMMENT ON COLUMN runs.finished_at IS 'when it finished (UTC); NULL while running or when killed';
COMMENT ON COLUMN runs.status IS 'one of: running, completed, interrupted (killed; found when the store was next opened), failed';
COMMENT ON COLUMN runs.inputs IS 'the paths given';
COMMENT ON COLUMN runs.pipeline_version IS 'the pipeline version that extracted';
COMMENT ON COLUMN runs.workers IS 'extraction processes';
COMMENT ON COLUMN runs.batch_size IS 'inputs per transaction';
COMMENT ON COLUMN runs.n_read IS 'inputs read: n_ingested + n_duplicate + n_rejected';
COMMENT ON COLUMN runs.n_ingested IS 'articles stored (new or replacing an older pipeline version)';
COMMENT ON COLUMN runs.n_replaced IS 'of which replaced an older pipeline version''s facts';
COMMENT ON COLUMN runs.n_duplicate IS 'inputs already stored by this pipeline version';
COMMENT ON COLUMN runs.n_rejected IS 'inputs refused (see rejects)';
COMMENT ON COLUMN runs.seconds IS 'wall time so far';
COMMENT ON COLUMN runs.extract_seconds IS 'reading and extraction, summed over workers';
COMMENT ON COLUMN runs.write_seconds IS 'building Arrow batches and committing them';

COMMENT ON TABLE rejects IS 'Every input that could not be ingested, with the reason.';
COMMENT ON COLUMN rejects.run_id IS 'the run (runs.run_id)';
COMMENT ON COLUMN rejects.path IS 'the input''s path';
COMMENT ON COLUMN rejects.line IS 'JSONL line number (1-based) when the input is one line, else NULL';
COMMENT ON COLUMN rejects.reason IS 'why it was refused (empty, binary, not UTF-8, broken JSON, larger than --max-size, ...)';
COMMENT ON COLUMN rejects.rejected_at IS 'when (UTC)';

COMMENT ON TABLE schema_migrations IS 'The schema versions applied to this store (extract/store/sql/NNN_name.sql).';
COMMENT ON COLUMN schema_migrations.version IS 'migration number';
COMMENT ON COLUMN schema_migrations.name IS 'migration name';
COMMENT ON COLUMN schema_migrations.applied_at IS 'when it was applied';

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

COMMENT ON VIEW ratio_observations IS 'One row per distinct ratio (province, subject, metric, modality, unit class, grade, period or year, numerator, denominator, percent).';
COMMENT ON COLUMN ratio_observations.province IS 'the province of the articles';
COMMENT ON COLUMN ratio_observations.year IS 'the year the figure refers to: the period''s when it lies in one year, else the publication year';
COMMENT ON COLUMN ratio_observations.period IS 'the figure''s stated period, else the publication year (part of what makes a figure distinct)';
COMMENT ON COLUMN ratio_observations.subject IS 'the subject''s canonical label at the source mention';
COMMENT ON COLUMN ratio_observations.subject_key IS 'the subject''s canonical key (bodies_canonical.body_key, else the lower-cased name)';
COMMENT ON COLUMN ratio_observations.unit IS 'the counted noun phrase at the source mention';
COMMENT ON COLUMN ratio_observations.qualifier IS 'the qualifier at the source mention: one of: exact, more_than (hơn, trên), less_than (dưới), about (gần, khoảng)';
COMMENT ON COLUMN ratio_observations.predicate IS 'the predicate at the source mention';
COMMENT ON COLUMN ratio_observations.articles IS 'number of articles that report this figure';
COMMENT ON COLUMN ratio_observations.mentions IS 'number of mentions of this figure (title and text, every article)';
COMMENT ON COLUMN ratio_observations.article_ids IS 'the articles that report this figure';
COMMENT ON COLUMN ratio_observations.article_id IS 'source span: the article of the figure''s first mention in the earliest article';
COMMENT ON COLUMN ratio_observations.start IS 'source span: start offset in that article''s text';
COMMENT ON COLUMN ratio_observations."end" IS 'source span: end offset (exclusive)';
COMMENT ON COLUMN ratio_observations.text IS 'source span: the words of that mention';
COMMENT ON COLUMN ratio_observations.metric IS 'what the figure measures (SPEC Metrics), one of: admission (people admitted to the Party), admission_candidate (people prepared or proposed for admission), official_membership (probationary members made full members), membership (members an organization has, a stock), organizations (party organizations a structure has, a stock), establishment (organizations founded, merged, dissolved), rating (quality ratings), inspection, supervision, violation (found in breach), discipline (disciplinary measures), exit (members leaving the rolls), commendation (awards, praise), badge (Party membership badges), training (study, political education), congress (congresses, elections), meeting (meetings, participants), personnel (cadre work), other (anything else)';
COMMENT ON COLUMN ratio_observations.modality IS 'one of: actual (what happened or what is; attaining a target is actual), target (planned, aimed at, assigned), change (a difference from an earlier period or a plan)';
COMMENT ON COLUMN ratio_observations.unit_class IS 'what is counted, one of: member (party members), person (other people: quần chúng, đoàn viên, hội viên, đại biểu, học viên), organization (party and other organizations or units), other (classes, files, tasks, targets, households, ...); NULL when not decided (a ratio without unit)';
COMMENT ON COLUMN ratio_observations.grade IS 'for metric rating only, one of: excellent (hoàn thành xuất sắc; trong sạch, vững mạnh tiêu biểu), good (hoàn thành tốt, trở lên included; trong sạch, vững mạnh), complete (hoàn thành nhiệm vụ), incomplete (không hoàn thành; yếu kém); NULL when no grade is named or the metric is not rating';
COMMENT ON COLUMN ratio_observations.numerator IS 'n of n/m';
COMMENT ON COLUMN ratio_observations.denominator IS 'm of n/m';
COMMENT ON COLUMN ratio_observations.percent IS 'the percentage';

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

COMMENT ON VIEW admissions IS 'People admitted to the Party: observations of metric admission, modality actual, unit_class member or person; one row per distinct figure, no membership totals, targets, parts or non-person units.';
COMMENT ON COLUMN admissions.province IS 'the province of the articles';
COMMENT ON COLUMN admissions.year IS 'the year the figure refers to: the period''s when it lies in one year, else the publication year';
COMMENT ON COLUMN admissions.period IS 'the figure''s stated period, else the publication year (part of what makes a figure distinct)';
COMMENT ON COLUMN admissions.subject IS 'the subject''s canonical label at the source mention';
COMMENT ON COLUMN admissions.unit IS 'the counted noun phrase at the source mention';
COMMENT ON COLUMN admissions.qualifier IS 'the qualifier at the source mention: one of: exact, more_than (hơn, trên), less_than (dưới), about (gần, khoảng)';
COMMENT ON COLUMN admissions.articles IS 'number of articles that report this figure';
COMMENT ON COLUMN admissions.mentions IS 'number of mentions of this figure (title and text, every article)';
COMMENT ON COLUMN admissions.article_ids IS 'the articles that report this figure';
COMMENT ON COLUMN admissions.article_id IS 'source span: the article of the figure''s first mention in the earliest article';
COMMENT ON COLUMN admissions.start IS 'source span: start offset in that article''s text';
COMMENT ON COLUMN admissions."end" IS 'source span: end offset (exclusive)';
COMMENT ON COLUMN admissions.text IS 'source span: the words of that mention';
COMMENT ON COLUMN admissions.unit_class IS 'member or person';
COMMENT ON COLUMN admissions.value IS 'the number admitted';

COMMENT ON VIEW document_resolution IS 'Each canonical document and the one it resolves to: an undated mention resolves to the only dated document of its number and scope.';
COMMENT ON COLUMN document_resolution.doc_key IS 'documents_canonical.doc_key';
COMMENT ON COLUMN document_resolution.resolved_key IS 'the document it means (itself, or the one dated document of its series)';

COMMENT ON VIEW document_mentions IS 'Every document mention with the canonical document it resolves to and its article''s province and dates.';
COMMENT ON COLUMN document_mentions.article_id IS 'the article (articles.id)';
COMMENT ON COLUMN document_mentions.idx IS 'position of the fact among its article''s facts of this type (0-based)';
COMMENT ON COLUMN document_mentions.start IS 'start offset of the fact''s words in articles.text (0-based characters)';
COMMENT ON COLUMN document_mentions."end" IS 'end offset (exclusive): substr(articles.text, start + 1, "end" - start) = text';
COMMENT ON COLUMN document_mentions.text IS 'the words the fact was read from, exactly as in articles.text';
COMMENT ON COLUMN document_mentions.doc_id IS 'id within the article; a bare later mention shares the id of its full mention';
COMMENT ON COLUMN document_mentions.doc_type IS 'lower-case Vietnamese type: nghị quyết, chỉ thị, kết luận, quyết định, quy định, ...';
COMMENT ON COLUMN document_mentions.number IS 'the number as written, canonical (03-NQ/ĐUK); NULL for a congress resolution';
COMMENT ON COLUMN document_mentions.issuer IS 'the issuing body, by canonical name, when the text or the number says so';
COMMENT ON COLUMN document_mentions.issued IS 'issue date (ISO), when given';
COMMENT ON COLUMN document_mentions.issued_date IS 'issue date as DATE, when the day is known';
COMMENT ON COLUMN document_mentions.subject IS 'the title after về, when given';
COMMENT ON COLUMN document_mentions.congress IS 'the congress or plenum of a congress or plenum document (Hội nghị Trung ương 4 khóa XII)';
COMMENT ON COLUMN document_mentions.doc_key IS 'the canonical document (documents_canonical.doc_key)';
COMMENT ON COLUMN document_mentions.resolved_key IS 'the canonical document it refers to (document_resolution.resolved_key)';
COMMENT ON COLUMN document_mentions.province IS 'the province of the article (articles.province)';
COMMENT ON COLUMN document_mentions.published IS 'the article''s publication day (articles.published, DATE)';
COMMENT ON COLUMN document_mentions.published_year IS 'the article''s publication year';

COMMENT ON VIEW document_citations IS 'How often each canonical document is cited, in how many articles, and in which years.';
COMMENT ON COLUMN document_citations.doc_key IS 'the key: type|number|issuer of a bare number|scope|year';
COMMENT ON COLUMN document_citations.label IS 'readable name, e.g. nghị quyết 03-NQ/ĐUK (Bến Tre, 2016)';
COMMENT ON COLUMN document_citations.doc_type IS 'lower-case Vietnamese type';
COMMENT ON COLUMN document_citations.number IS 'the number as first written';
COMMENT ON COLUMN document_citations.congress IS 'the congress or plenum, for congress documents';
COMMENT ON COLUMN document_citations.scope IS 'TW for a central document, else the article''s province; NULL when unknown';
COMMENT ON COLUMN document_citations.issued_year IS 'issue year, when known';
COMMENT ON COLUMN document_citations.mentions IS 'number of mentions';
COMMENT ON COLUMN document_citations.articles IS 'number of articles citing it';
COMMENT ON COLUMN document_citations.first_year IS 'first publication year citing it';
COMMENT ON COLUMN document_citations.last_year IS 'last publication year citing it';

COMMENT ON VIEW top_documents IS 'The most cited documents first (articles citing them, then mentions).';
COMMENT ON COLUMN top_documents.label IS 'readable name, e.g. nghị quyết 03-NQ/ĐUK (Bến Tre, 2016)';
COMMENT ON COLUMN top_documents.articles IS 'number of articles citing it';
COMMENT ON COLUMN top_documents.mentions IS 'number of mentions';
COMMENT ON COLUMN top_documents.first_year IS 'first publication year citing it';
COMMENT ON COLUMN top_documents.last_year IS 'last publication year citing it';
COMMENT ON COLUMN top_documents.doc_key IS 'documents_canonical.doc_key';

COMMENT ON VIEW full_ratios IS 'Ratios that report everything (67/67, 100%), one row per distinct figure.';
COMMENT ON COLUMN full_ratios.province IS 'the province of the articles';
COMMENT ON COLUMN full_ratios.year IS 'the year the figure refers to: the period''s when it lies in one year, else the publication year';
COMMENT ON COLUMN full_ratios.unit IS 'the counted noun phrase at the source mention';
COMMENT ON COLUMN full_ratios.predicate IS 'the predicate at the source mention';
COMMENT ON COLUMN full_ratios.subject IS 'the subject''s canonical label at the source mention';
COMMENT ON COLUMN full_ratios.metric IS 'what the figure measures (SPEC Metrics), one of: admission (people admitted to the Party), admission_candidate (people prepared or proposed for admission), official_membership (probationary members made full members), membership (members an organization has, a stock), organizations (party organizations a structure has, a stock), establishment (organizations founded, merged, dissolved), rating (quality ratings), inspection, supervision, violation (found in breach), discipline (disciplinary measures), exit (members leaving the rolls), commendation (awards, praise), badge (Party membership badges), training (study, political education), congress (congresses, elections), meeting (meetings, participants), personnel (cadre work), other (anything else)';
COMMENT ON COLUMN full_ratios.modality IS 'one of: actual (what happened or what is; attaining a target is actual), target (planned, aimed at, assigned), change (a difference from an earlier period or a plan)';
COMMENT ON COLUMN full_ratios.grade IS 'for metric rating only, one of: excellent (hoàn thành xuất sắc; trong sạch, vững mạnh tiêu biểu), good (hoàn thành tốt, trở lên included; trong sạch, vững mạnh), complete (hoàn thành nhiệm vụ), incomplete (không hoàn thành; yếu kém); NULL when no grade is named or the metric is not rating';
COMMENT ON COLUMN full_ratios.numerator IS 'n of n/n';
COMMENT ON COLUMN full_ratios.denominator IS 'n of n/n';
COMMENT ON COLUMN full_ratios.percent IS '100 for a percentage';
COMMENT ON COLUMN full_ratios.articles IS 'number of articles that report this figure';
COMMENT ON COLUMN full_ratios.text IS 'source span: the words of that mention';
COMMENT ON COLUMN full_ratios.article_id IS 'source span: the article of the figure''s first mention in the earliest article';

COMMENT ON VIEW articles_per_year IS 'Articles per publication year.';
COMMENT ON COLUMN articles_per_year.year IS 'publication year (NULL: unknown)';
COMMENT ON COLUMN articles_per_year.articles IS 'number of articles';

COMMENT ON VIEW facts IS 'Every fact of every type in one shape, for browsing and checks.';
COMMENT ON COLUMN facts.type IS 'the fact table: dates, documents, bodies, persons, counts or ratios';
COMMENT ON COLUMN facts.article_id IS 'the article (articles.id)';
COMMENT ON COLUMN facts.idx IS 'position of the fact among its article''s facts of this type (0-based)';
COMMENT ON COLUMN facts.start IS 'start offset of the fact''s words in articles.text (0-based characters)';
COMMENT ON COLUMN facts."end" IS 'end offset (exclusive): substr(articles.text, start + 1, "end" - start) = text';
COMMENT ON COLUMN facts.text IS 'the words the fact was read from, exactly as in articles.text';
