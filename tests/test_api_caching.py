"""HTTP caching of the API: validators and 304s, Cache-Control by audience, the shared
response cache and its invalidation on publish, unpublish, move and delete in any
locale (local memory and the real Redis), CORS, and the CDN purge of every locale's
URLs (against a real HTTP receiver)."""

import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.core.cache import cache

from wagtail.models import APIToken, Locale

import pytest

from network.api.caching import GENERATION_KEY
from network.factories import CityPageFactory, NewsPageFactory

pytestmark = pytest.mark.django_db

READ_URLS = [
    "/api/v3/cities/",
    "/api/v3/cities/geojson/",
    "/api/v3/pages/",
    "/api/v2/pages/",
    "/api/v3/locales/",
]


@pytest.fixture
def city(portal):
    return CityPageFactory(parent=portal.cityindex, title="Clermont-Ferrand")


def titles(client, url="/api/v3/cities/?locale={}", locale="en"):
    return [item["title"] for item in client.get(url.format(locale)).json()["items"]]


@pytest.mark.parametrize("url", READ_URLS)
def test_every_get_carries_validators_and_answers_304(client, city, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith("GMT")
    assert response["Cache-Control"] == "public, max-age=60, stale-while-revalidate=300"
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == response["ETag"]
    since = client.get(url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert since.status_code == 304


def test_authenticated_responses_are_private(client, city, admin_user):
    _token, key = APIToken.create_token(user=admin_user, name="reader")
    response = client.get("/api/v3/pages/", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert "Authorization" in response["Vary"]


def test_a_stored_response_is_served_without_touching_the_database(
    client, city, django_assert_num_queries
):
    first = client.get("/api/v3/cities/?fields=*")
    with django_assert_num_queries(0):
        second = client.get("/api/v3/cities/?fields=*")
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


def test_publish_unpublish_move_and_delete_refresh_the_cache(client, portal, city):
    other = CityPageFactory(parent=portal.cityindex, title="Lyon")
    assert titles(client) == ["Clermont-Ferrand", "Lyon"]

    other.title = "Lyon-Métropole"
    other.save_revision().publish()
    assert titles(client) == ["Clermont-Ferrand", "Lyon-Métropole"]

    other.unpublish()
    assert titles(client) == ["Clermont-Ferrand"]

    other.save_revision().publish()
    assert titles(client) == ["Clermont-Ferrand", "Lyon-Métropole"]

    # A city moved away from the directory stays a city, under the news index now.
    under_news = f"/api/v3/content/?child_of={portal.newsindex.pk}"
    assert titles(client, under_news) == []
    other.move(portal.newsindex, pos="last-child")
    assert titles(client, under_news) == ["Lyon-Métropole"]

    other.delete()
    assert titles(client) == ["Clermont-Ferrand"]


def test_publishing_in_another_locale_refreshes_the_cache(client, portal, city):
    fr = Locale.objects.get(language_code="fr")
    portal.home.copy_for_translation(fr).save_revision().publish()
    portal.cityindex.copy_for_translation(fr).save_revision().publish()
    # Not yet translated: the French listing carries the English city (a fallback).
    assert titles(client, locale="fr") == ["Clermont-Ferrand"]
    french = city.copy_for_translation(fr)
    french.title = "Clermont-Ferrand (fr)"
    french.save_revision().publish()
    assert titles(client, locale="fr") == ["Clermont-Ferrand (fr)"]


# The suite's own Redis database unless REDIS_URL names another; skipped only where no
# Redis answers.
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


def test_the_redis_cache_holds_responses_and_is_invalidated(client, portal, city, settings):
    redis = pytest.importorskip("redis")
    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except redis.ConnectionError:
        pytest.skip(f"no Redis answering at {REDIS_URL}")
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "api-test",
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    }
    cache.clear()
    assert titles(client) == ["Clermont-Ferrand"]
    stored = [key.decode() for key in connection.keys("api-test:*network-api:response:*")]
    assert len(stored) == 1
    generation = connection.get(f"api-test:1:{GENERATION_KEY}")
    assert generation is not None

    city.title = "Clermont"
    city.save_revision().publish()
    assert connection.get(f"api-test:1:{GENERATION_KEY}") != generation
    assert titles(client) == ["Clermont"]
    assert len(connection.keys("api-test:*network-api:response:*")) == 2
    cache.clear()


def test_cors_for_configured_origins(client, city, settings):
    settings.API_CORS_ORIGINS = ["https://www.clermont-ferrand.fr"]
    allowed = client.get("/api/v3/cities/", HTTP_ORIGIN="https://www.clermont-ferrand.fr")
    assert allowed["Access-Control-Allow-Origin"] == "https://www.clermont-ferrand.fr"
    assert "ETag" in allowed["Access-Control-Expose-Headers"]
    assert "Origin" in allowed["Vary"]
    other = client.get("/api/v3/cities/", HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in other
    preflight = client.options(
        "/api/v3/pages/1/",
        HTTP_ORIGIN="https://www.clermont-ferrand.fr",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="PATCH",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type",
    )
    assert preflight.status_code == 204
    assert "PATCH" in preflight["Access-Control-Allow-Methods"]
    assert "Authorization" in preflight["Access-Control-Allow-Headers"]


class PurgeReceiver(BaseHTTPRequestHandler):
    """Records the PURGE requests a caching proxy (Varnish) would get."""

    received = []

    def do_PURGE(self):  # noqa: N802 - the HTTP method's name
        self.received.append(f"{self.headers['Host']}{self.path}")
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def purge_receiver():
    PurgeReceiver.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeReceiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def cdn(settings, purge_receiver):
    """The portal configured to purge a Varnish-like proxy: the receiver above."""
    host, port = purge_receiver.server_address
    settings.WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://{host}:{port}",
        }
    }


def test_publishing_purges_every_locale_url_from_the_cdn(
    portal, city, cdn, django_capture_on_commit_callbacks
):
    fr = Locale.objects.get(language_code="fr")
    with django_capture_on_commit_callbacks(execute=True):
        portal.home.copy_for_translation(fr).save_revision().publish()
        portal.cityindex.copy_for_translation(fr).save_revision().publish()
        french = city.copy_for_translation(fr)
        french.save_revision().publish()
    PurgeReceiver.received.clear()

    news = NewsPageFactory(parent=city)
    with django_capture_on_commit_callbacks(execute=True):
        city.title = "Clermont"
        city.save_revision().publish()
    purged = set(PurgeReceiver.received)
    assert f"localhost{city.url}" in purged
    assert f"localhost{french.url}" in purged  # the French URL of the same city
    assert f"localhost{portal.cityindex.url}" in purged  # the listing that shows it
    assert f"localhost/api/v3/content/{french.pk}/" in purged
    assert news.url not in {url.removeprefix("localhost") for url in purged}


def test_publishing_an_untranslated_page_purges_its_alias_addresses(
    client, portal, city, cdn, django_capture_on_commit_callbacks
):
    """Languages with no translation serve the page as an alias under their own
    prefix, below their translated ancestors: those addresses are purged too."""
    fr = Locale.objects.get(language_code="fr")
    with django_capture_on_commit_callbacks(execute=True):
        portal.home.copy_for_translation(fr).save_revision().publish()
        cityindex = portal.cityindex.copy_for_translation(fr)
        cityindex.slug = "villes"
        cityindex.save_revision().publish()
        news = NewsPageFactory(parent=city, slug="tyre-recycling")
    PurgeReceiver.received.clear()

    with django_capture_on_commit_callbacks(execute=True):
        news.title = "Tyre recycling, one year on"
        news.save_revision().publish()
    purged = {url.removeprefix("localhost") for url in PurgeReceiver.received}

    assert f"/fr/villes/{city.slug}/tyre-recycling/" in purged  # French: translated parents
    assert f"/de/cities/{city.slug}/tyre-recycling/" in purged  # German: no German pages
    assert f"/fr/villes/{city.slug}/" in purged  # the city (its listing), as an alias
    # The first address is where French visitors really read the new title.
    response = client.get(f"/fr/villes/{city.slug}/tyre-recycling/")
    assert "Tyre recycling, one year on" in response.content.decode()
