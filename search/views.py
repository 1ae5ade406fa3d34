"""The portal's search page, under each language's prefix: /en/search/, /fr/search/, ..."""

from django.core.paginator import Paginator
from django.template.response import TemplateResponse

from wagtail.models import Locale

from .facets import FACET_LABELS, FACETS
from .service import PAGE_SIZE, PortalSearch


def _toggle_url(request, name, value, selected):
    """The link that selects a facet value, or removes it when selected (back to page 1)."""
    params = request.GET.copy()
    params.pop("page", None)
    if selected:
        params.pop(name, None)
    else:
        params[name] = value
    return "?" + params.urlencode()


def search(request):
    """Search the live, public content of the visitor's language, with facets."""
    locale = Locale.get_active()
    query = request.GET.get("q", "")
    filters = {name: request.GET.get(name, "") for name in FACETS}
    portal_search = PortalSearch(query, locale, filters, request=request)
    # A query counts once for the popular-searches report, not once per page viewed.
    first_page = request.GET.get("page") in (None, "", "1")
    outcome = portal_search.run(record=first_page) if query.strip() else portal_search.outcome
    if not query.strip():
        outcome.query = ""

    results = None
    if portal_search.parsed is not None and portal_search.parsed.query is not None:
        paginator = Paginator(outcome.results, PAGE_SIZE)
        results = paginator.get_page(request.GET.get("page"))
        results.object_list = portal_search.hits(results.object_list)
        results.page_links = list(
            paginator.get_elided_page_range(results.number, on_each_side=2, on_ends=1)
        )

    facets = []
    for name in FACETS:
        values = outcome.facets.get(name, [])
        for value in values:
            value.url = _toggle_url(request, name, value.value, value.selected)
        if values:
            facets.append({"name": name, "label": FACET_LABELS[name], "values": values})
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": outcome.query,
            "search_results": results,
            "message": outcome.message,
            "notice": outcome.notice,
            "facets": facets,
            "active_filters": outcome.filters.given,
            "promotions": outcome.promotions,
            "other_languages": outcome.other_languages,
            "result_count": outcome.count,
        },
    )
