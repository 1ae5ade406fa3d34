"""The production start (issue 9, points 1, 6, 7 and 8): `make serve-prod` on a free port
with its own SQLite database, as an operator runs it. gunicorn answers pages, whitenoise
the hashed and compressed static files, the portal its media; the task worker delivers
webhooks and the scheduler publishes; absolute URLs point where the portal answers; no
page of the site or the admin asks anything of another host (Chromium); SIGTERM stops
every process of the stack.
"""

import json
import re
import shutil
import time

from django.db import connection

import pytest

from tests.stack import ProductionStack, fetch
from tests.test_webhooks import Receiver

pytestmark = [
    pytest.mark.skipif(not shutil.which("make"), reason="make is not installed"),
    # The stack has its own SQLite database whatever the suite runs on: once is enough.
    pytest.mark.skipif(
        connection.vendor != "sqlite",
        reason="the production stack runs on its own SQLite database, the same in the "
        "SQLite and the PostgreSQL runs: it is tested once, in the SQLite run",
    ),
]

ADMIN_PASSWORD = "stack-admin-password"  # noqa: S105 - a throwaway database's admin

# Run in the stack's database by `manage.py shell`: an admin, a city with a hero image,
# a webhook subscription (its URL in RECEIVER_URL) and a news item due in a few seconds.
CONTENT = """
import datetime, os
from django.utils import timezone
from network.factories import CityPageFactory, ImageFactory, NewsPageFactory, UserFactory
from network.models import CityIndexPage, NewsIndexPage
from webhooks.models import Subscription
admin = UserFactory(username="stack-admin", is_superuser=True, is_staff=True)
admin.set_password(os.environ["ADMIN_PASSWORD"]); admin.save()
Subscription.objects.create(name="Stack receiver", url=os.environ["RECEIVER_URL"])
city = CityPageFactory(parent=CityIndexPage.objects.get(locale__language_code="en"),
                       title="Stackton", slug="stackton", hero_image=ImageFactory())
city.save_revision().publish()
news = NewsPageFactory(parent=NewsIndexPage.objects.get(locale__language_code="en"),
                       title="Scheduled at the stack", slug="scheduled-at-the-stack", live=False)
news.go_live_at = timezone.now() + datetime.timedelta(seconds=3)
news.save_revision().publish()
print(city.pk, news.pk)
"""


@pytest.fixture(scope="module")
def receiver():
    running = Receiver()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def stack(tmp_path_factory, receiver):
    running = ProductionStack(tmp_path_factory.mktemp("stack"))
    try:
        running.start()
        running.manage(
            "shell", "-c", CONTENT, ADMIN_PASSWORD=ADMIN_PASSWORD, RECEIVER_URL=receiver.url
        )
        yield running
    finally:
        running.stop()


def text(body):
    return body.decode("utf-8")


def test_the_stack_serves_pages_static_files_and_images(stack):
    status, headers, body = fetch(f"{stack.url}/en/cities/stackton/")
    assert status == 200
    html = text(body)
    assert "Stackton" in html

    # Static files: collected, hashed, compressed, cached for a year.
    stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', html)
    assert stylesheet, "the page links a hashed stylesheet"
    status, headers, css = fetch(
        stack.url + stylesheet.group(1), headers={"Accept-Encoding": "gzip"}
    )
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"]

    # The hero image's rendition, from the portal's own media route.
    image = re.search(r'src="(/media/images/[^"]+)"', html)
    assert image, "the city page shows its hero image"
    status, headers, picture = fetch(stack.url + image.group(1))
    assert status == 200
    assert headers["Content-Type"] in ("image/jpeg", "image/png", "image/webp", "image/avif")
    assert len(picture) > 100

    status, _, body = fetch(f"{stack.url}/health/")
    assert status == 200
    assert json.loads(body) == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}


def test_documents_are_not_served_from_media(stack):
    assert fetch(f"{stack.url}/media/documents/anything.pdf")[0] == 404


def test_absolute_urls_point_where_the_stack_answers(stack):
    _, _, body = fetch(f"{stack.url}/api/v3/cities/?fields=*")
    (city,) = [item for item in json.loads(body)["items"] if item["title"] == "Stackton"]
    assert city["url"] == f"{stack.url}/en/cities/stackton/"
    _, _, sitemap = fetch(f"{stack.url}/sitemap.xml")
    assert f"<loc>{stack.url}/en/cities/stackton/</loc>" in text(sitemap)


def test_the_worker_delivers_and_the_scheduler_publishes(stack, receiver):
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        published = {(e["type"], e["page"]["title"]) for e in receiver.events()}
        if ("page.published", "Scheduled at the stack") in published:
            break
        time.sleep(0.5)
    # The city's publish went through the worker (production's TASKS_BACKEND=database);
    # the news item went live when the scheduler ran, and its event followed.
    assert ("page.published", "Stackton") in published
    assert ("page.published", "Scheduled at the stack") in published
    status, _, body = fetch(f"{stack.url}/en/news/scheduled-at-the-stack/")
    assert status == 200


@pytest.mark.browser
def test_no_page_of_the_site_or_the_admin_asks_another_host(stack, browser):
    outside = []
    context = browser.new_context()

    def route(request_route):
        if request_route.request.url.startswith((stack.url, "data:", "blob:")):
            request_route.continue_()
        else:
            outside.append(request_route.request.url)
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    for path in ("/en/", "/en/cities/", "/en/cities/stackton/", "/fr/", "/en/search/?q=stack"):
        page.goto(stack.url + path, wait_until="networkidle")
    page.goto(f"{stack.url}/api/v3/docs/", wait_until="networkidle")
    page.wait_for_selector(".opblock", timeout=30_000)  # Swagger UI drew the operations
    assert page.locator(".opblock").count() > 10

    page.goto(f"{stack.url}/admin/login/", wait_until="networkidle")
    page.fill("input[name=username]", "stack-admin")
    page.fill("input[name=password]", ADMIN_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{stack.url}/admin/")
    page.wait_for_load_state("networkidle")
    page.goto(f"{stack.url}/admin/pages/", wait_until="networkidle")
    page.goto(f"{stack.url}/admin/images/", wait_until="networkidle")
    context.close()
    assert outside == []


def test_the_stack_stops_cleanly_on_sigterm(stack):
    assert stack.stop(timeout=30), "some process of the stack outlived SIGTERM"
    log = stack.log()
    assert "Traceback" not in log, log[-3000:]
    assert "Shutting down: Master" in log
