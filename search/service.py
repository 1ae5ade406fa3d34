"""The portal's search, as the search page, the API and the benchmark run it.

``PortalSearch(query, locale, filters).run()`` searches, in the visitor's locale, what
``search.sources`` lists:

- live, public pages of the locale (never the root, never an alias: aliases are not
  indexed), and the pages of the source language not translated into it (the whole
  network in every language: they are listed at the address the visitor's language
  serves them at, marked with their language);
- documents of collections without a view restriction (documents have no language);
- topics and organisations (the snippets visitors look for; people are not searched).

It merges their matches by relevance, counts the facets, takes out the pages an editor
promoted for that query (shown above the results instead), records the query for the
popular-searches report and, when the visitor's language has no result, offers the
best results of the other languages, each marked with its language.
``PortalSearch.hits(matches)`` then loads one page of results with their highlighted
excerpts, in a fixed number of queries.

On the database backends every source is searched in one SQL statement and the
facets need three more queries, whatever the number of matches (``search.sources``,
``search.facets``); on Elasticsearch each source is one search, and when the cluster is
unreachable its backend answers from the database backend and says so
(``results.degraded``), which becomes ``notice``.
"""

import logging
import time
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from modelsearch.index import SearchField
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.documents import get_document_model
from wagtail.models import Page, get_page_models
from wagtail.search.utils import normalise_query_string

from network.i18n.aliases import language_versions
from network.i18n.languages import bcp47, language_label
from network.models import Organisation, ProjectIndexPage, Topic

from . import facets as facet_tools
from .highlight import Highlighter
from .languages import locale_codes
from .query import parse_query
from .sources import Source, find, public_pages, sources
from .sql import values_in
from .statement import result_pages

logger = logging.getLogger(__name__)

PAGE_SIZE = 10
OTHER_LANGUAGES_LIMIT = 10
# Excerpts come from the beginning of long texts: enough to find the words in.
MAX_EXCERPT_SOURCE = 20_000
# A page of another language (not yet translated) weighs a little less than the
# visitor's own language when both match equally.
FALLBACK_WEIGHT = 0.8


def language_name(code):
    """A result's language on its badge: a label, named in that language."""
    return language_label(code)


@dataclass
class Hit:
    """One result as the page and the API show it.

    ``fallback_from`` is the language code of a result that is not in the visitor's
    language (a page not translated yet, listed at its address in the visitor's
    language; or, under "other languages", a page of another language); empty
    otherwise. ``language_name`` is then set too, for the visible label.
    """

    kind: str
    kind_label: str
    title: str
    title_html: SafeString
    url: str
    excerpt: SafeString
    language: str = ""
    language_name: str = ""
    fallback_from: str = ""
    year: int | None = None
    obj: object = None
    pk: int | None = None

    @property
    def lang(self):
        """The language as HTML's ``lang`` attribute wants it (zh-Hans)."""
        return bcp47(self.language) if self.language else ""


@dataclass
class Promotion:
    """A result an editor put forward for this query."""

    title: str
    url: str
    description: str
    external: bool = False


@dataclass
class SearchOutcome:
    query: str = ""
    messages: list = field(default_factory=list)
    notice: str = ""
    results: list = field(default_factory=list)  # facet_tools.Match, best first
    facets: dict = field(default_factory=dict)
    filters: facet_tools.Filters = field(default_factory=facet_tools.Filters)
    filter_errors: dict = field(default_factory=dict)
    promotions: list = field(default_factory=list)
    other_languages: list = field(default_factory=list)  # Hit

    @property
    def message(self):
        return " ".join(str(message) for message in self.messages)

    @property
    def count(self):
        return len(self.results)


PROMOTED_QUERIES = "search:promoted-queries"


