"""The embedded default: modelsearch's SQLite FTS5 backend, language-aware.

FTS5's ``unicode61`` tokenizer has no stemmer, so this subclass stems words itself with
the Snowball algorithms (``snowballstemmer``, the same algorithms PostgreSQL's
configurations use; see ``search.languages``), on both sides:

- indexing (``PortalSQLiteIndex.add_items``) writes each object's words as their stems
  in the language of the object's locale ("volcanoes" is indexed as "volcano"), after
  NFKC and accent folding; CJK/Thai runs as bigrams; the autocomplete column keeps the
  words as written (it is searched by prefix);
- searching (``PortalSQLiteSearchQueryCompiler``) stems the visitor's words in the
  language of the locale the queryset is filtered to; each word also matches the stem
  of its stem, which catches Snowball's under-stemming (Spanish "ciudad" -> "ciud" but
  "ciudades" -> "ciudad"), as on PostgreSQL. A queryset of every locale (the admin's
  search) is searched with every language's stemmer at once;
- results are ranked best first: FTS5's ``bm25()`` is lower for better matches (the
  backend says so with ``lower_score_is_better``), and a word in the title weighs more
  than the same word in the body (modelsearch weighs FTS5's columns alike, so the short
  summary of a twin town that names "Olsztyn" outranked the page titled so), and a
  query of several words is ranked by one bm25() (see ``build_tsrank``).

Alias pages are never indexed (``search.backends.common``). After upgrading from an
unstemmed index, rebuild it once: ``python manage.py update_index``.
"""

from functools import cached_property

from django.conf import settings
from django.db import connection
from django.db.models import F
from django.db.models.sql import Query
from django.utils import translation

from modelsearch.backends.database.sqlite.query import (
    BM25,
    LexemeCombinable,
    SearchQueryExpression,
    SearchQueryField,
    normalize,
)
from modelsearch.backends.database.sqlite.sqlite import (
    IndexEntry,
    ObjectIndexer,
    SQLiteAutocompleteQueryCompiler,
    SQLiteIndex,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
)
from modelsearch.index import AutocompleteField, SearchField
from modelsearch.query import MatchAll, Not, Phrase, PlainText
from modelsearch.utils import get_content_type_pk
from wagtail.models import TranslatableMixin

from ..languages import language_of_queryset, snowball_algorithm, stemmer
from ..statement import TITLE_WEIGHT, SearchStatement
from ..stopwords import stop_words
from ..text import fold, normalise, query_run_bigrams, split_scripts, stemmed, tokens, words
from ..text import index_text as split_text
from .common import (
    IndexableRelatedMixin,
    indexing_languages,
    split_aliases,
)


def stem_function(language_code):
    """The stemming function of a language, or None (no stemmer: words as written)."""
    algorithm = snowball_algorithm(language_code)
    return stemmer(algorithm) if algorithm else None


def index_text(text, stem=None):
    """What the FTS table holds for a text: its stems (or words), then its CJK/Thai
    bigrams."""
    plain, grams = split_text(text)
    return " ".join(part for part in (stemmed(plain, stem), grams) if part)


class PortalSQLiteObjectIndexer(IndexableRelatedMixin, ObjectIndexer):
    """modelsearch's indexer with stems in the object's language, folded text and
    CJK/Thai runs as bigrams; the title column holds the object's own title only."""

    def __init__(self, obj, backend, stem=None, related=None):
        super().__init__(obj, backend)
        self.stem = stem
        self.related = related

    @cached_property
    def values(self):
        """(field, text, the object's own field) of every search field, read once for
        the three columns (modelsearch reads them, related objects included, for each)."""
        return [
            (field, text, isinstance(search_field, SearchField))
            for search_field in self.search_fields
            for field, text in self.prepare_field(self.obj, search_field)
        ]

    def _texts(self, wanted):
        return " ".join(text for field, text, own in self.values if wanted(field, own))

    @cached_property
    def title(self):
        # modelsearch puts every SearchField named "title" in the title column, those
        # of related objects too: a news item's related cities' names became its title.
        return self._texts(lambda field, own: own and _is_title(field))

    @cached_property
    def body(self):
        return self._texts(
            lambda field, own: isinstance(field, SearchField) and not (own and _is_title(field))
        )

    @cached_property
    def autocomplete(self):
        return self._texts(lambda field, own: isinstance(field, AutocompleteField))

    @property
    def prepared_title(self):
        return index_text(self.title, self.stem)

    @property
    def prepared_body(self):
        return index_text(self.body, self.stem)

    @property
    def prepared_autocomplete(self):
        # Searched by prefix, as typed: never stemmed.
        return index_text(self.autocomplete)


def _is_title(field):
    return isinstance(field, SearchField) and field.field_name == "title"


