-- Where the guides' facts come from (a pack's sources.yaml), which sources each step cites, and
-- the pack's glossary of words residents may not know. Dates are text as the pack writes them:
-- published YYYY, YYYY-MM, YYYY-MM-DD or ''; checked YYYY-MM-DD.
CREATE TABLE sources (
    id        TEXT PRIMARY KEY,
    position  INTEGER NOT NULL DEFAULT 0,
    title     TEXT NOT NULL,
    url       TEXT NOT NULL,
    publisher TEXT NOT NULL DEFAULT '',
    published TEXT NOT NULL DEFAULT '',
    checked   TEXT NOT NULL
);

-- A JSON list of source ids, like guides.sources.
ALTER TABLE steps ADD COLUMN sources TEXT NOT NULL DEFAULT '[]';

CREATE TABLE glossary (
    term        TEXT PRIMARY KEY,
    position    INTEGER NOT NULL DEFAULT 0,
    explanation TEXT NOT NULL          -- JSON {lang: text}
);

CREATE TRIGGER sources_insert_bumps_version AFTER INSERT ON sources
BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER sources_update_bumps_version AFTER UPDATE ON sources
BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER sources_delete_bumps_version AFTER DELETE ON sources
BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER glossary_insert_bumps_version AFTER INSERT ON glossary
BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER glossary_update_bumps_version AFTER UPDATE ON glossary
BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER glossary_delete_bumps_version AFTER DELETE ON glossary
BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
