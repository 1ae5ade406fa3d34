"""URL map: the admin, documents and APIs without a language prefix; every page of the
public site under its language (``/en/...``, ``/fr/...``) through ``i18n_patterns``."""

import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from network.api.errors import api_not_found
from network.i18n import views as i18n_views
from network.public import views as public_views
from network.reach import urls as reach_urls
from network.reach import views as reach_views
from portal.api import api, api_v2
from portal.health import health
from portal.media import serve_media
from search import views as search_views

urlpatterns = [
    path("health/", health, name="health"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path(
        "i18n/choose/<str:language>/",
        i18n_views.choose_language,
        name="choose_language",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path(
        "sitemap.xml",
        i18n_views.sitemap,
        {"more": [reach_views.sitemap_entries]},
        name="sitemap",
    ),
    path("robots.txt", public_views.robots, name="robots"),
    path("opendata/", include((reach_urls.opendata_urlpatterns, "opendata"))),
    path("api/v2/", api_v2.urls),
    path("api/v3/", api.urls),
    re_path(r"^api/", api_not_found),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

if settings.SERVE_MEDIA and settings.MEDIA_URL.startswith("/"):
    urlpatterns += [
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.+)$",
            serve_media,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

urlpatterns += i18n_patterns(
    path("search/", search_views.search, name="search"),
    path("feeds/", include("network.channels.urls")),
    path("numbers/", include((reach_urls.numbers_urlpatterns, "numbers"))),
    path("cycle/", include("network.cycle.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
