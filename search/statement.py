# ruff: noqa: S608 - table and column names come from the models; every value is a parameter
"""The portal search in two SQL statements, whatever the number of matches.

A visitor's search reads several sources (``search.sources``: the locale's pages, the
untranslated pages of the source language, documents, topics, organisations) and needs,
for every match, what its facets count (type, year, cities, topics). Through the ORM
that was a dozen queries, a thousand model instances and thousand-id lists sent back
and forth. Here:

1. ``SearchStatement`` (the database backends only): one scan of the full-text index
   for every analysis the sources need (the visitor's language, the source language;
   on PostgreSQL one GIN lookup for all of them), with the query compiled by the
   backend's own query compiler, so words are stemmed exactly as ``QuerySet.search()``
   stems them; then one branch per source joins its matches to its table with the
   conditions of what visitors may see (live, not expired, outside every view
   restriction, not translated yet for a fallback), ranks them (the whole text's rank,
   plus the title's × ``TITLE_WEIGHT`` × title norm) and keeps the ``MATCH_LIMIT``
   best, with each match's content type, translation key, tree path and year;
2. ``FactsStatement`` (every backend): for the matched pages, organisations and topics
   (each list one parameter), the cities and topics they link to, and the labels of
   those cities (live, public) and topics, in one statement.

Each is one round trip; planning them costs less than a generic plan would (measured:
prepared statements made the search slower, their plan not knowing the words).
Elasticsearch searches through ``QuerySet.search()`` (``search.sources.find``) and
shares the second statement.
"""

import json
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models.sql import Query
from django.utils import timezone

from modelsearch.backends.database.postgres.weights import get_sql_weights
from wagtail.documents import get_document_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
    get_page_models,
)
from wagtail.search.models import IndexEntry

from network.models import (
    CallForProposalsPage,
    CityPage,
    ConferencePage,
    NewsPage,
    Organisation,
    ProjectPage,
    ResourcePage,
    Topic,
)
from network.public.visibility import MAX_DEPTH

from .languages import ALL_LANGUAGES

# What a page is about, by page type: the first of these dates it has (else its first
# publication) gives its year.
YEAR_SOURCES = [
    (NewsPage, "date", False),
    (ProjectPage, "start_date", False),
    (ConferencePage, "start_date", False),
    (CallForProposalsPage, "opens_at", True),  # a datetime: its date where the portal is
]
# Cities a page links to (besides the city it sits under, and itself for a city).
CITY_LINKS = [
    (ProjectPage, "partner_cities"),
    (NewsPage, "related_cities"),
    (ResourcePage, "related_cities"),
]
HOST_CITY = (ConferencePage, "host_city")
TOPIC_MODELS = [ProjectPage, NewsPage, CallForProposalsPage, ResourcePage]

# How much more a word in a page's own title counts than the same word in its body
# (times the title's norm: shorter titles are closer matches), on the database backends.
TITLE_WEIGHT = 5.0


def _quote(name):
    return connection.ops.quote_name(name)


def _table(model):
    return _quote(model._meta.db_table)


def _column(model, name):
    return _quote(model._meta.get_field(name).column)


def _through(model, relation):
    """(table, owner column, target column) of a many-to-many relation."""
    through = model._meta.get_field(relation).remote_field.through
    fields = [f for f in through._meta.fields if f.is_relation]
    owner = next(f for f in fields if f.related_model is model)
    target = next(f for f in fields if f is not owner)
    return _table(through), _quote(owner.column), _quote(target.column)


def _content_type(model):
    return ContentType.objects.get_for_model(model).pk


def _page_types():
    """The content types of every page model, as SQL (from Django's cache of them)."""
    types = ContentType.objects.get_for_models(*get_page_models()).values()
    return ", ".join(sorted({str(content_type.pk) for content_type in types}))


def _searched_types():
    models = [*get_page_models(), get_document_model(), Topic, Organisation]
    types = ContentType.objects.get_for_models(*models).values()
    return sorted({content_type.pk for content_type in types})


