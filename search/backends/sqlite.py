"""The embedded default: modelsearch's SQLite FTS5 backend, with CJK/Thai bigrams.

FTS5's ``unicode61`` tokenizer has no stemmer, so inflected forms do not meet on
SQLite ("conférences" does not find "conférence"); it already removes Latin
diacritics. What this subclass adds:

- CJK/Thai runs are indexed as bigrams and queried as bigram phrases (a single
  character as a prefix), so Chinese, Japanese and Thai words are found;
- text is NFKC-normalised on both sides; alias pages are never indexed;
- results are ranked best first: FTS5's ``bm25()`` is lower for better matches (the
  backend says so with ``lower_score_is_better``), and a word in the title weighs more
  than the same word in the body (modelsearch weighs FTS5's columns alike, so the short
  summary of a twin town that names "Olsztyn" outranked the page titled so), and a
  query of several words is ranked by one bm25() (see ``build_tsrank``).
"""

from functools import cached_property

from django.db.models import F

from modelsearch.backends.database.sqlite.query import (
    BM25,
    Lexeme,
    SearchQueryExpression,
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
from modelsearch.index import SearchField
from modelsearch.query import MatchAll, Not, Phrase, PlainText
from modelsearch.utils import get_content_type_pk

from ..text import fold, index_text, normalise, query_run_bigrams, split_scripts, words
from .common import TITLE_WEIGHT, prefetch_related_fields, split_aliases


def _indexable(text):
    plain, grams = index_text(text)
    return " ".join(part for part in (plain, grams) if part)


class PortalSQLiteObjectIndexer(ObjectIndexer):
    """modelsearch's indexer, with folded text and CJK/Thai runs as bigrams; the title
    column holds the object's own title only."""

    def _texts(self, own_title):
        # modelsearch puts every SearchField named "title" in the title column, those
        # of related objects too: a news item's related cities' names became its title.
        for field in self.search_fields:
            is_title = isinstance(field, SearchField) and field.field_name == "title"
            if is_title == own_title:
                for current_field, value in self.prepare_field(self.obj, field):
                    if isinstance(current_field, SearchField):
                        yield value

    @cached_property
    def title(self):
        return " ".join(self._texts(own_title=True))

    @cached_property
    def body(self):
        return " ".join(self._texts(own_title=False))

    @property
    def prepared_title(self):
        return _indexable(self.title)

    @property
    def prepared_body(self):
        return _indexable(self.body)

    @property
    def prepared_autocomplete(self):
        return _indexable(self.autocomplete)


class PortalSQLiteIndex(SQLiteIndex):
    """Indexes prepared text; never an alias."""

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
        prefetch_related_fields(model, objs)
        data = {}
        for obj in objs:
            indexer = PortalSQLiteObjectIndexer(obj, self.backend)
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


def _term_lexemes(term, prefix=False):
    runs, rest = split_scripts(normalise(term))
    lexemes = []
    rest_words = words(fold(rest))
    for index, word in enumerate(rest_words):
        is_last = index == len(rest_words) - 1 and not runs
        lexemes.append(Lexeme(word, prefix=prefix and is_last))
    for run in runs:
        if len(run) == 1:
            lexemes.append(Lexeme(run, prefix=True))
        else:
            # A quoted string of several tokens is an FTS5 phrase.
            lexemes.append(Lexeme(" ".join(query_run_bigrams(run))))
    return lexemes


def plaintext_expression(query, prefix_last=False):
    """The FTS5 query of a PlainText query, or None when it has no word."""
    terms = words(query.query_string)
    lexemes = []
    for index, term in enumerate(terms):
        word_lexemes = _term_lexemes(term, prefix=prefix_last and index == len(terms) - 1)
        if word_lexemes:
            combined = word_lexemes[0]
            for lexeme in word_lexemes[1:]:
                combined &= lexeme
            lexemes.append(combined)
    if not lexemes:
        return None
    combined = lexemes[0]
    for lexeme in lexemes[1:]:
        combined = combined & lexeme if query.operator.upper() == "AND" else combined | lexeme
    return SearchQueryExpression(combined)


def phrase_expression(query):
    """The FTS5 phrase of a Phrase query: folded words, CJK/Thai runs as bigrams."""
    runs, rest = split_scripts(normalise(query.query_string))
    tokens = words(fold(rest))
    for run in runs:
        tokens.extend(query_run_bigrams(run))
    if not tokens:
        return None
    return SearchQueryExpression(" ".join(tokens))


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
    """Builds FTS5 queries from the portal's prepared words; titles weigh more."""

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
        if isinstance(query, PlainText):
            return plaintext_expression(query)
        if isinstance(query, Phrase):
            return phrase_expression(query)
        return super().build_search_query_content(query, config=config)


class PortalSQLiteAutocompleteQueryCompiler(NothingToFindMixin, SQLiteAutocompleteQueryCompiler):
    """Title prefixes: the last word is a prefix."""

    def build_search_query_content(self, query, config=None):
        if isinstance(query, PlainText):
            return plaintext_expression(query, prefix_last=True)
        if isinstance(query, Phrase):
            return phrase_expression(query)
        return super().build_search_query_content(query, config=config)


class PortalSQLiteSearchBackend(SQLiteSearchBackend):
    """modelsearch's SQLite FTS5 backend with the portal's text preparation."""

    index_class = PortalSQLiteIndex
    query_compiler_class = PortalSQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = PortalSQLiteAutocompleteQueryCompiler
    language_aware = False
    # FTS5's bm25() is negative, and the better the match the lower it is; modelsearch
    # orders by it ascending, and the portal's search merges sources by this flag.
    lower_score_is_better = True


SearchBackend = PortalSQLiteSearchBackend
