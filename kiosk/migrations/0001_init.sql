-- Làng Số schema, version 1. Translated text is a JSON object {"vi": "...", "en": "..."}
-- (any language code the pack lists), so a team can add Tày or H'Mông without a migration.

CREATE TABLE languages (
    code     TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    position INTEGER NOT NULL
);

-- Files under data/media/<hash[:2]>/<hash>.<ext>; rows are written in the same transaction
-- that first references them, after the file itself is safely on disk.
CREATE TABLE media (
    hash       TEXT PRIMARY KEY CHECK (length(hash) = 64),
    ext        TEXT NOT NULL,
    mime       TEXT NOT NULL,
    size       INTEGER NOT NULL,
    width      INTEGER,
    height     INTEGER,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE guides (
    id         INTEGER PRIMARY KEY,
    slug       TEXT NOT NULL UNIQUE,
    category   TEXT NOT NULL,
    position   INTEGER NOT NULL DEFAULT 0,
    published  INTEGER NOT NULL DEFAULT 1,
    title      TEXT NOT NULL,
    summary    TEXT NOT NULL,
    needs      TEXT NOT NULL DEFAULT '[]',
    sources    TEXT NOT NULL DEFAULT '[]',
    icon_hash  TEXT REFERENCES media(hash),
    icon_name  TEXT,
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE steps (
    id         INTEGER PRIMARY KEY,
    guide_id   INTEGER NOT NULL REFERENCES guides(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    tip        TEXT NOT NULL DEFAULT '{}',
    warning    TEXT NOT NULL DEFAULT '{}',
    image_hash TEXT REFERENCES media(hash),
    image_name TEXT,
    check_note TEXT NOT NULL DEFAULT '',
    UNIQUE (guide_id, position)
);

CREATE TABLE step_audio (
    step_id    INTEGER NOT NULL REFERENCES steps(id) ON DELETE CASCADE,
    lang       TEXT NOT NULL,
    media_hash TEXT NOT NULL REFERENCES media(hash),
    name       TEXT NOT NULL,
    PRIMARY KEY (step_id, lang)
);

CREATE TABLE sites (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    slug       TEXT NOT NULL UNIQUE,
    position   INTEGER NOT NULL DEFAULT 0,
    name       TEXT NOT NULL,
    summary    TEXT NOT NULL,
    category   TEXT NOT NULL DEFAULT '{}',
    story      TEXT NOT NULL DEFAULT '{}',
    directions TEXT NOT NULL DEFAULT '{}',
    year       TEXT NOT NULL DEFAULT '',
    lat        REAL CHECK (lat IS NULL OR lat BETWEEN -90 AND 90),
    lon        REAL CHECK (lon IS NULL OR lon BETWEEN -180 AND 180),
    retired    INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- Slugs a site had before, so links printed with them keep working.
CREATE TABLE site_old_slugs (
    slug    TEXT PRIMARY KEY,
    site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE
);

CREATE TABLE site_photos (
    site_id    INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    media_hash TEXT NOT NULL REFERENCES media(hash),
    name       TEXT NOT NULL,
    caption    TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (site_id, position)
);

CREATE TABLE site_audio (
    site_id    INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    lang       TEXT NOT NULL,
    media_hash TEXT NOT NULL REFERENCES media(hash),
    name       TEXT NOT NULL,
    PRIMARY KEY (site_id, lang)
);

CREATE TABLE shops (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    owner      TEXT NOT NULL DEFAULT '',
    bank_bin   TEXT NOT NULL CHECK (length(bank_bin) = 6),
    account    TEXT NOT NULL,
    holder     TEXT NOT NULL,
    amount     INTEGER CHECK (amount IS NULL OR amount > 0),
    purpose    TEXT NOT NULL DEFAULT '',
    demo       INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- Site-wide settings (hamlet, commune, province, public_base_url, wifi_*, idle_timeout) and the
-- imported pack's identity (pack.id, pack.version, pack.title); values are JSON.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'member')),
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- One number that changes whenever anything a page shows changes, whoever wrote it (pack import,
-- admin, CLI). Rendered kiosk pages are cached against it.
CREATE TABLE content_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  INTEGER NOT NULL
);
INSERT INTO content_version (id, n) VALUES (1, 0);

CREATE TRIGGER languages_insert_bumps_version AFTER INSERT ON languages
BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER languages_update_bumps_version AFTER UPDATE ON languages
BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER languages_delete_bumps_version AFTER DELETE ON languages
BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER media_insert_bumps_version AFTER INSERT ON media
BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER media_update_bumps_version AFTER UPDATE ON media
BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER media_delete_bumps_version AFTER DELETE ON media
BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER guides_insert_bumps_version AFTER INSERT ON guides
BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER guides_update_bumps_version AFTER UPDATE ON guides
BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER guides_delete_bumps_version AFTER DELETE ON guides
BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER steps_insert_bumps_version AFTER INSERT ON steps
BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER steps_update_bumps_version AFTER UPDATE ON steps
BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER steps_delete_bumps_version AFTER DELETE ON steps
BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER step_audio_insert_bumps_version AFTER INSERT ON step_audio
BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER step_audio_update_bumps_version AFTER UPDATE ON step_audio
BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER step_audio_delete_bumps_version AFTER DELETE ON step_audio
BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER sites_insert_bumps_version AFTER INSERT ON sites
BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER sites_update_bumps_version AFTER UPDATE ON sites
BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER sites_delete_bumps_version AFTER DELETE ON sites
BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER site_old_slugs_insert_bumps_version AFTER INSERT ON site_old_slugs
BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER site_old_slugs_update_bumps_version AFTER UPDATE ON site_old_slugs
BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER site_old_slugs_delete_bumps_version AFTER DELETE ON site_old_slugs
BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER site_photos_insert_bumps_version AFTER INSERT ON site_photos
BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER site_photos_update_bumps_version AFTER UPDATE ON site_photos
BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER site_photos_delete_bumps_version AFTER DELETE ON site_photos
BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER site_audio_insert_bumps_version AFTER INSERT ON site_audio
BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER site_audio_update_bumps_version AFTER UPDATE ON site_audio
BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER site_audio_delete_bumps_version AFTER DELETE ON site_audio
BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER shops_insert_bumps_version AFTER INSERT ON shops
BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER shops_update_bumps_version AFTER UPDATE ON shops
BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER shops_delete_bumps_version AFTER DELETE ON shops
BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER settings_insert_bumps_version AFTER INSERT ON settings
BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER settings_update_bumps_version AFTER UPDATE ON settings
BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER settings_delete_bumps_version AFTER DELETE ON settings
BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