def _uuid(value):
    if value is None or isinstance(value, uuid.UUID):
        return value
    return uuid.UUID(str(value))


class SQL:
    """SQL text with its parameters, in order (``%s`` placeholders)."""

    def __init__(self, text="", params=()):
        self.text = text
        self.params = list(params)

    def __add__(self, other):
        if isinstance(other, str):
            return SQL(self.text + other, self.params)
        return SQL(self.text + other.text, self.params + other.params)

    def __radd__(self, other):
        return SQL(other + self.text, self.params)

    @classmethod
    def join(cls, separator, parts):
        joined = SQL()
        for index, part in enumerate(parts):
            joined = joined + (separator if index else "") + part
        return joined


class Dialect:
    """What PostgreSQL and SQLite write differently."""

    def values(self, values, of="integer"):
        """A subquery of a list of values given as one parameter."""
        raise NotImplementedError

    def integer(self, sql):
        raise NotImplementedError

    def text(self, sql):
        return f"CAST({sql} AS TEXT)"

    def null(self, of):
        """NULL of a type: the branches of a union agree on their columns' types."""
        return "NULL"

    def key_from_text(self, sql):
        """A translation key given as text, comparable with a translation key column."""
        return sql

    def matched(self, n):
        """Whether analysis n matches the row ``m`` (of ``matches`` or ``pages``)."""
        return f"m.score_{n} IS NOT NULL"

    def score(self, n):
        """The rank of the row ``m`` for analysis n, higher for better matches."""
        return f"m.score_{n}"

    def match_columns(self, count):
        """The columns ``matches`` gives ``pages`` about each analysis."""
        return ", ".join(f"m.score_{n}" for n in range(count))

    def cursor(self):
        return connection.cursor()

    def run(self, statement):
        with self.cursor() as cursor:
            cursor.execute(statement.text, statement.params)
            return cursor.fetchall()


class PostgresDialect(Dialect):
    def values(self, values, of="integer"):
        # One array literal: ids, tree paths and UUIDs need no quoting, and psycopg
        # would adapt a list of a thousand values item by item.
        literal = "{" + ",".join(map(str, values)) + "}"
        return SQL(f"SELECT unnest(%s::{of}[])", [literal])

    def integer(self, sql):
        return f"({sql})::integer"

    def null(self, of):
        return f"NULL::{of}"

    def key_from_text(self, sql):
        return f"CAST({sql} AS uuid)"

    def analysis(self, backend, language):
        """The text search configuration (or tuple of them) a language is read with."""
        return backend.all_configs() if language == ALL_LANGUAGES else backend.config_for(language)

    def match(self, backend, query, config):
        """The query's tsquery in a configuration, compiled by the backend's compiler
        (and remembered: visitors repeat their searches; a query's repr says all it is)."""
        key = (type(backend), repr(query), config)
        if key not in _TSQUERIES:
            if len(_TSQUERIES) >= 512:
                _TSQUERIES.pop(next(iter(_TSQUERIES)))
            _TSQUERIES[key] = _compiled_tsquery(backend, query, config)
        return SQL(*_TSQUERIES[key])

    def matches(self, queries, content_types):
        """CTEs ``q`` (the tsqueries), ``match_<n>`` (the entries analysis n matches: one
        exact GIN lookup each, no vector read) and ``matches`` (one row per entry: its
        id, content type, object id and whether each analysis matches it). Ranks are
        computed later, for the rows a source keeps only (``score``)."""
        types = ", ".join(map(str, content_types))
        parts = [
            f"match_{n} AS MATERIALIZED (SELECT e.id, e.content_type_id, e.object_id FROM q, "
            f"{_table(IndexEntry)} e WHERE (e.title || e.body) @@ q.q{n} "
            f"AND e.content_type_id IN ({types}))"
            for n in range(len(queries))
        ]
        union = " UNION ALL ".join(
            f"SELECT id, content_type_id, object_id, {n} AS n FROM match_{n}"
            for n in range(len(queries))
        )
        hits = ", ".join(f"bool_or(n = {n}) AS hit_{n}" for n in range(len(queries)))
        return (
            SQL("q AS MATERIALIZED (SELECT ")
            + SQL.join(", ", [query + f" AS q{n}" for n, query in enumerate(queries)])
            + "), "
            + ", ".join(parts)
            + f", matches AS MATERIALIZED (SELECT id AS entry, content_type_id, object_id, {hits} "
            + f"FROM ({union}) AS u GROUP BY id, content_type_id, object_id)"
        )

    def matched(self, n):
        return f"m.hit_{n}"

    def score(self, n):
        weights = get_sql_weights()
        # The whole text's rank, plus the title's weighing TITLE_WEIGHT more (times the
        # title's norm: shorter titles are closer matches).
        return (
            f"(SELECT ts_rank('{weights}', e.title || e.body, q.q{n}) + {TITLE_WEIGHT} * "
            f"e.title_norm * ts_rank('{weights}', e.title, q.q{n}) "
            f"FROM q, {_table(IndexEntry)} e WHERE e.id = m.entry)"
        )

    def match_columns(self, count):
        return ", ".join(["m.entry", *(f"m.hit_{n}" for n in range(count))])


