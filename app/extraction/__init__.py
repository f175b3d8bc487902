"""Extraction: a pure pipeline from article text to contacts and claims (no database, no web)."""
