-- Issue 15: a guide's safe pretend phone (practice.yaml) and the "Thật hay lừa?" quiz
-- (quiz/items.yaml). Translated text is JSON {lang: text} as elsewhere.

-- One practice per guide. `screens` is a JSON list of
-- {"image": {"hash", "ext", "name"}, "prompt", "hint", "targets": [{"rect": [x, y, w, h],
-- "right", "feedback"}], "pad": {"answer", "feedback"} | null}; the drawings are media rows.
CREATE TABLE practices (
    guide_slug TEXT PRIMARY KEY REFERENCES guides(slug) ON DELETE CASCADE ON UPDATE CASCADE,
    title      TEXT NOT NULL,
    screens    TEXT NOT NULL
);

CREATE TABLE quiz_items (
    id         TEXT PRIMARY KEY,
    position   INTEGER NOT NULL DEFAULT 0,
    kind       TEXT NOT NULL CHECK (kind IN ('sms', 'zalo', 'call', 'web')),
    sender     TEXT NOT NULL,
    text       TEXT NOT NULL,
    answer     TEXT NOT NULL CHECK (answer IN ('scam', 'safe')),
    explain    TEXT NOT NULL,
    sources    TEXT NOT NULL DEFAULT '[]',   -- JSON list of source ids
    image_hash TEXT REFERENCES media(hash),
    image_name TEXT,
    retired    INTEGER NOT NULL DEFAULT 0
);

CREATE TRIGGER practices_insert_bumps_version AFTER INSERT ON practices
BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER practices_update_bumps_version AFTER UPDATE ON practices
BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER practices_delete_bumps_version AFTER DELETE ON practices
BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER quiz_items_insert_bumps_version AFTER INSERT ON quiz_items
BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER quiz_items_update_bumps_version AFTER UPDATE ON quiz_items
BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER quiz_items_delete_bumps_version AFTER DELETE ON quiz_items
BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
