-- A pack's translations of the kiosk's own words (ui/<lang>.po), kept as the team wrote them so
-- export gives the same file back; the web layer compiles them (kiosk.web.i18n).
CREATE TABLE ui_catalogs (
    lang TEXT PRIMARY KEY,
    po   TEXT NOT NULL
);

CREATE TRIGGER ui_catalogs_insert_bumps_version AFTER INSERT ON ui_catalogs
BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER ui_catalogs_update_bumps_version AFTER UPDATE ON ui_catalogs
BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER ui_catalogs_delete_bumps_version AFTER DELETE ON ui_catalogs
BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
