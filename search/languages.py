"""Which analysis each content language gets: PostgreSQL configurations, Snowball
stemmers for SQLite, Elasticsearch analyzers.

PostgreSQL ships Snowball stemmers for most of the portal's languages; SQLite's FTS5
has none, so the portal stems words itself there with ``snowballstemmer`` (the same
Snowball algorithms, compiled to Python; through PyStemmer, their C version, when it is
installed, as the portal's dependencies have it: 0.6 µs a word instead of 200-400 µs),
on the text it indexes and on the words visitors type.

Polish: ``snowballstemmer`` has a Polish stemmer (since 3.0), which SQLite uses;
PostgreSQL uses a ``polish`` configuration where the server has one, and there is none
in PostgreSQL 15 (short of an ispell dictionary installed on the server), so there
Polish gets ``simple``: lower-cased, accent-folded words without stemming.

Chinese, Japanese and Thai get ``simple`` (and no stemmer on SQLite); their words are
found through character bigrams (see ``search.text``). Serbian has had a Snowball
stemmer since PostgreSQL 13 (it reads both Cyrillic and Latin); where the server lacks
it, ``simple`` is used instead. A configuration missing on the server always falls back
to ``simple``.
"""

import logging
from functools import cache, lru_cache

from django.db import connections
from django.db.models.lookups import Exact

from wagtail.models import Locale

import snowballstemmer

logger = logging.getLogger(__name__)

SIMPLE = "simple"
# The "language" of a search over every locale at once (the other languages' results).
ALL_LANGUAGES = "*"

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
    # Snowball's Polish stemmer (3.0) is not in PostgreSQL 15; used where a server has it.
    "pl": "polish",
    "zh-hans": SIMPLE,
    "ja": SIMPLE,
    "th": SIMPLE,
}

# Snowball algorithms of snowballstemmer (the names of PostgreSQL's "<name>_stem"
# dictionaries, where PostgreSQL has them), used to stem words on SQLite.
SNOWBALL_ALGORITHMS = {
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
    "pl": "polish",
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
    wanted = _for_language(POSTGRES_CONFIGS, language_code, default)
    if configs is None:
        configs = available_configs(alias)
    if wanted != SIMPLE and wanted not in configs:
        _warn_missing(wanted, language_code)
        return SIMPLE
    return wanted


@cache
def _warn_missing(config, language_code):
    """Say once per process that the server lacks a configuration."""
    logger.warning(
        "PostgreSQL has no text search configuration %r (for %r); using 'simple'.",
        config,
        language_code,
    )


def _for_language(table, language_code, default=None):
    """The table's value for a language code, or for its base language ("pt" for
    "pt-br"), or ``default``."""
    if not language_code:
        return default
    code = language_code.lower()
    return table.get(code, table.get(code.split("-")[0], default))


def snowball_algorithm(language_code):
    """The Snowball algorithm that stems a language on SQLite, or None (no stemmer:
    Chinese, Japanese, Thai, unknown languages)."""
    return _for_language(SNOWBALL_ALGORITHMS, language_code)


@cache
def stemmer(algorithm):
    """A function that stems one lower-case, accent-folded word with a Snowball
    algorithm (remembering the words it has seen: texts repeat their words)."""
    stem_word = snowballstemmer.stemmer(algorithm).stemWord
    return lru_cache(maxsize=50_000)(stem_word)


def elasticsearch_analyzer(language_code):
    """The analyzer for a language code; the standard one for an unknown language."""
    return _for_language(ELASTICSEARCH_ANALYZERS, language_code, "standard")


def field_suffix(language_code):
    """A language code as it can appear in a field name ("zh-hans" -> "zh_hans")."""
    return language_code.lower().replace("-", "_")


# {locale pk: language code} of every locale, read once per process and forgotten when
# a locale is saved or deleted (search.signals): searches ask it several times each.
_LOCALES = {}


def _locales():
    if not _LOCALES:
        _LOCALES.update(Locale.objects.values_list("pk", "language_code"))
    return _LOCALES


def forget_locales(**kwargs):
    """Forget the locales read (a locale was added, changed or deleted)."""
    _LOCALES.clear()


def locale_codes(locale_ids):
    """{locale pk: language code} for the given pks."""
    ids = {pk for pk in locale_ids if pk is not None}
    if not ids:
        return {}
    known = _locales()
    if not ids <= known.keys():
        forget_locales()
        known = _locales()
    return {pk: known[pk] for pk in ids if pk in known}


def locale_for(language_code):
    """The Locale of a language code, or None (from the locales read once)."""
    for pk, code in _locales().items():
        if code == language_code:
            return Locale(pk=pk, language_code=code)
    return None


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
