"""Language-aware search on PostgreSQL: a small subclass of modelsearch's backend.

modelsearch builds every ``tsvector`` and ``tsquery`` with one configuration
(``SEARCH_CONFIG``), so French content is stemmed as English (wagtail#1177, #9253).
Here:

- indexing (``PortalPostgresIndex.add_items``) builds each object's vectors with the
  configuration of the object's locale (``search.languages``), folds accents, and adds
  CJK/Thai runs as bigrams with the ``simple`` configuration;
- searching (``PortalPostgresSearchQueryCompiler.get_config``) reads the locale the
  queryset is filtered to and uses the same configuration for the query, so a French
  query is stemmed as French and meets French stems;
- each query word also matches its stem's own stem, which catches Snowball's
  under-stemming (Spanish "ciudad" -> "ciud" but "ciudades" -> "ciudad").

Alias pages are never indexed (``search.backends.common``). Everything else (ranking,
title norms, facets, fuzzy search, rebuilds) is modelsearch's.
"""

from functools import reduce

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import F, TextField, Value
from django.utils import translation
from django.utils.functional import cached_property

from modelsearch.backends.database.postgres.postgres import (
    EMPTY_VECTOR,
    IndexEntry,
    ObjectIndexer,
    PostgresAutocompleteQueryCompiler,
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)
from modelsearch.index import AutocompleteField, SearchField
from modelsearch.query import Phrase, PlainText
from modelsearch.utils import ADD, get_content_type_pk
from wagtail.models import TranslatableMixin

from ..languages import SIMPLE, language_of_queryset, postgres_config
from ..statement import TITLE_WEIGHT, SearchStatement
from ..text import fold, index_text, normalise, query_run_bigrams, split_scripts, words
from .common import IndexableRelatedMixin, indexing_languages, split_aliases


class StemExpandedQuery(SearchQuery):
    """A word as a tsquery: its stem, or the stem of its stem.

    ``plainto_tsquery`` parses nothing, so no input can break the query syntax.
    """

    def as_sql(self, compiler, connection, function=None, template=None):
        config_sql, config_params = compiler.compile(self.config)
        value_sql, value_params = compiler.compile(self.source_expressions[-1])
        sql = (
            f"(plainto_tsquery({config_sql}, {value_sql}) || plainto_tsquery({config_sql}, "
            f"array_to_string(tsvector_to_array(to_tsvector({config_sql}, {value_sql})), ' ')))"
        )
        params = [*config_params, *value_params, *config_params, *config_params, *value_params]
        if self.invert:
            sql = f"!!{sql}"
        return sql, params


def _quoted_prefix(word):
    escaped = word.replace("\\", "\\\\").replace("'", "''")
    return f"'{escaped}':*"


def _combine(queries, connector, invert):
    """AND/OR the queries; an inverted group swaps its connector (De Morgan)."""
    if invert:
        connector = "or" if connector == "and" else "and"
    if connector == "and":
        return reduce(lambda a, b: a & b, queries)
    return reduce(lambda a, b: a | b, queries)


def _in_any(configs, make, invert):
    """A word's query in each configuration, OR-ed (AND-ed when inverted)."""
    return _combine([make(config) for config in configs], "or", invert)


def word_queries(term, config, *, invert=False, prefix=False, expand=True):
    """The tsqueries a query word must match: its Latin/Cyrillic/... words with the
    language's configuration (``config``, or a tuple of them when the language is not
    known: the word then matches as any of them), its CJK/Thai runs as bigram phrases
    with ``simple``."""
    configs = config if isinstance(config, tuple) else (config,)
    runs, rest = split_scripts(normalise(term))
    queries = []
    rest_words = words(fold(rest))
    for index, word in enumerate(rest_words):
        is_last = index == len(rest_words) - 1 and not runs
        if prefix and is_last:
            query = _quoted_prefix(word)
            queries.append(
                _in_any(
                    configs,
                    lambda c, q=query: SearchQuery(q, search_type="raw", config=c, invert=invert),
                    invert,
                )
            )
        elif expand:
            queries.append(
                _in_any(
                    configs,
                    lambda c, w=word: StemExpandedQuery(w, config=c, invert=invert),
                    invert,
                )
            )
        else:
            queries.append(
                _in_any(configs, lambda c, w=word: SearchQuery(w, config=c, invert=invert), invert)
            )
    for run in runs:
        grams = query_run_bigrams(run)
        if len(grams) == 1 and len(run) == 1:
            # One character: any pair starting with it, or a run ending with it.
            queries.append(
                SearchQuery(_quoted_prefix(run), search_type="raw", config=SIMPLE, invert=invert)
            )
        else:
            queries.append(
                SearchQuery(" ".join(grams), search_type="phrase", config=SIMPLE, invert=invert)
            )
    return queries