class PortalSQLiteIndex(SQLiteIndex):
    """Indexes stemmed, folded text in each object's language; never an alias."""

    def __str__(self):
        return f"{IndexEntry._meta.db_table} (SQLite FTS5)"

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
        data = {}
        for obj in objs:
            code = languages[id(obj)]
            # Labels the text is made of (a Michelin site's kind) in the object's language.
            with translation.override(code or settings.LANGUAGE_CODE):
                indexer = PortalSQLiteObjectIndexer(
                    obj, self.backend, self.backend.stem_for(code), related
                )
                data[indexer.id] = {
                    "title": indexer.prepared_title,
                    "autocomplete": indexer.prepared_autocomplete,
                    "body": indexer.prepared_body,
                }
        entries = self.entries.filter(content_type_id=content_type_pk)
        existing = set(entries.filter(object_id__in=data).values_list("object_id", flat=True))
        for object_id in existing:
            # One UPDATE each: the FTS table follows through its update trigger.
            entries.filter(object_id=object_id).update(**data[object_id])
        self.entries.bulk_create(
            [
                IndexEntry(content_type_id=content_type_pk, object_id=object_id, **values)
                for object_id, values in data.items()
                if object_id not in existing
            ]
        )
        self._refresh_title_norms()


class FTSExpression(LexemeCombinable):
    """A ready FTS5 query expression (built from quoted tokens only)."""

    _output_field = SearchQueryField()

    def __init__(self, text):
        super().__init__(output_field=SearchQueryField())
        self.text = text

    def as_sql(self, compiler, connection):
        return "%s", [self.text]


def _quoted(text, prefix=False):
    """An FTS5 string: a token, or the phrase of several (a prefix: its last token)."""
    return '"' + text.replace('"', '""') + '"' + ("*" if prefix else "")


def _any(alternatives):
    alternatives = list(dict.fromkeys(alternatives))  # distinct, in order
    if len(alternatives) == 1:
        return alternatives[0]
    return "(" + " OR ".join(alternatives) + ")"


def _all(parts, operator="AND"):
    if len(parts) == 1:
        return parts[0]
    return "(" + f" {operator} ".join(parts) + ")"


def word_expression(term, languages, prefix=False):
    """The FTS5 expression one query word must match, or None.

    ``languages`` are the languages to search in (None: the word as written). Its
    letters match as their stems, or the stems of their stems; its CJK/Thai runs as the
    phrase of their bigrams (one character: a prefix). With ``prefix``, the word is
    matched as written, its last token as a prefix.
    """
    runs, rest = split_scripts(normalise(term))
    parts = []
    found = tokens(fold(rest))
    stems = [stem_function(language) for language in languages]
    if found and prefix:
        parts.append(_quoted(" ".join(found), prefix=not runs))
    elif len(found) == 1:
        (token,) = found
        alternatives = []
        for stem in stems:
            if stem is None:
                alternatives.append(_quoted(token))
            else:
                alternatives.extend((_quoted(stem(token)), _quoted(stem(stem(token)))))
        parts.append(_any(alternatives))
    elif found:
        # "Clermont-Ferrand": the phrase of its tokens' stems.
        parts.append(_any(_quoted(stemmed(" ".join(found), stem)) for stem in stems))
    for run in runs:
        if len(run) == 1:
            parts.append(_quoted(run, prefix=True))
        else:
            parts.append(_quoted(" ".join(query_run_bigrams(run))))
    return _all(parts) if parts else None


def is_stop_word(term, languages):
    """Whether a query word is too common to search for in every one of the languages
    (PostgreSQL leaves such words out; see ``search.stopwords``)."""
    found = tokens(fold(normalise(term)))
    return len(found) == 1 and all(found[0] in stop_words(language) for language in languages)


def plaintext_expression(query, languages, prefix_last=False):
    """The FTS5 query of a PlainText query, or None when it has no word."""
    terms = words(query.query_string)
    if not prefix_last:
        # Stop words are left out, unless nothing else is left.
        terms = [term for term in terms if not is_stop_word(term, languages)] or terms
    parts = []
    for index, term in enumerate(terms):
        is_last = index == len(terms) - 1
        expression = word_expression(term, languages, prefix=prefix_last and is_last)
        if expression is not None:
            parts.append(expression)
    if not parts:
        return None
    operator = "AND" if query.operator.upper() == "AND" else "OR"
    return SearchQueryExpression(FTSExpression(_all(parts, operator)))


def phrase_expression(query, languages):
    """The FTS5 phrase of a Phrase query: stems in order, CJK/Thai runs as bigrams."""
    runs, rest = split_scripts(normalise(query.query_string))
    found = " ".join(tokens(fold(rest)))
    grams = [gram for run in runs for gram in query_run_bigrams(run)]
    phrases = [
        " ".join([stemmed(found, stem_function(language)), *grams]).strip()
        for language in languages
    ]
    phrases = [phrase for phrase in phrases if phrase]
    if not phrases:
        return None
    return SearchQueryExpression(FTSExpression(_any(_quoted(phrase) for phrase in phrases)))


