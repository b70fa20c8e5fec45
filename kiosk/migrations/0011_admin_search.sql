-- Admin search (issue 17): each shop's name, owner, code and account folded (no diacritics,
-- đ→d, lower case) so "bun pho" finds "Bún phở"; kept up to date by kiosk.store.shops.
ALTER TABLE shops ADD COLUMN search TEXT NOT NULL DEFAULT '';
UPDATE shops SET search = langso_fold(code || ' ' || name || ' ' || owner || ' ' || account);

-- Demo heritage sites (issue 18): removed with the demo shops by one admin button. Packs mark
-- them (site.yaml `demo: true`); the shipped demo pack's three sites are marked here too.
ALTER TABLE sites ADD COLUMN demo INTEGER NOT NULL DEFAULT 0;
UPDATE sites SET demo = 1
 WHERE code IN ('CP3M', 'DH7K', 'GC5T') AND json_extract(name, '$.vi') LIKE '%(mẫu)';
