-- Issue 20: guides and quiz items the commune sends in signed packs. `origin` is the public key
-- (base64) of the commune that sent a guide or item, '' for the hamlet's own: a signed update
-- replaces only what came from its key and never touches the hamlet's own content.
ALTER TABLE guides ADD COLUMN origin TEXT NOT NULL DEFAULT '';
ALTER TABLE quiz_items ADD COLUMN origin TEXT NOT NULL DEFAULT '';

-- The commune key this hamlet trusts for updates (pinned at the first import, after the team
-- compared its fingerprint with the one the commune gave them). At most one.
CREATE TABLE commune_key (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    public_key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    signer     TEXT NOT NULL,               -- the commune's name as its pack says
    pinned_at  TEXT NOT NULL,
    pinned_by  TEXT NOT NULL
);