class NothingToFindMixin:
    """A query with no word left once prepared (only punctuation, emoji, spaces) finds
    nothing, rather than handing FTS5 an empty expression."""

    def search(self, config, start, stop, score_field=None):
        query = normalize(self.query)
        if isinstance(query, Not):
            query = query.subquery
        if not isinstance(query, MatchAll) and self.build_search_query(query, config) is None:
            return self.queryset.none()
        return super().search(config, start, stop, score_field=score_field)


# The FTS5 table's columns, in their order (wagtail's and modelsearch's migrations
# create it as fts5(autocomplete, body, title)).
FTS_COLUMNS = ("autocomplete", "body", "title")


class ColumnBM25(BM25):
    """FTS5's bm25() counting the matches in one column only (lower is better)."""

    def __init__(self, column):
        super().__init__()
        self.column = column

    def as_sql(self, compiler, connection, function=None, template=None):
        sql, params = super().as_sql(compiler, connection, function, template)
        weights = ", ".join("1.0" if name == self.column else "0.0" for name in FTS_COLUMNS)
        return f"{sql[:-1]}, {weights})", params


class PortalSQLiteSearchQueryCompiler(NothingToFindMixin, SQLiteSearchQueryCompiler):
    """Builds FTS5 queries from the visitor's words, stemmed in the language of the
    queryset's locale; titles weigh more.

    The "config" modelsearch threads through the compiler is here the tuple of
    languages to search in (see ``get_config``).
    """

    def get_config(self, backend):
        language = language_of_queryset(self.queryset)
        if language is None and issubclass(self.queryset.model, TranslatableMixin):
            return backend.all_languages()
        return (backend.language_for(language),)

    def get_search_vectors(self):
        # modelsearch weighs the title by title_norm (average title length / this
        # title's length), which made long titles weigh less than a body's mention.
        return [
            (F("index_entry__title"), TITLE_WEIGHT * F("index_entry__title_norm")),
            (F("index_entry__body"), 1.0),
        ]

    def build_tsrank(self, vector, query, config=None, boost=1.0):
        # modelsearch ranks each of its vectors (title, body) with the same bm25() of
        # the whole row, and combines one per word ((1 + a)(1 + b) - 1 for "a b"),
        # which turns negative scores around. bm25() already scores the whole MATCH
        # expression: one call per vector, counting that vector's column only.
        rank = ColumnBM25("title" if vector.name.endswith("title") else "body")
        return rank * boost if boost != 1.0 else rank

    def build_search_query_content(self, query, config=None):
        languages = config or (None,)
        if isinstance(query, PlainText):
            return plaintext_expression(query, languages)
        if isinstance(query, Phrase):
            return phrase_expression(query, languages)
        return super().build_search_query_content(query, config=config)

    def match_expression(self, query, languages):
        """The FTS5 MATCH string of a query over titles and bodies, in ``languages``;
        None when there is nothing to look for (``search.statement``)."""
        query = normalize(query)
        if isinstance(query, Not | MatchAll):
            return None
        try:
            expression = self.build_search_query(query, config=languages)
        except AttributeError:  # a part with no word, combined with another
            return None
        if expression is None:
            return None
        sql, params = Query(IndexEntry).get_compiler(connection=connection).compile(expression)
        return f"{{{' '.join(self.FTS_TABLE_FIELDS)}}} : ({sql % tuple(params)})"


class PortalSQLiteAutocompleteQueryCompiler(NothingToFindMixin, SQLiteAutocompleteQueryCompiler):
    """Title prefixes, as typed (never stemmed): the last word is a prefix."""

    def build_search_query_content(self, query, config=None):
        if isinstance(query, PlainText):
            return plaintext_expression(query, (None,), prefix_last=True)
        if isinstance(query, Phrase):
            return phrase_expression(query, (None,))
        return super().build_search_query_content(query, config=config)


class PortalSQLiteSearchBackend(SQLiteSearchBackend):
    """modelsearch's SQLite FTS5 backend, language-aware (see the module docstring).

    Objects without a locale (documents) and queries without a locale filter on models
    that have none are stemmed as ``LANGUAGE_CODE``.
    """

    index_class = PortalSQLiteIndex
    query_compiler_class = PortalSQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = PortalSQLiteAutocompleteQueryCompiler
    language_aware = True
    # FTS5's bm25() is negative, and the better the match the lower it is; modelsearch
    # orders by it ascending, and the portal's search merges sources by this flag.
    lower_score_is_better = True

    @property
    def statement_class(self):
        """The portal search in one statement (``search.statement``)."""
        return SearchStatement

    def language_for(self, language_code):
        """The language content without one (documents) is analysed as."""
        return language_code or settings.LANGUAGE_CODE

    def stem_for(self, language_code):
        """The stemming function for content in that language (None: no stemmer)."""
        return stem_function(self.language_for(language_code))

    def all_languages(self):
        """Every content language (a tuple), for queries of all locales."""
        return tuple(code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES)


SearchBackend = PortalSQLiteSearchBackend
