"""Storage: the SQL for guides, steps, sites, shops, settings and languages, returning models."""