def promoted_queries():
    """The query strings editors promoted results for, kept in the cache (forgotten
    when a promotion changes, see ``search.signals``): most searches have none, and
    then need no query to say so."""
    strings = cache.get(PROMOTED_QUERIES)
    if strings is None:
        strings = frozenset(
            SearchPromotion.objects.values_list("query__query_string", flat=True).distinct()
        )
        cache.set(PROMOTED_QUERIES, strings, 3600)
    return strings


def forget_promoted_queries(**kwargs):
    cache.delete(PROMOTED_QUERIES)


def page_kinds():
    """{kind: model} of the page types, and the other kinds of results."""
    kinds = {model._meta.model_name: model for model in get_page_models() if model is not Page}
    kinds.update({"document": get_document_model(), "topic": Topic, "organisation": Organisation})
    return kinds


def _searchable_text(obj):
    """The object's own searchable text: its fields' values only (neither related
    objects nor computed names such as ``related_city_titles``: no extra query)."""
    texts = []
    own_fields = {field.name for field in obj._meta.concrete_fields}
    for search_field in obj.get_search_fields():
        if (
            not isinstance(search_field, SearchField)
            or search_field.field_name == "title"
            or search_field.field_name not in own_fields
        ):
            continue
        value = search_field.get_value(obj)
        if isinstance(value, list | tuple):
            value = " ".join(str(item) for item in value)
        if value:
            texts.append(str(value)[:MAX_EXCERPT_SOURCE])
    return " ".join(texts)


