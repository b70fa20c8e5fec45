"""The content-pack format: reading files, checking, import, export, the shops CSV."""
