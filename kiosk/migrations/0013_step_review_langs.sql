-- The languages of a step whose translation must be looked at again because the Vietnamese text
-- changed after it was written (JSON list of language codes; set by the admin step editor and by
-- pack import, cleared when that translation is saved or marked as still right).
ALTER TABLE steps ADD COLUMN review_langs TEXT NOT NULL DEFAULT '[]';
