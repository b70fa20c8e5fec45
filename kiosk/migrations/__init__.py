"""Numbered SQL migrations (0001_init.sql, …); db.migrate() runs the ones not yet applied."""
