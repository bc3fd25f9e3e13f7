-- 006: the six fact tables without primary keys. A fact is (article_id,
-- idx) and stays unique as before: the writer stores an article's facts in
-- the transaction that stores the article (articles.id is still a primary
-- key), and deletes them in the one that replaces it. The key's index cost
-- every batch a fifth of its write time (an ART index entry per fact,
-- written again at each checkpoint) and a sixth of the store's size; no
-- query used it (they join on article_id, which zone maps serve).
-- A table rebuilt loses its comments: they are the same as 003's.

-- ---------------------------------------------------------------- dates

CREATE TABLE dates_new (
    article_id VARCHAR NOT NULL,
    idx INTEGER NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    "text" VARCHAR NOT NULL,
    "value" VARCHAR NOT NULL,
    grain VARCHAR NOT NULL,
    first_day DATE,
    last_day DATE,
    CHECK((grain IN ('day', 'month', 'quarter', 'year', 'range')))
);
INSERT INTO dates_new BY NAME SELECT * FROM dates;
DROP TABLE dates;
ALTER TABLE dates_new RENAME TO dates;
COMMENT ON TABLE dates IS 'Every calendar expression of every article, normalized.';
COMMENT ON COLUMN dates."article_id" IS 'the article (articles.id)';
COMMENT ON COLUMN dates."idx" IS 'position of the fact among its article''s facts of this type (0-based)';
COMMENT ON COLUMN dates."start" IS 'start offset of the fact''s words in articles.text (0-based characters)';
COMMENT ON COLUMN dates."end" IS 'end offset (exclusive): substr(articles.text, start + 1, "end" - start) = text';
COMMENT ON COLUMN dates."text" IS 'the words the fact was read from, exactly as in articles.text';
COMMENT ON COLUMN dates."value" IS 'ISO value: YYYY-MM-DD, YYYY-MM, YYYY-Qn, YYYY, or A/B for a range';
COMMENT ON COLUMN dates."grain" IS 'one of: day, month, quarter, year, range';
COMMENT ON COLUMN dates."first_day" IS 'first calendar day the value covers (DATE)';
COMMENT ON COLUMN dates."last_day" IS 'last calendar day the value covers (DATE)';

-- ---------------------------------------------------------------- documents

CREATE TABLE documents_new (
    article_id VARCHAR NOT NULL,
    idx INTEGER NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    "text" VARCHAR NOT NULL,
    doc_id VARCHAR NOT NULL,
    doc_type VARCHAR NOT NULL,
    number VARCHAR,
    issuer VARCHAR,
    issued VARCHAR,
    issued_date DATE,
    subject VARCHAR,
    congress VARCHAR,
    doc_key VARCHAR NOT NULL
);
INSERT INTO documents_new BY NAME SELECT * FROM documents;
DROP TABLE documents;
ALTER TABLE documents_new RENAME TO documents;
COMMENT ON TABLE documents IS 'Every mention of a resolution, directive, decision or other numbered party or state document.';
COMMENT ON COLUMN documents."article_id" IS 'the article (articles.id)';
COMMENT ON COLUMN documents."idx" IS 'position of the fact among its article''s facts of this type (0-based)';
COMMENT ON COLUMN documents."start" IS 'start offset of the fact''s words in articles.text (0-based characters)';
COMMENT ON COLUMN documents."end" IS 'end offset (exclusive): substr(articles.text, start + 1, "end" - start) = text';
COMMENT ON COLUMN documents."text" IS 'the words the fact was read from, exactly as in articles.text';
COMMENT ON COLUMN documents."doc_id" IS 'id within the article; a bare later mention shares the id of its full mention';
COMMENT ON COLUMN documents."doc_type" IS 'lower-case Vietnamese type: nghị quyết, chỉ thị, kết luận, quyết định, quy định, ...';
COMMENT ON COLUMN documents."number" IS 'the number as written, canonical (03-NQ/ĐUK); NULL for a congress resolution';
COMMENT ON COLUMN documents."issuer" IS 'the issuing body, by canonical name, when the text or the number says so';
COMMENT ON COLUMN documents."issued" IS 'issue date (ISO), when given';
COMMENT ON COLUMN documents."issued_date" IS 'issue date as DATE, when the day is known';
COMMENT ON COLUMN documents."subject" IS 'the title after về, when given';
COMMENT ON COLUMN documents."congress" IS 'the congress or plenum of a congress or plenum document (Hội nghị Trung ương 4 khóa XII)';
COMMENT ON COLUMN documents."doc_key" IS 'the canonical document (documents_canonical.doc_key)';