class SQLiteDialect(Dialect):
    def values(self, values, of="integer"):
        # SQLite keeps UUIDs as 32 hexadecimal characters.
        items = [value.hex if isinstance(value, uuid.UUID) else value for value in values]
        return SQL("SELECT value FROM json_each(%s)", [json.dumps(items)])

    def integer(self, sql):
        return f"CAST({sql} AS INTEGER)"

    def analysis(self, backend, language):
        """The languages (a tuple) whose stems a language is read with."""
        if language == ALL_LANGUAGES:
            return backend.all_languages()
        return (backend.language_for(language),)

    def match(self, backend, query, languages):
        """The query's FTS5 MATCH string in some languages, built by the backend's
        compiler."""
        compiler = backend.query_compiler_class(Page.objects.all(), query)
        expression = compiler.match_expression(query, languages)
        return None if expression is None else SQL("%s", [expression])

    def matches(self, queries, content_types):
        """CTEs ``match_<n>`` (one FTS5 query per analysis: bm25() must be read where
        its MATCH is) and ``matches``, one row per entry with each analysis's score."""
        fts = _quote(f"{IndexEntry._meta.db_table}_fts")
        # Its columns are (autocomplete, body, title): bm25() weighs one at a time.
        title, body = f"bm25({fts}, 0.0, 0.0, 1.0)", f"bm25({fts}, 0.0, 1.0, 0.0)"
        parts = []
        for n, query in enumerate(queries):
            scores = ", ".join(
                (f"-({title} * {TITLE_WEIGHT} * e.title_norm + {body})" if k == n else "NULL")
                + f" AS score_{k}"
                for k in range(len(queries))
            )
            parts.append(
                SQL(
                    f"match_{n} AS MATERIALIZED (SELECT e.content_type_id, e.object_id, "
                    f"{scores} FROM {fts} JOIN {_table(IndexEntry)} e ON e.id = {fts}.rowid "
                    f"WHERE {fts} MATCH "
                )
                + query
                + f" AND e.content_type_id IN ({', '.join(map(str, content_types))}))"
            )
        keys = "content_type_id, object_id"
        maxima = ", ".join(f"MAX(score_{n}) AS score_{n}" for n in range(len(queries)))
        union = " UNION ALL ".join(f"SELECT * FROM match_{n}" for n in range(len(parts)))
        return SQL.join(", ", parts) + (
            f", matches AS MATERIALIZED (SELECT {keys}, {maxima} FROM ({union}) GROUP BY {keys})"
        )


_TSQUERIES = {}


def _compiled_tsquery(backend, query, config):
    """(sql, params) of a query's tsquery in a configuration."""
    compiler = backend.query_compiler_class(Page.objects.all(), query)
    expression = compiler.build_tsquery(query, config=config)
    sql, params = Query(IndexEntry).get_compiler(connection=connection).compile(expression)
    return sql, tuple(params)


