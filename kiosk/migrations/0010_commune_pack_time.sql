-- Issue 20: when the newest commune pack this hamlet applied was signed. An older pack (signed,
-- unchanged, but superseded: a courier's old copy) would roll the commune's corrections back,
-- so an update signed earlier than this is refused. '' until the first update.
ALTER TABLE commune_key ADD COLUMN signed_at TEXT NOT NULL DEFAULT '';
