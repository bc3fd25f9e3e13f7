-- Views for the questions users ask. Years: a count's own period when it is
-- one year ("năm 2016", "quý I-2018", "9 tháng năm 2020"), else the year the
-- article was published.

CREATE MACRO period_year(p) AS
    CASE
        WHEN p IS NULL OR NOT regexp_matches(p, '^(19|20)[0-9][0-9]') THEN NULL
        WHEN strpos(p, '/') = 0 THEN CAST(substr(p, 1, 4) AS INTEGER)
        WHEN substr(split_part(p, '/', 2), 1, 4) = substr(p, 1, 4) THEN CAST(substr(p, 1, 4) AS INTEGER)
    END;

-- Every count with its article's province, publication year and the year it refers to.
CREATE VIEW count_facts AS
SELECT c.*, a.province, a.published_year, period_year(c.period) AS period_year,
       coalesce(period_year(c.period), a.published_year) AS year,
       a.title AS article_title, a.url AS article_url, a.source AS article_source
FROM counts c JOIN articles a ON a.id = c.article_id;

-- Every ratio, likewise.
CREATE VIEW ratio_facts AS
SELECT r.*, a.province, a.published_year, period_year(r.period) AS period_year,
       coalesce(period_year(r.period), a.published_year) AS year,
       a.title AS article_title, a.url AS article_url, a.source AS article_source
FROM ratios r JOIN articles a ON a.id = r.article_id;

-- Metrics per province and year: counts grouped by what happened (predicate)
-- and to what (unit). `total` adds each article's largest figure once, so a
-- figure repeated in the title and the text is not counted twice.
CREATE VIEW metrics_by_province_year AS
WITH per_article AS (
    SELECT province, year, predicate, unit, article_id, max(value) AS value, count(*) AS mentions
    FROM count_facts GROUP BY ALL
)
SELECT province, year, predicate, unit,
       sum(value) AS total, count(*) AS articles, sum(mentions) AS mentions
FROM per_article GROUP BY ALL;

-- Admissions to the Party over time: counts whose predicate is "kết nạp".
CREATE VIEW admissions AS
SELECT province, year, unit, total, articles, mentions
FROM metrics_by_province_year
WHERE predicate = 'kết nạp';

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

-- Every document mention with the canonical document it refers to.
CREATE VIEW document_mentions AS
SELECT d.*, r.resolved_key, a.province, a.published_year
FROM documents d
JOIN document_resolution r USING (doc_key)
JOIN articles a ON a.id = d.article_id;

-- How often each canonical document is cited, in how many articles, and when.
CREATE VIEW document_citations AS
SELECT dc.doc_key, dc.label, dc.doc_type, dc.number, dc.congress, dc.scope, dc.issued_year,
       count(*) AS mentions, count(DISTINCT m.article_id) AS articles,
       min(m.published_year) AS first_year, max(m.published_year) AS last_year
FROM document_mentions m
JOIN documents_canonical dc ON dc.doc_key = m.resolved_key
GROUP BY ALL;

-- The most cited documents first (by articles citing them, then mentions).
CREATE VIEW top_documents AS
SELECT label, articles, mentions, first_year, last_year, doc_key
FROM document_citations
ORDER BY articles DESC, mentions DESC, label;

-- Ratios that report everything: 67/67 tổ chức cơ sở đảng, 100% đảng viên.
CREATE VIEW full_ratios AS
SELECT province, year, unit, predicate, subject, numerator, denominator, percent, text, article_id
FROM ratio_facts
WHERE (numerator IS NOT NULL AND numerator = denominator AND denominator > 0)
   OR percent = 100;

-- Articles per publication year.
CREATE VIEW articles_per_year AS
SELECT published_year AS year, count(*) AS articles
FROM articles GROUP BY ALL ORDER BY year NULLS LAST;

-- Every fact of every type in one shape, for browsing and checks.
CREATE VIEW facts AS
SELECT 'dates' AS type, article_id, idx, start, "end", text FROM dates
UNION ALL SELECT 'documents', article_id, idx, start, "end", text FROM documents
UNION ALL SELECT 'bodies', article_id, idx, start, "end", text FROM bodies
UNION ALL SELECT 'persons', article_id, idx, start, "end", text FROM persons
UNION ALL SELECT 'counts', article_id, idx, start, "end", text FROM counts
UNION ALL SELECT 'ratios', article_id, idx, start, "end", text FROM ratios;