def dialect():
    """The dialect of the default database."""
    return PostgresDialect() if connection.vendor == "postgresql" else SQLiteDialect()


def private(alias):
    """Whether the page ``alias`` is under a view restriction (its own or an ancestor's)."""
    return (
        f"EXISTS (SELECT 1 FROM {_table(PageViewRestriction)} r "
        f"JOIN {_table(Page)} rp ON rp.id = r.page_id "
        f"WHERE {alias}.path LIKE rp.path || '%%')"
    )


def hidden_ancestor(alias):
    """Whether an ancestor of the page ``alias`` (below the root) is unpublished or
    expired: its ancestors' paths are the prefixes of its own, found through the unique
    index on ``path`` (as ``network.public.visibility.hidden_ancestor_q``)."""
    prefixes = ", ".join(
        f"SUBSTR({alias}.path, 1, {Page.steplen * depth})" for depth in range(2, MAX_DEPTH)
    )
    return (
        f"EXISTS (SELECT 1 FROM {_table(Page)} a WHERE a.path IN ({prefixes}) "
        f"AND a.depth < {alias}.depth "
        f"AND (NOT a.live OR (a.expire_at IS NOT NULL AND a.expire_at <= %s)))"
    )


def visible_page(alias, now):
    """Whether the page ``alias`` may be shown: live, below the root, not expired, no
    hidden ancestor, public (the rule of ``network.public.visibility``)."""
    return SQL(
        f"{alias}.live AND {alias}.depth > 1 AND ({alias}.expire_at IS NULL OR "
        f"{alias}.expire_at > %s) AND NOT {hidden_ancestor(alias)} AND NOT {private(alias)}",
        [now, now],
    )


