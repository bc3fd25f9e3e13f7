-- 007: the article's text stored once. body_text (its lines without title,
-- byline and page chrome) is made of stretches of text: in most articles one
-- stretch, which the store now keeps as two offsets (body_start, body_end)
-- and reads back as substr(text, ...); only an article whose body is not one
-- stretch (chrome lines left out between its lines) keeps it written out
-- (body_lines). The rows are in the table stored_articles; `articles` is a
-- view over it with the same columns as before, body_text computed. (Not a
-- generated column: DuckDB evaluates those at every INSERT, to check that they
-- can be computed, which cost a tenth of a batch's write time.) The second
-- copy of every text was about a fifth of a batch's write time.

CREATE TABLE stored_articles (
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
    body_start       INTEGER,
    body_end         INTEGER,
    body_lines       VARCHAR,
    pipeline_version VARCHAR NOT NULL,
    run_id           INTEGER,
    ingested_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
INSERT INTO stored_articles BY NAME
SELECT * EXCLUDE (body_text, body_at),
       CASE WHEN body_at > 0 THEN body_at - 1 END AS body_start,
       CASE WHEN body_at > 0 THEN body_at - 1 + length(body_text) END AS body_end,
       CASE WHEN body_at = 0 THEN body_text END AS body_lines
FROM (SELECT *, CASE WHEN body_text = '' THEN 1 ELSE strpos(text, body_text) END AS body_at FROM articles);
DROP TABLE articles;

CREATE VIEW articles AS
SELECT id, source, url, title, published_text, published, published_at, published_year, province, author, text,
       coalesce(body_lines, substr(text, body_start + 1, body_end - body_start)) AS body_text,
       pipeline_version, run_id, ingested_at
FROM stored_articles;

COMMENT ON TABLE stored_articles IS 'The articles as stored: body_text kept as offsets into text where it can be (query the view articles).';
COMMENT ON COLUMN stored_articles.id IS 'sha256 (first 16 hex) of the normalized text: the same text is the same article';
COMMENT ON COLUMN stored_articles.source IS 'file path, path:line for JSONL, - for stdin';
COMMENT ON COLUMN stored_articles.url IS 'the page''s URL, when known';
COMMENT ON COLUMN stored_articles.title IS 'the article''s headline';
COMMENT ON COLUMN stored_articles.published_text IS 'publication date-time as extracted, ISO 8601 (2017-01-06T14:56+07:00, 2020-06-18, 2020-06)';
COMMENT ON COLUMN stored_articles.published IS 'publication day (DATE, the page''s own calendar day); NULL when only a month or year is known';
COMMENT ON COLUMN stored_articles.published_at IS 'publication instant (TIMESTAMP WITH TIME ZONE) when the page gives a time and its zone, else NULL';
COMMENT ON COLUMN stored_articles.published_year IS 'publication year, when known';
COMMENT ON COLUMN stored_articles.province IS 'the province the article is about: most named in its bodies, else its site''s, else its text''s';
COMMENT ON COLUMN stored_articles.author IS 'the byline';
COMMENT ON COLUMN stored_articles.text IS 'the normalized text (Unicode NFC, one tone placement): every fact''s offsets refer to it';
COMMENT ON COLUMN stored_articles.body_start IS 'where body_text starts in text (0-based characters) when it is one stretch of text, else NULL';
COMMENT ON COLUMN stored_articles.body_end IS 'where body_text ends in text (exclusive) when it is one stretch of text, else NULL';
COMMENT ON COLUMN stored_articles.body_lines IS 'body_text written out when it is not one stretch of text (chrome lines left out between its lines), else NULL';
COMMENT ON COLUMN stored_articles.pipeline_version IS 'vnfacts version + hash of the rules and code that extracted the facts';
COMMENT ON COLUMN stored_articles.run_id IS 'the ingest run that stored it (runs.run_id)';
COMMENT ON COLUMN stored_articles.ingested_at IS 'when it was stored (UTC)';

COMMENT ON VIEW articles IS 'One row per article: its metadata, normalized text and the run that stored it.';
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
