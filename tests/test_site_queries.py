"""Query counts of the public site: a page costs the same with 10 cities as with 50.

Each page is requested once to warm the caches a running site has warm (content types,
site root paths, renditions), then counted uncached (a new content generation, as after
a publish: the anonymous page cache then renders it again). The counts are pinned: a
change that adds a query shows here, and a loop that queries (an N+1) makes the 50
differ from the 10.
"""

import datetime

from django.utils import timezone

import pytest

from network.api.caching import bump_generation
from network.factories import CallForProposalsPageFactory, ConferencePageFactory
from tests.site_content import build_network

# The most queries a listing, the home page or a city page may cost (issue 9: 15).
# Issue 16 asks 12 of every page, detail pages included: not reached yet (see
# docs/README-site.md, "Query counts").
MAX_QUERIES = 15

# Queries per page. Every Wagtail page pays 6 before its own: the site, the home page,
# the page (found by its url_path, then fetched specific), the alias check and the
# view-restriction check (the active locale's row is kept by the process:
# network.i18n.locales); the chrome (menu, breadcrumb, translations) costs one query.
# What the public may see is checked in SQL within each listing's query
# (network.visibility); a page's link card reads its picture with the renditions of
# its hero banner (network.reach.social.page_image): one query where the page was read
# with its hero image; a listing showing pictures reads the restricted collections once.
EXPECTED = {
    "home": 13,
    "city directory": 9,
    "city page": 14,
    "project index": 14,
    "news index": 14,
    "call index": 8,
    "conference index": 10,
    "resource index": 13,
}
# Detail pages whose body holds a block of every type (each chooser block type adds
# its query: images, documents, pages, people), as measured with 3 cities; not yet
# pinned by a test (issue 16 asks it: their 10 vs 50 run was not seen to pass).
DETAIL_EXPECTED = {
    "project page": 26,
    "news page": 15,
    "call page": 15,
    "conference page": 16,
}


def scaled_network(portal, size):
    """``size`` cities and ``size`` items of every kind in every listing."""
    network = build_network(portal, cities=size, items=size)
    now = timezone.now()
    for _ in range(size - 3):
        CallForProposalsPageFactory(
            parent=portal.callindex, opens_at=now - datetime.timedelta(days=400)
        )
    for _ in range(size - 2):
        ConferencePageFactory(parent=portal.conferenceindex, host_city=network.cities[1])
    # A city page as the demo has them: text blocks in the body (each block type that
    # chooses an image, a document, a page or a person adds one query per type).
    city = network.first_city
    city.body = [
        {"type": "heading", "value": city.title},
        {"type": "paragraph", "value": f"<p>{city.summary}</p>"},
        {"type": "quote", "value": {"quote": city.summary, "attribution": city.title}},
    ]
    city.save()
    return network


def pages(portal, network):
    return {
        "home": portal.home.url,
        "city directory": portal.cityindex.url,
        "city page": network.first_city.url,
        "project index": portal.projectindex.url,
        "news index": portal.newsindex.url,
        "call index": portal.callindex.url,
        "conference index": portal.conferenceindex.url,
        "resource index": portal.resourceindex.url,
    }


def test_the_pinned_counts_are_within_the_limit():
    assert max(EXPECTED.values()) <= MAX_QUERIES


@pytest.mark.django_db
@pytest.mark.parametrize("size", [10, 50])
def test_query_counts_do_not_grow_with_the_network(
    client, portal, django_assert_num_queries, size
):
    network = scaled_network(portal, size)
    for name, url in pages(portal, network).items():
        assert client.get(url).status_code == 200, name  # warm the caches
        bump_generation()
        with django_assert_num_queries(EXPECTED[name], info=f"{name} with {size} cities"):
            response = client.get(url)
        assert response.status_code == 200
    # The listings really show what they count: 50 cities means 50 markers.
    directory = client.get(portal.cityindex.url).content.decode()
    assert directory.count('class="city-map__marker ') == size


@pytest.mark.django_db
def test_a_filtered_directory_costs_the_same(client, portal, django_assert_num_queries):
    network = build_network(portal, cities=12, country="FR")
    url = portal.cityindex.url
    client.get(url)
    for query in ({"country": "FR"}, {"continent": "europe", "site": "research"}, {"x": "1"}):
        bump_generation()
        with django_assert_num_queries(EXPECTED["city directory"]):
            response = client.get(url, query)
        assert network.first_city.title in response.content.decode()
    query = {"city": network.first_city.slug, "page": "2"}
    client.get(portal.projectindex.url, query)
    bump_generation()
    with django_assert_num_queries(EXPECTED["project index"]):
        client.get(portal.projectindex.url, query)