class SearchStatement:
    """The matches of a query in some sources, with their facts (see the module
    docstring). ``rows()``: (source index, score, pk, content type, translation key,
    path), scores higher for better matches."""

    def __init__(self, backend, search_sources, query, limit):
        self.backend = backend
        self.sources = search_sources
        self.query = query
        self.limit = limit
        self.dialect = dialect()
        self.now = timezone.now()
        self.analyses = []  # the distinct languages the query is analysed as

    def _analysis(self, language):
        """The index of the analysis of a language (languages analysed alike share one:
        documents, without a language, and English pages are both read as English)."""
        key = self.dialect.analysis(self.backend, language)
        if key not in self.analyses:
            self.analyses.append(key)
        return self.analyses.index(key)

    def _locale(self, source, alias):
        if source.locale is not None:
            return SQL(f"{alias}.locale_id = %s", [source.locale.pk])
        if source.other_than is not None:
            return SQL(f"{alias}.locale_id <> %s", [source.other_than.pk])
        return SQL("1 = 1")

    def _untranslated(self, source, alias):
        """Whether the row ``alias`` has no translation visitors may see in the locale
        the source falls back for."""
        if source.untranslated_in is None:
            return None
        if source.name == "page":
            return (
                SQL(
                    f"NOT EXISTS (SELECT 1 FROM {_table(Page)} t WHERE t.translation_key "
                    f"= {alias}.translation_key AND t.locale_id = %s AND t.alias_of_id IS NULL "
                    "AND ",
                    [source.untranslated_in.pk],
                )
                + visible_page("t", self.now)
                + ")"
            )
        model = Topic if source.name == "topic" else Organisation
        return SQL(
            f"NOT EXISTS (SELECT 1 FROM {_table(model)} t "
            f"WHERE t.translation_key = {alias}.translation_key AND t.locale_id = %s)",
            [source.untranslated_in.pk],
        )

    def _branch(self, kind, sources):
        """One SELECT for the sources of one kind (each an ``(index, Source)``): the
        kind's best matches, each with the index of its source. The sources of a kind
        read different locales, so a cheap condition tells them apart (``CASE``)."""
        integer, null = self.dialect.integer, self.dialect.null
        alias = {"page": "m", "document": "d"}.get(kind, "o")
        which, scores, conditions = [], [], []
        for index, source in sources:
            analysis = self._analysis(source.language())
            own = SQL(self.dialect.matched(analysis) + " AND ") + self._locale(source, alias)
            which.append(SQL(" WHEN ") + own + f" THEN {index}")
            scores.append(SQL(" WHEN ") + own + f" THEN {self.dialect.score(analysis)}")
            untranslated = self._untranslated(source, alias)
            conditions.append(
                SQL("(") + own + (SQL(" AND ") + untranslated if untranslated else "") + ")"
            )
        if len(sources) == 1:
            index, source = sources[0]
            branch = str(index)
            score = self.dialect.score(self._analysis(source.language()))
        else:
            branch = SQL("CASE") + SQL.join("", which) + " END"
            score = SQL("CASE") + SQL.join("", scores) + " END"
        where = [SQL("(") + SQL.join(" OR ", conditions) + ")"]
        if kind == "page":
            # The matched pages were joined to their table once (``pages``).
            table, joined = "pages", ""
            facts = "m.id, m.content_type_id, m.translation_key, m.path"
        elif kind == "document":
            model = get_document_model()
            table = "matches"
            joined = f"JOIN {_table(model)} d ON d.id = {integer('m.object_id')}"
            where.append(SQL("m.content_type_id = %s", [_content_type(model)]))
            where.append(
                SQL(
                    f"NOT EXISTS (SELECT 1 FROM {_table(CollectionViewRestriction)} r "
                    f"JOIN {_table(Collection)} rc ON rc.id = r.collection_id "
                    f"JOIN {_table(Collection)} dc ON dc.id = d.collection_id "
                    "WHERE dc.path LIKE rc.path || '%%')"
                )
            )
            facts = f"d.id, {null('integer')}, {null('uuid')}, {null('text')}"
        else:
            model = Topic if kind == "topic" else Organisation
            table = "matches"
            joined = f"JOIN {_table(model)} o ON o.id = {integer('m.object_id')}"
            where.append(SQL("m.content_type_id = %s", [_content_type(model)]))
            facts = f"o.id, {null('integer')}, o.translation_key, {null('text')}"
        return (
            SQL("SELECT * FROM (SELECT ")
            + branch
            + " AS branch, "
            + score
            + f" AS score, {facts} FROM {table} m {joined} WHERE "
            + SQL.join(" AND ", where)
            + f" ORDER BY 2 DESC, 3 DESC LIMIT {int(self.limit)}) AS {kind}_branch"
        )

    def _pages(self):
        """The CTE of the matched pages visitors may see, in the locales the page sources
        read, joined to their table once for all of them."""
        columns = self.dialect.match_columns(len(self.analyses))
        where = [
            SQL(f"m.content_type_id IN ({_page_types()})"),
            visible_page("p", self.now),
        ]
        sources = [source for source in self.sources if source.name == "page"]
        if all(source.locale is not None for source in sources):
            locales = sorted({source.locale.pk for source in sources})
            where.append(SQL(f"p.locale_id IN ({', '.join(map(str, locales))})"))
        return (
            SQL(
                "pages AS MATERIALIZED (SELECT p.id, p.locale_id, p.translation_key, p.path, "
                f"p.content_type_id, {columns} FROM matches m "
                f"JOIN {_table(Page)} p ON p.id = {self.dialect.integer('m.object_id')} WHERE "
            )
            + SQL.join(" AND ", where)
            + ")"
        )

    def build(self):
        """The statement, or None when the query has nothing to look for."""
        kinds = {}
        for index, source in enumerate(self.sources):
            kinds.setdefault(source.name, []).append((index, source))
        branches = [self._branch(kind, sources) for kind, sources in kinds.items()]
        queries = [self.dialect.match(self.backend, self.query, key) for key in self.analyses]
        if not branches or any(query is None for query in queries):
            return None
        return (
            SQL("WITH ")
            + self.dialect.matches(queries, _searched_types())
            + ", "
            + self._pages()
            + " "
            + SQL.join(" UNION ALL ", branches)
        )

    def rows(self):
        statement = self.build()
        if statement is None:
            return []
        return [(*row[:4], _uuid(row[4]), row[5]) for row in self.dialect.run(statement)]


