"""Stored media: files by content hash, photos and their variants, audio, uploaded SVG."""
