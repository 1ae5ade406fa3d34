"""Redis is a cache, not a dependency (issue 9, point 2), against a real redis-server of
the test's own (a free port, no persistence) that is stopped or frozen (SIGSTOP), and
against a port where nothing listens: pages, the API and search answer 200 from the
database, publishing succeeds, /health/ names the cache, and a publish made during the
outage is seen once Redis is back. The latencies are printed (`pytest -s`), not asserted.
"""

import shutil
import time

from django.core.cache import cache

import pytest

from network.factories import CityPageFactory
from portal.cache import breaker, redis_cache
from tests.stack import ThrowawayRedis, free_port

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("redis-server"), reason="no redis-server installed"),
]

URLS = ["/en/", "/en/cities/", "/api/v3/cities/", "/api/v3/search/?q=Volcania"]


@pytest.fixture
def redis_server():
    server = ThrowawayRedis().start()
    yield server
    server.cleanup()


def use_redis(settings, url):
    """The deployment's Redis cache (portal.cache) at ``url``, with a fresh breaker."""
    settings.CACHES = {"default": redis_cache(url, key_prefix="outage-test")}
    breaker.reset()


@pytest.fixture(autouse=True)
def _breaker_reset():
    yield
    breaker.reset()


@pytest.fixture
def city(portal):
    return CityPageFactory(parent=portal.cityindex, title="Volcania", slug="volcania")


def timed_get(client, url):
    started = time.perf_counter()
    response = client.get(url)
    return response, time.perf_counter() - started


def answers_everything(client, city, label):
    for url in [*URLS, city.url]:
        response, seconds = timed_get(client, url)
        print(f"{label}: {url} -> {response.status_code} in {seconds * 1000:.0f} ms")
        assert response.status_code == 200, url
    listing = client.get("/api/v3/cities/").json()
    assert [item["title"] for item in listing["items"]] == [city.title]


def publish_title(city, title):
    city.title = title
    city.save_revision().publish()


def test_redis_up_caches_pages_and_api(client, city, redis_server, settings):
    use_redis(settings, redis_server.url)
    client.get("/api/v3/cities/")
    assert client.get(city.url).status_code == 200
    assert client.get(city.url)["X-Page-Cache"] == "hit"
    assert any(b"network-api:response" in key for key in redis_keys(redis_server))


def redis_keys(server):
    import redis

    return redis.Redis.from_url(server.url).keys("*")


def test_a_stopped_redis_costs_nothing_but_the_cache(client, city, redis_server, settings):
    use_redis(settings, redis_server.url)
    client.get("/api/v3/cities/")  # cached while Redis runs
    redis_server.stop()
    answers_everything(client, city, "Redis stopped")
    publish_title(city, "Volcania-les-Bains")  # publishing still works
    assert client.get("/api/v3/cities/").json()["items"][0]["title"] == "Volcania-les-Bains"
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "down: ConnectionError"}


def test_nothing_listening_at_redis_url(client, city, settings):
    use_redis(settings, f"redis://127.0.0.1:{free_port()}/0")
    answers_everything(client, city, "nothing listening")
    publish_title(city, "Volcania-sur-Mer")
    assert client.get(city.url).status_code == 200


def test_a_frozen_redis_costs_one_timeout_then_none(client, city, redis_server, settings):
    use_redis(settings, redis_server.url)
    client.get("/api/v3/cities/")
    redis_server.freeze()
    try:
        answers_everything(client, city, "Redis frozen")
        # The first call waited for REDIS_TIMEOUT and opened the breaker: the rest of this
        # process's calls skip Redis until REDIS_RETRY_AFTER has passed.
        assert breaker.is_open()
        publish_title(city, "Volcania-la-Froide")
    finally:
        redis_server.thaw()


def test_a_publish_during_the_outage_is_seen_when_redis_returns(
    client, city, redis_server, settings, django_capture_on_commit_callbacks
):
    settings.CACHE_GENERATION_TTL = 2
    use_redis(settings, redis_server.url)
    assert client.get("/api/v3/cities/").json()["items"][0]["title"] == "Volcania"
    assert client.get(city.url).status_code == 200  # the page is cached too
    redis_server.freeze()  # Redis keeps every key, and misses the publish's bump
    try:
        with django_capture_on_commit_callbacks(execute=True):  # the publish commits
            publish_title(city, "Volcania-Nouvelle")
    finally:
        redis_server.thaw()
    breaker.reset()
    # Within CACHE_GENERATION_TTL the old generation expires in Redis; the database's
    # copy, written by the publish, takes over.
    time.sleep(settings.CACHE_GENERATION_TTL + 0.5)
    assert client.get("/api/v3/cities/").json()["items"][0]["title"] == "Volcania-Nouvelle"
    assert "Volcania-Nouvelle" in client.get(city.url).content.decode()
    assert cache.get("network-api:generation") is not None  # Redis serves again


def test_the_map_is_drawn_with_redis_down(client, city, redis_server, settings):
    """The directory's map fragment (network.public.map) is rendered when Redis cannot
    keep it: stopped, then frozen."""
    use_redis(settings, redis_server.url)
    url = "/en/cities/"
    assert client.get(url, {"x": "1"}).content.decode().count("city-map__marker ") == 1
    redis_server.stop()
    for query in ({"x": "2"}, {"x": "3"}):
        response = client.get(url, query)
        assert response.status_code == 200
        assert f'data-city-id="{city.pk}"' in response.content.decode()
