"""Elasticsearch 8/9 for the portal: modelsearch's backend with three additions.

1. Per-language analysis. The index settings define one analyzer per content language
   (``portal_fr`` is Elasticsearch's ``french``, ``portal_ja`` its ``cjk``, ``portal_th``
   its ``thai``, ...; ``search.languages``). Each document also carries its text in the
   fields of its own language (``_portal_title_fr``, ``_portal_all_fr``), and a query on
   a queryset filtered to a locale searches those fields: French content is stemmed as
   French, and so are French queries. Text is accent-folded on both sides first.
2. Atomic rebuilds. ``update_index`` fills a new index and then swaps the alias visitors
   search (modelsearch's atomic rebuilder, always on here), so search is never empty
   during a rebuild. Changes published while it runs are queued and replayed into the
   new index when it finishes. Documents are only ever written through the alias
   (``require_alias``), so no index is auto-created with a wrong mapping.
3. Resilience. A write that fails (cluster down, timeout) is logged and queued
   (``search.models.PendingIndexUpdate``) and publishing goes on: writes use a one-second
   timeout and no retries, and after a failure the cluster is left alone for
   ``DOWN_SECONDS``. A search that fails is answered by the database backend (kept up to
   date beside this one), and its results say so (``results.degraded``).

Alias pages are never indexed, as with the database backends.
"""

import contextlib
import logging

from django.conf import settings
from django.utils import timezone

from modelsearch.backends import get_search_backend
from modelsearch.backends.elasticsearchbase import (
    ElasticsearchAtomicIndexRebuilder,
    ElasticsearchAutocompleteQueryCompilerImpl,
    Field,
)
from modelsearch.query import Phrase, PlainText
from modelsearch.utils import deep_update

import elastic_transport
import elasticsearch

from ..languages import elasticsearch_analyzer, field_suffix, language_of_queryset
from ..models import IndexRebuild
from ..text import fold, normalise
from . import database
from .catchup import catch_up, is_down, mark_down, queue, rebuild_running
from .common import indexing_languages, is_alias, searchable_texts, split_aliases

if int(elasticsearch.__versionstr__.split(".")[0]) >= 9:
    from modelsearch.backends.elasticsearch9 import (
        Elasticsearch9AutocompleteQueryCompiler as BaseAutocompleteQueryCompiler,
    )
    from modelsearch.backends.elasticsearch9 import Elasticsearch9Index as BaseIndex
    from modelsearch.backends.elasticsearch9 import Elasticsearch9Mapping as BaseMapping
    from modelsearch.backends.elasticsearch9 import (
        Elasticsearch9SearchBackend as BaseBackend,
    )
    from modelsearch.backends.elasticsearch9 import (
        Elasticsearch9SearchQueryCompiler as BaseQueryCompiler,
    )
    from modelsearch.backends.elasticsearch9 import (
        Elasticsearch9SearchResults as BaseResults,
    )
else:  # pragma: no cover - the Elasticsearch 8 client
    from modelsearch.backends.elasticsearch8 import (
        Elasticsearch8AutocompleteQueryCompiler as BaseAutocompleteQueryCompiler,
    )
    from modelsearch.backends.elasticsearch8 import Elasticsearch8Index as BaseIndex
    from modelsearch.backends.elasticsearch8 import Elasticsearch8Mapping as BaseMapping
    from modelsearch.backends.elasticsearch8 import (
        Elasticsearch8SearchBackend as BaseBackend,
    )
    from modelsearch.backends.elasticsearch8 import (
        Elasticsearch8SearchQueryCompiler as BaseQueryCompiler,
    )
    from modelsearch.backends.elasticsearch8 import (
        Elasticsearch8SearchResults as BaseResults,
    )

logger = logging.getLogger(__name__)

WRITE_TIMEOUT = 1.0
# Errors that mean the cluster cannot be reached (as opposed to a refused request).
UNREACHABLE = (elastic_transport.TransportError,)


def content_languages():
    return [code for code, _name in settings.LANGUAGES]


