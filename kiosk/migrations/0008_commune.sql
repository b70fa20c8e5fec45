-- Issue 20: the commune machine's register of hamlets and the monthly bundles they sent.
-- A hamlet is known by its Ed25519 public key (base64); the commune registers it after comparing
-- the fingerprint with the one printed on the hamlet's stats page.
CREATE TABLE commune_hamlets (
    public_key    TEXT PRIMARY KEY,
    fingerprint   TEXT NOT NULL,
    name          TEXT NOT NULL,            -- as the hamlet's latest bundle names itself
    commune       TEXT NOT NULL,
    province      TEXT NOT NULL,
    registered_at TEXT NOT NULL,            -- UTC, YYYY-MM-DDTHH:MM:SSZ
    registered_by TEXT NOT NULL
);

-- One bundle per hamlet and month: a newer bundle (later created_at) replaces an older one; the
-- signed payload is kept whole, so a restored backup can check every row's signature again.
CREATE TABLE commune_reports (
    public_key  TEXT NOT NULL REFERENCES commune_hamlets(public_key) ON DELETE CASCADE,
    month       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    payload     TEXT NOT NULL,              -- JSON, exactly as signed
    signature   TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    PRIMARY KEY (public_key, month)
);
