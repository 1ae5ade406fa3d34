"""The portal's search, as the search page, the API and the benchmark run it.

``PortalSearch(query, locale, filters).run()`` searches, in the visitor's locale, what
``search.sources`` lists:

- live, public pages (never the root, never an alias: aliases are not indexed);
- documents of collections without a view restriction (documents have no language);
- topics and organisations (the snippets visitors look for; people are not searched).

It merges their matches by relevance, counts the facets, takes out the pages an editor
promoted for that query (shown above the results instead), records the query for the
popular-searches report and, when the visitor's language has no result, offers the
best results of the other languages, each marked with its language.
``PortalSearch.hits(matches)`` then loads one page of results with their highlighted
excerpts, in a fixed number of queries.

Whatever the backend, search goes through ``QuerySet.search()``: when Elasticsearch is
unreachable its backend answers from the database backend and says so
(``results.degraded``), which becomes ``notice``.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from modelsearch.index import SearchField
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.documents import get_document_model
from wagtail.models import Locale, Page, get_page_models
from wagtail.search.utils import normalise_query_string

from network.models import Organisation, ProjectIndexPage, Topic
from network.public.visibility import visible_pages

from . import facets as facet_tools
from .highlight import Highlighter
from .query import parse_query
from .sources import find, public_pages, sources

logger = logging.getLogger(__name__)

PAGE_SIZE = 10
OTHER_LANGUAGES_LIMIT = 10
# Excerpts come from the beginning of long texts: enough to find the words in.
MAX_EXCERPT_SOURCE = 20_000


def language_name(code):
    return dict(settings.LANGUAGES).get(code, code)


@dataclass
class Hit:
    """One result as the page and the API show it."""

    kind: str
    kind_label: str
    title: str
    title_html: SafeString
    url: str
    excerpt: SafeString
    language: str = ""
    language_name: str = ""
    year: int | None = None
    obj: object = None
    pk: int | None = None


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


def page_kinds():
    """{kind: model} of the page types, and the other kinds of results."""
    kinds = {model._meta.model_name: model for model in get_page_models() if model is not Page}
    kinds.update({"document": get_document_model(), "topic": Topic, "organisation": Organisation})
    return kinds


def _searchable_text(obj):
    """The object's own searchable text (no related objects: no extra query)."""
    texts = []
    for search_field in obj.get_search_fields():
        if not isinstance(search_field, SearchField) or search_field.field_name == "title":
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
        self.highlighter = Highlighter(self.parsed.terms)

        matches = []
        degraded = False
        for source, queryset in sources(self.locale).items():
            found, source_degraded = find(source, queryset, self.parsed.query)
            matches.extend(found)
            degraded = degraded or source_degraded
        if degraded:
            outcome.notice = _(
                "Our search service is unavailable at the moment: these results come from "
                "a simpler search and may be less complete."
            )

        labels = facet_tools.annotate(matches, self.locale)
        outcome.facets = facet_tools.count(matches, outcome.filters, labels)
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
        in_language = [match for match in results if match.source != "document"]
        if not in_language and not outcome.filters and not outcome.promotions:
            outcome.other_languages = self.other_languages()
        if record:
            Query.get(outcome.query).add_hit()
        return outcome

    def promotions(self):
        """(promotions for this query in the visitor's locale, their pages' translation keys).

        A promoted page is shown in the visitor's language: the page itself or its live,
        public translation; a page with neither is left out. External links are shown
        in every language.
        """
        picks = list(
            SearchPromotion.objects.filter(
                query__query_string=normalise_query_string(self.parsed.text)
            ).select_related("page")
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

    def other_languages(self):
        """The best pages of the other languages, one per translation, with their language.

        One search over every other locale: on PostgreSQL the query is then analysed as
        each content language would analyse it (see ``search.backends.postgres``), so a
        page matches as its own language reads it.
        """
        others = (
            Page.objects.filter(depth__gt=1, pk__in=visible_pages().values("pk"))
            .exclude(locale=self.locale)
            .only("id")
        )
        found, _degraded = find("page", others, self.parsed.query, limit=4 * OTHER_LANGUAGES_LIMIT)
        if not found:
            return []
        keys = dict(
            Page.objects.filter(pk__in=[match.pk for match in found]).values_list(
                "pk", "translation_key"
            )
        )
        chosen, seen = [], set()
        for match in found:
            if keys.get(match.pk) in seen:
                continue
            seen.add(keys.get(match.pk))
            chosen.append(match)
        return self.hits(chosen[:OTHER_LANGUAGES_LIMIT], mark_language=True)

    # Loading a page of results

    def _page_url(self, page):
        if self.absolute_urls:
            return page.get_full_url(self.request) or ""
        return page.get_url(self.request) or ""

    def _absolute(self, url):
        if self.absolute_urls and self.request is not None and url.startswith("/"):
            return self.request.build_absolute_uri(url)
        return url

    def hits(self, matches, mark_language=False):
        """The results for some matches, in order, ready to show."""
        if self.highlighter is None:
            self.highlighter = Highlighter(self.parsed.terms if self.parsed else [])
        by_source = defaultdict(list)
        for match in matches:
            by_source[match.source].append(match.pk)
        locales = Locale.objects.in_bulk()
        loaded = {}
        loaded.update(self._load_pages(by_source["page"], locales, mark_language))
        loaded.update(self._load_documents(by_source["document"]))
        loaded.update(self._load_topics(by_source["topic"], locales))
        loaded.update(self._load_organisations(by_source["organisation"], locales))
        hits = []
        for match in matches:
            hit = loaded.get((match.source, match.pk))
            if hit is not None:
                hit.year = hit.year or match.year
                hits.append(hit)
        return hits

    def _hit(self, kind, kind_label, title, url, text, obj, locale=None, mark_language=False):
        code = locale.language_code if locale is not None else ""
        return Hit(
            kind=kind,
            kind_label=capfirst(str(kind_label)),
            title=title,
            title_html=self.highlighter.mark(title),
            url=url,
            excerpt=self.highlighter.excerpt(*text),
            language=code,
            language_name=language_name(code) if mark_language and code else "",
            obj=obj,
            pk=obj.pk,
        )

    def _load_pages(self, pks, locales, mark_language):
        if not pks:
            return {}
        loaded = {}
        for page in Page.objects.filter(pk__in=pks).specific():
            page.locale = locales.get(page.locale_id)
            summary = getattr(page, "summary", "") or ""
            loaded[("page", page.pk)] = self._hit(
                kind=page._meta.model_name,
                kind_label=page._meta.verbose_name,
                title=page.title,
                url=self._page_url(page),
                text=(summary, _searchable_text(page)),
                obj=page,
                locale=page.locale,
                mark_language=mark_language,
            )
        return loaded

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

    def _load_topics(self, pks, locales):
        if not pks:
            return {}
        # A topic leads to the projects on that topic, in the visitor's language.
        index = visible_pages(ProjectIndexPage.objects.filter(locale=self.locale)).first()
        index_url = self._page_url(index) if index is not None else ""
        loaded = {}
        for topic in Topic.objects.filter(pk__in=pks):
            topic.locale = locales.get(topic.locale_id)
            loaded[("topic", topic.pk)] = self._hit(
                kind="topic",
                kind_label=Topic._meta.verbose_name,
                title=topic.name,
                url=f"{index_url}?topic={topic.slug}" if index_url else "",
                text=(topic.description,),
                obj=topic,
                locale=topic.locale,
            )
        return loaded

    def _load_organisations(self, pks, locales):
        if not pks:
            return {}
        organisations = list(Organisation.objects.filter(pk__in=pks).select_related("city"))
        keys = {org.city.translation_key for org in organisations if org.city_id}
        cities = {
            city.translation_key: city
            for city in public_pages(self.locale).filter(translation_key__in=keys)
        }
        loaded = {}
        for organisation in organisations:
            organisation.locale = locales.get(organisation.locale_id)
            city = cities.get(organisation.city.translation_key) if organisation.city_id else None
            url = organisation.website or (self._page_url(city) if city is not None else "")
            loaded[("organisation", organisation.pk)] = self._hit(
                kind="organisation",
                kind_label=Organisation._meta.verbose_name,
                title=organisation.name,
                url=url,
                text=(organisation.description,),
                obj=organisation,
                locale=organisation.locale,
            )
        return loaded
