"""URL map: the admin, documents and APIs without a language prefix; every page of the
public site under its language (``/en/...``, ``/fr/...``) through ``i18n_patterns``."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from network import views as network_views
from network.api.errors import api_not_found
from portal.api import api, api_v2
from search import views as search_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path(
        "i18n/choose/<str:language>/",
        network_views.choose_language,
        name="choose_language",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", network_views.sitemap, name="sitemap"),
    path("robots.txt", network_views.robots, name="robots"),
    path("api/v2/", api_v2.urls),
    path("api/v3/", api.urls),
    re_path(r"^api/", api_not_found),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("search/", search_views.search, name="search"),
    path("feeds/", include("network.feed_urls")),
    path("cycle/", include("network.cycle.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
