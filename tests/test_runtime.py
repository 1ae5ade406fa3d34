"""The production runtime in-process (issue 9): the anonymous page cache, search at
publish with deferred tasks (point 5), absolute URLs from the base URL (point 6),
production's task backend (point 8), a failed demo load's files (point 9), /health/
with the database down, and the S3 media switch.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings as django_settings
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.core.management.base import CommandError
from django.http import HttpResponse

from wagtail.models import PageViewRestriction, Site

import pytest

from network.factories import CityPageFactory, UserFactory
from portal.page_cache import PageCacheMiddleware
from tests.stack import ROOT, free_port
from tests.test_webhooks import Receiver
from webhooks.models import Subscription

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def city(portal):
    return CityPageFactory(parent=portal.cityindex, title="Cacheville", slug="cacheville")


def publish_title(city, title, capture):
    with capture(execute=True):
        city.title = title
        city.save_revision().publish()


# The anonymous page cache --------------------------------------------------------


def test_anonymous_pages_are_cached_and_a_publish_shows_at_once(
    client, city, django_capture_on_commit_callbacks, django_assert_num_queries
):
    first = client.get(city.url)
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):  # served from the cache, generation included
        again = client.get(city.url)
    assert again["X-Page-Cache"] == "hit"
    assert again.content == first.content
    assert "Cookie" in again["Vary"]

    publish_title(city, "Cacheville-Neuve", django_capture_on_commit_callbacks)
    fresh = client.get(city.url)
    assert "Cacheville-Neuve" in fresh.content.decode()
    assert fresh["X-Page-Cache"] == "miss"


def test_a_page_served_twice_keeps_its_inline_styles_allowed(client, city, portal):
    """A CSP nonce belongs to one response: the map (directory, city page) carries
    none, so its pages come from the cache, and a page whose HTML used one is never
    stored, where its nonce would no longer match the policy's."""
    for url in (portal.cityindex.url, city.url):
        client.get(url)
        again = client.get(url)
        assert again["X-Page-Cache"] == "hit"
        assert 'class="city-map' in again.content.decode()
        assert "nonce=" not in again.content.decode()


def test_a_page_that_used_the_nonce_is_not_stored(rf, portal):
    request = rf.get("/en/")
    request.user = AnonymousUser()
    request._csp_nonce = "abc"
    response = HttpResponse("<style nonce='abc'></style>", content_type="text/html")
    assert not PageCacheMiddleware.cacheable(request, response)
    del request._csp_nonce
    assert PageCacheMiddleware.cacheable(request, response)


def test_each_language_and_query_has_its_own_entry(client, city, portal):
    english = client.get(portal.cityindex.url)
    filtered = client.get(portal.cityindex.url, {"country": "FR"})
    assert filtered["X-Page-Cache"] == "miss"
    french = client.get("/fr" + portal.cityindex.url.removeprefix("/en"))
    assert french.status_code == 200
    assert french["X-Page-Cache"] == "miss"
    assert french.content != english.content


def test_an_editor_never_gets_a_cached_page(client, city):
    client.get(city.url)
    assert client.get(city.url)["X-Page-Cache"] == "hit"
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.get(city.url)
    assert "X-Page-Cache" not in response
    assert b"wagtail-userbar" in response.content  # the editor's own page
    client.logout()


