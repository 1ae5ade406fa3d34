"""The portal's search page: live, public pages of the visitor's language."""

from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from wagtail.models import Locale, Page

from network.filters import paginate

MAX_QUERY_LENGTH = 200


def search(request):
    """Search the pages of the active language; a query too long is cut and said so."""
    query = request.GET.get("q", "").strip()
    message = ""
    if len(query) > MAX_QUERY_LENGTH:
        query = query[:MAX_QUERY_LENGTH]
        message = _("Your search was shortened to its first %(count)d characters.") % {
            "count": MAX_QUERY_LENGTH
        }
    results = None
    if query:
        locale = Locale.get_active()
        pages = Page.objects.live().public().filter(locale=locale).specific()
        results = paginate(request, pages.search(query))
    return TemplateResponse(
        request,
        "search/search.html",
        {"search_query": query, "search_results": results, "message": message},
    )
