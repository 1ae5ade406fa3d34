"""The leak matrix: nothing that is not live and public reaches an anonymous visitor or
API client, through any route.

Hidden (``tests/leakage.py``, built once for the module): never published, scheduled,
expired, expired before ``publish_scheduled`` ran, unpublished, live under an
unpublished page, login-, group- and password-restricted, under a restricted page, a
draft revision of a public page, a French translation draft, an image and a document
of restricted collections. Public pages of every type point at all of it from their
fields, StreamField choosers (at every depth) and rich text links.

Routes: the site's pages and listings in English and French (breadcrumbs, menus,
links and pictures included), the hidden pages' own addresses, the sitemap, search
(page, API, autocomplete), feeds and calendars, API v2 and v3 (pages, content, the
network's endpoints, images, documents) and webhook payloads. Each hidden object has
a unique token in its title, slug and file name: no response may contain one.
"""

import json
from urllib.parse import quote

from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from wagtail.models import APIToken, GroupCollectionPermission, Page

import feedparser
import icalendar
import pytest

from network.factories import UserFactory
from tests.conftest import empty_portal
from tests.leakage import (
    HIDDEN_KINDS,
    HIDDEN_VERSIONS,
    assert_no_leak,
    build_hidden_content,
    built_once,
)
from tests.test_webhooks import Receiver
from webhooks.delivery import deliver_due
from webhooks.models import Subscription

pytestmark = pytest.mark.django_db

PAGE_TYPES = [
    "network.CityPage",
    "network.ProjectPage",
    "network.NewsPage",
    "network.CallForProposalsPage",
    "network.ConferencePage",
    "network.ResourcePage",
    "network.StandardPage",
]
LANGUAGES = ["en", "fr"]


@pytest.fixture(scope="module")
def hidden(django_db_setup, django_db_blocker):
    with built_once(django_db_blocker, lambda: build_hidden_content(empty_portal())) as content:
        yield content


def in_language(url, code):
    """``/en/news/x/`` as the French visitor reaches it: ``/fr/news/x/``."""
    return f"/{code}/{url.split('/', 2)[2]}"