def plaintext_tsquery(query, config, *, invert=False, prefix_last=False, expand=True):
    """The tsquery of a PlainText query: every word, joined by the query's operator."""
    terms = words(query.query_string)
    parts = []
    for index, term in enumerate(terms):
        is_last = index == len(terms) - 1
        queries = word_queries(
            term, config, invert=invert, prefix=prefix_last and is_last, expand=expand
        )
        if queries:
            parts.append(_combine(queries, "and", invert))
    if not parts:
        # Nothing to look for: a query that matches nothing.
        return SearchQuery("", config=SIMPLE)
    return _combine(parts, query.operator.lower(), invert)


def phrase_tsquery(query, config, *, invert=False):
    """The tsquery of a Phrase: its words in order, its CJK/Thai runs as bigram phrases."""
    configs = config if isinstance(config, tuple) else (config,)
    runs, rest = split_scripts(normalise(query.query_string))
    parts = []
    folded = " ".join(words(fold(rest)))
    if folded:
        parts.append(
            _in_any(
                configs,
                lambda c: SearchQuery(folded, search_type="phrase", config=c, invert=invert),
                invert,
            )
        )
    for run in runs:
        grams = query_run_bigrams(run)
        parts.append(
            SearchQuery(" ".join(grams), search_type="phrase", config=SIMPLE, invert=invert)
        )
    if not parts:
        return SearchQuery("", config=SIMPLE)
    return _combine(parts, "and", invert)


_TEXT = TextField()


def _is_title(field, own):
    # A related object's title is body text of this object (as on Elasticsearch).
    return own and isinstance(field, SearchField) and field.field_name == "title"


def _is_body(field, own):
    return isinstance(field, SearchField) and not _is_title(field, own)


class PortalObjectIndexer(IndexableRelatedMixin, ObjectIndexer):
    """modelsearch's indexer with the object's own configuration, accent folding and
    CJK/Thai bigrams; related objects as ``IndexableRelated`` allows."""

    def __init__(self, obj, backend, config, related=None):
        super().__init__(obj, backend)
        self.config = config
        self.related = related

    @cached_property
    def values(self):
        """(field, weight, text) of every search field, read once for all five columns
        (modelsearch reads them, related objects included, once per column)."""
        return [
            (*prepared, isinstance(search_field, SearchField))
            for search_field in self.search_fields
            for prepared in self.prepare_field(self.obj, search_field)
        ]

    def _texts(self, wanted):
        return [(text, weight) for field, weight, text, own in self.values if wanted(field, own)]

    @cached_property
    def title(self):
        return self.as_vector(self._texts(_is_title))

    @cached_property
    def body(self):
        return self.as_vector(self._texts(_is_body))

    @cached_property
    def autocomplete(self):
        return self.as_vector(
            self._texts(lambda field, own: isinstance(field, AutocompleteField)),
            for_autocomplete=True,
        )

    @cached_property
    def title_text(self):
        return " ".join(text.strip() for text, _w in self._texts(_is_title) if text.strip())

    @cached_property
    def body_text(self):
        return " ".join(text.strip() for text, _w in self._texts(_is_body) if text.strip())

    def as_vector(self, texts, for_autocomplete=False):
        config = self.autocomplete_config if for_autocomplete else self.config
        vectors = []
        for text, weight in texts:
            plain, grams = index_text(text)
            for value, value_config in ((plain, config), (grams, SIMPLE)):
                if value:
                    vectors.append(
                        SearchVector(
                            Value(value, output_field=_TEXT),
                            weight=weight,
                            config=value_config,
                        )
                    )
        return ADD(vectors) if vectors else EMPTY_VECTOR


