"""What a visitor of a locale may find, and one search over all of it.

A visitor of a locale searches:

- the live, public pages of the locale (not past their expiry date);
- the live, public pages of the source locale (the default language, whose tree the
  portal serves in every language as on-demand aliases) that have no live, public
  translation in the visitor's locale: the whole network in every language
  (``fallback`` sources: listed at the address the visitor's language serves, marked
  with their language);
- documents of collections without a view restriction (documents have no language);
- the topics and organisations of the locale, and those of the source locale not yet
  translated into it.

``find(sources, query)`` runs the query over all of them and returns the matches, each
with the facts its facets need (type, translation key, tree path, year). On the
database backends that is one SQL statement (``search.statement``); on Elasticsearch,
one search per source through ``QuerySet.search()`` (which falls back to the database
backend when the cluster is unreachable), then the facts of the pages in one query
(``search.facets.add_page_facts``).

For the ORM a source is a queryset the search backend can filter (``FilterField``
lookups only, so that Elasticsearch can) and conditions on what visitors may see
(expiry, view restrictions, translations), which Elasticsearch gets as the ids of the
visible objects.
"""

from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q
from django.db.models.lookups import StartsWith
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Locale,
    Page,
)
from wagtail.search.backends import get_search_backend

from network.i18n.aliases import source_language
from network.models import Organisation, Topic
from network.public.visibility import hidden_ancestor_q, restricted_q

from . import facets as facet_tools
from .languages import ALL_LANGUAGES, locale_for

# The most relevant matches of each source that a search counts facets over.
MATCH_LIMIT = 1000

MODELS = {"topic": Topic, "organisation": Organisation}


@dataclass
class Source:
    """One kind of content a visitor searches.

    ``locale``: content of that locale; ``untranslated_in``: only what has no visible
    translation in that locale (a fallback); ``other_than``: content of every locale
    but that one (the other languages' results). Documents have none of these.
    """

    name: str  # "page", "document", "topic" or "organisation"
    locale: Locale | None = None
    untranslated_in: Locale | None = None
    other_than: Locale | None = None

    @property
    def fallback(self):
        """Whether its content is in another language than the visitor's."""
        return self.untranslated_in is not None or self.other_than is not None

    def language(self):
        """The language its content (and so the query) is analysed as."""
        if self.other_than is not None:
            return ALL_LANGUAGES
        return self.locale.language_code if self.locale is not None else None

    def queryset(self):
        """What the search backend filters on (``FilterField`` lookups only)."""
        if self.name == "document":
            return public_documents()
        if self.name == "page":
            queryset = Page.objects.filter(live=True, depth__gt=1)
        else:
            queryset = MODELS[self.name].objects.all()
        if self.locale is not None:
            queryset = queryset.filter(locale=self.locale)
        if self.other_than is not None:
            queryset = queryset.exclude(locale=self.other_than)
        return queryset

    def conditions(self):
        """What only the database checks: expiry, view restrictions, translations."""
        conditions = page_conditions() if self.name == "page" else []
        if self.untranslated_in is not None:
            if self.name == "page":
                translated = public_pages(self.untranslated_in).filter(alias_of__isnull=True)
            else:
                translated = MODELS[self.name].objects.filter(locale=self.untranslated_in)
            conditions.append(~Q(translation_key__in=translated.values("translation_key")))
        return conditions

    def visible(self):
        """Everything of the source visitors may see, as a queryset (not a search)."""
        return self.queryset().filter(*self.conditions())


def page_conditions():
    """What makes a live page visible (``network.public.visibility``): not past its
    expiry date (before the scheduled-publishing command unpublishes it), no
    unpublished or expired ancestor, outside every private section."""
    return [
        Q(expire_at__isnull=True) | Q(expire_at__gt=timezone.now()),
        ~hidden_ancestor_q(),
        ~restricted_q(),
    ]


def public_pages(locale):
    """The pages a visitor of ``locale`` may find: live, public, in that locale, not
    past their expiry date."""
    return Source("page", locale=locale).visible()


def unrestricted_collections():
    """The collections without a view restriction on them or on an ancestor."""
    return Collection.objects.exclude(
        Exists(
            CollectionViewRestriction.objects.filter(
                StartsWith(OuterRef("path"), F("collection__path"))
            )
        )
    )


def public_documents():
    return get_document_model().objects.filter(collection__in=unrestricted_collections())


def sources(locale):
    """The ``Source`` list a visitor of ``locale`` searches (see the module docstring)."""
    found = [
        Source("page", locale=locale),
        Source("document"),
        Source("topic", locale=locale),
        Source("organisation", locale=locale),
    ]
    source = locale_for(source_language())
    if source is not None and source.pk != locale.pk:
        found += [
            Source(name, locale=source, untranslated_in=locale)
            for name in ("page", "topic", "organisation")
        ]
    return found


def _lower_score_is_better(results):
    flag = getattr(results, "lower_score_is_better", None)
    if flag is None:
        flag = getattr(results.backend, "lower_score_is_better", False)
    return flag


def _service_queryset(source):
    """The source's queryset for a search service, its conditions as the ids of the
    visible objects; None where ids are no filter of the index (snippet fallbacks)."""
    queryset, conditions = source.queryset(), source.conditions()
    if not conditions:
        return queryset
    model = queryset.model
    if not any(field.field_name == "id" for field in model.get_filterable_search_fields()):
        return None
    return queryset.filter(pk__in=model.objects.filter(*conditions).values("pk"))


def search_objects(source, query, limit, autocomplete=False):
    """The objects of a source that match (autocomplete: whose titles start like the
    query), best first, at most ``limit``."""
    backend = get_search_backend()
    method = backend.autocomplete if autocomplete else backend.search
    results = method(query, source.queryset())
    if hasattr(results, "get_queryset"):
        # A database backend: the conditions join its SQL query.
        return list(results.get_queryset().filter(*source.conditions())[:limit])
    queryset = _service_queryset(source)
    return [] if queryset is None else list(method(query, queryset)[:limit])


def find(search_sources, query, limit=MATCH_LIMIT):
    """(matches, degraded): the query's matches in every source, with their facts.

    ``degraded`` says the configured backend could not answer and a simpler one did
    (Elasticsearch unreachable: see ``search.backends.elasticsearch``).
    """
    backend = get_search_backend()
    statement_class = getattr(backend, "statement_class", None)
    if statement_class is not None:
        # A database backend: every source in one statement (search.statement).
        rows = statement_class(backend, search_sources, query, limit).rows()
        return [_match(search_sources, row) for row in rows], False

    matches, degraded = [], False
    for branch, source in enumerate(search_sources):
        queryset = _service_queryset(source)
        if queryset is None:
            continue
        results = backend.search(query, queryset, operator="and").annotate_score("_score")
        results = results[:limit]
        found = list(results)
        degraded = degraded or getattr(results, "degraded", False)
        sign = -1 if _lower_score_is_better(results) else 1
        matches.extend(
            _match(search_sources, (branch, sign * (obj._score or 0), obj.pk)) for obj in found
        )
    facet_tools.add_page_facts(matches)
    return matches, degraded


def _match(search_sources, row):
    branch, score, pk, *facts = row
    source = search_sources[branch]
    match = facet_tools.Match(
        source=source.name, pk=pk, relevance=score or 0, fallback=source.fallback
    )
    if facts:
        match.content_type, match.translation_key, match.path = facts
    return match