def get_ok(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


# The site ------------------------------------------------------------------------------


def site_urls(content):
    portal = empty_portal()
    indexes = [
        portal.home,
        portal.cityindex,
        portal.projectindex,
        portal.newsindex,
        portal.callindex,
        portal.conferenceindex,
        portal.resourceindex,
    ]
    urls = [page.url for page in [*indexes, *content.public.values()]]
    city = content.public["city"]
    urls += [
        f"{portal.cityindex.url}?continent=europe",
        f"{portal.projectindex.url}?city={city.slug}",
        f"{portal.newsindex.url}?city={city.slug}",
        f"{portal.resourceindex.url}?city={city.slug}",
    ]
    return urls


@pytest.mark.parametrize("code", LANGUAGES)
def test_no_page_or_listing_of_the_site_shows_hidden_content(client, hidden, code):
    for url in site_urls(hidden):
        response = get_ok(client, in_language(url, code))
        assert_no_leak(response, hidden)


def test_a_link_to_hidden_content_keeps_its_text_only(client, hidden):
    html = get_ok(client, hidden.public["city"].url).content.decode()
    # Rich text: each hidden link keeps its words, without an address (as in the API).
    assert html.count("<a>read more</a>") == 2 * len(HIDDEN_KINDS)
    assert "<a>download</a>" in html
    # Link lists, pictures, documents and partner cities that are hidden are left out.
    assert 'class="link-list"' in html and ">see<" not in html
    assert "Partner cities" not in html


def test_hidden_pages_are_not_served(client, hidden):
    for kind, page in hidden.hidden.items():
        for code in LANGUAGES:
            url = in_language(f"/en/{page.url_path.split('/', 2)[2]}", code)
            response = client.get(url)
            # A 404 page may repeat the address the visitor typed (its slugs).
            for slug in url.strip("/").split("/"):
                response.content = without(response, slug).encode()
            if kind in ("login", "group", "under-restricted"):
                assert response.status_code == 302, (kind, url)  # to the login form
                assert "/login/?next=" in response["Location"]
            elif kind == "password":
                assert response.status_code == 200, (kind, url)  # the password form
                assert b"password" in response.content.lower()
            else:
                assert response.status_code == 404, (kind, url, response.status_code)
            assert_no_leak(response, hidden)


def test_hidden_versions_are_never_served(client, hidden):
    """A public page with a draft revision, and its French draft, show the live page."""
    for code in LANGUAGES:
        for page in (hidden.public["standard"], hidden.public["news"]):
            response = get_ok(client, in_language(page.url, code))
            assert page.title in response.content.decode()
            assert_no_leak(response, hidden)


def test_the_sitemap_lists_no_hidden_page(client, hidden):
    response = get_ok(client, "/sitemap.xml")
    assert hidden.public["city"].slug in response.content.decode()
    assert_no_leak(response, hidden)


# Search ------------------------------------------------------------------------------


def without(response, token):
    """The response's body with the query the visitor typed taken out."""
    return response.content.decode().replace(token, "").replace(quote(token), "")


@pytest.mark.parametrize("code", LANGUAGES)
def test_searching_a_hidden_title_finds_nothing(client, hidden, code):
    """Not the hidden page, nor a public page that links to it (an oracle)."""
    tokens = hidden.tokens.values()
    for token in tokens:
        page = get_ok(client, f"/{code}/search/?q={token}")
        assert page.context["result_count"] == 0, token
        assert not page.context["other_languages"], token
        api = get_ok(client, f"/api/v3/search/?q={token}&locale={code}")
        assert api.json()["count"] == 0 and api.json()["other_languages"] == [], token
        for response in (page, api):
            assert [other for other in tokens if other in without(response, token)] == []


def test_autocomplete_suggests_nothing_hidden(client, hidden):
    for query in ("hidden", "city", "news"):
        for code in LANGUAGES:
            response = get_ok(client, f"/api/v3/search/autocomplete/?q={query}&locale={code}")
            assert_no_leak(response, hidden)
    assert get_ok(client, "/api/v3/search/autocomplete/?q=hidden").json()["items"] == []


# Feeds and calendars ---------------------------------------------------------------------


@pytest.mark.parametrize("code", LANGUAGES)
def test_feeds_and_calendars_show_nothing_hidden(client, hidden, code):
    city = hidden.public["city"].slug
    for path in ("news/rss/", "news/atom/", f"news/rss/?city={city}"):
        response = get_ok(client, f"/{code}/feeds/{path}")
        assert not feedparser.parse(response.content).bozo
        assert_no_leak(response, hidden)
    for path in ("conferences.ics", "calls.ics"):
        response = get_ok(client, f"/{code}/feeds/{path}")
        icalendar.Calendar.from_ical(response.content)
        assert_no_leak(response, hidden)
    news = get_ok(client, "/en/feeds/news/rss/").content.decode()
    assert hidden.public["news"].title in news


# The APIs --------------------------------------------------------------------------------


def api_listing_urls(content):
    city = content.public["city"].pk
    urls = [
        "/api/v3/content/?fields=*&limit=100",
        *(f"/api/v3/content/?type={label}&fields=*&limit=100" for label in PAGE_TYPES),
        f"/api/v3/content/?descendant_of={city}&fields=*",
        f"/api/v3/content/?child_of={city}&fields=*",
        "/api/v3/content/?locale=fr&fields=*&limit=100",
        "/api/v3/cities/?fields=*&limit=100",
        "/api/v3/cities/geojson/",
        "/api/v3/projects/?fields=*",
        "/api/v3/news/?fields=*",
        "/api/v3/news/?locale=fr&fields=*",
        "/api/v3/calls/?fields=*",
        "/api/v3/calls/?status=open&fields=*",
        "/api/v3/conferences/?fields=*",
        "/api/v3/resources/?fields=*",
        "/api/v3/pages/?limit=100",
        "/api/v3/pages/?locale=fr&limit=100",
        *(f"/api/v3/pages/?type={label}&limit=100" for label in PAGE_TYPES),
        f"/api/v3/pages/?descendant_of={city}",
        "/api/v3/pages/?search=hidden",
        "/api/v3/images/?limit=100",
        "/api/v3/documents/?limit=100",
        "/api/v2/pages/?fields=*&limit=100",
        *(f"/api/v2/pages/?type={label}&fields=*&limit=100" for label in PAGE_TYPES),
        f"/api/v2/pages/?descendant_of={city}&fields=*",
        "/api/v2/pages/?search=hidden",
        "/api/v2/images/?limit=100",
        "/api/v2/documents/?limit=100",
    ]
    for page in content.public.values():
        urls += [
            f"/api/v3/content/{page.pk}/",
            f"/api/v3/pages/{page.pk}/",
            f"/api/v2/pages/{page.pk}/",
            f"/api/v3/content/find/?path={page.url}",
        ]
    return urls


def api_hidden_urls(content):
    urls = [
        f"/api/v3/images/{content.image.pk}/",
        f"/api/v3/documents/{content.document.pk}/",
        f"/api/v2/images/{content.image.pk}/",
        f"/api/v2/documents/{content.document.pk}/",
        f"/api/v3/content/{content.versions['translation-draft'].pk}/",
        f"/api/v3/pages/{content.versions['translation-draft'].pk}/",
        f"/api/v2/pages/{content.versions['translation-draft'].pk}/",
    ]
    for page in content.hidden.values():
        path = page.url_path.split("/", 2)[2]
        urls += [
            f"/api/v3/content/{page.pk}/",
            f"/api/v3/content/find/?path=/en/{path}",
            f"/api/v3/content/?child_of={page.pk}",
            f"/api/v3/content/?descendant_of={page.pk}",
            f"/api/v3/pages/{page.pk}/",
            f"/api/v3/pages/find/?html_path=/{path}",
            f"/api/v3/pages/?child_of={page.pk}",
            f"/api/v3/pages/?ancestor_of={page.pk}",
            f"/api/v2/pages/{page.pk}/",
            f"/api/v2/pages/find/?html_path=/{path}",
            f"/api/v2/pages/?child_of={page.pk}",
            f"/api/v3/projects/?city={page.pk}",
        ]
    return urls


def test_the_hidden_content_is_really_hidden(hidden):
    assert set(hidden.hidden) == set(HIDDEN_KINDS)
    assert set(hidden.versions) == set(HIDDEN_VERSIONS)
    for kind in ("draft", "scheduled", "expired", "unpublished"):
        hidden.hidden[kind].refresh_from_db()
        assert not hidden.hidden[kind].live, kind
    for kind in ("expiring", "under-unpublished", "login", "password", "group"):
        page = Page.objects.get(pk=hidden.hidden[kind].pk)
        assert page.live, kind  # hidden by its date, its parent or its restriction
    assert Page.objects.get(pk=hidden.hidden["expiring"].pk).expire_at < timezone.now()


@pytest.mark.parametrize("logged_in", [False, True], ids=["anonymous", "with-admin-session"])
def test_no_api_route_lists_or_links_hidden_content(client, hidden, admin_user, logged_in):
    if logged_in:
        # A session cookie must not unlock anything: the API ignores sessions.
        client.force_login(admin_user)
    for url in api_listing_urls(hidden):
        response = client.get(url)
        assert response.status_code == 200, (url, response.content[:300])
        assert_no_leak(response, hidden)


def test_hidden_content_is_not_found_by_id_path_or_as_parent(client, hidden):
    for url in api_hidden_urls(hidden):
        response = client.get(url)
        assert response.status_code in (400, 404), (url, response.status_code)
        if url.startswith("/api/v3/"):
            assert response["Content-Type"] == "application/problem+json", url
        assert_no_leak(response, hidden)


def test_public_pages_still_show_their_visible_parts(client, hidden):
    """The hidden links are dropped, not the page: its own content is all there."""
    city = hidden.public["city"]
    data = client.get(f"/api/v3/content/{city.pk}/").json()
    assert data["title"] == city.title
    assert data["hero_image"] is None
    assert data["partner_cities"] == []
    blocks = {block["type"]: block["value"] for block in data["body"]}
    # Hidden targets are left out, not null: a null would tell how many are hidden.
    assert "image" not in blocks
    assert blocks["links"] == []
    assert blocks["documents"] == []
    assert [block["type"] for block in blocks["section"]["content"]] == ["paragraph"]
    assert "<a>read more</a>" in blocks["paragraph"]
    for url in (f"/api/v3/pages/{city.pk}/", f"/api/v2/pages/{city.pk}/"):
        body = {block["type"]: block["value"] for block in client.get(url).json()["body"]}
        assert body["links"] == [] and "image" not in body, url


def test_a_token_without_permissions_reads_no_restricted_image_or_document(client, hidden):
    _token, key = APIToken.create_token(user=UserFactory(), name="no permissions")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    for kind, obj in (("images", hidden.image), ("documents", hidden.document)):
        response = client.get(f"/api/v3/{kind}/{obj.pk}/", **auth)
        assert response.status_code == 404, kind
        listing = client.get(f"/api/v3/{kind}/?limit=100", **auth)
        assert listing.status_code == 200
        assert_no_leak(listing, hidden)


def test_a_token_of_an_image_editor_reads_the_images_they_edit(client, hidden):
    editors = Group.objects.create(name="Image editors")
    GroupCollectionPermission.objects.create(
        group=editors,
        collection=hidden.image.collection,
        permission=Permission.objects.get(codename="change_image"),
    )
    editor = UserFactory(groups=[editors])
    _token, key = APIToken.create_token(user=editor, name="images")
    response = client.get(f"/api/v3/images/{hidden.image.pk}/", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    assert response.json()["title"] == hidden.image.title


# Webhooks --------------------------------------------------------------------------------


def test_webhooks_tell_nothing_of_hidden_pages(hidden):
    receiver = Receiver()
    try:
        Subscription.objects.create(name="City website", url=receiver.url)
        # Changes of pages the public cannot see: no event may name them. (A page
        # unpublished once expired was public until then: its event is not a leak.)
        for kind in ("expiring", "under-unpublished", "login", "password", "group"):
            page = Page.objects.get(pk=hidden.hidden[kind].pk).specific
            page.save_revision().publish()
            if kind != "expiring":
                page.unpublish()
        hidden.public["call"].save_revision().publish()  # a public page: it is sent
        deliver_due()
        bodies = [json.dumps(event) for event in receiver.events()]
    finally:
        receiver.stop()
    assert [event["page"]["id"] for event in map(json.loads, bodies)] == [hidden.public["call"].pk]
    assert [token for token in hidden.tokens.values() if any(token in b for b in bodies)] == []