class PortalSearch:
    """One visitor's search (see the module docstring)."""

    def __init__(self, query, locale, filters=None, *, request=None, absolute_urls=False):
        self.raw_query = query
        self.locale = locale
        self.filter_data = filters or {}
        self.request = request
        self.absolute_urls = absolute_urls
        self.parsed = None
        self.highlighter = None
        self.outcome = SearchOutcome()
        # Seconds spent in each step (matching, facets, promotions, results), for the
        # benchmark and for anyone looking into a slow search.
        self.timings = defaultdict(float)

    @contextmanager
    def _timed(self, step):
        started = time.perf_counter()
        try:
            yield
        finally:
            self.timings[step] += time.perf_counter() - started

    # Running the search

    def run(self, record=True):
        outcome = self.outcome
        self.parsed = parse_query(self.raw_query)
        outcome.query = self.parsed.text
        outcome.messages.extend(self.parsed.messages)
        outcome.filters, outcome.filter_errors = facet_tools.clean_filters(
            self.filter_data, self.locale, page_kinds()
        )
        outcome.messages.extend(
            _("%(error)s That filter was left out.") % {"error": error}
            for error in outcome.filter_errors.values()
        )
        if self.parsed.query is None:
            return outcome
        self.highlighter = Highlighter(self.parsed.terms, self.locale.language_code)

        with self._timed("match"):
            matches, degraded = find(sources(self.locale), self.parsed.query)
        if degraded:
            outcome.notice = _(
                "Our search service is unavailable at the moment: these results come from "
                "a simpler search and may be less complete."
            )
        for match in matches:
            if match.fallback:
                match.relevance *= FALLBACK_WEIGHT

        with self._timed("facets"):
            labels = facet_tools.annotate(matches, self.locale)
            outcome.facets = facet_tools.count(matches, outcome.filters, labels)
        with self._timed("promotions"):
            outcome.promotions, promoted_keys = self.promotions()
        results = [
            match
            for match in matches
            if facet_tools.passes(match, outcome.filters)
            and not (match.source == "page" and match.translation_key in promoted_keys)
        ]
        results.sort(key=lambda match: -match.relevance)
        outcome.results = results

        # Documents have no language: only pages and snippets say the visitor's
        # language has something.
        if (
            not any(match.source != "document" for match in results)
            and not outcome.filters
            and not outcome.promotions
        ):
            outcome.other_languages = self.other_languages(
                {match.translation_key for match in results}
            )
        if record:
            Query.get(outcome.query).add_hit()
        return outcome

    def promotions(self):
        """(promotions for this query in the visitor's locale, their pages' translation keys).

        A promoted page is shown in the visitor's language: the page itself or its live,
        public translation; a page with neither is left out. External links are shown
        in every language.
        """
        query_string = normalise_query_string(self.parsed.text)
        if query_string not in promoted_queries():
            return [], set()
        picks = list(
            SearchPromotion.objects.filter(query__query_string=query_string).select_related("page")
        )
        if not picks:
            return [], set()
        keys = {pick.page.translation_key for pick in picks if pick.page_id}
        pages = {
            page.translation_key: page
            for page in public_pages(self.locale).filter(translation_key__in=keys)
        }
        promotions, promoted = [], set()
        for pick in picks:
            if pick.page_id:
                page = pages.get(pick.page.translation_key)
                if page is None or page.translation_key in promoted:
                    continue
                promoted.add(page.translation_key)
                promotions.append(
                    Promotion(
                        title=page.title,
                        url=self._page_url(page),
                        description=pick.description,
                    )
                )
            elif pick.external_link_url:
                promotions.append(
                    Promotion(
                        title=pick.external_link_text or pick.external_link_url,
                        url=pick.external_link_url,
                        description=pick.description,
                        external=True,
                    )
                )
        return promotions, promoted

    def other_languages(self, shown_keys=()):
        """The best pages of the other languages, one per translation, with their language.

        One search over every other locale: on PostgreSQL the query is then analysed as
        each content language would analyse it (see ``search.backends.postgres``), so a
        page matches as its own language reads it.
        """
        found, _degraded = find(
            [Source("page", other_than=self.locale)],
            self.parsed.query,
            limit=4 * OTHER_LANGUAGES_LIMIT,
        )
        found.sort(key=lambda match: -match.relevance)
        chosen, seen = [], set(shown_keys)
        for match in found:
            if match.translation_key in seen:
                continue
            seen.add(match.translation_key)
            chosen.append(match)
        return self.hits(chosen[:OTHER_LANGUAGES_LIMIT])

    # Loading a page of results

    def _page_url(self, page):
        if self.absolute_urls:
            return page.get_full_url(self.request) or ""
        return page.get_url(self.request) or ""

    def _absolute(self, url):
        if self.absolute_urls and self.request is not None and url.startswith("/"):
            return self.request.build_absolute_uri(url)
        return url

    def hits(self, matches):
        """The results for some matches, in order, ready to show."""
        if self.highlighter is None:
            self.highlighter = Highlighter(
                self.parsed.terms if self.parsed else [], self.locale.language_code
            )
        by_source = defaultdict(list)
        for match in matches:
            by_source[match.source].append(match.pk)
        loaded = {}
        with self._timed("results"):
            loaded.update(self._load_pages(by_source["page"]))
            loaded.update(self._load_documents(by_source["document"]))
            loaded.update(self._load_topics(by_source["topic"]))
            loaded.update(self._load_organisations(by_source["organisation"]))
        hits = []
        for match in matches:
            hit = loaded.get((match.source, match.pk))
            if hit is not None:
                hit.year = hit.year or match.year
                hits.append(hit)
        return hits

    def _hit(self, kind, kind_label, title, url, text, obj, language=""):
        foreign = bool(language) and language != self.locale.language_code
        return Hit(
            kind=kind,
            kind_label=capfirst(str(kind_label)),
            title=title,
            title_html=self.highlighter.mark(title),
            url=url,
            excerpt=self.highlighter.excerpt(*text),
            language=language,
            language_name=language_name(language) if foreign else "",
            fallback_from=language if foreign else "",
            obj=obj,
            pk=obj.pk,
        )

    def _load_pages(self, pks):
        if not pks:
            return {}
        pages = result_pages(pks)
        if any(page._text is None for page in pages):
            # The index keeps no plain text (SQLite): read it from the pages themselves.
            texts = {
                page.pk: _searchable_text(page)
                for page in Page.objects.filter(pk__in=values_in(pks)).specific()
            }
            for page in pages:
                page._text = texts.get(page.pk, "")
        codes = locale_codes(page.locale_id for page in pages)
        urls = self._language_urls(pages)
        loaded = {}
        for page in pages:
            model = ContentType.objects.get_for_id(page.content_type_id).model_class()
            loaded[("page", page.pk)] = self._hit(
                kind=model._meta.model_name,
                kind_label=model._meta.verbose_name,
                title=page.title,
                url=urls[page.pk],
                text=((page._text or "")[:MAX_EXCERPT_SOURCE],),
                obj=page,
                language=codes.get(page.locale_id, ""),
            )
        return loaded

    def _language_urls(self, pages):
        """{page pk: its address for the visitor}: a page of the visitor's language at
        its own; a page of another language that the visitor's language serves
        untranslated (an on-demand alias, see ``network.aliases``) at that address;
        any other page at its own. One query, for the pages not in the visitor's
        language."""
        urls = {page.pk: None for page in pages}
        foreign = [page for page in pages if page.locale_id != self.locale.pk]
        if foreign:
            steplen = Page.steplen
            chain_paths = {
                page.path[: depth * steplen]
                for page in foreign
                for depth in range(2, page.depth + 1)
            }
            rows = list(
                Page.objects.filter(
                    translation_key__in=Page.objects.filter(
                        path__in=values_in(chain_paths, "text")
                    ).values("translation_key")
                ).select_related("locale")
            )
            code = self.locale.language_code
            for page in foreign:
                version = language_versions(page, rows, self.request).get(code)
                if version is not None and not version.real:
                    urls[page.pk] = self._absolute(version.url)
        for page in pages:
            if urls[page.pk] is None:
                urls[page.pk] = self._page_url(page)
        return urls

    def _load_documents(self, pks):
        if not pks:
            return {}
        loaded = {}
        for document in get_document_model().objects.filter(pk__in=pks):
            hit = self._hit(
                kind="document",
                kind_label=_("document"),
                title=document.title,
                url=self._absolute(document.url),
                text=(),
                obj=document,
            )
            extension = document.file_extension.upper()
            hit.excerpt = mark_safe(  # noqa: S308 - escaped
                escape(_("%(type)s document") % {"type": extension} if extension else "")
            )
            loaded[("document", document.pk)] = hit
        return loaded

    def _load_topics(self, pks):
        if not pks:
            return {}
        # A topic leads to the projects on that topic, in the visitor's language.
        index = public_pages(self.locale).type(ProjectIndexPage).first()
        index_url = self._page_url(index) if index is not None else ""
        loaded = {}
        for topic in Topic.objects.filter(pk__in=pks).select_related("locale"):
            loaded[("topic", topic.pk)] = self._hit(
                kind="topic",
                kind_label=Topic._meta.verbose_name,
                title=topic.name,
                url=f"{index_url}?topic={topic.slug}" if index_url else "",
                text=(topic.description,),
                obj=topic,
                language=topic.locale.language_code,
            )
        return loaded

    def _load_organisations(self, pks):
        if not pks:
            return {}
        organisations = list(
            Organisation.objects.filter(pk__in=pks).select_related("city", "locale")
        )
        keys = {org.city.translation_key for org in organisations if org.city_id}
        cities = {
            city.translation_key: city
            for city in public_pages(self.locale).filter(translation_key__in=keys)
        }
        loaded = {}
        for organisation in organisations:
            city = cities.get(organisation.city.translation_key) if organisation.city_id else None
            url = organisation.website or (self._page_url(city) if city is not None else "")
            loaded[("organisation", organisation.pk)] = self._hit(
                kind="organisation",
                kind_label=Organisation._meta.verbose_name,
                title=organisation.name,
                url=url,
                text=(organisation.description,),
                obj=organisation,
                language=organisation.locale.language_code,
            )
        return loaded
