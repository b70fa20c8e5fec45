-- A counter per account, copied into the session at login: bumping it (logout, new password,
-- disabling) ends every session of that account, including cookies copied elsewhere.
ALTER TABLE users ADD COLUMN session_epoch INTEGER NOT NULL DEFAULT 0;