-- ---------------------------------------------------------------- bodies

CREATE TABLE bodies_new (
    article_id VARCHAR NOT NULL,
    idx INTEGER NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    "text" VARCHAR NOT NULL,
    canonical VARCHAR NOT NULL,
    body_key VARCHAR NOT NULL
);
INSERT INTO bodies_new BY NAME SELECT * FROM bodies;
DROP TABLE bodies;
ALTER TABLE bodies_new RENAME TO bodies;
COMMENT ON TABLE bodies IS 'Every mention of a named party, state or mass organization.';
COMMENT ON COLUMN bodies."article_id" IS 'the article (articles.id)';
COMMENT ON COLUMN bodies."idx" IS 'position of the fact among its article''s facts of this type (0-based)';
COMMENT ON COLUMN bodies."start" IS 'start offset of the fact''s words in articles.text (0-based characters)';
COMMENT ON COLUMN bodies."end" IS 'end offset (exclusive): substr(articles.text, start + 1, "end" - start) = text';
COMMENT ON COLUMN bodies."text" IS 'the words the fact was read from, exactly as in articles.text';
COMMENT ON COLUMN bodies."canonical" IS 'the full name: abbreviations expanded, the province added where the article makes it known';
COMMENT ON COLUMN bodies."body_key" IS 'the canonical body (bodies_canonical.body_key)';

-- ---------------------------------------------------------------- persons

CREATE TABLE persons_new (
    article_id VARCHAR NOT NULL,
    idx INTEGER NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    "text" VARCHAR NOT NULL,
    "name" VARCHAR NOT NULL,
    roles VARCHAR[] NOT NULL
);
INSERT INTO persons_new BY NAME SELECT * FROM persons;
DROP TABLE persons;
ALTER TABLE persons_new RENAME TO persons;
COMMENT ON TABLE persons IS 'Every person named in the story, with the roles stated.';
COMMENT ON COLUMN persons."article_id" IS 'the article (articles.id)';
COMMENT ON COLUMN persons."idx" IS 'position of the fact among its article''s facts of this type (0-based)';
COMMENT ON COLUMN persons."start" IS 'start offset of the fact''s words in articles.text (0-based characters)';
COMMENT ON COLUMN persons."end" IS 'end offset (exclusive): substr(articles.text, start + 1, "end" - start) = text';
COMMENT ON COLUMN persons."text" IS 'the words the fact was read from, exactly as in articles.text';
COMMENT ON COLUMN persons."name" IS 'the person''s name';
COMMENT ON COLUMN persons."roles" IS 'the roles as stated (Bí thư Tỉnh ủy, nguyên Trưởng Ban ...)';

-- ---------------------------------------------------------------- counts

