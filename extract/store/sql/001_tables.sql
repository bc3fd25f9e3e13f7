-- The fact store: one row per article, one table per fact type, canonical
-- documents and bodies shared across articles, and the ingest log.
-- Fact offsets (start, "end") are character offsets into articles.text,
-- the normalized article text: substr(a.text, f.start + 1, f."end" - f.start) = f.text.

CREATE TABLE articles (
    id               VARCHAR PRIMARY KEY,   -- sha256 (16 hex) of the normalized text
    source           VARCHAR NOT NULL,      -- file path, path:line for JSONL, '-' for stdin
    url              VARCHAR,
    title            VARCHAR,
    published        VARCHAR,               -- ISO date-time or shorter ISO date, as extracted
    published_year   INTEGER,
    province         VARCHAR,               -- the province the article is about, when known
    author           VARCHAR,
    text             VARCHAR NOT NULL,      -- normalized text; fact offsets refer to it
    body_text        VARCHAR,               -- text without title, byline and page chrome
    pipeline_version VARCHAR NOT NULL,
    run_id           INTEGER,
    ingested_at      TIMESTAMP NOT NULL
);

CREATE TABLE dates (
    article_id VARCHAR NOT NULL, idx INTEGER NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text VARCHAR NOT NULL,
    value VARCHAR NOT NULL, grain VARCHAR NOT NULL,
    PRIMARY KEY (article_id, idx)
);

CREATE TABLE documents (
    article_id VARCHAR NOT NULL, idx INTEGER NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text VARCHAR NOT NULL,
    doc_id VARCHAR NOT NULL,               -- id within the article (bare mentions share it)
    doc_type VARCHAR NOT NULL, number VARCHAR, issuer VARCHAR, issued VARCHAR,
    subject VARCHAR, congress VARCHAR,
    doc_key VARCHAR NOT NULL,              -- documents_canonical.doc_key
    PRIMARY KEY (article_id, idx)
);

CREATE TABLE bodies (
    article_id VARCHAR NOT NULL, idx INTEGER NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text VARCHAR NOT NULL,
    canonical VARCHAR NOT NULL,
    body_key VARCHAR NOT NULL,             -- bodies_canonical.body_key
    PRIMARY KEY (article_id, idx)
);

CREATE TABLE persons (
    article_id VARCHAR NOT NULL, idx INTEGER NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text VARCHAR NOT NULL,
    name VARCHAR NOT NULL, roles VARCHAR[] NOT NULL,
    PRIMARY KEY (article_id, idx)
);

CREATE TABLE counts (
    article_id VARCHAR NOT NULL, idx INTEGER NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text VARCHAR NOT NULL,
    value DOUBLE NOT NULL, unit VARCHAR, qualifier VARCHAR NOT NULL,
    predicate VARCHAR, subject VARCHAR, period VARCHAR,
    PRIMARY KEY (article_id, idx)
);

CREATE TABLE ratios (
    article_id VARCHAR NOT NULL, idx INTEGER NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text VARCHAR NOT NULL,
    numerator DOUBLE, denominator DOUBLE, percent DOUBLE, unit VARCHAR, qualifier VARCHAR NOT NULL,
    predicate VARCHAR, subject VARCHAR, period VARCHAR,
    PRIMARY KEY (article_id, idx)
);

-- One row per document across articles. The key is built from the document
-- type, its number (or congress/plenum), the issuer for a bare number, the
-- scope (TW for central documents, else the article's province) and the
-- issue year when known: party numbering restarts each term and state
-- numbering each year.
CREATE TABLE documents_canonical (
    doc_key     VARCHAR PRIMARY KEY,
    series_key  VARCHAR NOT NULL,          -- doc_key without the year: all years of one number
    label       VARCHAR NOT NULL,          -- e.g. "nghị quyết 03-NQ/ĐUK (Bến Tre, 2016)"
    doc_type    VARCHAR NOT NULL,
    number      VARCHAR,
    congress    VARCHAR,
    issuer      VARCHAR,                   -- part of the key only for a bare number ("Chỉ thị 05 của Bộ Chính trị")
    scope       VARCHAR,                   -- 'TW' (central), a province, or NULL when unknown
    issued_year INTEGER
);

-- One row per body across articles: its canonical name, qualified by the
-- article's province when the name is a provincial one that does not say
-- which province ("Tỉnh ủy", "Đảng ủy Khối các cơ quan tỉnh").
CREATE TABLE bodies_canonical (
    body_key VARCHAR PRIMARY KEY,
    label    VARCHAR NOT NULL,             -- name, with "(province)" when the key adds it
    name     VARCHAR NOT NULL,
    province VARCHAR,
    scope    VARCHAR                       -- 'TW', a province, or NULL
);

-- The ingest log: one row per `vnfacts ingest`; counts are updated with each
-- committed batch, so a killed run shows what it had stored.
CREATE TABLE runs (
    run_id           INTEGER PRIMARY KEY,
    started_at       TIMESTAMP NOT NULL,
    finished_at      TIMESTAMP,
    status           VARCHAR NOT NULL,     -- running, completed, interrupted, failed
    inputs           VARCHAR[] NOT NULL,
    pipeline_version VARCHAR NOT NULL,
    workers          INTEGER,
    batch_size       INTEGER,
    n_read           INTEGER NOT NULL DEFAULT 0,
    n_ingested       INTEGER NOT NULL DEFAULT 0,  -- new or replaced articles
    n_replaced       INTEGER NOT NULL DEFAULT 0,  -- of which replaced an older pipeline version
    n_duplicate      INTEGER NOT NULL DEFAULT 0,
    n_rejected       INTEGER NOT NULL DEFAULT 0,
    seconds          DOUBLE,
    extract_seconds  DOUBLE,               -- reading and extraction, summed over workers
    write_seconds    DOUBLE                -- building Arrow batches and committing them
);

-- Every input that could not be ingested, with the reason.
CREATE TABLE rejects (
    run_id  INTEGER NOT NULL,
    path    VARCHAR NOT NULL,
    line    INTEGER,                       -- JSONL line number (1-based), when it is one line
    reason  VARCHAR NOT NULL,
    rejected_at TIMESTAMP NOT NULL
);