class PortalPostgresIndex(PostgresIndex):
    """Indexes each object with the configuration of its locale; never an alias."""

    UPDATED_FIELDS = ["title", "autocomplete", "body", "title_norm", "title_text", "body_text"]

    def __str__(self):
        return f"{IndexEntry._meta.db_table} (PostgreSQL)"

    def add_items(self, model, objs):
        if not model.get_search_fields():
            return
        objs, aliases = split_aliases(list(objs))
        for alias in aliases:
            self.delete_item(alias)
        if not objs:
            return

        content_type_pk = get_content_type_pk(model)
        languages, related = indexing_languages(model, objs)
        entries = []
        for obj in objs:
            code = languages[id(obj)]
            # Labels the text is made of (a Michelin site's kind) in the object's language.
            with translation.override(code or settings.LANGUAGE_CODE):
                indexer = PortalObjectIndexer(
                    obj, self.backend, self.backend.config_for(code), related
                )
                entries.append(
                    IndexEntry(
                        content_type_id=content_type_pk,
                        object_id=indexer.id,
                        title=indexer.title,
                        autocomplete=indexer.autocomplete,
                        body=indexer.body,
                        title_norm=1.0,
                        title_text=indexer.title_text,
                        body_text=indexer.body_text,
                    )
                )
        IndexEntry._default_manager.using(self.write_connection.alias).bulk_create(
            entries,
            update_conflicts=True,
            unique_fields=["content_type", "object_id"],
            update_fields=self.UPDATED_FIELDS,
        )
        self._refresh_title_norms()


class PortalPostgresSearchQueryCompiler(PostgresSearchQueryCompiler):
    """Queries with the configuration of the locale the queryset is filtered to.

    A queryset of every locale (the admin's page search) is queried in every content
    language's configuration at once, so each page matches as its own language reads it.
    """

    def get_config(self, backend):
        language = language_of_queryset(self.queryset)
        if language is None and issubclass(self.queryset.model, TranslatableMixin):
            return backend.all_configs()
        return backend.config_for(language)

    def get_index_vectors(self, search_query):
        # A match in the page's own title counts TITLE_WEIGHT times one in its body
        # (modelsearch: once, times title_norm), so that a page titled "Cargo bikes in
        # old towns" comes before short news that mention cargo bikes.
        return [
            (F("index_entries__title"), TITLE_WEIGHT * F("index_entries__title_norm")),
            (F("index_entries__body"), 1.0),
        ]

    def build_tsquery_content(self, query, config=None, invert=False):
        if isinstance(query, PlainText):
            return plaintext_tsquery(query, config, invert=invert)
        if isinstance(query, Phrase):
            return phrase_tsquery(query, config, invert=invert)
        return super().build_tsquery_content(query, config=config, invert=invert)


class PortalPostgresAutocompleteQueryCompiler(PostgresAutocompleteQueryCompiler):
    """Title prefixes, accent-insensitive: the last word is a prefix, all are folded."""

    def build_tsquery_content(self, query, config=None, invert=False):
        if isinstance(query, PlainText):
            return plaintext_tsquery(query, SIMPLE, invert=invert, prefix_last=True, expand=False)
        if isinstance(query, Phrase):
            return phrase_tsquery(query, SIMPLE, invert=invert)
        return super().build_tsquery_content(query, config=config, invert=invert)


class PortalPostgresSearchBackend(PostgresSearchBackend):
    """modelsearch's PostgreSQL backend, language-aware (see the module docstring).

    ``SEARCH_CONFIG`` names the configuration for objects and queries without a locale
    (documents, for instance); by default, that of ``LANGUAGE_CODE``.
    """

    index_class = PortalPostgresIndex
    query_compiler_class = PortalPostgresSearchQueryCompiler
    autocomplete_query_compiler_class = PortalPostgresAutocompleteQueryCompiler
    language_aware = True

    def __init__(self, params):
        super().__init__(params)
        self._default_config = params.get("SEARCH_CONFIG")

    @property
    def statement_class(self):
        """The portal search in one statement (``search.statement``)."""
        return SearchStatement

    def all_configs(self):
        """Every content language's configuration (a tuple), for queries of all locales."""
        codes = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
        return tuple(sorted({self.config_for(code) for code in codes}))

    def config_for(self, language_code):
        """The text search configuration for content in that language."""
        if self._default_config is None:
            self._default_config = postgres_config(settings.LANGUAGE_CODE, SIMPLE)
        return postgres_config(language_code, self._default_config)


SearchBackend = PortalPostgresSearchBackend