CREATE TABLE counts_new (
    article_id VARCHAR NOT NULL,
    idx INTEGER NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    "text" VARCHAR NOT NULL,
    "value" BIGINT,
    unit VARCHAR,
    qualifier VARCHAR NOT NULL,
    predicate VARCHAR,
    subject VARCHAR,
    period VARCHAR,
    period_first_day DATE,
    period_last_day DATE,
    metric VARCHAR DEFAULT('other') NOT NULL,
    modality VARCHAR DEFAULT('actual') NOT NULL,
    unit_class VARCHAR,
    grade VARCHAR,
    breakdown BOOLEAN DEFAULT(false) NOT NULL,
    CHECK((qualifier IN ('exact', 'more_than', 'less_than', 'about'))),
    CHECK((metric IN ('admission', 'admission_candidate', 'official_membership', 'membership', 'organizations', 'establishment', 'rating', 'inspection', 'supervision', 'violation', 'discipline', 'exit', 'commendation', 'badge', 'training', 'congress', 'meeting', 'personnel', 'other'))),
    CHECK((modality IN ('actual', 'target', 'change'))),
    CHECK((unit_class IN ('member', 'person', 'organization', 'other'))),
    CHECK((grade IN ('excellent', 'good', 'complete', 'incomplete')))
);
INSERT INTO counts_new BY NAME SELECT * FROM counts;
DROP TABLE counts;
ALTER TABLE counts_new RENAME TO counts;
COMMENT ON TABLE counts IS 'Every count: a cardinal quantity, what it measures and whether it is part of another.';
COMMENT ON COLUMN counts."article_id" IS 'the article (articles.id)';
COMMENT ON COLUMN counts."idx" IS 'position of the fact among its article''s facts of this type (0-based)';
COMMENT ON COLUMN counts."start" IS 'start offset of the fact''s words in articles.text (0-based characters)';
COMMENT ON COLUMN counts."end" IS 'end offset (exclusive): substr(articles.text, start + 1, "end" - start) = text';
COMMENT ON COLUMN counts."text" IS 'the words the fact was read from, exactly as in articles.text';
COMMENT ON COLUMN counts."value" IS 'the number (BIGINT: 1.395 = 1395); NULL when the number read is not whole (not a cardinal)';
COMMENT ON COLUMN counts."unit" IS 'the counted noun phrase as written (đảng viên, quần chúng ưu tú, tổ chức cơ sở đảng)';
COMMENT ON COLUMN counts."qualifier" IS 'one of: exact, more_than (hơn, trên), less_than (dưới), about (gần, khoảng)';
COMMENT ON COLUMN counts."predicate" IS 'what happened to them, as written (kết nạp, khen thưởng, hoàn thành tốt nhiệm vụ)';
COMMENT ON COLUMN counts."subject" IS 'the body that did or reports it, by its canonical name, when stated';
COMMENT ON COLUMN counts."period" IS 'the date value the figure refers to, when stated (ISO: 2023, 2023-Q1, 2020-01/2020-09, ...)';
COMMENT ON COLUMN counts."period_first_day" IS 'first calendar day of period (DATE)';
COMMENT ON COLUMN counts."period_last_day" IS 'last calendar day of period (DATE)';
COMMENT ON COLUMN counts."metric" IS 'what the figure measures (SPEC Metrics), one of: admission (people admitted to the Party), admission_candidate (people prepared or proposed for admission), official_membership (probationary members made full members), membership (members an organization has, a stock), organizations (party organizations a structure has, a stock), establishment (organizations founded, merged, dissolved), rating (quality ratings), inspection, supervision, violation (found in breach), discipline (disciplinary measures), exit (members leaving the rolls), commendation (awards, praise), badge (Party membership badges), training (study, political education), congress (congresses, elections), meeting (meetings, participants), personnel (cadre work), other (anything else)';
COMMENT ON COLUMN counts."modality" IS 'one of: actual (what happened or what is; attaining a target is actual), target (planned, aimed at, assigned), change (a difference from an earlier period or a plan)';
COMMENT ON COLUMN counts."unit_class" IS 'what is counted, one of: member (party members), person (other people: quần chúng, đoàn viên, hội viên, đại biểu, học viên), organization (party and other organizations or units), other (classes, files, tasks, targets, households, ...); NULL when not decided (a ratio without unit)';
COMMENT ON COLUMN counts."grade" IS 'for metric rating only, one of: excellent (hoàn thành xuất sắc; trong sạch, vững mạnh tiêu biểu), good (hoàn thành tốt, trở lên included; trong sạch, vững mạnh), complete (hoàn thành nhiệm vụ), incomplete (không hoàn thành; yếu kém); NULL when no grade is named or the metric is not rating';
COMMENT ON COLUMN counts."breakdown" IS 'true when the count is included in another count of the same metric in the same article (a part of a total, a sub-unit''s figure after its whole''s, an earlier figure a later running total includes); SUM over breakdown = false never counts a figure twice';

-- ---------------------------------------------------------------- ratios