def test_previews_and_private_pages_are_never_cached(client, city):
    editor = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(editor)
    city.title = "Draft title"
    city.save_revision()
    preview = client.get(f"/admin/pages/{city.pk}/edit/preview/?mode=")
    assert "X-Page-Cache" not in preview
    client.logout()

    PageViewRestriction.objects.create(
        page=city, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    for _ in range(2):
        response = client.get(city.url)
        assert "X-Page-Cache" not in response
    assert "Draft title" not in response.content.decode()


def test_searches_are_never_cached_they_are_counted(client, city):
    from wagtail.contrib.search_promotions.models import Query

    for _ in range(2):
        assert "X-Page-Cache" not in client.get("/en/search/", {"q": "Cacheville"})
    assert Query.get("Cacheville").hits == 2


def test_the_cache_can_be_turned_off(client, city, settings):
    settings.PAGE_CACHE_TIMEOUT = 0
    client.get(city.url)
    assert "X-Page-Cache" not in client.get(city.url)


# Search at publish, whatever TASKS_BACKEND is (point 5) ------------------------


def search_titles(client, words):
    response = client.get("/api/v3/search/", {"q": words, "locale": "en"})
    assert response.status_code == 200
    return [item["title"] for item in response.json()["items"]]


def test_search_sees_a_publish_while_indexing_waits_for_the_worker(
    client, portal, settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DATABASE_TASKS
    assert search_titles(client, "Quetzalville") == []  # and the API caches the empty answer
    with django_capture_on_commit_callbacks(execute=True):
        city = CityPageFactory(parent=portal.cityindex, title="Quetzalville", live=False)
        city.save_revision().publish()
    # modelsearch's own indexing task still waits for a worker...
    assert DBTaskResult.objects.filter(task_path__contains="insert_or_update").exists()
    # ...but the database index already has the page, and the cached answer is gone.
    assert search_titles(client, "Quetzalville") == ["Quetzalville"]


# Production's tasks (point 8) ---------------------------------------------------


def test_webhooks_leave_the_editors_request_with_database_tasks(
    portal, settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DATABASE_TASKS
    receiver = Receiver()
    try:
        Subscription.objects.create(name="City website", url=receiver.url)
        with django_capture_on_commit_callbacks(execute=True):
            city = CityPageFactory(parent=portal.cityindex, title="Later", live=False)
            city.save_revision().publish()
        assert receiver.requests == []  # nothing sent from the request
        assert DBTaskResult.objects.filter(task_path="webhooks.tasks.deliver_event").count() == 1
    finally:
        receiver.stop()


def production_settings(code, setup=True, **env):
    """Run ``code`` (printing JSON) with the production settings and ``env``; without
    ``setup``, only the settings module is read (no app, no storage backend loaded)."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("TASKS_BACKEND", "AWS_STORAGE_BUCKET_NAME", "DATABASE_URL", "REDIS_URL")
    }
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "SECRET_KEY": "x" * 20 + "production-settings-test-key-0123456789",
            "ALLOWED_HOSTS": "portal.example",
            **env,
        }
    )
    start = (
        "django.setup(); from django.conf import settings"
        if setup
        else ("from portal.settings import production as settings")
    )
    script = f"import django, json; {start}; {code}"
    result = subprocess.run(  # noqa: S603 - our settings
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_runs_tasks_on_the_database_by_default():
    backend = "print(json.dumps(settings.TASKS['default']['BACKEND']))"
    assert production_settings(backend) == "django_tasks_db.DatabaseBackend"
    immediate = production_settings(backend, TASKS_BACKEND="immediate")
    assert immediate == "django_tasks.backends.immediate.ImmediateBackend"


def test_media_go_to_s3_when_a_bucket_is_named():
    code = "print(json.dumps([settings.STORAGES['default']['BACKEND'], settings.SERVE_MEDIA]))"
    # django-storages is an extra (pip install '.[s3]'): the settings alone are read.
    assert production_settings(code, setup=False) == [
        "django.core.files.storage.FileSystemStorage",
        True,
    ]
    assert production_settings(code, setup=False, AWS_STORAGE_BUCKET_NAME="portal-media") == [
        "storages.backends.s3.S3Storage",
        False,
    ]


# Absolute URLs (point 6) --------------------------------------------------------


def test_set_site_url_points_absolute_urls_where_the_portal_answers(client, city, settings):
    call_command("set_site_url", "http://127.0.0.1:8123", verbosity=0)
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8123)
    listing = client.get("/api/v3/cities/", HTTP_HOST="127.0.0.1:8123").json()
    assert listing["items"][0]["url"] == "http://127.0.0.1:8123/en/cities/cacheville/"

    settings.PORTAL_BASE_URL = "https://michelin-cities.example"
    call_command("set_site_url", verbosity=0)
    city.refresh_from_db()
    assert city.get_full_url() == "https://michelin-cities.example/en/cities/cacheville/"


@pytest.mark.parametrize("url", ["ftp://portal.example", "https://", "http://h:99999"])
def test_set_site_url_refuses_what_is_not_an_address(portal, url):
    with pytest.raises(CommandError, match="port|address"):
        call_command("set_site_url", url, verbosity=0)
    assert Site.objects.get(is_default_site=True).hostname == "localhost"


# /health/ -------------------------------------------------------------------------


def test_health_is_ok_and_never_cached(client, portal):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
    assert "no-store" in response["Cache-Control"]


def test_health_names_the_database_when_it_is_down():
    code = (
        "from django.test import Client; r = Client().get('/health/'); "
        "print(json.dumps([r.status_code, r.json()]))"
    )
    status, body = production_settings(
        code,
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{free_port()}/portal",
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="0",
    )
    assert status == 503
    assert body["checks"]["database"] == "down: OperationalError"
    assert body["checks"]["cache"] == "ok"


# A failed demo load (point 9) -----------------------------------------------------


def media_files():
    root = Path(django_settings.MEDIA_ROOT)
    return {path for path in root.rglob("*") if path.is_file()}


def test_an_interrupted_demo_load_leaves_no_file_behind(portal, monkeypatch):
    from network.demo import loader

    before = media_files()

    def interrupted(_loader):
        assert media_files() - before, "images and documents were written by then"
        raise KeyboardInterrupt

    monkeypatch.setattr(loader, "load_topics", interrupted)  # Ctrl-C after the files
    with pytest.raises(KeyboardInterrupt):
        call_command("load_demo_network", verbosity=0)
    assert media_files() == before


@pytest.mark.skipif(
    django_settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
    reason="db_worker in-process closes the test transaction's connection on PostgreSQL",
)
def test_the_worker_indexing_a_page_invalidates_the_cached_answers(
    client, portal, settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    from network.api.caching import generation

    settings.TASKS = DATABASE_TASKS
    with django_capture_on_commit_callbacks(execute=True):
        city = CityPageFactory(parent=portal.cityindex, title="Indexville", live=False)
        city.save_revision().publish()
    before = generation()
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()
    assert generation() != before  # answers cached before the index changed are gone
