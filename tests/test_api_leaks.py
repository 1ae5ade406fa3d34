"""Leak matrix: nothing hidden reaches an anonymous API client, through any route.

Hidden: draft, scheduled, expired, unpublished, login-, group- and
password-restricted pages (and a page under a restricted one), an image and a
document in restricted collections; see ``tests/leakage.py``. Every public page
points at all of them from its fields, StreamField choosers (at every depth) and
rich text links.
"""

import pytest

from tests.leakage import HIDDEN_KINDS, assert_no_leak, build_hidden_content

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


@pytest.fixture
def hidden(portal):
    return build_hidden_content(portal)


def listing_urls(content):
    urls = [
        "/api/v3/content/?fields=*&limit=100",
        *(f"/api/v3/content/?type={label}&fields=*&limit=100" for label in PAGE_TYPES),
        f"/api/v3/content/?descendant_of={content.public['city'].pk}&fields=*",
        f"/api/v3/content/?child_of={content.public['city'].pk}&fields=*",
        "/api/v3/cities/?fields=*&limit=100",
        "/api/v3/cities/geojson/",
        "/api/v3/projects/?fields=*",
        "/api/v3/news/?fields=*",
        "/api/v3/calls/?fields=*",
        "/api/v3/calls/?status=open&fields=*",
        "/api/v3/conferences/?fields=*",
        "/api/v3/resources/?fields=*",
        "/api/v3/pages/?limit=100",
        *(f"/api/v3/pages/?type={label}&limit=100" for label in PAGE_TYPES),
        f"/api/v3/pages/?descendant_of={content.public['city'].pk}",
        "/api/v3/pages/?search=hidden",
        "/api/v3/images/?limit=100",
        "/api/v3/documents/?limit=100",
        "/api/v2/pages/?fields=*&limit=100",
        *(f"/api/v2/pages/?type={label}&fields=*&limit=100" for label in PAGE_TYPES),
        f"/api/v2/pages/?descendant_of={content.public['city'].pk}&fields=*",
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


def hidden_urls(content):
    urls = [
        f"/api/v3/images/{content.image.pk}/",
        f"/api/v3/documents/{content.document.pk}/",
        f"/api/v2/images/{content.image.pk}/",
        f"/api/v2/documents/{content.document.pk}/",
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
            f"/api/v2/pages/{page.pk}/",
            f"/api/v2/pages/find/?html_path=/{path}",
            f"/api/v2/pages/?child_of={page.pk}",
            f"/api/v3/projects/?city={page.pk}",
        ]
    return urls


def test_the_hidden_content_is_really_hidden(hidden):
    assert set(hidden.hidden) == set(HIDDEN_KINDS)
    for kind in ("draft", "scheduled", "expired", "unpublished"):
        hidden.hidden[kind].refresh_from_db()
        assert not hidden.hidden[kind].live, kind
    assert hidden.hidden["expired"].expired


@pytest.mark.parametrize("logged_in", [False, True], ids=["anonymous", "with-admin-session"])
def test_no_route_lists_or_links_hidden_content(client, hidden, admin_user, logged_in):
    if logged_in:
        # A session cookie must not unlock anything: the API ignores sessions.
        client.force_login(admin_user)
    for url in listing_urls(hidden):
        response = client.get(url)
        assert response.status_code == 200, (url, response.content[:300])
        assert_no_leak(response, hidden)


def test_hidden_content_is_not_found_by_id_path_or_as_parent(client, hidden):
    for url in hidden_urls(hidden):
        response = client.get(url)
        assert response.status_code in (400, 404), (url, response.status_code)
        assert_no_leak(response, hidden)


def test_public_pages_still_show_their_visible_parts(client, hidden):
    """The hidden links are dropped, not the page: its own content is all there."""
    city = hidden.public["city"]
    data = client.get(f"/api/v3/content/{city.pk}/").json()
    assert data["title"] == city.title
    assert data["hero_image"] is None
    assert data["partner_cities"] == []
    blocks = {block["type"]: block["value"] for block in data["body"]}
    assert blocks["image"] is None
    assert blocks["links"] == [None] * len(hidden.hidden)
    assert blocks["documents"] == [None]
    assert "read more" in blocks["paragraph"] and "<a>read more</a>" in blocks["paragraph"]