CREATE TABLE ratios_new (
    article_id VARCHAR NOT NULL,
    idx INTEGER NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    "text" VARCHAR NOT NULL,
    numerator BIGINT,
    denominator BIGINT,
    "percent" DOUBLE,
    unit VARCHAR,
    qualifier VARCHAR NOT NULL,
    predicate VARCHAR,
    subject VARCHAR,
    period VARCHAR,
    period_first_day DATE,
    period_last_day DATE,
    metric VARCHAR DEFAULT('other') NOT NULL,
    modality VARCHAR DEFAULT('actual') NOT NULL,
    unit_class VARCHAR,
    grade VARCHAR,
    CHECK((qualifier IN ('exact', 'more_than', 'less_than', 'about'))),
    CHECK((metric IN ('admission', 'admission_candidate', 'official_membership', 'membership', 'organizations', 'establishment', 'rating', 'inspection', 'supervision', 'violation', 'discipline', 'exit', 'commendation', 'badge', 'training', 'congress', 'meeting', 'personnel', 'other'))),
    CHECK((modality IN ('actual', 'target', 'change'))),
    CHECK((unit_class IN ('member', 'person', 'organization', 'other'))),
    CHECK((grade IN ('excellent', 'good', 'complete', 'incomplete')))
);
INSERT INTO ratios_new BY NAME SELECT * FROM ratios;
DROP TABLE ratios;
ALTER TABLE ratios_new RENAME TO ratios;
COMMENT ON TABLE ratios IS 'Every ratio: a fraction (67/67) or a percentage (99,52%), and what it measures.';
COMMENT ON COLUMN ratios."article_id" IS 'the article (articles.id)';
COMMENT ON COLUMN ratios."idx" IS 'position of the fact among its article''s facts of this type (0-based)';
COMMENT ON COLUMN ratios."start" IS 'start offset of the fact''s words in articles.text (0-based characters)';
COMMENT ON COLUMN ratios."end" IS 'end offset (exclusive): substr(articles.text, start + 1, "end" - start) = text';
COMMENT ON COLUMN ratios."text" IS 'the words the fact was read from, exactly as in articles.text';
COMMENT ON COLUMN ratios."numerator" IS 'n of n/m (BIGINT), NULL for a percentage';
COMMENT ON COLUMN ratios."denominator" IS 'm of n/m (BIGINT), NULL for a percentage';
COMMENT ON COLUMN ratios."percent" IS 'the percentage (99,52% = 99.52), NULL for a fraction';
COMMENT ON COLUMN ratios."unit" IS 'the counted noun phrase as written; NULL for a percentage with no noun after it';
COMMENT ON COLUMN ratios."qualifier" IS 'one of: exact, more_than (hơn, trên), less_than (dưới), about (gần, khoảng)';
COMMENT ON COLUMN ratios."predicate" IS 'what happened to them, as written (kết nạp, khen thưởng, hoàn thành tốt nhiệm vụ)';
COMMENT ON COLUMN ratios."subject" IS 'the body that did or reports it, by its canonical name, when stated';
COMMENT ON COLUMN ratios."period" IS 'the date value the figure refers to, when stated (ISO: 2023, 2023-Q1, 2020-01/2020-09, ...)';
COMMENT ON COLUMN ratios."period_first_day" IS 'first calendar day of period (DATE)';
COMMENT ON COLUMN ratios."period_last_day" IS 'last calendar day of period (DATE)';
COMMENT ON COLUMN ratios."metric" IS 'what the figure measures (SPEC Metrics), one of: admission (people admitted to the Party), admission_candidate (people prepared or proposed for admission), official_membership (probationary members made full members), membership (members an organization has, a stock), organizations (party organizations a structure has, a stock), establishment (organizations founded, merged, dissolved), rating (quality ratings), inspection, supervision, violation (found in breach), discipline (disciplinary measures), exit (members leaving the rolls), commendation (awards, praise), badge (Party membership badges), training (study, political education), congress (congresses, elections), meeting (meetings, participants), personnel (cadre work), other (anything else)';
COMMENT ON COLUMN ratios."modality" IS 'one of: actual (what happened or what is; attaining a target is actual), target (planned, aimed at, assigned), change (a difference from an earlier period or a plan)';
COMMENT ON COLUMN ratios."unit_class" IS 'what is counted, one of: member (party members), person (other people: quần chúng, đoàn viên, hội viên, đại biểu, học viên), organization (party and other organizations or units), other (classes, files, tasks, targets, households, ...); NULL when not decided (a ratio without unit)';
COMMENT ON COLUMN ratios."grade" IS 'for metric rating only, one of: excellent (hoàn thành xuất sắc; trong sạch, vững mạnh tiêu biểu), good (hoàn thành tốt, trở lên included; trong sạch, vững mạnh), complete (hoàn thành nhiệm vụ), incomplete (không hoàn thành; yếu kém); NULL when no grade is named or the metric is not rating';
