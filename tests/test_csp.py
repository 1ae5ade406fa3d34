"""Content-Security-Policy: every response carries one, and the site, the admin (editing
and previewing a page), wagtail-localize's translation editor and the API docs all work
under it in Chromium, with no violation reported and no request to another host."""

import os
from urllib.parse import urlsplit

from django.core.management import call_command

from wagtail_localize.operations import translate_object

import pytest

from network.factories import ImageFactory, NewsPageFactory
from tests.translation_helpers import full_city_page, locale

CSP = "Content-Security-Policy"
PASSWORD = "password"


def directives(response):
    policy = {}
    for part in response[CSP].split(";"):
        name, *values = part.split()
        policy[name] = values
    return policy


@pytest.mark.django_db
def test_every_kind_of_response_carries_a_policy(client, portal, admin_client):
    urls = [
        portal.home.url,
        portal.cityindex.url,
        "/en/search/?q=tyres",
        "/en/no-such-page/",
        "/en/feeds/news/rss/",
        "/sitemap.xml",
        "/robots.txt",
        "/api/v3/cities/",
        "/api/v3/nowhere/",
        "/api/v2/pages/",
        "/api/v3/docs/",
    ]
    for url in urls:
        response = client.get(url)
        policy = directives(response)
        assert policy["default-src"] == ["'self'"], url
        assert policy["frame-ancestors"] == ["'none'"], url
        assert policy["object-src"] == ["'none'"], url
        assert "'unsafe-inline'" not in policy["script-src"], url
        assert "'unsafe-inline'" not in policy["style-src"], url
        assert "'unsafe-eval'" not in " ".join(response[CSP].split()), url
    assert directives(client.get("/admin/login/"))["default-src"] == ["'self'"]
    admin = directives(admin_client.get("/admin/"))
    # The admin's allowances, there only: inline scripts and styles (Wagtail's and
    # wagtail-localize's), and framing its own preview.
    assert admin["style-src"] == ["'self'", "'unsafe-inline'"]
    assert admin["script-src"] == ["'self'", "'unsafe-inline'"]
    assert admin["frame-ancestors"] == ["'self'"]


@pytest.mark.django_db
def test_the_api_docs_load_swagger_from_the_portal_itself(client):
    html = client.get("/api/v3/docs/").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()


# In Chromium ------------------------------------------------------------------------------

WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(
        `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`
    );
});
"""


class Watcher:
    """Records CSP violations (events in every frame, console messages) and requests
    to any other host than the portal's."""

    def __init__(self, context, base_url):
        self.host = urlsplit(base_url).netloc
        self.violations = []
        self.foreign = []
        context.add_init_script(WATCH)
        context.on("request", self.request)
        context.on("page", self.watch_page)

    def watch_page(self, page):
        page.on("console", self.console)

    def request(self, request):
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https") and parts.netloc != self.host:
            self.foreign.append(request.url)

    def console(self, message):
        if "Content Security Policy" in message.text:
            self.violations.append(message.text)

    def collect(self, page, where):
        for frame in page.frames:
            try:
                found = frame.evaluate("window.__cspViolations || []")
            except Exception:  # noqa: BLE001, S112 - a frame gone while navigating
                continue
            self.violations += [f"{where}: {violation}" for violation in found]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_site_admin_preview_translation_editor_and_api_docs_run_under_the_policy(
    live_server, browser, artifacts_dir, django_user_model
):
    call_command("setup_portal", verbosity=0)
    from tests.conftest import empty_portal

    portal = empty_portal()
    city = full_city_page(portal.cityindex)
    city.save_revision().publish()
    news = NewsPageFactory(parent=portal.newsindex, hero_image=ImageFactory())
    news.save_revision().publish()
    translate_object(city, [locale("fr")])
    french = city.get_translation(locale("fr"))
    django_user_model.objects.create_superuser("admin", "admin@example.org", PASSWORD)
    base = live_server.url

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    watcher = Watcher(context, base)
    page = context.new_page()
    watcher.watch_page(page)

    def visit(path, where, wait_for=None):
        page.goto(f"{base}{path}")
        page.wait_for_load_state("networkidle")
        if wait_for:
            page.wait_for_selector(wait_for, timeout=20000)
        watcher.collect(page, where)

    def shot(name):
        page.screenshot(path=os.path.join(artifacts_dir, f"csp-{name}.png"), full_page=True)

    # The public site: pictures, the map, search with its autocomplete.
    visit(portal.home.url, "home")
    visit(portal.cityindex.url, "city directory", ".city-map__svg")
    visit(city.url, "city page")
    visit(news.url, "news")
    visit("/en/search/?q=city", "search")
    page.fill("#site-search-q", "cit")
    page.wait_for_timeout(800)
    watcher.collect(page, "autocomplete")
    shot("site")

    # The API docs: Swagger UI from the portal's own files, listing the operations.
    visit("/api/v3/docs/", "api docs", ".opblock")
    shot("api-docs")

    # The admin: log in, edit a page, open the live preview.
    page.goto(f"{base}/admin/login/")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/")
    watcher.collect(page, "dashboard")
    visit(f"/admin/pages/{news.pk}/edit/", "editor", "#id_title")
    page.click('[data-side-panel-toggle="preview"]')
    page.wait_for_selector("iframe[data-w-preview-target='iframe']", timeout=20000)
    page.fill("#id_title", "A title changed in the editor")
    page.wait_for_timeout(2500)
    page.wait_for_load_state("networkidle")
    watcher.collect(page, "preview")
    shot("admin-preview")

    # wagtail-localize's translation editor (a React app).
    visit(f"/admin/pages/{french.pk}/edit/", "translation editor", ".js-translation-editor > *")
    shot("translation-editor")
    context.close()

    assert watcher.violations == [], "\n".join(sorted(set(watcher.violations)))
    assert watcher.foreign == [], "\n".join(sorted(set(watcher.foreign)))
