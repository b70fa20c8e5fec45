"""Reporting: usage counts, the team's activity log, charts."""
