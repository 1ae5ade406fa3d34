"""The public site's own views beside its pages: robots.txt."""

from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control


@cache_control(max_age=3600, public=True)
def robots(request):
    """``/robots.txt``: crawl the site, not the admin; the sitemap's address."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
