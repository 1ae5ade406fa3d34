"""What a visitor of a locale may find, and how one kind of it is searched.

Pages of the locale visible to the public; documents of
collections without a view restriction; the locale's topics and organisations.
``find`` runs one query over one of them, through whatever search backend is
configured, and returns the matches best first, whichever way the backend scores.
"""

from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, Page
from wagtail.search.backends import get_search_backend

from network.models import Organisation, Topic
from network.public.visibility import visible_pages

from . import facets as facet_tools

# The most relevant matches of each kind that a search counts facets over.
MATCH_LIMIT = 1000


def public_pages(locale):
    """The pages a visitor of ``locale`` may find: those visible to the public
    (``network.visibility``: live, unexpired, under published pages, outside view
    restrictions) in that locale, as an id subquery (search backends filter on indexed
    fields only)."""
    visible = visible_pages().values("pk")
    return Page.objects.filter(locale=locale, depth__gt=1, pk__in=visible)


def unrestricted_collection_ids():
    """The collections without a view restriction on them or on an ancestor."""
    restricted = list(CollectionViewRestriction.objects.values_list("collection__path", flat=True))
    return [
        pk
        for pk, path in Collection.objects.values_list("pk", "path")
        if not any(path.startswith(prefix) for prefix in restricted)
    ]


def public_documents():
    return get_document_model().objects.filter(collection_id__in=unrestricted_collection_ids())


def sources(locale):
    """{source name: queryset} of what visitors of ``locale`` search."""
    return {
        "page": public_pages(locale).only("id"),
        "document": public_documents().only("id"),
        "topic": Topic.objects.filter(locale=locale).only("id"),
        "organisation": Organisation.objects.filter(locale=locale).only("id"),
    }


def _lower_score_is_better(results):
    flag = getattr(results, "lower_score_is_better", None)
    if flag is None:
        flag = getattr(results.backend, "lower_score_is_better", False)
    return flag


def find(source, queryset, query, limit=MATCH_LIMIT):
    """(matches, degraded) of a query over a queryset, best first."""
    results = get_search_backend().search(query, queryset, operator="and")
    results = results.annotate_score("_score")[:limit]
    found = list(results)
    if not found:
        return [], getattr(results, "degraded", False)
    sign = -1 if _lower_score_is_better(results) else 1
    matches = [
        facet_tools.Match(source=source, pk=obj.pk, relevance=sign * (obj._score or 0))
        for obj in found
    ]
    return matches, getattr(results, "degraded", False)
