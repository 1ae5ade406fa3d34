"""The network's content and everything built on it, one package per concept (see
docs/README-architecture.md): models/ (page types and their mixins, editorial models,
images), blocks.py and snippets.py, public/ (the site's listings, filters, map),
i18n/ (languages, aliases, page chrome), references/ (what payloads link to, as
readers may see it), editorial/ (roles, workflow, dashboard), channels/ (feeds,
calendars), api/ (the headless API's routers), translation/ (the translators'
workflow), demo/ (the demo network), templatetags/ (thin template tag libraries)."""
