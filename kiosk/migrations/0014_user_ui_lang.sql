-- The language of the admin's words for each account (issue 17): a team may have a member who
-- reads English or Tày better than Vietnamese. A language code; 'vi' shows the msgids themselves.
ALTER TABLE users ADD COLUMN ui_lang TEXT NOT NULL DEFAULT 'vi';
