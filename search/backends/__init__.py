"""The portal's search backends: Wagtail's (modelsearch's) backends, subclassed.

``search.backends.database`` picks the language-aware PostgreSQL backend or the SQLite
FTS5 backend by database vendor; ``search.backends.elasticsearch`` adds per-language
analyzers and resilience to modelsearch's Elasticsearch backend.
"""
