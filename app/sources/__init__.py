"""Sources: articles that arrive by themselves from RSS/Atom feeds, sitemaps and watched folders.

``listing`` parses what a source lists, ``fetch`` fetches safely, ``relevance`` decides what
concerns Russia–Iran relations, ``store`` keeps sources, entries and worker claims, ``poll``
works a source through, and ``worker`` runs polls on their schedule.
"""