def analysis_settings():
    """The index settings' analyzers: one per content language."""
    return {
        "settings": {
            "analysis": {
                "analyzer": {
                    f"portal_{field_suffix(code)}": {"type": elasticsearch_analyzer(code)}
                    for code in content_languages()
                }
            }
        }
    }


def title_field(code):
    return f"_portal_title_{field_suffix(code)}"


def all_field(code):
    return f"_portal_all_{field_suffix(code)}"


def prepare(text):
    return fold(normalise(text))


class PortalElasticsearchMapping(BaseMapping):
    """modelsearch's mapping plus, for each language, a title and an all-text field
    analysed as that language."""

    def get_mapping(self):
        mapping = super().get_mapping()
        for code in content_languages():
            analyzer = f"portal_{field_suffix(code)}"
            mapping["properties"][title_field(code)] = {"type": "text", "analyzer": analyzer}
            mapping["properties"][all_field(code)] = {"type": "text", "analyzer": analyzer}
        return mapping

    def get_document(self, obj):
        document = super().get_document(obj)
        code = getattr(obj, "_portal_language", None)
        if code in content_languages():
            titles, others = searchable_texts(obj)
            document[title_field(code)] = prepare(" ".join(titles))
            document[all_field(code)] = prepare(" ".join(titles + others))
        return document


class PortalElasticsearchIndex(BaseIndex):
    """Never indexes an alias page; single writes are quick and never raise."""

    use_require_alias = True

    def _with_languages(self, model, items):
        codes, related = indexing_languages(model, items)
        for item in items:
            item._portal_language = codes[id(item)]
            item._portal_related = related
        return items

    def add_items(self, model, items):
        items, aliases = split_aliases(list(items))
        for alias in aliases:
            self.delete_item(alias)
        super().add_items(model, self._with_languages(model, items))

    def _write(self, item, action):
        """Run a single-document write, or queue it; never raise."""
        if rebuild_running():
            # The new index is being filled: replay this change into it afterwards.
            queue(item)
        if is_down():
            queue(item, "Elasticsearch was unreachable.")
            return
        try:
            action(self.backend.write_client)
        except Exception as error:  # any failure: queue, log, go on
            if isinstance(error, UNREACHABLE):
                mark_down(error)
            queue(item, str(error)[:1000])
            logger.warning("Could not update %r in Elasticsearch (%s); queued.", item, error)

    def add_item(self, item):
        if is_alias(item):
            self.delete_item(item)
            return
        self._with_languages(type(item), [item])
        mapping = self.mapping_class(item.__class__)

        def index(client):
            if self.use_require_alias:
                client.index(
                    index=self.name,
                    document=mapping.get_document(item),
                    id=mapping.get_document_id(item),
                    require_alias=True,
                )
            else:  # pragma: no cover - OpenSearch clients
                client.index(
                    index=self.name,
                    body=mapping.get_document(item),
                    id=mapping.get_document_id(item),
                )

        self._write(item, index)

    def delete_item(self, item):
        mapping = self.mapping_class(item.__class__)

        def delete(client):
            with contextlib.suppress(self.backend.NotFoundError):
                client.delete(index=self.name, id=mapping.get_document_id(item))

        self._write(item, delete)


class LanguageFieldsMixin:
    """Queries on a queryset filtered to a locale search that language's fields."""

    def _remap_fields(self, fields):
        language = None if fields else language_of_queryset(self.queryset)
        self.portal_language = language if language in content_languages() else None
        if self.portal_language:
            return [Field(title_field(language), 2), Field(all_field(language), 1)]
        return super()._remap_fields(fields)

    def _folded(self, query):
        if not getattr(self, "portal_language", None):
            return query
        if isinstance(query, PlainText):
            return PlainText(prepare(query.query_string), operator=query.operator)
        return Phrase(prepare(query.query_string))

    def _compile_plaintext_query(self, query, fields, boost=1.0):
        return super()._compile_plaintext_query(self._folded(query), fields, boost)

    def _compile_phrase_query(self, query, fields):
        return super()._compile_phrase_query(self._folded(query), fields)


