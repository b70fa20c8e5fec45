"""Backups: the archive, checked restores (every row re-validated), daily backups."""
