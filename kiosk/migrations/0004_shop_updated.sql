-- When a shop's details last changed, so the print centre can print "cards changed since…".
ALTER TABLE shops ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';
UPDATE shops SET updated_at = created_at;