class PortalElasticsearchSearchQueryCompiler(LanguageFieldsMixin, BaseQueryCompiler):
    """modelsearch's query compiler, language-aware."""

    mapping_class = PortalElasticsearchMapping


class PortalElasticsearchAutocompleteQueryCompiler(BaseAutocompleteQueryCompiler):
    """modelsearch's autocomplete (edge n-grams, accent-folded by its analyzer)."""

    mapping_class = PortalElasticsearchMapping


class PortalElasticsearchResults(BaseResults):
    """Results that come from the database backend when the cluster cannot answer."""

    degraded = False

    def _fallback(self):
        self.degraded = True
        compiler = self.query_compiler
        backend = self.backend.fallback_backend()
        run = (
            backend.autocomplete
            if isinstance(compiler, ElasticsearchAutocompleteQueryCompilerImpl)
            else backend.search
        )
        results = run(
            compiler.query,
            compiler.queryset,
            fields=compiler.fields,
            order_by_relevance=compiler.order_by_relevance,
        )
        self.lower_score_is_better = getattr(backend, "lower_score_is_better", False)
        if self._score_field:
            results = results.annotate_score(self._score_field)
        return results[self.start : self.stop]

    def _guarded(self, action, fallback):
        if not is_down():
            try:
                return action()
            except Exception as error:  # any failure: the database answers
                if isinstance(error, UNREACHABLE):
                    mark_down(error)
                else:
                    logger.warning("Elasticsearch could not search (%s).", error)
        return fallback()

    def _do_search(self):
        return self._guarded(
            lambda: list(super(PortalElasticsearchResults, self)._do_search()),
            lambda: list(self._fallback()),
        )

    def _do_count(self):
        return self._guarded(
            lambda: super(PortalElasticsearchResults, self)._do_count(),
            lambda: self._fallback().count(),
        )

    def facet(self, field_name):
        return self._guarded(
            lambda: super(PortalElasticsearchResults, self).facet(field_name),
            lambda: self._fallback().facet(field_name),
        )


class PortalAtomicRebuilder(ElasticsearchAtomicIndexRebuilder):
    """modelsearch's atomic rebuild (new index, then alias swap), recorded so changes
    published meanwhile are queued, and replayed into the new index at the end."""

    def start(self):
        self.record = IndexRebuild.objects.create(index_name=self.alias.name)
        return super().start()

    def finish(self):
        super().finish()
        self.record.finished_at = timezone.now()
        self.record.save(update_fields=["finished_at"])
        catch_up(self.alias.backend, index_name=self.alias.name)


class PortalElasticsearchBackend(BaseBackend):
    """modelsearch's Elasticsearch backend with per-language analyzers, atomic rebuilds
    and resilience (see the module docstring).

    Extra parameter: ``FALLBACK`` names the backend (in ``WAGTAILSEARCH_BACKENDS``) that
    answers while the cluster is unreachable; default ``"database"``.
    """

    mapping_class = PortalElasticsearchMapping
    index_class = PortalElasticsearchIndex
    query_compiler_class = PortalElasticsearchSearchQueryCompiler
    autocomplete_query_compiler_class = PortalElasticsearchAutocompleteQueryCompiler
    results_class = PortalElasticsearchResults
    atomic_rebuilder_class = PortalAtomicRebuilder
    language_aware = True

    def __init__(self, params):
        params = dict(params)
        self.fallback_name = params.pop("FALLBACK", "database")
        params["INDEX_SETTINGS"] = deep_update(
            analysis_settings(), params.pop("INDEX_SETTINGS", {})
        )
        super().__init__(params)
        # Never a rebuild that empties the live index first.
        self.rebuilder_class = self.atomic_rebuilder_class
        self.write_client = self.es.options(
            request_timeout=WRITE_TIMEOUT, max_retries=0, retry_on_timeout=False
        )

    def fallback_backend(self):
        if self.fallback_name in settings.WAGTAILSEARCH_BACKENDS:
            return get_search_backend(self.fallback_name)
        return database.SearchBackend({})


SearchBackend = PortalElasticsearchBackend
