"""Which analysis each content language gets, in PostgreSQL and in Elasticsearch.

PostgreSQL ships Snowball stemmers for most of the portal's languages. Polish has none
(PostgreSQL would need an ispell dictionary installed on the server), so it gets
``simple``: lower-cased, accent-folded words without stemming. Chinese, Japanese and
Thai get ``simple`` too; their words are found through character bigrams (see
``search.text``). Serbian has had a Snowball stemmer since PostgreSQL 13 (it reads
both Cyrillic and Latin); where the server lacks it, ``simple`` is used instead.
A configuration missing on the server always falls back to ``simple``.
"""

import logging
from functools import cache

from django.db import connections
from django.db.models.lookups import Exact

from wagtail.models import Locale

logger = logging.getLogger(__name__)

SIMPLE = "simple"

POSTGRES_CONFIGS = {
    "en": "english",
    "fr": "french",
    "es": "spanish",
    "de": "german",
    "it": "italian",
    "pt": "portuguese",
    "pt-br": "portuguese",
    "ro": "romanian",
    "hu": "hungarian",
    "sr": "serbian",
    "pl": SIMPLE,
    "zh-hans": SIMPLE,
    "ja": SIMPLE,
    "th": SIMPLE,
}

# Elasticsearch / OpenSearch built-in language analyzers. Polish needs the
# analysis-stempel plugin, so it gets the standard analyzer (with accent folding).
# "cjk" indexes Chinese and Japanese as bigrams; "thai" segments Thai words.
ELASTICSEARCH_ANALYZERS = {
    "en": "english",
    "fr": "french",
    "es": "spanish",
    "de": "german",
    "it": "italian",
    "pt": "portuguese",
    "pt-br": "brazilian",
    "ro": "romanian",
    "hu": "hungarian",
    "sr": "serbian",
    "pl": "standard",
    "zh-hans": "cjk",
    "ja": "cjk",
    "th": "thai",
}


@cache
def available_configs(alias="default"):
    """The text search configurations the PostgreSQL server has (pg_ts_config)."""
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT cfgname FROM pg_ts_config")
        return frozenset(row[0] for row in cursor.fetchall())


def postgres_config(language_code, default, alias="default", configs=None):
    """The configuration for a language code, or ``default`` for an unknown one;
    ``simple`` when the server (or ``configs``, the names it has) lacks it."""
    if not language_code:
        return default
    wanted = POSTGRES_CONFIGS.get(language_code.lower()) or POSTGRES_CONFIGS.get(
        language_code.split("-")[0].lower(), default
    )
    if configs is None:
        configs = available_configs(alias)
    if wanted != SIMPLE and wanted not in configs:
        logger.warning(
            "PostgreSQL has no text search configuration %r (for %r); using 'simple'.",
            wanted,
            language_code,
        )
        return SIMPLE
    return wanted


def elasticsearch_analyzer(language_code):
    """The analyzer for a language code; the standard one for an unknown language."""
    if not language_code:
        return "standard"
    return ELASTICSEARCH_ANALYZERS.get(
        language_code.lower(),
        ELASTICSEARCH_ANALYZERS.get(language_code.split("-")[0].lower(), "standard"),
    )


def field_suffix(language_code):
    """A language code as it can appear in a field name ("zh-hans" -> "zh_hans")."""
    return language_code.lower().replace("-", "_")


def locale_codes(locale_ids):
    """{locale pk: language code} for the given pks, in one query."""
    ids = {pk for pk in locale_ids if pk is not None}
    if not ids:
        return {}
    return dict(Locale.objects.filter(pk__in=ids).values_list("pk", "language_code"))


def language_of_queryset(queryset):
    """The language code a queryset is filtered to (``locale=...`` at its top level).

    Only a filter every result must satisfy counts: one inside an OR or a NOT does not
    tell the language of the results.
    """
    where = queryset.query.where
    pending = [where] if where.connector == "AND" and not where.negated else []
    while pending:
        node = pending.pop()
        for child in node.children:
            if isinstance(child, Exact):
                target = getattr(child.lhs, "target", None)
                if target is not None and target.attname == "locale_id":
                    value = child.rhs
                    if isinstance(value, Locale):
                        return value.language_code
                    return locale_codes([value]).get(value)
            elif hasattr(child, "children") and child.connector == "AND" and not child.negated:
                pending.append(child)
    return None
