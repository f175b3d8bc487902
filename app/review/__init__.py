"""Analyst review and reconciliation: where machine findings and analyst decisions meet.

``reconcile`` matches new findings to stored contacts and claims by their evidence, for
ingestion and re-extraction alike; ``decisions`` applies an analyst's review, edits, merges and
splits with an append-only history; ``reextract`` runs re-extraction article by article.
"""