class FactsStatement:
    """What the facets of some matches need, in one statement: the cities (translation
    keys) and topics (slugs) the matched pages, organisations and topics link to, the
    cities at some tree paths (the pages' parents), the year each page and document is
    about, and the labels of those cities (live, public ones) and topics in every
    locale.

    ``rows()``, all text: ("city" | "topic" | "year", owner kind ("page", "path",
    "organisation", "topic", "document"), owner's pk or path, value, -, -) for the
    links (and the year a page or document is about), ("city-label", locale pk, key,
    slug, title, country) and ("topic-label", locale pk, slug, name, -, -) for the
    labels.
    """

    def __init__(self, pages=(), parent_paths=(), organisations=(), topics=(), documents=()):
        self.pages = list(pages)
        self.parent_paths = list(parent_paths)
        self.organisations = list(organisations)
        self.topics = list(topics)
        self.documents = list(documents)
        self.dialect = dialect()
        self.now = timezone.now()

    def _year(self):
        """The year a page (``p``) is about."""
        zone = timezone.get_current_timezone_name()
        parts = []
        for model, name, is_datetime in YEAR_SOURCES:
            value, params = f"x.{_column(model, name)}", []
            if is_datetime:
                value, params = connection.ops.datetime_cast_date_sql(value, [], zone)
            parts.append(
                SQL(f"(SELECT {value} FROM {_table(model)} x WHERE x.page_ptr_id = p.id)", params)
            )
        parts.append(SQL(*connection.ops.datetime_cast_date_sql("p.first_published_at", [], zone)))
        return self._integer_year(SQL("COALESCE(") + SQL.join(", ", parts) + ")")

    def _integer_year(self, date):
        sql, params = connection.ops.date_extract_sql("year", date.text, date.params)
        return SQL(self.dialect.integer(sql), params)

    def _link(self, kind, owner, sql, ids, params=()):
        """One relation's links: ``sql`` selects (owner's pk, value) and ends with
        ``IN (``, completed with the owners' ids."""
        text, null = self.dialect.text, self.dialect.null
        return (
            SQL(f"SELECT '{kind}' AS kind, '{owner}' AS owner, {text('a.o')} AS id, ")
            + SQL(f"{text('a.v')} AS v, ")
            + SQL(f"{null('text')} AS e, {null('text')} AS f FROM ({sql}", params)
            + ids
            + ")) AS a"
        )

    def _links(self):
        page = _table(Page)
        parts = []
        if self.pages:
            ids = self.dialect.values(self.pages)
            for model, relation in CITY_LINKS:
                table, owner, target = _through(model, relation)
                parts.append(
                    self._link(
                        "city",
                        "page",
                        f"SELECT x.{owner} AS o, c.translation_key AS v FROM {table} x "
                        f"JOIN {page} c ON c.id = x.{target} WHERE x.{owner} IN (",
                        ids,
                    )
                )
            model, name = HOST_CITY
            parts.append(
                self._link(
                    "city",
                    "page",
                    f"SELECT x.page_ptr_id AS o, c.translation_key AS v FROM {_table(model)} x "
                    f"JOIN {page} c ON c.id = x.{_column(model, name)} WHERE x.page_ptr_id IN (",
                    ids,
                )
            )
            for model in TOPIC_MODELS:
                table, owner, target = _through(model, "topics")
                parts.append(
                    self._link(
                        "topic",
                        "page",
                        f"SELECT x.{owner} AS o, t.slug AS v FROM {table} x "
                        f"JOIN {_table(Topic)} t ON t.id = x.{target} WHERE x.{owner} IN (",
                        ids,
                    )
                )
        if self.parent_paths:
            # The city a page sits under (a project, a city's news), by its tree path.
            parts.append(
                self._link(
                    "city",
                    "path",
                    f"SELECT c.path AS o, c.translation_key AS v FROM {page} c "
                    "WHERE c.content_type_id = %s AND c.path IN (",
                    self.dialect.values(self.parent_paths, "text"),
                    [_content_type(CityPage)],
                )
            )
        if self.pages:
            year = self._year()
            parts.append(
                self._link(
                    "year",
                    "page",
                    f"SELECT p.id AS o, {year.text} AS v FROM {page} p WHERE p.id IN (",
                    self.dialect.values(self.pages),
                    year.params,
                )
            )
        if self.documents:
            model = get_document_model()
            zone = timezone.get_current_timezone_name()
            created = SQL(*connection.ops.datetime_cast_date_sql("d.created_at", [], zone))
            year = self._integer_year(created)
            parts.append(
                self._link(
                    "year",
                    "document",
                    f"SELECT d.id AS o, {year.text} AS v FROM {_table(model)} d WHERE d.id IN (",
                    self.dialect.values(self.documents),
                    year.params,
                )
            )
        if self.organisations:
            parts.append(
                self._link(
                    "city",
                    "organisation",
                    f"SELECT o.id AS o, c.translation_key AS v FROM {_table(Organisation)} o "
                    f"JOIN {page} c ON c.id = o.city_id WHERE o.id IN (",
                    self.dialect.values(self.organisations),
                )
            )
        if self.topics:
            parts.append(
                self._link(
                    "topic",
                    "topic",
                    f"SELECT t.id AS o, t.slug AS v FROM {_table(Topic)} t WHERE t.id IN (",
                    self.dialect.values(self.topics),
                )
            )
        return parts

    def build(self):
        links = self._links()
        if not links:
            return None
        text, null = self.dialect.text, self.dialect.null
        key = self.dialect.key_from_text("v")
        return (
            SQL("WITH links AS MATERIALIZED (")
            + SQL.join(" UNION ALL ", links)
            + ") SELECT * FROM links UNION ALL "
            + SQL(
                f"SELECT 'city-label', {text('c.locale_id')}, {text('c.translation_key')}, "
                f"c.slug, c.title, cp.country FROM {_table(Page)} c "
                f"JOIN {_table(CityPage)} cp ON cp.page_ptr_id = c.id WHERE c.translation_key "
                f"IN (SELECT {key} FROM links WHERE kind = 'city') AND "
            )
            + visible_page("c", self.now)
            + f" UNION ALL SELECT 'topic-label', {text('t.locale_id')}, t.slug, t.name, "
            + f"{null('text')}, {null('text')} FROM {_table(Topic)} t "
            + "WHERE t.slug IN (SELECT v FROM links WHERE kind = 'topic')"
        )

    def rows(self):
        statement = self.build()
        return [] if statement is None else self.dialect.run(statement)


def result_pages(pks):
    """The pages of a page of results, in one query, as ``Page`` objects with what a
    result shows: title, address (tree and URL paths), locale, content type; and
    ``_text``, the plain text the search index keeps of the page (for its excerpt),
    where it keeps one (PostgreSQL's), else None."""
    keeps_text = any(field.name == "body_text" for field in IndexEntry._meta.get_fields())
    text = (
        f"(SELECT e.body_text FROM {_table(IndexEntry)} e WHERE e.content_type_id = "
        "p.content_type_id AND e.object_id = CAST(p.id AS VARCHAR(50)))"
        if keeps_text
        else "NULL"
    )
    ids = dialect().values(pks)
    sql = (
        SQL(
            "SELECT p.id, p.title, p.url_path, p.path, p.depth, p.locale_id, p.translation_key, "
            f"p.content_type_id, p.live, p.alias_of_id, {text} AS _text FROM {_table(Page)} p "
            "WHERE p.id IN ("
        )
        + ids
        + ")"
    )
    return list(Page.objects.raw(sql.text, sql.params))
