-- Usage counts and the team's activity log. No triggers: neither table changes what a kiosk page
-- shows, so writing them must not bump content_version (that would empty the page cache).

-- One row per day, event and subject (guide slug, "slug/step", site code, shop code or '').
-- Only numbers: no address, browser or device of anyone is kept.
CREATE TABLE usage_daily (
    day     TEXT NOT NULL CHECK (length(day) = 10),
    event   TEXT NOT NULL,
    subject TEXT NOT NULL DEFAULT '',
    n       INTEGER NOT NULL CHECK (n >= 0),
    PRIMARY KEY (day, event, subject)
);

-- What the team helped with; residents are counted, never named.
CREATE TABLE activity_log (
    id         INTEGER PRIMARY KEY,
    day        TEXT NOT NULL CHECK (length(day) = 10),
    skill      TEXT NOT NULL,
    people     INTEGER NOT NULL CHECK (people >= 0),
    households INTEGER NOT NULL CHECK (households >= 0),
    note       TEXT NOT NULL DEFAULT '',
    member     TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX activity_log_day ON activity_log (day);
